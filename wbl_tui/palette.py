"""The command palette, with guards for Textual bugs seen under random keys.

Textual 8.2's OptionList pages from a line index it builds only once the list has a size.
The palette's CommandList gets its options before it is laid out, so PageUp/PageDown in
that moment raised ``KeyError: 0`` (``OptionList._move_page``) and ended the app. Paging
waits until the list has a size; every other key is Textual's own. The app pushes it with
no id: Textual's fixed id raised DuplicateIds when Ctrl+P came while one was closing.
"""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

PAGING = frozenset({"page_up", "page_down"})


class Palette(CommandPalette):
    """Textual's command palette, paging only once its list is laid out."""

    def _action_command_list(self, action: str) -> None:
        if action in PAGING and not self.query_one(CommandList).scrollable_content_region:
            return
        super()._action_command_list(action)
