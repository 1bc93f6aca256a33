"""The list of steps at the side of a form: each step's state, and a way to jump to it."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wbl_tui.engine.session import StepState
from wbl_tui.textsafe import one_line

# Marks that read without colour (NO_COLOR) as well as with it.
MARKS: dict[StepState, str] = {"new": "○", "done": "✓", "problems": "!", "skipped": "–"}


class StepList(OptionList):
    """Steps with a mark for not visited (○), complete (✓), has problems (!), skipped (–)."""

    # One line each, cut with "…" to the width the list has when it is drawn.
    DEFAULT_CSS = """
    StepList { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    class Jump(Message):
        """The user picked step ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    _drawn: tuple[tuple[str, ...], tuple[StepState, ...]] | None = None
    _current: int | None = None  # the step last shown as current

    def show(self, titles: Sequence[str], states: Sequence[StepState], current: int) -> None:
        """Redraw every step and highlight the current one (nothing to do if none changed).

        While the person moves through the list, a redraw (the marks follow the answers a
        moment after typing) keeps their place: else Enter went to the step they were on.
        """
        browsing = self.has_focus and current == self._current and self.highlighted is not None
        place = self.highlighted if browsing else current
        self._current = current
        drawn = (tuple(titles), tuple(states))
        if drawn == self._drawn:
            self.highlighted = place
            return
        self._drawn = drawn
        options = []
        for i, (title, state) in enumerate(zip(titles, states, strict=True)):
            text = f"{MARKS[state]} {one_line(title)}"  # cut to the width when drawn
            content = Content(text)
            if state == "skipped":
                content = content.stylize("dim")
            elif state == "problems":
                content = content.stylize("bold $error", 0, 1)
            options.append(Option(content, id=f"step-{i}"))
        self.set_options(options)
        self.highlighted = place

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(event.option_index))
