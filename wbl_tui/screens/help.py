"""The help screen: the keys, and what the continuum means."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from wbl_tui.model.continuum import STAGES

KEYS = """\
## Keys

| Key | What it does |
|---|---|
| Tab / Shift+Tab | move between questions and buttons |
| Enter / Space | choose, tick, press a button |
| Ctrl+N / Ctrl+B | next step / back a step |
| F2 | show or hide the preview of your plan |
| Ctrl+S | save (the plan, or the assessment report) |
| Ctrl+P | command palette: save, preview, go to a step, open, new plan, themes |
| F1 | this help |
| Escape | close a dialog, leave a screen |
| Ctrl+Q | quit (your answers are kept as a draft) |

Everything you type is saved as a draft as you go. If the terminal closes, start
`wbl-tui` again: Home lists your unfinished drafts, to pick up where you left off or to
set aside (Delete).
"""


def _continuum() -> str:
    lines = ["## The work-based learning continuum", ""]
    for stage in STAGES:
        lines.append(f"- **{stage.short}: {stage.label}.** {stage.description}")
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Keys and the continuum, over whatever screen is open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"), VerticalScroll():
            yield Markdown(KEYS + "\n" + _continuum())

    def action_close(self) -> None:
        """Close the help (once, however fast the key repeats)."""
        if self.is_active:
            self.dismiss()
