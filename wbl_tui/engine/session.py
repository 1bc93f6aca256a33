"""One set being answered in the TUI: its answers, steps, defaults, problems and progress.

Screens ask this object what to show and tell it what the user did; every decision
(visibility, validation, defaults, suggestions, scoring) stays in the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from wbl_tui.engine import answers_state as state
from wbl_tui.engine import flow
from wbl_tui.engine.answers_state import Changes, Source
from wbl_tui.engine.document import Attached, Document
from wbl_tui.model.answers_coerce import number_problem
from wbl_tui.model.disciplines import Catalogue, Discipline
from wbl_tui.model.questions import Answer, Option, Question, QuestionSet, Section

if TYPE_CHECKING:
    from wbl_tui.engine.scoring import Result  # (loaded when an assessment is scored)

StepState = Literal["new", "done", "problems", "skipped"]
Ids = set[str]  # inside Session, ``set`` is the method


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the user is: step k of n, and how many asked questions have an answer."""

    step: int
    steps: int
    answered: int
    asked: int


class Session:
    """The live state of one document being answered."""

    def __init__(
        self,
        doc: Document,
        catalogue: Catalogue,
        path: Path | None = None,
        *,
        session_id: str | None = None,
        step: int = 0,
        remembered: Mapping[str, Answer] | None = None,
    ) -> None:
        self.doc = doc
        # Answers to `remember` questions from the last save: defaults before the set's own.
        self.remembered: Mapping[str, Answer] = remembered or {}
        self.catalogue = catalogue
        self.path = path  # the saved answers file, once there is one
        # Steps with answers (a re-opened plan or a draft) count as visited.
        self.visited: set[str] = {
            s.id for s in doc.qset.sections if any(q.id in doc.answers for q in s.questions)
        }
        self.dirty = False
        self.id = session_id or state.new_id()
        self.step = step  # where the person is (the UI sets it as they move)
        self._entered: set[int] = set()  # steps reached, whose questions get defaults
        self._shown = flow.visibility(doc.qset, doc.answers)

    @cached_property
    def _assessment_view(self) -> dict[str, Any] | None:
        """The attached self-assessment's result, as defaults read it.

        Scored when first read: a re-opened plan's first question does not wait for it.
        """
        attached = self.doc.assessment
        if attached is None:
            return None
        return attached.result(self.catalogue).as_dict(attached.qset)

    # -- what the set asks ---------------------------------------------------------------------

    @property
    def extras(self) -> frozenset[str]:
        """Extra files chosen at the last save (kept in the answers file, written again)."""
        return self.doc.extras

    @extras.setter
    def extras(self, value: frozenset[str]) -> None:
        self.doc.extras = frozenset(value)

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

    def set(self, question_id: str, value: Answer) -> Changes:
        """The person typed or picked ``value``: it is 'entered' (an empty value: 'cleared').

        Defaults that follow earlier answers are worked out again; the result names every
        question whose value changed and whether the questions asked changed. A number
        that breaks the one rule for numbers (see ``parse_typed``) is not recorded.
        """
        doc = self.doc
        if _bad_number(value):
            return Changes()
        value = state.clean(value)
        before = doc.answers.get(question_id)
        if flow.is_empty(value):
            if question_id not in doc.answers:
                return Changes()  # nothing to clear
            del doc.answers[question_id]
            doc.cleared.add(question_id)
        else:
            if before == value and self.source(question_id) == "entered":
                return Changes()
            doc.answers[question_id] = value
            doc.cleared.discard(question_id)
        doc.defaults.discard(question_id)
        self.dirty = True
        return self._after({question_id} if before != doc.answers.get(question_id) else set())

    def enter_step(self, index: int) -> Changes:
        """The person reached step ``index``: its asked questions with no answer get defaults."""
        self._entered.add(index)
        changed = self._fill(self.asked_in(self.sections[index]))
        return self._after(changed) if changed else Changes()

    def source(self, question_id: str) -> Source:
        """Where the answer to ``question_id`` came from."""
        return state.source_of(self.doc, question_id)

    def title(self) -> str:
        """What names this plan or assessment: the set's ``title_from`` answers, else 'untitled'."""
        return " — ".join(state.title_parts(self.doc)) or "untitled"

    def _after(self, changed: Ids) -> Changes:
        """Defaults follow, newly asked questions of entered steps get theirs; what changed."""
        changed |= self._follow(changed)
        before = self._shown
        self._shown = flow.visibility(self.qset, self.doc.answers)
        seen = before
        for _ in range(len(self.sections) + 1):  # defaults of newly asked questions may ask more
            if self._shown == seen:
                break
            seen = self._shown
            filled = self._fill(
                q for i in sorted(self._entered) for q in self.asked_in(self.sections[i])
            )
            if not filled:
                break
            changed |= filled | self._follow(filled)
            self._shown = flow.visibility(self.qset, self.doc.answers)
        if changed:
            self.dirty = True
        return Changes(
            frozenset(changed),
            before != self._shown,
            bool(changed & state.suggestion_inputs(self.qset)),
        )

    def _fill(self, questions: Iterable[Question]) -> Ids:
        return state.fill(self.doc, questions, self._default, also=self.remembered.keys())

    def _follow(self, changed: Ids | None = None) -> Ids:
        return state.follow(self.doc, self._default, changed)

    def _default(self, q: Question) -> Answer:
        """The default of ``q`` now, if it is an acceptable answer; else None."""
        if q.id in self.remembered:
            value = self.remembered[q.id]
        else:
            value = flow.default_for(
                q, self.doc.answers, self.discipline, self._assessment_view, self.catalogue
            )
        if flow.is_empty(value) or flow.check(q, value, self.catalogue) is not None:
            return None
        return state.clean(value)

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
            # dict() copies in one step (safe while the UI thread edits); then the lists.
            return {k: list(v) if isinstance(v, list) else v for k, v in dict(answers).items()}

        attached = doc.assessment
        return Document(
            doc.qset,
            copied(doc.answers),
            Attached(attached.qset, copied(attached.answers)) if attached else None,
            doc.template,
            set(doc.defaults),
            set(doc.cleared),
            doc.extras,
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


def _bad_number(value: Answer) -> bool:
    """A number the answers file would refuse (the one rule for numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return number_problem(value) is not None
