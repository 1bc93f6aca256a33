"""The live preview of the document being written, as rendered Markdown.

Turning a long plan into styled lines takes tens of milliseconds, so it is done off the
event loop (:func:`markdown_lines` is safe to call from a worker thread) and the widget
only shows the lines it is given: typing never waits for the preview.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from textual import events, work
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from wbl_tui.textsafe import plain


def markdown_lines(markdown: str, width: int) -> list[Strip]:
    """``markdown`` drawn ``width`` cells wide (front matter hidden: it is for machines)."""
    # Rich's Markdown (and markdown-it) load in the preview's thread, not on the way to
    # the first question.
    from rich.console import Console
    from rich.markdown import Markdown

    width = max(width, 10)
    console = Console(
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
    )
    document = Markdown(plain(_drop_front_matter(markdown)), hyperlinks=False, justify="left")
    rows = console.render_lines(document, console.options.update_width(width), pad=False)
    return [Strip(row) for row in rows]


class PlanPreview(ScrollView, can_focus=True):
    """Rendered Markdown that follows the answers (updated by the screen, debounced)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown = ""
        self._lines: list[Strip] = []
        self._lines_width = 0

    @property
    def text(self) -> str:
        """The Markdown shown now."""
        return self._shown

    @property
    def line_width(self) -> int:
        """How wide the lines given to :meth:`show` should be drawn."""
        return self.scrollable_content_region.width or self.size.width

    def show(self, markdown: str, lines: list[Strip] | None = None, width: int = 0) -> None:
        """Show ``markdown``, already drawn as ``lines`` at ``width`` when given."""
        if lines is None or width != self.line_width:
            width = self.line_width
            lines = markdown_lines(markdown, width)
        self._shown, self._lines, self._lines_width = markdown, lines, width
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    def follow(self, render: Callable[[], str]) -> None:
        """Show what ``render`` returns, rendered and drawn in a thread (the newest wins).

        ``render`` must be safe to call from a thread (render a snapshot of the answers).
        Whatever goes wrong in it is shown in the preview: a broken template never ends
        the app.
        """
        self._render_in_thread(render, self.line_width)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _render_in_thread(self, render: Callable[[], str], width: int) -> None:
        try:
            text = render()
        except Exception as exc:  # the preview must never end the app
            text = f"**The preview cannot be shown** ({type(exc).__name__}).\n\n    {plain(exc)}"
        lines = markdown_lines(text, width)
        if not get_current_worker().is_cancelled:  # a newer snapshot is on its way
            self.app.call_from_thread(self.show, text, lines, width)

    def on_resize(self, event: events.Resize) -> None:
        if self._shown and self.line_width != self._lines_width:
            self.show(self._shown)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style  # the widget's colours under the Markdown's own styles
        return self._lines[index].crop_extend(scroll_x, scroll_x + width, style).apply_style(style)


def _drop_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :].lstrip("\n")
    return text
