"""``wbl-tui tally``: count the WBL opportunities a folder of plans gives, for a coordinator."""

from __future__ import annotations

import argparse
import sys
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from wbl_tui.errors import AlreadyExists, BadInput, Problem

if TYPE_CHECKING:
    from wbl_tui.engine.tally_report import Format
    from wbl_tui.paths import Settings

# engine.tally_report.FORMATS, written out so that starting the program does not load it
FORMATS = ("table", "md", "csv", "json", "html")


def add_tally_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``tally`` command to the command line."""
    t = sub.add_parser(
        "tally",
        parents=[common],
        help="count WBL opportunities across many plans' answers files",
        description="Count the WBL opportunities that plans give. PATH is an answers file "
        "or a folder searched for *.answers.yaml. Exit 2 when a file was skipped (the "
        "report for the rest is still printed).",
    )
    t.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    t.add_argument(
        "--by",
        type=_field_list,
        default=(),
        metavar="FIELD[,FIELD...]",
        help="one row per combination of these tally fields (e.g. stage,discipline)",
    )
    t.add_argument(
        "--format",
        choices=FORMATS,
        help="table (default; or from -o's extension: .md, .csv, .json, .html, .txt), md, "
        "csv, json or html",
    )
    t.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the report here")
    t.add_argument(
        "--standalone",
        action="store_true",
        help="with --format html: a whole page that opens from disk, not a fragment",
    )
    t.add_argument("--per-plan", action="store_true", help="one row per plan instead of groups")
    t.add_argument("--force", action="store_true", help="replace OUT if it exists")
    t.add_argument("--jobs", type=_positive, metavar="N", help="processes to read files in")


def _field_list(text: str) -> tuple[str, ...]:
    """The fields named, each once (``stage,stage`` is one column)."""
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    if not names:
        raise argparse.ArgumentTypeError("name at least one field, like --by stage,discipline")
    return names


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


def run_tally(args: argparse.Namespace, settings: Settings) -> int:
    """Count, print or write the report; exit 2 when any file was skipped."""
    from wbl_tui.engine.batch import default_jobs
    from wbl_tui.engine.formats import check_standalone, format_for, standalone_html
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.pool import map_files
    from wbl_tui.engine.tally import (
        Counted,
        count_file,
        file_name,
        find_answers_files,
        skipped_line,
        summarise,
    )
    from wbl_tui.engine.tally_report import SUFFIXES, TITLE, format_report

    fmt: Format = format_for(args.output, args.format, SUFFIXES, "table")
    check_standalone(fmt, args.standalone)
    missing = [
        Counted(file_name(p), "skipped", problem=Problem(file_name(p), "no such file or folder"))
        for p in args.paths
        if not p.exists()
    ]
    files = find_answers_files(p for p in args.paths if p.exists())
    library = Library(settings)
    bar = ProgressBar(len(files), sys.stderr) if sys.stderr.isatty() else None
    try:
        counted = map_files(partial(count_file, library), files, args.jobs or default_jobs(), bar)
    finally:
        if bar is not None:
            bar.close()
    report = summarise([*missing, *counted], args.by)
    for skipped in report.skipped:
        print(f"skipped: {skipped_line(skipped)}", file=sys.stderr)
    if not files and not missing:
        where = ", ".join(file_name(p) for p in args.paths)
        print(f"no *.answers.yaml files in {where}", file=sys.stderr)
    text = format_report(report, fmt, args.per_plan)
    if args.standalone:
        text = standalone_html(text, TITLE)
    if args.output is None:
        sys.stdout.write(text)
    else:
        from wbl_tui.engine.save import write_all

        try:
            write_all({args.output: text}, overwrite=args.force)
        except AlreadyExists as exc:
            raise BadInput(
                Problem(str(exc.path), "already exists; use --force to replace it")
            ) from None
        print(f"wrote {args.output}", file=sys.stderr)
    return 2 if report.skipped else 0


class ProgressBar:
    """A one-line progress bar on a terminal, shown only once counting takes a moment."""

    DELAY = 0.5  # seconds before the bar appears: quick runs print nothing extra
    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.start = time.monotonic()
        self.shown = False
        self.last = 0.0

    def __call__(self, done: int) -> None:
        """Note that ``done`` files are finished; redraw at most ten times a second."""
        now = time.monotonic()
        if now - self.start < self.DELAY or (now - self.last < 0.1 and done < self.total):
            return
        self.last = now
        self.shown = True
        filled = self.WIDTH * done // max(1, self.total)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\rcounting {bar} {done:,}/{self.total:,} files")
        self.stream.flush()

    def close(self) -> None:
        """Clear the bar's line, if it was drawn."""
        if self.shown:
            self.stream.write("\r\033[2K")
            self.stream.flush()
