"""The ``wbl-tui`` command: the TUI by default, and headless render and question-set tools."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui import __version__, streams
from wbl_tui.cli_answers import add_answers_parser, run_answers
from wbl_tui.cli_tally import add_tally_parser, run_tally
from wbl_tui.errors import AlreadyExists, BadInput, MissingFolder, Problem, WblError
from wbl_tui.textsafe import one_line, plain

if TYPE_CHECKING:
    from wbl_tui.engine.library import Library
    from wbl_tui.model.questions import QuestionSet
    from wbl_tui.paths import Settings


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exit code 2 on bad arguments, as argparse does)."""
    p = argparse.ArgumentParser(
        prog="wbl-tui",
        description="Plan work-based learning for your course: a continuum self-assessment, "
        "a lesson-plan wizard and plans saved as Markdown.",
    )
    p.add_argument("--version", action="version", version=f"wbl-tui {__version__}")
    _search_options(p, default=[])
    # The same options after the command (``wbl-tui plan --questions SET``); SUPPRESS keeps
    # values given before the command when none are given after it.
    common = argparse.ArgumentParser(add_help=False)
    _search_options(common, default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("assess", parents=[common], help="start the continuum self-assessment")
    sub.add_parser("plan", parents=[common], help="start the lesson-plan wizard")
    o = sub.add_parser("open", parents=[common], help="resume a draft or re-open a saved plan")
    o.add_argument("file", type=Path, metavar="FILE")
    r = sub.add_parser("render", parents=[common], help="answers file(s) -> plan file(s), headless")
    r.add_argument("answers", nargs="+", type=Path, metavar="ANSWERS")
    dest = r.add_mutually_exclusive_group()
    dest.add_argument("-o", "--output", type=Path, metavar="OUT", help="write the one plan here")
    dest.add_argument(
        "--out-dir", type=Path, metavar="DIR", help="write NAME.md for each NAME.answers.yaml here"
    )
    r.add_argument("--template", metavar="NAME", help="template name (default: the set's)")
    r.add_argument(
        "--format",
        choices=("md", "html", "docx"),  # engine.formats.OUTPUT_FORMATS, not imported at start
        help="md (default; or from -o's extension), html (a fragment for an LMS page) "
        "or docx (Word)",
    )
    r.add_argument(
        "--standalone", action="store_true", help="with --format html: a whole page, not a fragment"
    )
    r.add_argument("--force", action="store_true", help="replace existing output files")
    r.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes to render many files in (default: one per CPU; 1: this one only)",
    )
    q = sub.add_parser(
        "questions", parents=[common], help="list, validate and describe question sets"
    )
    qs = q.add_subparsers(dest="action", metavar="ACTION", required=True)
    qs.add_parser(
        "list", parents=[common], help="installed sets: id, version, kind, title, where from"
    )
    v = qs.add_parser(
        "validate", parents=[common], help="lint sets, catalogues, answers files and templates"
    )
    v.add_argument("files", nargs="+", type=Path, metavar="FILE")
    qs.add_parser("schema", parents=[common], help="JSON Schema of the question-set format")
    add_tally_parser(sub, common)
    add_answers_parser(sub, common)
    return p


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return value


