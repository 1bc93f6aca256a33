"""The output formats of ``render`` past the template: Markdown, HTML and Word.

Each is a function of the rendered text (HTML as a fragment or a whole page), so a save
dialog's output plan can call the same ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from wbl_tui.errors import BadInput, Problem

if TYPE_CHECKING:
    from wbl_tui.engine.render import Format

OutputFormat = Literal["md", "html", "docx"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("md", "html", "docx")
# What an output file's extension says it holds (``render -o``).
OUTPUT_SUFFIXES: dict[str, OutputFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}
# Extensions that say only "text": the command's default format is written there.
PLAIN_SUFFIXES = ("", ".txt")
F = TypeVar("F", bound=str)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def format_for(output: Path | None, given: F | None, suffixes: Mapping[str, F], default: F) -> F:
    """The format to write: ``--format`` (``given``), else what ``output``'s extension says.

    Bad input, before anything is done, when the extension names another format than
    ``given``, or names none (and is not plain text) while no format is given: a Word
    file of Markdown text or a spreadsheet of a text table helps nobody.
    """
    if output is None:
        return given or default
    suffix = output.suffix.lower()
    named = suffixes.get(suffix)
    if given is not None and named is not None and given != named:
        raise BadInput(
            Problem(
                str(output),
                f"a '{suffix}' file is for --format {named}, not {given}: "
                "rename the file or leave --format out",
            )
        )
    if given is not None:
        return given
    if named is not None:
        return named
    if suffix in PLAIN_SUFFIXES:
        return default
    known = ", ".join([*dict.fromkeys(suffixes), ".txt"])
    raise BadInput(
        Problem(
            str(output),
            f"cannot tell which format to write from '{suffix}': "
            f"name the file with one of {known}, or give --format",
        )
    )


def check_standalone(fmt: str, standalone: bool) -> None:
    """``--standalone`` makes a whole HTML page: refused with any other format."""
    if standalone and fmt != "html":
        raise BadInput("--standalone goes with --format html (a whole HTML page)")


def template_format(fmt: OutputFormat) -> Format:
    """What the template renders for ``fmt``: a Word document is made from the Markdown."""
    return "md" if fmt == "docx" else fmt


def finish(text: str, fmt: OutputFormat, *, standalone: bool = False) -> str | bytes:
    """The file's content: the text as it is, a whole HTML page, or a .docx's bytes."""
    if fmt == "docx":
        from wbl_tui.engine.docx import markdown_to_docx

        return markdown_to_docx(text)
    if fmt == "html" and standalone:
        return standalone_html(text)
    return text


def standalone_html(fragment: str, title: str | None = None) -> str:
    """A whole HTML page around a fragment: opens correctly from disk (UTF-8 declared).

    The title is ``title``, else the fragment's first ``<h1>``.
    """
    if title is None:
        found = _H1.search(fragment)
        title = " ".join(unescape(_TAG.sub("", found.group(1))).split()) if found else "Plan"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}</style>\n"
        f"</head>\n<body>\n{fragment.rstrip()}\n</body>\n</html>\n"
    )
