"""Where each answer came from, and what a change to one answer changed.

An answer is *entered* (the person typed or picked it), a *default* (worked out from the
set's ``default``, and worked out again while the answers it reads change, until the
person edits it) or *cleared* (the person emptied it: it gets no default again). The
layers are copier's: defaults < saved < entered. The answers file keeps the default and
cleared ids under ``provenance:`` (CONTRACT.md), so this survives save and re-open.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from wbl_tui.engine import flow
from wbl_tui.engine.memo import by_identity
from wbl_tui.textsafe import one_line, plain

if TYPE_CHECKING:
    from wbl_tui.engine.document import Document
    from wbl_tui.model.questions import Answer, Question, QuestionSet

    Default = Callable[[Question], Answer]  # a question's default now (None: none acceptable)

Source = Literal["entered", "default", "cleared", "none"]


@dataclass(frozen=True, slots=True)
class Changes:
    """What one answer (or reaching a step) changed, so a screen updates just that.

    ``changed``: ids whose value changed, the answered one and any default that followed.
    ``visibility``: which questions are asked changed. ``suggestions``: an answer that
    suggestions depend on (discipline, stage) changed.
    """

    changed: frozenset[str] = frozenset()
    visibility: bool = False
    suggestions: bool = False

    def __bool__(self) -> bool:
        """Whether anything changed at all."""
        return bool(self.changed) or self.visibility or self.suggestions

    def __or__(self, other: Changes) -> Changes:
        """Both changes together."""
        return Changes(
            self.changed | other.changed,
            self.visibility or other.visibility,
            self.suggestions or other.suggestions,
        )


def new_id() -> str:
    """A new session id: sortable by start time, unique across processes."""
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"


def source_of(doc: Document, question_id: str) -> Source:
    """Where the answer to ``question_id`` in ``doc`` came from."""
    if question_id in doc.cleared:
        return "cleared"
    if question_id in doc.answers:
        return "default" if question_id in doc.defaults else "entered"
    return "none"


@by_identity(256)
def computed_defaults(qset: QuestionSet) -> tuple[Question, ...]:
    """The questions whose default is a template (it may read other answers), in order."""
    return tuple(q for q in qset.questions() if isinstance(q.default, str) and "{{" in q.default)


@by_identity(256)
def suggestion_inputs(qset: QuestionSet) -> frozenset[str]:
    """The questions whose answers decide catalogue suggestions (discipline, stage)."""
    return frozenset(q.id for q in qset.questions() if q.options_from is not None)


def title_parts(doc: Document) -> list[str]:
    """The answers to the set's ``title_from`` questions that are given, one line each."""
    parts = []
    for qid in doc.qset.title_from:
        value = doc.answers.get(qid)
        if not flow.is_empty(value):
            parts.append(one_line(value, 120))
    return parts


def fill(
    doc: Document, questions: Iterable[Question], default: Default, also: Container[str] = ()
) -> set[str]:
    """Give each question that has a default and no history (entered, cleared) its default.

    ``also``: ids that have one though the set gives none (a remembered answer).
    """
    filled = set()
    for q in questions:
        if (q.default is None and q.id not in also) or q.id in doc.answers or q.id in doc.cleared:
            continue
        if q.id in doc.defaults:
            continue  # follows already (its default is empty for now)
        doc.defaults.add(q.id)
        value = default(q)
        if value is not None:
            doc.answers[q.id] = value
            filled.add(q.id)
    return filled


@by_identity(256)
def default_inputs(qset: QuestionSet) -> dict[str, frozenset[str] | None]:
    """For each templated default, the answers it reads (None: it reads ``answers``, all)."""
    discipline = frozenset(q.id for q in qset.questions() if q.options_from == "disciplines")
    found: dict[str, frozenset[str] | None] = {}
    for q in computed_defaults(qset):
        assert isinstance(q.default, str)
        try:
            names = set(flow.template_names(q.default))
        except Exception:  # cannot tell what it reads: take it to read everything
            found[q.id] = None
            continue
        if "answers" in names:
            found[q.id] = None
            continue
        reads = {n for n in names if qset.question(n) is not None}
        found[q.id] = frozenset(reads | (discipline if "discipline" in names else set()))
    return found


def follow(doc: Document, default: Default, changed: set[str] | None = None) -> set[str]:
    """Work out again, in order, every default that reads other answers and was not edited.

    With ``changed``, only the defaults that read one of those answers (or one that
    followed) are worked out again.
    """
    inputs = default_inputs(doc.qset)
    seen = None if changed is None else set(changed)
    followed = set()
    for q in computed_defaults(doc.qset):
        if q.id not in doc.defaults:
            continue
        reads = inputs.get(q.id)
        if seen is not None and reads is not None and not reads & seen:
            continue
        value = default(q)
        if value != doc.answers.get(q.id):
            if value is None:
                doc.answers.pop(q.id, None)
            else:
                doc.answers[q.id] = value
            followed.add(q.id)
            if seen is not None:
                seen.add(q.id)
    return followed


def clean(value: Answer) -> Answer:
    """``value`` with escape sequences and control characters (not tab, newline) removed.

    Applied to text typed, pasted, read from a file or taken from a set's default.
    """
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def clean_answers(doc: Document) -> None:
    """Clean every text answer of an opened document (and its attached assessment)."""
    for answers in (doc.answers, doc.assessment.answers if doc.assessment else {}):
        for qid, value in answers.items():
            answers[qid] = clean(value)