def _search_options(p: argparse.ArgumentParser, default: object) -> None:
    p.add_argument(
        "--questions",
        action="append",
        default=default,
        metavar="DIR|SET",
        help="a folder of question sets (or a root holding questions/ and templates/) to "
        "search first; for assess/plan, a set id or file",
    )
    p.add_argument(
        "--templates",
        action="append",
        default=default,
        metavar="DIR",
        help="a folder of templates to search first",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 runtime failure, 2 bad input)."""
    try:
        with streams.guarded():
            return _dispatch(build_parser().parse_args(argv))
    except WblError as exc:
        if not getattr(exc, "quiet", False):
            streams.say(plain(str(exc)))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _split_questions(values: list[str]) -> tuple[list[Path], str | None]:
    """``--questions`` values: folders join the search path; a file or id names the set."""
    from wbl_tui.paths import questions_root

    dirs = [Path(v) for v in values if Path(v).is_dir()]
    for folder in dirs:  # else the built-in sets would be used, and no one told
        if questions_root(folder) is None:
            raise BadInput(
                Problem(
                    str(folder), "no question sets here (.yaml files), and no questions/ folder"
                )
            )
    sets = [v for v in values if not Path(v).is_dir()]
    if len(sets) > 1:
        raise BadInput("name one question set with --questions, not several")
    return dirs, (sets[0] if sets else None)


def _dispatch(args: argparse.Namespace) -> int:
    from wbl_tui.paths import make_settings

    dirs, set_ref = _split_questions(args.questions)
    settings = make_settings(dirs, [Path(t) for t in args.templates])
    command = args.command
    if command in ("render", "questions", "tally", "answers"):
        from wbl_tui.memory_wall import memory_wall

        with memory_wall():  # not for the TUI: a MemoryError must not end the app
            return _headless(args, settings)
    from wbl_tui.warmup import collector_paused

    with collector_paused():  # while the first screen is prepared
        return _start_tui(args, settings, set_ref)


def _headless(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command
    if command == "render":
        return _render(args, settings)
    if command == "questions":
        return _questions(args, settings)
    if command == "tally":
        return run_tally(args, settings)
    return run_answers(args, settings)


def _start_tui(args: argparse.Namespace, settings: Settings, set_ref: str | None) -> int:
    from wbl_tui.engine.library import Library

    command = args.command
    library = Library(settings)
    if command in ("assess", "plan"):
        qset = (
            library.find_set(set_ref, command if command == "plan" else "assessment")
            if set_ref
            else None
        )
        return _run_tui(settings, library, start=command, qset=qset)
    if command == "open":
        from wbl_tui.engine.document import read_document
        from wbl_tui.engine.outputs import answers_beside

        # Checked before the screens take the terminal: a file that cannot be opened is
        # one line and exit 2, like every other command (the app then opens it for real).
        beside = answers_beside(args.file)  # any file of a save opens its answers
        read_document(beside if beside.is_file() else args.file, library, strict=False)
        return _run_tui(settings, library, start="open", document_path=args.file)
    return _run_tui(settings, library, start="home")


def _run_tui(
    settings: Settings,
    library: Library,
    start: str,
    qset: QuestionSet | None = None,
    document_path: Path | None = None,
) -> int:
    # Without a terminal (input from a file or /dev/null, output to a pipe) the screens
    # cannot be drawn or answered, and Textual would spin on the closed input forever.
    if not (streams.is_terminal(sys.stdin) and streams.is_terminal(sys.stdout)):
        raise BadInput(
            "the question screens need a terminal; run wbl-tui in one, "
            "or use 'wbl-tui render' to turn answers files into plans without it"
        )
    from wbl_tui.app import run

    return run(settings, library, start=start, qset=qset, document_path=document_path)


def _render(args: argparse.Namespace, settings: Settings) -> int:
    from wbl_tui.engine.batch import default_jobs, render_files
    from wbl_tui.engine.formats import OUTPUT_SUFFIXES, finish, format_for, template_format
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.outputs import batch_name, rendered_outputs
    from wbl_tui.engine.render import Renderer
    from wbl_tui.paths import fixed_today

    files: list[Path] = args.answers
    if len(files) > 1 and args.out_dir is None:
        raise BadInput(
            "several answers files need --out-dir DIR (each NAME.answers.yaml becomes NAME.md)"
        )
    batch_format = args.format or "md"  # what --out-dir writes (-o may name another)
    if args.out_dir is not None:
        _check_distinct_outputs(files, args.out_dir, batch_format)
    for path in files:  # --force must not turn an answers file into its own plan
        target = args.output or (args.out_dir and args.out_dir / batch_name(path, batch_format))
        if target is not None and _same_file(path, target):
            raise BadInput(Problem(str(path), "is also the output; name another output file"))
    fmt = format_for(args.output, args.format, OUTPUT_SUFFIXES, "md")
    _check_format_options(args, fmt)
    library = Library(settings)
    template_dirs: tuple[Path, ...] = ()
    template = args.template
    if (
        template and Path(template).is_file()
    ):  # a template file given by path: its folder is its root
        template_dirs, template = (Path(template).resolve().parent,), Path(template).name
    renderer = Renderer(library, fixed_today(), template_dirs)
    problems: list[Problem] = []
    outputs: list[tuple[Path, str | bytes]] = []
    jobs = args.jobs or default_jobs()
    rendered = render_files(renderer, files, template, template_format(fmt), jobs)
    for path, (text, found) in zip(files, rendered, strict=True):
        if text is None:
            problems += found
            continue
        data = finish(text, fmt, standalone=args.standalone)
        if args.out_dir is None and args.output is None:
            if isinstance(data, str):
                sys.stdout.write(data)
        else:
            outputs.append((path, data))
    if problems:
        raise BadInput(problems)
    if outputs:
        plan = rendered_outputs(outputs, fmt, out_dir=args.out_dir, output=args.output)
        try:
            written = plan.write(replace=args.force, make_folder=args.out_dir is not None)
        except MissingFolder as exc:
            raise BadInput(f"{exc.path}: no such folder") from None
        except AlreadyExists as exc:
            raise BadInput(
                Problem(str(exc.path), "already exists; use --force to replace it")
            ) from None
        print(f"wrote {len(written)} file{'s' if len(written) != 1 else ''}", file=sys.stderr)
    return 0


def _check_format_options(args: argparse.Namespace, fmt: str) -> None:
    """Options that only fit some formats, refused before anything is rendered."""
    from wbl_tui.engine.formats import check_standalone

    check_standalone(fmt, args.standalone)
    if fmt == "docx" and args.output is None and args.out_dir is None:
        raise BadInput("a Word document needs -o FILE.docx or --out-dir DIR")


def _check_distinct_outputs(files: list[Path], out_dir: Path, fmt: str) -> None:
    """Two inputs that would write one output name are a bad input, before anything runs.

    (One file named twice is one input: it renders to the same text both times.)
    """
    from wbl_tui.engine.outputs import batch_name

    first: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in files:
        name = batch_name(path, fmt)
        if name in first:
            other = first[name]
            if path.absolute() == other.absolute():
                continue
            problems.append(
                Problem(str(path), f"and {other} would both be written to {out_dir / name}")
            )
        else:
            first[name] = path
    if problems:
        raise BadInput(problems)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _questions(args: argparse.Namespace, settings: Settings) -> int:
    from wbl_tui.engine.library import Library

    if args.action == "schema":
        from wbl_tui.engine.schema import question_set_schema

        print(json.dumps(question_set_schema(), indent=2))
        return 0
    streams.for_people()
    library = Library(settings)
    if args.action == "list":
        sets = library.sets()
        rows = [("ID", "VERSION", "KIND", "TITLE", "FROM")]
        rows += [
            (
                i.qset.id,
                i.qset.version,
                i.qset.kind,
                one_line(i.qset.title, 70),
                f"{i.origin}: {i.qset.source}",
            )
            for i in sets
        ]
        widths = [max(len(r[c]) for r in rows) for c in range(4)]
        for row in rows:
            print(
                "  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row[:4])) + "  " + row[4]
            )
        print(f"{len(library.catalogue)} disciplines in the catalogue", file=sys.stderr)
        for problem in library.problems:
            print(plain(f"skipped: {problem}"), file=sys.stderr)
        return 0
    from wbl_tui.engine.lint import lint_file

    bad = 0
    for path in args.files:
        problems, summary = lint_file(path, library)
        if problems:
            bad += 1
            for problem in problems:
                print(plain(str(problem)))
        else:
            print(f"{path}: ok ({summary})")
    return 2 if bad else 0
