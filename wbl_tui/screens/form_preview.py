"""The form's live preview: beside the questions when wide, instead of them when narrow.

A part of :class:`~wbl_tui.screens.form.FormScreen` (a mixin, to keep each module short):
the preview follows the answers after a pause in typing, rendered in a thread from a
snapshot of the session by the callable the app gave the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.timer import Timer

from wbl_tui.engine.document import Document
from wbl_tui.engine.session import Session
from wbl_tui.widgets.plan_preview import PlanPreview

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    _Base = Screen[None]
else:
    _Base = object

WIDE = 120  # columns from which the preview sits beside the form
PREVIEW_DELAY = 0.3  # seconds of quiet before progress and preview are redrawn


class PreviewPart(_Base):
    """The preview's share of the form screen."""

    session: Session
    current: int
    preview_on: bool | None  # None: decided by the width
    _render_preview: Callable[[Document], str]
    _preview_timer: Timer | None
    _last_focus: dict[int, str]

    def _focus_in_step(self, qid: str | None = None) -> None:
        raise NotImplementedError  # the screen's own

    def _focus_away(self, widget: Widget) -> None:
        raise NotImplementedError  # the screen's own

    def _refresh_chrome(self) -> None:
        raise NotImplementedError  # the screen's own

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)
        self.call_after_refresh(self._refresh_chrome)  # step titles fit the new width

    def _layout(self, width: int) -> None:
        wide = width >= WIDE
        show = self.preview_on if self.preview_on is not None else wide
        self.set_class(wide, "-wide")
        preview = self.query_one(PlanPreview)
        was_shown = preview.display
        preview.display = show
        self.query_one("#main").display = wide or not show
        self.query_one("#steps").display = wide or not show
        if show and not was_shown:  # it was not kept up to date while hidden
            self.update_preview()

    def action_toggle_preview(self) -> None:
        """Show or hide the preview (beside the form when wide, instead of it when narrow)."""
        self.preview_on = not self.query_one(PlanPreview).display
        self._layout(self.size.width)
        if self.preview_on:
            self._focus_away(self.query_one(PlanPreview))
        else:
            self._focus_in_step(self._last_focus.get(self.current))

    def _schedule_refresh(self) -> None:
        """After a pause in typing: progress, step marks and the preview follow the answers."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._after_typing)

    def _after_typing(self) -> None:
        self._refresh_chrome()
        self.update_preview()

    def update_preview(self) -> None:
        """Render a snapshot of the answers in a thread and show it (when shown at all)."""
        preview = self.query_one(PlanPreview)
        if preview.display:
            doc, render = self.session.snapshot(), self._render_preview
            preview.follow(lambda: render(doc))
