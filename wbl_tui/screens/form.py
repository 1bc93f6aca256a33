"""Answering a question set step by step: the self-assessment and the plan wizard.

The screen shows what the session (engine) decides and posts what happened (Changed,
SaveRequested, LeaveRequested, Finished); the app decides what follows. It gets the
session and a preview renderer from the app and touches neither files nor the app.
The top of the step the person is on is composed with the screen, so its first question
takes keys from the first frame (see ``form_steps``); the preview is in ``form_preview``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from wbl_tui.engine.answers_state import Changes
from wbl_tui.engine.document import Document
from wbl_tui.engine.session import Session
from wbl_tui.screens.form_preview import PreviewPart
from wbl_tui.screens.form_review import ReviewPane
from wbl_tui.screens.form_steps import PREMOUNT_DELAY, StepsPart, field_of
from wbl_tui.textsafe import one_line
from wbl_tui.widgets.key_footer import KeyFooter
from wbl_tui.widgets.nav_button import NavButton
from wbl_tui.widgets.plan_preview import PlanPreview
from wbl_tui.widgets.prose import prose
from wbl_tui.widgets.question_field import QuestionField
from wbl_tui.widgets.step_list import StepList
from wbl_tui.widgets.title_header import TitleHeader

OWN_ACTIONS = frozenset({"back", "next", "toggle_preview", "steps", "save", "leave"})
FIRST_FRAME_QUESTIONS = 1  # asked questions composed with the screen; the rest after a frame


class SessionMessage(Message):
    """A message about the session being answered."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class FormScreen(StepsPart, PreviewPart, Screen[None]):
    """Steps at the side, the current step's questions, Back/Next, and a live preview."""

    DEFAULT_CSS = """
    .question .help-toggle { color: $text-muted; width: auto; }
    .question .help { padding-left: 2; color: $text-muted; }
    """
    # Priority: acted on when the key arrives, before the keys typed after it are passed
    # to the focused control (else "F4, Down, Enter" moved the cursor in an answer).
    # Escape is not: an open drop-down closes first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("f2", "toggle_preview", "Preview", priority=True),
        Binding("f4", "steps", "Steps", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Home"),
    ]

    class Changed(SessionMessage):
        """An answer changed: the draft should follow soon."""

    class SaveRequested(SessionMessage):
        """Every answer is acceptable and the person asks to save."""

    class LeaveRequested(SessionMessage):
        """Back to Home; the answers stay a draft."""

    class Finished(SessionMessage):
        """A complete self-assessment: its results come next."""

    def __init__(self, session: Session, render_preview: Callable[[Document], str]) -> None:
        super().__init__()
        self.session = session
        self._render_preview = render_preview
        self.is_plan = session.qset.kind == "plan"
        steps = len(session.sections)
        self.review_index = steps if self.is_plan else None
        start = min(max(session.step, 0), steps if self.is_plan else steps - 1)
        if start != self.review_index and session.is_skipped(start):
            start = session.first_step()
        self.current = start
        self.preview_on: bool | None = None  # None: decided by the width
        self._fields: dict[str, QuestionField] = {}
        self._built: set[int] = set()
        self._last_focus: dict[int, str] = {}  # per step: the question the person was on
        self._preview_timer: Timer | None = None
        self._review: ReviewPane | None = None  # mounted when first shown
        self._sections: dict[int, Vertical] = {}  # each step's questions, once mounted
        self._ready = False  # composed and mounted: the keys may act
        self._opened = session.enter_step(start) if start != self.review_index else Changes()

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        with Horizontal(id="body"):
            yield StepList(id="steps")
            with Vertical(id="main"):
                yield Static(Content(one_line(self.session.qset.title)), id="set-title")
                yield Static("", id="step-title", markup=False)
                with VerticalScroll(id="form", can_focus=False):  # Tab goes to answers
                    yield Static("", id="step-intro")
                    if self.current != self.review_index:  # the first frame's; others later
                        yield self._section(self.current, FIRST_FRAME_QUESTIONS)
                with Horizontal(id="nav"):
                    yield NavButton("◀ Back", id="back")
                    yield Static("", id="progress", markup=False)
                    yield NavButton("Next ▶", id="next", primary=True)
            yield PlanPreview(id="preview")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The form's keys wait until it is built (priority keys arrive from the first moment)."""
        if action in OWN_ACTIONS and not self._ready:
            return None
        return True

    def on_mount(self) -> None:
        self._ready = True
        self._layout(self.size.width)
        self.show_step(self.current, first=True)
        if self._opened.changed:
            self.post_message(self.Changed(self.session))
        self.call_after_refresh(self._build, self.current)  # the rest of the first step
        self.call_after_refresh(self.update_preview)  # when it is shown from the start
        self.set_timer(PREMOUNT_DELAY, self._premount)

    # -- moving between steps ------------------------------------------------------------------

    def show_step(self, index: int, focus: str | None = None, first: bool = False) -> None:
        """Make step ``index`` current (the review comes after the last) and focus in it."""
        session = self.session
        self.current = session.step = index
        on_review = index == self.review_index
        if not on_review and not first:
            changes = session.enter_step(index)
            self._build(index)
            self._apply(changes)
        for i, container in self._sections.items():
            container.display = i == index
        intro = self.query_one("#step-intro", Static)
        review = self._review
        if on_review:
            if review is None:  # made when first needed
                review = self._review = ReviewPane(id="review", classes="section")
                self.query_one("#form").mount(review)
            review.show(session)
            self.query_one("#step-title", Static).update("Review your answers")
            intro.display = False
        else:
            if review is not None:  # (a query for it would walk every widget of every step)
                review.display = False
            section = session.sections[index]
            self.query_one("#step-title", Static).update(one_line(section.title))
            intro.update(prose(section.intro or ""))
            intro.display = bool(section.intro)
        self._refresh_chrome()
        form = self.query_one("#form", VerticalScroll)
        form.scroll_home(animate=False, immediate=True)
        self.call_after_refresh(form.scroll_home, animate=False, immediate=True)
        self._focus_in_step(focus or self._last_focus.get(index))

    def _focus_in_step(self, qid: str | None = None) -> None:
        """Focus question ``qid`` (scrolled into view), else the step's first question."""
        if self.current == self.review_index:
            if self._review is not None:
                self._review.focus_list()
            return
        if qid in self._fields and self.session.shown(qid):
            self._fields[qid].focus_control(scroll=True)
            return
        for q in self.session.asked_in(self.session.sections[self.current]):
            self._fields[q.id].focus_control(scroll=False)  # the intro stays in view
            return
        self.set_focus(self.query_one("#next"))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Remember the question the person is on, to come back to it."""
        field = field_of(event.widget)
        if field is not None and self.current != self.review_index:
            self._last_focus[self.current] = field.question.id

    def action_next(self) -> None:
        """Check this step; go on when it is complete, else say what is missing."""
        if self.current == self.review_index:
            self.action_save()
            return
        if not self._step_ok():
            return
        self.session.visited.add(self.session.sections[self.current].id)
        following = self.session.next_step(self.current)
        if following is not None:
            self.show_step(following)
        elif self.review_index is not None:
            self.show_step(self.review_index)
        else:
            self._finish()

    def action_back(self) -> None:
        """Go to the previous step (no checks: the person may be going back to fix it)."""
        if self.current != self.review_index:
            self.session.visited.add(self.session.sections[self.current].id)
        previous = self.session.next_step(self.current, -1)
        if previous is not None:
            self.show_step(previous)

    def action_steps(self) -> None:
        """Put the cursor on the list of steps (Enter on one goes there)."""
        steps = self.query_one(StepList)
        if steps.display:
            self._focus_away(steps)  # now, not after the queued keys (Widget.focus waits)

    @on(StepList.Jump)
    def _jump(self, event: StepList.Jump) -> None:
        if event.index == self.current:
            self._focus_in_step(self._last_focus.get(self.current))
            return
        if self.current != self.review_index:
            self.session.visited.add(self.session.sections[self.current].id)
        if event.index == self.review_index or not self.session.is_skipped(event.index):
            self.show_step(event.index)
        else:
            self.notify("No questions in that step apply to your answers.", timeout=3)
            self._refresh_chrome()

    @on(NavButton.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(NavButton.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(ReviewPane.Edit)
    def _edit(self, event: ReviewPane.Edit) -> None:
        for i, section in enumerate(self.session.sections):
            if any(q.id == event.question_id for q in section.questions):
                self.show_step(i, focus=event.question_id)
                return

    def _finish(self) -> None:
        """The last step of an assessment: results, once every step is complete."""
        if not self._to_first_problem():
            self.post_message(self.Finished(self.session))

    # -- answers -------------------------------------------------------------------------------

    @on(QuestionField.Changed)
    def _answered(self, event: QuestionField.Changed) -> None:
        field = event.field
        q = field.question
        self._apply(self.session.set(q.id, event.value), typing_in=field)
        if field.has_class("-invalid") or field.typing_error:
            field.show_problem(self.session.problem(q))
        self.post_message(self.Changed(self.session))
        self._schedule_refresh()

    def _apply(self, changes: Changes, typing_in: QuestionField | None = None) -> None:
        """Show exactly what the engine says changed; the field being typed in is left be."""
        session = self.session
        for qid in changes.changed:
            field = self._fields.get(qid)
            if field is not None and field is not typing_in:
                field.set_value(session.answers.get(qid))
        if changes.visibility:
            for qid, field in self._fields.items():
                field.display = session.shown(qid)
        if changes.suggestions:
            for field in self._fields.values():
                if field.question.suggest_from:
                    field.set_suggestions(session.suggestions(field.question))

    def action_save(self) -> None:
        """Ask to save, once every answer is acceptable (else show the first problem)."""
        if not self._to_first_problem():
            self.post_message(self.SaveRequested(self.session))

    def action_leave(self) -> None:
        """Back to Home; the answers stay as a draft."""
        self.post_message(self.LeaveRequested(self.session))
