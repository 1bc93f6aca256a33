"""The text controls of a question: every key lands, in the order it was typed.

Textual (8.2) inserts a printable key in the focused Input or TextArea as soon as that
control handles the event, but runs a bound key (Backspace, Delete, arrows, Home, End,
Enter in a text area...) only once the event has bubbled up through every ancestor to the
app. In a form nested eight levels deep, keys that arrive together (a paste, a quick
typist, a busy machine) were applied out of order: "abcdef" + three Backspaces + "XY"
became "abcde", because X and Y went in before the Backspaces came back down. Upstream:
Textualize/textual#6605. :class:`KeysInOrder` runs the control's own bindings when the
control handles the key, so each key is applied before the next one is looked at.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select

from wbl_tui.model.questions import Answer, Option, Question
from wbl_tui.textsafe import one_line, plain

T = TypeVar("T")
RADIO_LIMIT = 7  # more choices than this get a drop-down instead of radio buttons

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual merges CSS and component classes along the MRO


class KeysInOrder(_Base):
    """Mixin (before the control's class): run the control's own key bindings inline.

    Priority bindings are checked by the app before the key reaches the control and the
    control is the first place the app looks for the others, so what a key does is
    unchanged; only *when* it happens moves, to its place among the keys typed.
    """

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if binding.priority:
                continue
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # the control's own _on_key must not see it again
                return


class Dropdown(Select[T]):
    """A ``Select`` that allows for being removed while mounting, and for fast keys.

    Steps are built in the background; when a key closes the form meanwhile, a Select can
    get its Mount after its children were removed, and Textual's own set-up then looks for
    its list of options and ends the app (``NoMatches 'SelectOverlay'``; seen under random
    keys). There is nothing to set up in a Select that is going away. Keys that arrive
    before its open list has the cursor act in the list (below).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "open_or_move(1)", show=False),
        Binding("up", "open_or_move(-1)", show=False),
        Binding("enter", "open_or_choose", show=False),
    ]

    # Keys typed fast (or on a busy machine) can reach the drop-down after it opened its
    # list but before the list has the cursor: they act in the list, as the person meant
    # ("Enter, Down, Enter" chose the blank "Choose…" and left the answer empty).

    def action_open_or_move(self, step: int) -> None:
        if not self.expanded:
            self.action_show_overlay()
        elif step > 0:
            self._overlay().action_cursor_down()
        else:
            self._overlay().action_cursor_up()

    def action_open_or_choose(self) -> None:
        if self.expanded:
            self._overlay().action_select()
        else:
            self.action_show_overlay()

    def _overlay(self) -> OptionList:
        return self.query_one("SelectOverlay", OptionList)

    def _gone(self) -> bool:
        return not self.query("SelectOverlay")  # the list it opens (its class is private)

    def _on_mount(self, event: events.Mount) -> None:
        if self._gone():
            event.prevent_default()  # Select's own _on_mount (next in the MRO) is skipped

    def set_options(self, options: Iterable[tuple[RenderableType, T]]) -> None:
        if not self._gone():
            super().set_options(options)


class AnswerInput(KeysInOrder, Input):
    """A one-line answer: keys in order, and growing text repaints rather than re-lays out.

    Textual's Input keeps the text's width in ``virtual_size``, a reactive that asks for a
    layout of the whole screen when it changes. Only the Input's own scrolling reads that
    width, and it reads it directly, so a repaint is enough.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)


def make_control(q: Question, options: Sequence[Option], value: Answer) -> Widget:
    """The control that takes the answer to ``q``, showing ``value`` (id ``control``)."""
    if q.type in ("text", "number"):
        # No select-all on focus: a key pressed by habit would wipe the answer.
        return AnswerInput(
            as_text(value),
            placeholder=plain(q.placeholder or ""),
            select_on_focus=False,
            id="control",
        )
    if q.type == "choice" and len(options) > RADIO_LIMIT:
        return Dropdown[str](
            ((Text(one_line(o.label)), o.value) for o in options),
            prompt="Choose…",
            value=value if isinstance(value, str) else Select.NULL,
            id="control",
        )
    # The others load on first use (see lazy_controls).
    from wbl_tui.widgets import lazy_controls

    if q.type == "textarea":
        return lazy_controls.answer_area(value, q.placeholder or "")
    if q.type == "multichoice":
        return lazy_controls.tick_list(options, value)
    return lazy_controls.radio_set(choices(q, options), value)


# The messages a text or drop-down control sends when its value changes (typed, or written
# by the screen); the other controls' are in ``lazy_controls``, loaded with them.
CHANGES = (Input.Changed, Select.Changed)


def write(control: Input | Select[str], value: Answer) -> None:
    """Show ``value`` in a text or drop-down control (``lazy_controls.write``: the others)."""
    if isinstance(control, Input):
        control.value = as_text(value)
        control.cursor_position = len(control.value)
    else:
        control.value = value if isinstance(value, str) else Select.NULL


def choices(q: Question, options: Sequence[Option]) -> list[tuple[Answer, str]]:
    """Value and label of each radio button (choice, scale and yes/no questions)."""
    if q.type == "boolean":
        return [(True, "Yes"), (False, "No")]
    if q.type == "scale":
        low, high = q.range
        return [
            (n, f"{n}  {q.labels[n]}" if n in q.labels else str(n)) for n in range(low, high + 1)
        ]
    return [(o.value, o.label) for o in options]


def as_text(value: Answer) -> str:
    """An answer as the text a text control shows."""
    return "" if value is None else str(value)
