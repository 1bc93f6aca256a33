"""Help and introductions from a question set, shown as the Markdown their authors wrote."""

from __future__ import annotations

from functools import lru_cache

from rich.markdown import Markdown

from wbl_tui.textsafe import plain


@lru_cache(maxsize=256)  # step introductions are shown again on every visit
def prose(text: str) -> Markdown:
    """``text`` as Markdown (never Textual markup; no escape or control characters)."""
    return Markdown(plain(text), hyperlinks=False, justify="left")
