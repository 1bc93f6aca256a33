"""One question on screen: its prompt, help on demand, the right control and any problem.

The field knows nothing of scoring or visibility: it shows a question, posts
:class:`QuestionField.Changed` with the typed value whenever the user changes it, and
shows the message the engine gives back.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import (
    Collapsible,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from wbl_tui.engine.flow import Suggestion, parse_typed
from wbl_tui.model.questions import Answer, Option, Question
from wbl_tui.textsafe import one_line, plain
from wbl_tui.widgets.prose import prose

RADIO_LIMIT = 7  # more choices than this get a drop-down instead of radio buttons


class AnswerInput(Input):
    """An Input whose growing text repaints it, instead of re-laying out the whole screen.

    Textual's Input keeps the text's width in ``virtual_size``, a reactive that asks for a
    layout of the screen when it changes: with every step of a set mounted, that was most
    of the cost of a keystroke. Only the Input's own scrolling reads that width, and it
    reads it directly, so a repaint is enough.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)


class QuestionField(Vertical):
    """A question with its control; posts :class:`Changed` when the answer changes."""

    class Changed(Message):
        """The user changed the answer (``value`` is typed; None means no answer)."""

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
        self._initial = value
        self._suggestions = tuple(suggestions)
        self._typing_error: str | None = None
        self._problem: str | None = None
        self._focus_pending: bool | None = None  # focus asked for before the control existed
        self._parts: dict[str, Widget] = {}

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        q = self.question
        prompt = plain(q.prompt) + ("" if q.required else "  (optional)")
        yield Label(Content(prompt), classes="prompt")
        if q.help:
            with Collapsible(title="More about this question", collapsed=True):
                yield Static(prose(q.help), classes="help")
        yield self._control()
        if q.suggest_from:
            yield Select[int](
                [],
                prompt="Ideas for your discipline…",
                allow_blank=True,
                id="suggest",
                classes="suggest",
            )
        yield Static("", classes="problem", markup=False)

    def on_mount(self) -> None:
        self.set_suggestions(self._suggestions)
        if self._problem:
            self.show_problem(self._problem)
        if self._focus_pending is not None:
            self.focus_control(self._focus_pending)

    def _built(self, selector: str) -> Widget | None:
        """A part of this field, or None while the field is still being mounted.

        Steps are mounted in the background, so the screen may set a value, show a
        problem or move the focus before the field has composed its children.
        """
        part = self._parts.get(selector)
        if part is None:
            found = self.query(selector)
            if not found:
                return None
            part = self._parts[selector] = found.first()  # composed once, never replaced
        return part

    def _control(self) -> Widget:
        q, value = self.question, self._initial
        if q.type in ("text", "number"):
            text = "" if value is None else str(value)
            # No select-all on focus: a key pressed by habit would wipe the answer.
            return AnswerInput(
                text,
                placeholder=plain(q.placeholder or ""),
                select_on_focus=False,
                id="control",
            )
        if q.type == "textarea":
            area = TextArea(
                "" if value is None else str(value),
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
                id="control",
                placeholder=Content(plain(q.placeholder or "")),
            )
            return area
        if q.type == "multichoice":
            chosen = value if isinstance(value, list) else []
            return SelectionList[str](
                *(
                    Selection(Content(one_line(o.label)), o.value, o.value in chosen)
                    for o in self.options
                ),
                id="control",
            )
        if q.type == "choice" and len(self.options) > RADIO_LIMIT:
            return Select[str](
                ((Text(one_line(o.label)), o.value) for o in self.options),
                prompt="Choose…",
                value=value if isinstance(value, str) else Select.NULL,
                id="control",
            )
        return RadioSet(
            *(
                RadioButton(Content(one_line(label)), value=(v == value))
                for v, label in self._choices()
            ),
            id="control",
        )

    def _choices(self) -> list[tuple[Answer, str]]:
        """Value and label of each radio button (choice, scale and yes/no questions)."""
        q = self.question
        if q.type == "boolean":
            return [(True, "Yes"), (False, "No")]
        if q.type == "scale":
            low, high = q.range
            return [
                (n, f"{n}  {q.labels[n]}" if n in q.labels else str(n))
                for n in range(low, high + 1)
            ]
        return [(o.value, o.label) for o in self.options]

    # -- reading and writing the answer --------------------------------------------------------

    @property
    def typing_error(self) -> str | None:
        """A problem with what is typed that has no answer yet (e.g. letters in a number)."""
        return self._typing_error

    def set_value(self, value: Answer) -> None:
        """Show ``value`` in the control (a default or a picked suggestion)."""
        control = self._built("#control")
        if control is None:
            self._initial = value  # composed with it
        elif isinstance(control, Input):
            control.value = "" if value is None else str(value)
        elif isinstance(control, TextArea):
            control.text = "" if value is None else str(value)
        elif isinstance(control, SelectionList):
            chosen = value if isinstance(value, list) else []
            control.deselect_all()
            for picked in chosen:
                control.select(picked)
        elif isinstance(control, Select):
            control.value = value if isinstance(value, str) else Select.NULL
        elif isinstance(control, RadioSet):
            for (v, _), button in zip(self._choices(), control.query(RadioButton), strict=False):
                button.value = v == value

    def set_suggestions(self, suggestions: Sequence[Suggestion]) -> None:
        """Offer these catalogue suggestions (hidden when there are none)."""
        self._suggestions = tuple(suggestions)
        for select in self.query("#suggest").results(Select):
            select.set_options(
                (Text(one_line(s.label + (f": {s.detail}" if s.detail else ""), 120)), i)
                for i, s in enumerate(self._suggestions)
            )
            select.display = bool(self._suggestions)

    def show_problem(self, message: str | None) -> None:
        """Show (or clear) what is wrong with the answer."""
        message = self._typing_error or message
        self._problem = message
        shown = self._built(".problem")
        if isinstance(shown, Static):
            shown.update(f"⚠ {message}" if message else "")
        self.set_class(bool(message), "-invalid")

    def focus_control(self, scroll: bool = True) -> None:
        """Put the cursor in this question's control (scrolling it into view)."""
        control = self._built("#control")
        if control is None:
            self._focus_pending = scroll
        else:
            self._focus_pending = None
            control.focus(scroll_visible=scroll)

    # -- forwarding what the user did ----------------------------------------------------------

    def _post(self, value: Answer) -> None:
        self.post_message(self.Changed(self, value))

    @on(Input.Changed, "#control")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.question.type == "number":
            value, self._typing_error = parse_typed(self.question, event.value)
            if self._typing_error:
                self.show_problem(None)
                return
            self._post(value)
        else:
            self._post(event.value)

    @on(TextArea.Changed, "#control")
    def _edited(self, event: TextArea.Changed) -> None:
        event.stop()
        self._post(event.text_area.text)

    @on(SelectionList.SelectedChanged, "#control")
    def _ticked(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        self._post([o.value for o in self.options if o.value in chosen])

    @on(Select.Changed, "#control")
    def _chose(self, event: Select.Changed) -> None:
        event.stop()
        self._post(None if event.value is Select.NULL else str(event.value))

    @on(RadioSet.Changed, "#control")
    def _pressed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._post(self._choices()[event.index][0])

    @on(Select.Changed, "#suggest")
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL or not isinstance(event.value, int):
            return
        suggestion = self._suggestions[event.value]
        self.set_value(suggestion.text)
        event.select.clear()
        self.focus_control()
