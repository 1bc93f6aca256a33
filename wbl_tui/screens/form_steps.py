"""The form's steps: building their questions, checking them, the list and progress.

A part of :class:`~wbl_tui.screens.form.FormScreen` (a mixin, to keep each module short).
The step the person is on is composed with the screen; the others are mounted in the
background while the person reads, one at a time, so moving between steps is a style
change. Fields hold what they are told until they are composed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual import events
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from wbl_tui.engine.session import Session
from wbl_tui.screens.form_review import ReviewPane
from wbl_tui.widgets.nav_button import NavButton
from wbl_tui.widgets.question_field import QuestionField
from wbl_tui.widgets.step_list import StepList

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object

PREMOUNT_DELAY = 1.0  # seconds before the other steps start to be mounted in the background
PREMOUNT_EVERY = 0.2  # seconds between two of them, so typing stays smooth meanwhile


class StepsPart(_Base):
    """The steps' share of the form screen."""

    session: Session
    current: int
    is_plan: bool
    review_index: int | None
    _fields: dict[str, QuestionField]
    _built: set[int]
    _review: ReviewPane | None
    _sections: dict[int, Vertical]

    def show_step(self, index: int, focus: str | None = None, first: bool = False) -> None:
        raise NotImplementedError  # the screen's own

    def _new_fields(self, index: int, asked: int | None = None) -> Iterator[QuestionField]:
        """Fields of step ``index`` not built yet, from the answers as they are now.

        With ``asked``, only up to that many asked questions (the top of the step).
        """
        session = self.session
        for q in session.sections[index].questions:
            if q.id in self._fields:
                continue
            if asked is not None:
                if asked <= 0:
                    return
                asked -= session.shown(q.id)
            field = QuestionField(
                q,
                session.options(q),
                session.answers.get(q.id),
                session.suggestions(q) if q.suggest_from else (),
            )
            field.display = session.shown(q.id)
            self._fields[q.id] = field
            yield field
        self._built.add(index)

    def _focus_away(self, widget: Widget) -> None:
        """Put the cursor on ``widget`` now, and keep it there.

        A question (or the review) still being built when the person moved on must not
        take the cursor back once it is built: F4 then Down went to an answer.
        """
        for waiting in self._fields.values():
            waiting.drop_held("focus")
        if self._review is not None:
            self._review.drop_held("focus")
        self.set_focus(widget)

    def _build(self, index: int) -> None:
        # (The review, a plan's last step, has no questions: a draft may reopen there.)
        if index in self._built or index >= len(self.session.sections):
            return
        if not self.is_attached:  # the app is closing (a signal, Ctrl+Q): nothing to mount
            return
        if index in self._sections:
            self._sections[index].mount_all(list(self._new_fields(index)))
        else:
            section = self._section(index)
            section.display = index == self.current
            self.query_one("#form").mount(section)

    def _section(self, index: int, asked: int | None = None) -> Vertical:
        """A new container of step ``index``'s questions (``asked``: only the first few)."""
        section = Vertical(
            *self._new_fields(index, asked), id=f"section-{index}", classes="section"
        )
        self._sections[index] = section
        return section

    def _premount(self) -> None:
        """Mount one more step in the background, so that moving to it later is instant."""
        for i in range(len(self.session.sections)):
            if i not in self._built:
                self._build(i)
                self.set_timer(PREMOUNT_EVERY, self._premount)
                return
        # Every step is on screen now and stays so: move those thousands of objects out of
        # the garbage collector's sight, or each full collection stalls a frame ~0.1 s.
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # this screen's widgets may be collected again

    def _step_ok(self) -> bool:
        """Show the problems of this step; True when there are none."""
        self._build(self.current)  # its last questions may still be waiting for a frame
        session = self.session
        asked = session.asked_in(session.sections[self.current])
        problems = session.problems_in(session.sections[self.current])
        for q in asked:
            self._fields[q.id].show_problem(problems.get(q.id))
        bad = [q.id for q in asked if q.id in problems or self._fields[q.id].typing_error]
        if not bad:
            return True
        self._fields[bad[0]].focus_control()
        count = len(bad)
        self.notify(
            f"{count} answer{'s' if count > 1 else ''} on this step need{'s' if count == 1 else ''}"
            " attention.",
            severity="warning",
            timeout=4,
        )
        return False

    def _to_first_problem(self) -> bool:
        """Go to the first answer that needs attention; False when there is none."""
        problem = self.session.first_problem()
        if problem is None:
            return False
        index, qid = problem
        self.show_step(index, focus=qid)
        self._step_ok()
        return True

    def _refresh_chrome(self) -> None:
        session = self.session
        titles = [s.title for s in session.sections]
        states = [session.state(i) for i in range(len(titles))]
        if self.is_plan:
            titles.append("Review and save")
            states.append("new")
        self.query_one(StepList).show(titles, states, self.current)
        if self.current == self.review_index:
            text, next_label = "Review, then save", "Save plan…"
        else:
            p = session.progress(self.current)
            text = f"Step {p.step}/{p.steps} · {p.answered}/{p.asked} answered"
            last = session.next_step(self.current) is None
            next_label = "Next ▶" if not last else ("Review ▶" if self.is_plan else "See results ▶")
        self.query_one("#progress", Static).update(text)
        self.query_one("#next", NavButton).label = next_label
        self.query_one("#back", NavButton).disabled = session.next_step(self.current, -1) is None

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Say what is wrong with an answer when the person leaves it (not yet if empty)."""
        field = field_of(event.widget)
        if field is None or not self.session.shown(field.question.id):
            return
        value = self.session.answers.get(field.question.id)
        if value is not None or field.has_class("-invalid") or field.typing_error:
            field.show_problem(self.session.problem(field.question))

    # -- leaving -------------------------------------------------------------------------------

    def saved(self) -> None:
        """The app saved the session: redraw what depends on it."""
        if self.is_mounted:
            self._refresh_chrome()


def field_of(widget: Widget | None) -> QuestionField | None:
    """The question field ``widget`` is part of, if any."""
    while widget is not None and not isinstance(widget, QuestionField):
        parent = widget.parent
        widget = parent if isinstance(parent, Widget) else None
    return widget
