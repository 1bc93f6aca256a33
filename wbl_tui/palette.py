"""The command palette, with guards for Textual bugs seen under random keys.

Textual 8.2's OptionList pages from a line index it builds only once the list has a size.
The palette's CommandList gets its options before it is laid out, so PageUp/PageDown in
that moment raised ``KeyError: 0`` (``OptionList._move_page``) and ended the app. Paging
waits until the list has a size; every other key is Textual's own. A choice made twice
in one burst runs once, and a search typed as it closes is not run. The app pushes it
with no id: Textual's fixed id raised DuplicateIds when Ctrl+P came while one was closing.
"""

from __future__ import annotations

import contextlib
from typing import Literal

from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Input, OptionList

PAGING = frozenset({"page_up", "page_down"})
CHOICES = (Input.Submitted, OptionList.OptionSelected, Button.Pressed)
_GATHER = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]  # (@work's)


class Palette(CommandPalette):
    """Textual's command palette, paging only once its list is laid out, answering once."""

    async def _on_message(self, message: Message) -> None:
        # Two Enters in one burst (a fast typist, a repeating key): Textual's palette ran
        # the command twice, and its second ``dismiss`` popped the screen under it (Home).
        # Once it has closed, a choice still in its queue is dropped.
        if isinstance(message, CHOICES) and not self.is_active:
            return
        await super()._on_message(message)

    def dismiss(self, result: object = None) -> AwaitComplete:
        """Close the palette, only while it is on top (``dismiss`` pops whatever is)."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)  # type: ignore[arg-type]

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # A search typed as the palette closes ran after its list was gone (NoMatches
        # 'CommandList', which ended the app): a closed palette searches nothing.
        if not self.is_active:
            return
        with contextlib.suppress(NoMatches):
            await _GATHER(self, search_value)

    def _action_command_list(self, action: str) -> None:
        if action in PAGING and not self.query_one(CommandList).scrollable_content_region:
            return
        super()._action_command_list(action)


def guard_option_list_paging() -> None:
    """Apply the same guard to every OptionList (the form's Select overlay hit it too).

    Textual 8.2's ``OptionList._move_page`` looks up the highlighted option's line before
    the list has been laid out (KeyError: 0, or the index of a just-added option). Until
    the line is known, paging does nothing; once it is, Textual's own code runs.
    """
    original = OptionList._move_page
    if getattr(original, "_wbl_guarded", False):
        return

    def _move_page(self: OptionList, direction: Literal[-1, 1]) -> None:
        if (self.highlighted or 0) not in self._index_to_line:
            return
        original(self, direction)

    _move_page._wbl_guarded = True  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]
