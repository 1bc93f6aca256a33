"""The controls whose Textual widgets are slow to import, loaded when the first is built.

Textual's TextArea alone takes about 35 ms to import (its document model, undo history and
syntax support), SelectionList and RadioSet some more. The first question of a set is
usually a line of text, so these load just after it is drawn, not before.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet, SelectionList, TextArea
from textual.widgets.selection_list import Selection

from wbl_tui.model.questions import Answer, Option
from wbl_tui.textsafe import plain
from wbl_tui.widgets.controls import KeysInOrder, as_text

# The messages these controls send when their value changes (typed, or written).
CHANGES: tuple[type[Message], ...] = (
    TextArea.Changed,
    SelectionList.SelectedChanged,
    RadioSet.Changed,
    RadioButton.Changed,
)


class AnswerArea(KeysInOrder, TextArea):
    """A multi-line answer whose keys land in order."""


class AnswerTicks(KeysInOrder, SelectionList[str]):
    """A tick list whose Space (or Enter) ticks the row it was pressed on.

    Textual's SelectionList ticks the *highlighted* row when it handles its own
    OptionSelected message, which waits behind keys already queued: "Space, Down" typed
    fast ticked the row below, and the wrong answer was saved with nothing on screen.
    """

    def action_select(self) -> None:
        """Tick or untick the highlighted row now."""
        self._toggle_highlighted_selection()


class WrappingRadioButton(RadioButton):
    """A radio button whose long label wraps onto more lines instead of being cut.

    Textual's toggle buttons are one line high whatever their label; at 80 columns the
    longer choices of a set lost their ends with no way to read them.
    """

    DEFAULT_CSS = """
    WrappingRadioButton { width: 1fr; height: auto; text-wrap: wrap; text-overflow: fold; }
    """

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the label needs at ``width``."""
        # As ToggleButton.get_content_width does: the styles serve as the rules map.
        return max(1, self.render().get_height(self.styles, width))  # type: ignore[arg-type]


class AnswerRadios(RadioSet):
    """Radio buttons for one answer: the answer the screen writes moves the set's marks too.

    Textual's RadioSet learns which button is on from its buttons' Changed messages, which
    a written answer must not send (it is no change of the person's). So the button on
    before stayed on beside the next one pressed: two choices marked, the answer right.
    Here the set is told which button is on, and the highlight starts there.
    """

    def show(self, index: int | None) -> None:
        """Turn on the button at ``index`` (None: none), quietly, and highlight it."""
        buttons = list(self.query(RadioButton))
        with self.prevent(RadioButton.Changed):
            for i, button in enumerate(buttons):
                button.value = i == index
        pressed = buttons[index] if index is not None and index < len(buttons) else None
        self._pressed_button = pressed  # what Textual's set turns off when another is pressed
        if pressed is not None:
            self._selected = index

    def on_mount(self) -> None:
        # After RadioSet's own set-up, which highlights the first button.
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index


def answer_area(value: Answer, placeholder: str) -> AnswerArea:
    """A text area showing ``value``."""
    return AnswerArea(
        as_text(value),
        soft_wrap=True,
        show_line_numbers=False,
        tab_behavior="focus",
        id="control",
        placeholder=Content(plain(placeholder)),
    )


def tick_list(options: Sequence[Option], value: Answer) -> AnswerTicks:
    """A list of choices to tick, ``value`` ticked."""
    chosen = value if isinstance(value, list) else []
    return AnswerTicks(
        *(Selection(Content(plain(o.label)), o.value, o.value in chosen) for o in options),
        id="control",
    )


def radio_set(choices: Sequence[tuple[Answer, str]], value: Answer) -> AnswerRadios:
    """One radio button per choice, the one for ``value`` pressed."""
    return AnswerRadios(
        *(WrappingRadioButton(Content(plain(label)), value=(v == value)) for v, label in choices),
        id="control",
    )


def write(control: Widget, value: Answer, choices: Sequence[tuple[Answer, str]]) -> None:
    """Show ``value`` in one of these controls."""
    if isinstance(control, TextArea):
        control.text = as_text(value)
    elif isinstance(control, SelectionList):
        chosen = set(value) if isinstance(value, list) else set()
        for v, _ in choices:
            (control.select if v in chosen else control.deselect)(v)
    elif isinstance(control, AnswerRadios):
        control.show(next((i for i, (v, _) in enumerate(choices) if v == value), None))
