"""One set being answered in the TUI: its answers, steps, defaults, problems and progress.

Screens ask this object what to show and tell it what the user did; every decision
(visibility, validation, defaults, suggestions, scoring) stays in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from wbl_tui.engine import flow
from wbl_tui.engine.document import Attached, Document
from wbl_tui.engine.scoring import Result
from wbl_tui.model.disciplines import Catalogue, Discipline
from wbl_tui.model.questions import Answer, Option, Question, QuestionSet, Section

StepState = Literal["new", "done", "problems", "skipped"]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the user is: step k of n, and how many asked questions have an answer."""

    step: int
    steps: int
    answered: int
    asked: int


class Session:
    """The live state of one document being answered."""

    def __init__(self, doc: Document, catalogue: Catalogue, path: Path | None = None) -> None:
        self.doc = doc
        self.catalogue = catalogue
        self.path = path  # the saved answers file, once there is one
        # Steps with answers (a re-opened plan or a draft) count as visited.
        self.visited: set[str] = {
            s.id for s in doc.qset.sections if any(q.id in doc.answers for q in s.questions)
        }
        self.dirty = False
        # A question gets its default once; an answer the user cleared stays cleared.
        self._defaulted: set[str] = set(doc.answers)
        self._shown = flow.visibility(doc.qset, doc.answers)
        self._assessment_view: dict[str, Any] | None = None
        if doc.assessment is not None:
            attached = doc.assessment
            self._assessment_view = attached.result(catalogue).as_dict(attached.qset)

    # -- what the set asks ---------------------------------------------------------------------

    @property
    def qset(self) -> QuestionSet:
        """The set being answered."""
        return self.doc.qset

    @property
    def answers(self) -> dict[str, Answer]:
        """Every answer given so far, including ones to questions now hidden."""
        return self.doc.answers

    @property
    def sections(self) -> tuple[Section, ...]:
        """The set's sections (steps), in order."""
        return self.qset.sections

    def shown(self, question_id: str) -> bool:
        """Whether the question is asked, given the answers so far."""
        return self._shown.get(question_id, False)

    def asked_in(self, section: Section) -> list[Question]:
        """The questions of ``section`` that are asked now."""
        return [q for q in section.questions if self.shown(q.id)]

    def is_skipped(self, index: int) -> bool:
        """A step none of whose questions is asked."""
        return not self.asked_in(self.sections[index])

    def next_step(self, index: int, direction: int = 1) -> int | None:
        """The next step in ``direction`` that asks something, or None past either end."""
        i = index + direction
        while 0 <= i < len(self.sections):
            if not self.is_skipped(i):
                return i
            i += direction
        return None

    def first_step(self) -> int:
        """The first step that asks something."""
        found = self.next_step(-1)
        return 0 if found is None else found

    # -- answering -----------------------------------------------------------------------------

    def set(self, question_id: str, value: Answer) -> bool:
        """Record an answer; True when that changed which questions are asked."""
        if flow.is_empty(value):
            if self.doc.answers.pop(question_id, None) is None:
                return False
        elif self.doc.answers.get(question_id) == value:
            return False
        else:
            self.doc.answers[question_id] = value
        self._defaulted.add(question_id)
        self.dirty = True
        before = self._shown
        self._shown = flow.visibility(self.qset, self.doc.answers)
        return before != self._shown

    def fill_defaults(self, section: Section) -> list[str]:
        """Give each asked, unanswered question of ``section`` its default, once."""
        filled = []
        for q in self.asked_in(section):
            if q.id in self._defaulted:
                continue
            self._defaulted.add(q.id)
            if not flow.is_empty(self.doc.answers.get(q.id)):
                continue
            value = flow.default_for(
                q, self.doc.answers, self.discipline, self._assessment_view, self.catalogue
            )
            if not flow.is_empty(value) and flow.check(q, value, self.catalogue) is None:
                self.doc.answers[q.id] = value
                filled.append(q.id)
        if filled:
            self.dirty = True
            self._shown = flow.visibility(self.qset, self.doc.answers)
        return filled

    def options(self, q: Question) -> tuple[Option, ...]:
        """The choices a choice question offers."""
        return flow.options_for(q, self.catalogue)

    def suggestions(self, q: Question) -> list[flow.Suggestion]:
        """Catalogue suggestions for a text question (discipline and stage aware)."""
        fallback = None
        if self._assessment_view is not None:
            fallback = self._assessment_view.get("next_stage") or self._assessment_view.get("stage")
        return flow.suggestions_for(q, self.qset, self.doc.answers, self.catalogue, fallback)

    @property
    def discipline(self) -> Discipline | None:
        """The catalogue entry for the discipline answered, if any."""
        return flow.discipline_of(self.qset, self.doc.answers, self.catalogue)

    # -- checking ------------------------------------------------------------------------------

    def problem(self, q: Question) -> str | None:
        """What is wrong with the answer to ``q`` (None when fine or not asked)."""
        if not self.shown(q.id):
            return None
        return flow.check(q, self.doc.answers.get(q.id), self.catalogue)

    def problems_in(self, section: Section) -> dict[str, str]:
        """The asked questions of ``section`` whose answers are not acceptable."""
        found = {}
        for q in self.asked_in(section):
            message = self.problem(q)
            if message:
                found[q.id] = message
        return found

    def first_problem(self) -> tuple[int, str] | None:
        """The first step and question, in order, that still needs attention."""
        for i, section in enumerate(self.sections):
            for qid in self.problems_in(section):
                return i, qid
        return None

    def state(self, index: int) -> StepState:
        """How a step looks in the step list."""
        section = self.sections[index]
        if self.is_skipped(index):
            return "skipped"
        if section.id not in self.visited:
            return "new"
        return "problems" if self.problems_in(section) else "done"

    def progress(self, index: int) -> Progress:
        """Step ``index`` of the steps that ask something, and answers given."""
        live = [i for i in range(len(self.sections)) if not self.is_skipped(i)]
        asked = flow.asked(self.qset, self.doc.answers)
        answered = sum(1 for q in asked if not flow.is_empty(self.doc.answers.get(q.id)))
        step = live.index(index) + 1 if index in live else 0
        return Progress(step, len(live), answered, len(asked))

    def snapshot(self) -> Document:
        """A copy of the document as it is now, safe to render in another thread.

        The user goes on answering meanwhile; lists are copied too, as a multichoice
        answer may be edited in place.
        """
        doc = self.doc

        def copied(answers: dict[str, Answer]) -> dict[str, Answer]:
            return {k: list(v) if isinstance(v, list) else v for k, v in answers.items()}

        attached = doc.assessment
        return Document(
            doc.qset,
            copied(doc.answers),
            Attached(attached.qset, copied(attached.answers)) if attached else None,
            doc.template,
        )

    # -- results -------------------------------------------------------------------------------

    def result(self) -> Result | None:
        """Scores and placement: this set's own (assessment) or the attached one's."""
        return self.doc.result(self.catalogue)

    def attached(self) -> Attached:
        """The answers of this assessment, to attach to a new plan."""
        return Attached(self.qset, flow.effective(self.qset, self.doc.answers))

    def review(self) -> list[tuple[Section, Question, Answer, str | None]]:
        """Every asked question with its answer and any problem, for the review step."""
        return [
            (section, q, self.doc.answers.get(q.id), self.problem(q))
            for section in self.sections
            for q in self.asked_in(section)
        ]
