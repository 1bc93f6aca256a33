"""Answering a question set step by step: the self-assessment and the plan wizard.

Every step is mounted once and shown or hidden, so moving between steps is a style
change rather than a rebuild. The session (engine) decides what is asked and valid.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from wbl_tui.engine.document import Document
from wbl_tui.engine.render import display
from wbl_tui.engine.session import Session
from wbl_tui.errors import WblError
from wbl_tui.textsafe import one_line
from wbl_tui.widgets.key_footer import KeyFooter
from wbl_tui.widgets.plan_preview import PlanPreview, markdown_lines
from wbl_tui.widgets.prose import prose
from wbl_tui.widgets.question_field import QuestionField
from wbl_tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from wbl_tui.app import WblApp

WIDE = 120  # columns from which the preview sits beside the form
PREVIEW_DELAY = 0.3  # seconds of quiet before progress and preview are redrawn
PREMOUNT_DELAY = 1.5  # seconds before the other steps start to be mounted in the background
PREMOUNT_EVERY = 0.3  # seconds between two of them, so typing stays smooth meanwhile


class FormScreen(Screen[None]):
    """Steps at the side, the current step's questions, Back/Next, and a live preview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "back", "Back"),
        Binding("ctrl+n", "next", "Next"),
        Binding("f2", "toggle_preview", "Preview"),
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Home"),
    ]

    def __init__(self, session: Session, step: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.is_plan = session.qset.kind == "plan"
        self.review_index = len(session.sections) if self.is_plan else None
        self.current = step if step is not None else session.first_step()
        self.current = min(max(self.current, 0), len(session.sections) - (not self.is_plan))
        self.preview_on: bool | None = None  # None: decided by the width
        self._preview_timer: Timer | None = None
        self._fields: dict[str, QuestionField] = {}

    @property
    def wbl(self) -> WblApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        yield Header()
        with Horizontal(id="body"):
            yield StepList(id="steps")
            with Vertical(id="main"):
                yield Static(Content(one_line(session.qset.title)), id="set-title")
                yield Static("", id="step-title", markup=False)
                with VerticalScroll(id="form"):
                    yield Static("", id="step-intro")
                    # Steps are filled in when first shown (or while the user reads the
                    # first one): mounting every question up front takes seconds.
                    for i in range(len(session.sections)):
                        yield Vertical(id=f"section-{i}", classes="section")
                    if self.is_plan:
                        with Vertical(id="review", classes="section"):
                            yield Static("", id="review-summary", markup=False)
                            yield OptionList(id="review-list")
                with Horizontal(id="nav"):
                    yield Button("◀ Back", id="back")
                    yield Static("", id="progress", markup=False)
                    yield Button("Next ▶", id="next", variant="primary")
            yield PlanPreview(id="preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_step(self.current)
        self.update_preview()
        self.set_timer(PREMOUNT_DELAY, self._premount)

    def _mount_section(self, index: int) -> None:
        """Put the questions of step ``index`` on screen, once."""
        if self._step_built(index):
            return
        session = self.session
        fields = []
        for q in session.sections[index].questions:
            field = QuestionField(
                q,
                session.options(q),
                session.answers.get(q.id),
                session.suggestions(q) if q.suggest_from else (),
            )
            field.display = session.shown(q.id)
            self._fields[q.id] = field
            fields.append(field)
        self.query_one(f"#section-{index}", Vertical).mount_all(fields)

    def _step_built(self, index: int) -> bool:
        return bool(self.query_one(f"#section-{index}").children)

    def _premount(self) -> None:
        """Mount one more step in the background, so that moving to it later is instant."""
        for i in range(len(self.session.sections)):
            if not self._step_built(i):
                self._mount_section(i)
                self.set_timer(PREMOUNT_EVERY, self._premount)
                return
        # Every step is on screen now and stays so: move those thousands of objects out of
        # the garbage collector's sight, or each full collection stalls a frame ~0.1 s.
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # this screen's widgets may be collected again

    # -- moving between steps ------------------------------------------------------------------

    def show_step(self, index: int, focus: str | None = None) -> None:
        """Make step ``index`` the current one (the review step comes after the last)."""
        self.current = index
        if index != self.review_index:
            section = self.session.sections[index]
            filled = self.session.fill_defaults(section)
            if filled:
                self.wbl.changed(self.session, index)
            if self._step_built(index):
                for qid in filled:
                    self._fields[qid].set_value(self.session.answers.get(qid))
            else:
                self._mount_section(index)  # built with the defaults just filled
        for i in range(len(self.session.sections)):
            self.query_one(f"#section-{i}").display = i == index
        if self.is_plan:
            self.query_one("#review").display = index == self.review_index
        if index == self.review_index:
            self._show_review()
        else:
            section = self.session.sections[index]
            self._apply_visibility()
            self.query_one("#step-title", Static).update(one_line(section.title))
            intro = self.query_one("#step-intro", Static)
            intro.update(prose(section.intro or ""))
            intro.display = bool(section.intro)
        self.query_one("#form", VerticalScroll).scroll_home(animate=False)
        self._refresh_chrome()
        self.call_after_refresh(self._focus_on, focus)

    def _focus_on(self, focus: str | None) -> None:
        if focus and focus in self._fields:
            self._fields[focus].focus_control()
            self._fields[focus].scroll_visible(animate=False)
        else:
            self._focus_first()
            # Start at the top, so the step's introduction and first prompt are in view.
            self.query_one("#form", VerticalScroll).scroll_home(animate=False)

    def _focus_first(self) -> None:
        if self.current == self.review_index:
            self.query_one("#review-list").focus()
            return
        for q in self.session.asked_in(self.session.sections[self.current]):
            self._fields[q.id].focus_control(scroll=False)
            return
        self.query_one("#next").focus()

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
        """Go to the previous step (no checks: the user may be going back to fix it)."""
        start = self.current
        if start != self.review_index:
            self.session.visited.add(self.session.sections[start].id)
        previous = self.session.next_step(start, -1)
        if previous is not None:
            self.show_step(previous)

    @on(StepList.Jump)
    def _jump(self, event: StepList.Jump) -> None:
        if event.index == self.current:
            return
        if self.current != self.review_index:
            self.session.visited.add(self.session.sections[self.current].id)
        if event.index == self.review_index or not self.session.is_skipped(event.index):
            self.show_step(event.index)
        else:
            self.notify("No questions in that step apply to your answers.", timeout=3)
            self._refresh_chrome()

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    def _step_ok(self) -> bool:
        section = self.session.sections[self.current]
        problems = self.session.problems_in(section)
        typing = [q.id for q in self.session.asked_in(section) if self._fields[q.id].typing_error]
        for q in self.session.asked_in(section):
            self._fields[q.id].show_problem(problems.get(q.id))
        bad = [q.id for q in section.questions if q.id in problems or q.id in typing]
        if not bad:
            return True
        field = self._fields[bad[0]]
        field.focus_control()
        field.scroll_visible(animate=False)
        count = len(bad)
        self.notify(
            f"{count} answer{'s' if count > 1 else ''} on this step need{'s' if count == 1 else ''}"
            " attention.",
            severity="warning",
            timeout=4,
        )
        return False

    def _finish(self) -> None:
        """The last step of an assessment: results, once every step is complete."""
        problem = self.session.first_problem()
        if problem is not None:
            index, qid = problem
            self.show_step(index, focus=qid)
            self._step_ok()
            return
        self.wbl.show_results(self.session)

    # -- answers -------------------------------------------------------------------------------

    @on(QuestionField.Changed)
    def _answered(self, event: QuestionField.Changed) -> None:
        field = event.field
        q = field.question
        if self.session.set(q.id, event.value):
            self._apply_visibility()
        if field.has_class("-invalid") or field.typing_error:
            field.show_problem(self.session.problem(q))
        if q.options_from in ("disciplines", "stages") or q.id == "discipline":
            for other in self._fields.values():
                if other.question.suggest_from:
                    other.set_suggestions(self.session.suggestions(other.question))
        self.wbl.changed(self.session, self.current)
        self._schedule_refresh()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Say what is wrong with an answer when the user leaves it (not yet if empty)."""
        field = _field_of(event.widget)
        if field is None or not self.session.shown(field.question.id):
            return
        value = self.session.answers.get(field.question.id)
        if value is not None or field.has_class("-invalid") or field.typing_error:
            field.show_problem(self.session.problem(field.question))

    def _apply_visibility(self) -> None:
        for qid, field in self._fields.items():
            field.display = self.session.shown(qid)

    # -- chrome: step list, progress, review ---------------------------------------------------

    def _refresh_chrome(self) -> None:
        session = self.session
        titles = [s.title for s in session.sections]
        states = [session.state(i) for i in range(len(titles))]
        if self.is_plan:
            titles.append("Review and save")
            states.append("new")
        self.query_one(StepList).show(titles, states, self.current)
        if self.current == self.review_index:
            text = "Review, then save"
            next_label = "Save plan…"
        else:
            p = session.progress(self.current)
            text = f"Step {p.step}/{p.steps} · {p.answered}/{p.asked} answered"
            last = session.next_step(self.current) is None
            next_label = "Next ▶" if not last else ("Review ▶" if self.is_plan else "See results ▶")
        self.query_one("#progress", Static).update(text)
        self.query_one("#next", Button).label = next_label
        self.query_one("#back", Button).disabled = session.next_step(self.current, -1) is None

    def _show_review(self) -> None:
        session = self.session
        self.query_one("#step-title", Static).update("Review your answers")
        self.query_one("#step-intro", Static).display = False
        rows = session.review()
        missing = sum(1 for *_, problem in rows if problem)
        status = (
            f"{missing} answer{'s' if missing != 1 else ''} still need attention (marked !)."
            if missing
            else "Everything is answered."
        )
        self.query_one("#review-summary", Static).update(
            f"{status} Pick any answer to change it; choose Save plan when you are happy."
        )
        options = []
        for _section, q, value, problem in rows:
            shown = _as_text(display(q, value, session.catalogue))
            mark = "! " if problem else "  "
            prompt = Content.assemble(
                (mark + one_line(q.prompt, 90), "bold"),
                "\n    ",
                (one_line(shown or "— not answered", 160), "italic" if not shown else ""),
            )
            options.append(Option(prompt, id=f"edit-{q.id}"))
        review = self.query_one("#review-list", OptionList)
        review.set_options(options)

    @on(OptionList.OptionSelected, "#review-list")
    def _edit(self, event: OptionList.OptionSelected) -> None:
        qid = (event.option.id or "").removeprefix("edit-")
        for i, section in enumerate(self.session.sections):
            if any(q.id == qid for q in section.questions):
                self.show_step(i, focus=qid)
                return

    # -- preview -------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._layout(event.size.width)
        self.call_after_refresh(self._refresh_chrome)  # step titles fit the new width

    def _layout(self, width: int) -> None:
        wide = width >= WIDE
        show = self.preview_on if self.preview_on is not None else wide
        self.set_class(wide, "-wide")
        preview = self.query_one(PlanPreview)
        if show and not preview.display:  # it was not kept up to date while hidden
            preview.display = True
            self.update_preview()
        preview.display = show
        self.query_one("#main").display = wide or not show
        self.query_one("#steps").display = wide or not show

    def action_toggle_preview(self) -> None:
        """Show or hide the preview (beside the form when wide, instead of it when narrow)."""
        showing = self.query_one("#preview").display
        self.preview_on = not showing
        self._layout(self.size.width)
        if self.preview_on:
            self.query_one("#preview").focus()
        else:
            self._focus_first()

    def _schedule_refresh(self) -> None:
        """After a pause in typing: progress, step marks and the preview follow the answers."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, self._after_typing)

    def _after_typing(self) -> None:
        self._refresh_chrome()
        self.update_preview()

    def update_preview(self) -> None:
        """Render the document as it is now and show it, off the event loop."""
        preview = self.query_one(PlanPreview)
        if preview.display:
            self._render_preview(self.session.snapshot(), preview.line_width)

    @work(thread=True, exclusive=True, group="preview")
    def _render_preview(self, doc: Document, width: int) -> None:
        try:
            text = self.wbl.renderer.render(doc)
        except WblError as exc:
            text = f"*The preview cannot be shown yet:* {exc}"
        lines = markdown_lines(text, width)
        if not get_current_worker().is_cancelled:  # a newer snapshot is on its way
            self.app.call_from_thread(self.query_one(PlanPreview).show, text, lines, width)

    # -- leaving -------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save the plan (or the assessment's report) once it is complete."""
        problem = self.session.first_problem()
        if problem is not None:
            index, qid = problem
            self.show_step(index, focus=qid)
            self._step_ok()
            return
        self.wbl.ask_save(self.session)

    def action_leave(self) -> None:
        """Back to Home; the answers stay as a draft."""
        self.wbl.leave_session()

    def refresh_after_save(self) -> None:
        """Redraw what depends on the saved state."""
        self._refresh_chrome()


def _field_of(widget: Widget | None) -> QuestionField | None:
    while widget is not None and not isinstance(widget, QuestionField):
        parent = widget.parent
        widget = parent if isinstance(parent, Widget) else None
    return widget


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
