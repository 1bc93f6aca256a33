"""Textual's Header, whose title lookup survives its screen closing at once.

Header looks up its HeaderTitle in a coroutine after mounting and whenever a title
changes. When a burst of keys closed a screen in that moment, the lookup raised
``NoMatches`` (Header allows only for ``NoScreen``) and ended the app.
"""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class TitleHeader(Header):
    """The app's title bar: Textual's Header, with a lookup that may find nothing."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # Header's own handler sets up the same, unguarded

        async def set_title() -> None:
            with contextlib.suppress(NoMatches, NoScreen):
                self.query_one(HeaderTitle).update(self.format_title())

        for owner in (self.app, self.screen):
            for name in ("title", "sub_title"):
                self.watch(owner, name, set_title)
