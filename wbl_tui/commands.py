"""The command palette's own commands: save, preview, go to a step, open, new plan, help.

``navigation.palette_commands`` says which make sense on the screen the palette was opened
over; this provider only lists and matches them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True)
class PaletteCommand:
    """One command: its name in the palette, a line of help, and what it does."""

    name: str
    help: str
    run: Callable[[], Any]


class WblCommands(Provider):
    """wbl-tui's commands, offered before Textual's own (themes, keys, quit)."""

    def _commands(self) -> list[PaletteCommand]:
        from wbl_tui.app import WblApp
        from wbl_tui.navigation import palette_commands

        app = self.app
        return list(palette_commands(app, self.screen)) if isinstance(app, WblApp) else []

    async def discover(self) -> Hits:
        """Every command, when nothing is typed yet."""
        for command in self._commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        """The commands that match what is typed, best first."""
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
