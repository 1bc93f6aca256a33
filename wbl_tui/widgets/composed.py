"""One rule for widgets mounted in the background: use their children only once composed.

A screen may set a value, show a problem, offer suggestions or move the focus to a field
whose children are still being mounted (steps are built while the person reads the
first one). Touching those children then fails (``NoMatches``) or, worse, acts on a
half-built control. :class:`WhenComposed` holds such calls and runs them, in order, right
after the widget's ``on_mount`` (by then Textual has mounted everything it composed).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual merges CSS and component classes along the MRO


class WhenComposed(_Base):
    """Mixin for a widget: :meth:`when_composed` runs a call now, or once it is composed."""

    _held: dict[str, Callable[[], None]] | None = None
    _composed = False

    def when_composed(self, key: str, call: Callable[[], None]) -> None:
        """Run ``call`` now if the children exist, else as soon as they do.

        Calls with the same ``key`` replace each other while held (the last value wins),
        so a field given three values before it is built applies only the last.
        """
        if self._composed:
            if not self._going():
                call()
            return
        if self._held is None:
            self._held = {}
        self._held.pop(key, None)  # keep the order of the latest calls
        self._held[key] = call

    def drop_held(self, key: str) -> None:
        """Forget the call held under ``key`` (what it would do is no longer wanted)."""
        if self._held:
            self._held.pop(key, None)

    def _on_mount(self, event: events.Mount) -> None:
        # Textual mounts what compose() yields before it sends Mount, and calls every
        # class's _on_mount along the MRO: this one comes before the widget's own.
        self._composed = True
        held, self._held = self._held or {}, None
        if self._going():
            return
        for call in held.values():
            call()

    def _going(self) -> bool:
        """Being removed: its children are gone or going (keys closed the step meanwhile)."""
        return not self.is_attached or self._pruning or self._closing
