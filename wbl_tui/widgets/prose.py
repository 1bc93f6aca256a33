"""Help and introductions from a question set, shown as the Markdown their authors wrote."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rich.text import Text

from wbl_tui.textsafe import plain

if TYPE_CHECKING:
    from rich.console import RenderableType

# Anything Markdown could read as more than words: emphasis, code, links, HTML and
# entities, headings, quotes, lists, rules, tables, indented code, escapes.
_MARKUP = re.compile(
    r"[\\*_`#\[\]<>&|~]|^\s*(?:[-+>]|\d+[.)])(?:\s|$)|^\s*[-=]{2,}\s*$|^ {4}|^\t", re.M
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@lru_cache(maxsize=256)  # step introductions are shown again on every visit
def prose(text: str) -> RenderableType:
    """``text`` as Markdown (never Textual markup; no escape or control characters).

    Plain paragraphs, the usual case, are laid out as Markdown would lay them out without
    loading a Markdown parser: the first step of a form is drawn sooner.
    """
    clean = plain(text)
    if not _MARKUP.search(clean):
        paragraphs = (p.strip() for p in _BLANK_LINE.split(clean.strip()))
        return Text("\n\n".join(" ".join(p.split()) for p in paragraphs if p), justify="left")
    from rich.markdown import Markdown

    return Markdown(clean, hyperlinks=False, justify="left")
