"""The live preview of the document being written, as rendered Markdown."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from wbl_tui.textsafe import plain


class PlanPreview(VerticalScroll):
    """Rendered Markdown that follows the answers (updated by the screen, debounced)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Markdown("", open_links=False)

    def show(self, markdown: str) -> None:
        """Show ``markdown`` (front matter hidden: it is for machines)."""
        markdown = plain(_drop_front_matter(markdown))
        if markdown != self._shown:
            self._shown = markdown
            self.query_one(Markdown).update(markdown)


def _drop_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :].lstrip("\n")
    return text
