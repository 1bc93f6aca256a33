"""One question on screen: its prompt, help on demand, the right control and any problem.

The field knows nothing of scoring or visibility: it shows a question, posts
:class:`QuestionField.Changed` with the typed value whenever the person changes it, and
shows what the engine gives back (a default that followed, a problem, suggestions).
It holds what it is given and applies it once composed (:class:`WhenComposed`), so the
screen may talk to it while it is still being mounted in the background.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from wbl_tui.engine.flow import Suggestion, parse_typed
from wbl_tui.model.questions import Answer, Option, Question
from wbl_tui.textsafe import one_line, plain
from wbl_tui.widgets.composed import WhenComposed
from wbl_tui.widgets.controls import CHANGES, Dropdown, choices, make_control, write
from wbl_tui.widgets.prose import prose

if TYPE_CHECKING:
    from textual.widgets import RadioSet, SelectionList, TextArea


class QuestionField(WhenComposed, Vertical):
    """A question with its control; posts :class:`Changed` when the person changes the answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f3", "toggle_help", "More about it"),
    ]

    class Changed(Message):
        """The person changed the answer (``value`` is typed; None means no answer)."""

        def __init__(self, field: QuestionField, value: Answer) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> QuestionField:
            """The field that changed."""
            return self.field

    def __init__(
        self,
        question: Question,
        options: Sequence[Option],
        value: Answer,
        suggestions: Sequence[Suggestion] = (),
    ) -> None:
        super().__init__(id=f"q-{question.id}", classes="question")
        self.question = question
        self.options = tuple(options)
        self._value = value  # what the control shows (and the engine has), as an answer
        self._suggestions = tuple(suggestions)
        self._typing_error: str | None = None

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        prompt = plain(q.prompt) + ("" if q.required else "  (optional)")
        yield Label(Content(prompt), classes="prompt")
        if q.help:
            # Not in the Tab order: F3 (or a click) opens it, so Tab and Shift+Tab move
            # between answers and typing never lands in the help.
            yield Static(Content("▸ More about this question (F3)"), classes="help-toggle")
        yield make_control(self.question, self.options, self._value)
        if q.type == "multichoice":  # a list cuts long choices with "…": the whole one here
            full = Static("", classes="full-label", markup=False)
            full.display = False
            yield full
        if q.suggest_from:
            select = Dropdown[int](
                self._suggestion_options(),
                prompt="Ideas to start from…",
                allow_blank=True,
                id="suggest",
                classes="suggest",
            )
            select.display = bool(self._suggestions)
            yield select
        yield Static("", classes="problem", markup=False)

    def _suggestion_options(self) -> list[tuple[Text, int]]:
        return [
            (Text(one_line(s.label + (f": {s.detail}" if s.detail else ""), 120)), i)
            for i, s in enumerate(self._suggestions)
        ]

    # -- what the screen tells the field -------------------------------------------------------

    @property
    def value(self) -> Answer:
        """The answer the field shows."""
        return self._value

    @property
    def typing_error(self) -> str | None:
        """A problem with what is typed that has no answer yet (e.g. letters in a number)."""
        return self._typing_error

    def set_value(self, value: Answer) -> None:
        """Show ``value`` (a default that followed its inputs, or a picked suggestion)."""
        if value == self._value:
            return
        self._value = value
        self._typing_error = None
        self.when_composed("value", lambda: self._write(value))

    def _write(self, value: Answer) -> None:
        control = self.query_one("#control")
        # What the screen writes is no news, and must not come back as typing: an echo
        # handled late (keys came fast) once read as the person emptying the field, and a
        # default that should follow its input stopped following. So the control's change
        # messages are not sent for this write (any sent later are dropped as echoes).
        if isinstance(control, Input | Select):
            with control.prevent(*CHANGES):
                write(control, value)
            return
        from wbl_tui.widgets import lazy_controls  # (loaded already: it made the control)

        with control.prevent(*lazy_controls.CHANGES):
            lazy_controls.write(control, value, choices(self.question, self.options))

    def set_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """Offer these suggestions (the list is hidden when there are none)."""
        suggestions = tuple(suggestions)
        if suggestions == self._suggestions:
            return
        self._suggestions = suggestions

        def apply() -> None:
            for select in self.query("#suggest").results(Select):
                select.set_options(self._suggestion_options())
                select.display = bool(self._suggestions)

        self.when_composed("suggestions", apply)

    def show_problem(self, message: str | None) -> None:
        """Show (or clear) what is wrong with the answer."""
        message = self._typing_error or message
        self.set_class(bool(message), "-invalid")
        self.when_composed(
            "problem",
            lambda: self.query_one(".problem", Static).update(f"⚠ {message}" if message else ""),
        )

    def focus_control(self, scroll: bool = True) -> None:
        """Put the cursor in this question's control (scrolling it into view)."""

        def focus() -> None:
            # Screen.set_focus acts now (Widget.focus waits for the message queue): keys
            # typed right after Next go to this control, not to the one left behind.
            control = self.query_one("#control")
            if self.is_attached and control.focusable:
                self.screen.set_focus(control, scroll_visible=scroll)

        self.when_composed("focus", focus)

    def action_toggle_help(self) -> None:
        """Show or hide the help of this question."""
        toggle = self.query(".help-toggle").results(Static)
        for title in toggle:  # the help itself is made when first opened (Markdown is slow)
            shown = self.query(".help")
            if shown:
                shown.first().display = opened = not shown.first().display
            else:
                self.mount(Static(prose(self.question.help or ""), classes="help"), after=title)
                opened = True
            title.update(Content(("▾" if opened else "▸") + " More about this question (F3)"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F3 is offered only for questions with help."""
        if action == "toggle_help":
            return bool(self.question.help)
        return True

    def on_click(self, event: events.Click) -> None:
        """A click on "More about this question" opens the help."""
        if isinstance(event.widget, Static) and event.widget.has_class("help-toggle"):
            self.action_toggle_help()

    # -- what the person did -------------------------------------------------------------------

    def _from_control(self, value: Answer) -> None:
        """Post the answer, unless the control only echoes what the screen wrote into it."""
        if value == self._value:
            return
        self._value = value
        self.post_message(self.Changed(self, value))

    @on(Input.Changed, "#control")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.question.type != "number":
            self._from_control(event.value)
            return
        value, self._typing_error = parse_typed(self.question, event.value)
        if self._typing_error:
            self.show_problem(None)
            return
        self._from_control(value)

    # Handlers named for their message, so that these controls' classes load with them.

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.control.id != "control":
            return
        event.stop()
        self._from_control(event.text_area.text)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        if event.control.id != "control":
            return
        event.stop()
        chosen = set(event.selection_list.selected)
        self._from_control([o.value for o in self.options if o.value in chosen])

    def on_selection_list_selection_highlighted(
        self, event: SelectionList.SelectionHighlighted[str]
    ) -> None:
        """Under the list, the whole of the highlighted choice when the list cuts it."""
        if event.control.id != "control":
            return
        event.stop()
        listed = event.selection_list
        label = next((o.label for o in self.options if o.value == event.selection.value), "")
        room = listed.scrollable_content_region.width - 4  # the tick box and a space
        text = f"▸ {plain(label)}" if room > 0 and cell_len(label) > room else ""
        shown = self.query_one(".full-label", Static)
        shown.update(text)
        shown.display = bool(text)
        if text:  # the list may end at the bottom of the screen
            shown.call_after_refresh(shown.scroll_visible, animate=False)

    @on(events.DescendantBlur, "#control")
    def _left_list(self) -> None:  # (not stopped: the screen checks the answer on blur too)
        for shown in self.query(".full-label"):
            shown.display = False

    @on(Select.Changed, "#control")
    def _chose(self, event: Select.Changed) -> None:
        event.stop()
        self._from_control(None if event.value is Select.NULL else str(event.value))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if event.control.id != "control":
            return
        event.stop()
        self._from_control(choices(self.question, self.options)[event.index][0])

    @on(Select.Changed, "#suggest")
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL or not isinstance(event.value, int):
            return
        text = self._suggestions[event.value].text
        event.select.clear()
        self.set_value(text)
        self.post_message(self.Changed(self, text))  # picked: the person's own answer now
        self.focus_control()
