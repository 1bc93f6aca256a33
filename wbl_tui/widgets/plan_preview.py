"""The live preview of the document being written, as rendered Markdown.

Rich's Markdown renderable draws a long plan in tens of milliseconds, where Textual's
Markdown widget (one widget per block) takes most of a second: the preview follows the
typing, so it uses Rich.
"""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from wbl_tui.textsafe import plain


class PlanPreview(VerticalScroll):
    """Rendered Markdown that follows the answers (updated by the screen, debounced)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-text")

    def show(self, markdown: str) -> None:
        """Show ``markdown`` (front matter hidden: it is for machines)."""
        markdown = plain(_drop_front_matter(markdown))
        if markdown != self._shown:
            self._shown = markdown
            self.query_one("#preview-text", Static).update(
                Markdown(markdown, hyperlinks=False, justify="left")
            )

    @property
    def text(self) -> str:
        """The Markdown shown now."""
        return self._shown


def _drop_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :].lstrip("\n")
    return text
