"""``wbl-tui answers new SET``: an answers file a person fills in with an editor."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui.errors import AlreadyExists, BadInput, Problem

if TYPE_CHECKING:
    from wbl_tui.paths import Settings


def add_answers_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the ``answers`` command to the command line."""
    a = sub.add_parser(
        "answers", parents=[common], help="answers files for people to fill in with an editor"
    )
    actions = a.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser(
        "new",
        parents=[common],
        help="an answers file for SET, every question explained in comments",
        description="Write an answers file for SET (a set id or a path to its YAML file): "
        "every question in order, with its prompt, help, options and limits as comments "
        "and its default as the value. Fill it in, then 'wbl-tui render FILE'.",
    )
    new.add_argument("set", metavar="SET")
    new.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it here")
    new.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run_answers(args: argparse.Namespace, settings: Settings) -> int:
    """Write (or print) the answers file for the set named."""
    from wbl_tui.engine.answers_template import answers_template
    from wbl_tui.engine.library import Library

    library = Library(settings)
    text = answers_template(library.find_set(args.set), library.catalogue)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from wbl_tui.engine.save import write_atomic

    try:
        write_atomic(args.output, text, overwrite=args.force)
    except AlreadyExists as exc:
        raise BadInput(
            Problem(str(exc.path), "already exists; use --force to replace it")
        ) from None
    print(f"wrote {args.output}; fill it in, then: wbl-tui render {args.output}", file=sys.stderr)
    return 0
