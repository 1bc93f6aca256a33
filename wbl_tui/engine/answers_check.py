"""Check an answers file's answers against their set, all at once, as a person would want.

Every problem is collected (a person fixes them in one go, not one per run); a question
that is asked, unanswered and has a default takes it, as in the wizard; an option's label
written where its value belongs gets "did you mean 'VALUE'?"; a file written for another
major version of its set is refused, naming both versions.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wbl_tui.engine import flow
from wbl_tui.errors import Problem
from wbl_tui.model.answers import RawAnswers
from wbl_tui.model.answers_coerce import coerce_answer
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import Answer, Question, QuestionSet
from wbl_tui.model.reader import did_you_mean
from wbl_tui.model.yamlnodes import Node, Sequence

# The attached self-assessment's result as defaults see it; asked for only when needed.
AssessmentView = Callable[[], Mapping[str, Any] | None]


def major(version: str) -> str:
    """The major part of a version: ``1`` for ``1.0``, ``1.2.3`` and ``v1.4``."""
    return version.strip().lstrip("vV").split(".", 1)[0].strip()


def version_problem(
    raw: RawAnswers, qset: QuestionSet, path: Path, part: str = ""
) -> Problem | None:
    """A problem, at the version written, when it is not for this major version of the set.

    ``part`` is ``"assessment: "`` for the attached self-assessment's block.
    """
    wanted = raw.set_ref.version
    if major(wanted) == major(qset.version):
        return None
    if not major(wanted).isdigit():
        message = (
            f"{part}question_set version '{wanted}' is not a version number: write the "
            f"version of {qset.id} the answers were written for (installed: {qset.version})"
        )
    else:
        advice = (
            "or take the 'assessment:' block out (the plan is rendered without it)"
            if part
            else f"or start a new answers file with 'wbl-tui answers new {qset.id}'"
        )
        message = (
            f"{part}written for {qset.id} version {wanted}, but the installed set is version "
            f"{qset.version} (another major version: its questions may have changed "
            f"meaning); install {qset.id} {major(wanted)}.x {advice}"
        )
    at = raw.version_at
    return at.problem(message) if at is not None else Problem(str(path), message)


def check_answers(
    qset: QuestionSet,
    raw: RawAnswers,
    catalogue: Catalogue,
    path: Path,
    *,
    strict: bool,
    assessment: AssessmentView = lambda: None,
    part: str = "",
    cleared: frozenset[str] = frozenset(),
    unavailable: frozenset[str] = frozenset(),
) -> tuple[dict[str, Answer], list[Problem]]:
    """The typed answers and every problem with them.

    Not ``strict`` (a draft being re-opened): only the types are checked and no default
    is filled in, so the wizard can still ask. ``strict`` (rendering, counting): defaults
    are applied (not to answers the person ``cleared``) and every asked question is
    checked as the wizard checks it. An empty answer whose default reads a wrong answer,
    or a name in ``unavailable`` (``assessment`` when the attached one has problems), is
    not reported: it takes its default once that is fixed.
    """
    problems: list[Problem] = []
    answers: dict[str, Answer] = {}
    unreadable: set[str] = set()  # answers already reported as the wrong type
    ids = [q.id for q in qset.questions()]
    for qid, node in raw.nodes.items():
        q = qset.question(qid)
        if q is None:
            problems.append(
                node.problem(f"'{qid}' is not a question of {qset.ref}{did_you_mean(qid, ids)}")
            )
            continue
        value, error = coerce_answer(q, node, repeats_ok=strict)
        if error:
            problems.append(node.problem(error))
            unreadable.add(qid)
        elif value is not None:
            answers[qid] = value
    if strict:
        apply_defaults(qset, answers, catalogue, assessment, skip=unreadable | cleared)
        found = flow.problems(qset, answers, catalogue)
        # answers that are there but wrong: a default that reads one was not worked out
        wrong = unreadable | {qid for qid in found if not flow.is_empty(answers.get(qid))}
        waiting = blocked_defaults(qset, answers, wrong, unavailable)
        for qid, message in found.items():
            if qid in unreadable or qid in waiting:
                continue
            q = qset.question(qid)
            assert q is not None
            at = raw.nodes.get(qid)
            items = list_problems(q, at, answers.get(qid), catalogue)
            if items:  # each bad item of a list at its own place, all in this run
                problems += [node.problem(f"{part}{qid}: {text}") for node, text in items]
                continue
            text = f"{part}{qid}: {message}"
            hint = label_hint(q, answers.get(qid), catalogue)
            if hint:
                text = f"{text.rstrip('.')} (did you mean '{hint}'?)"
            problems.append(at.problem(text) if at is not None else Problem(str(path), text))
    return answers, problems


def apply_defaults(
    qset: QuestionSet,
    answers: dict[str, Answer],
    catalogue: Catalogue,
    assessment: AssessmentView = lambda: None,
    skip: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """Give each asked, unanswered question its default, in order, as the wizard does.

    A default is taken only when it is an acceptable answer; ``answers`` is changed in
    place, and the ids that took a default are returned.
    """
    filled: list[str] = []
    shown = flow.visibility(qset, answers)
    view: list[Mapping[str, Any] | None] = []  # worked out once, on first need
    for q in qset.questions():
        if q.default is None or not shown.get(q.id) or q.id in skip:
            continue
        if not flow.is_empty(answers.get(q.id)):
            continue
        if not view and _templated(q):
            view.append(assessment())
        value = flow.default_for(
            q,
            answers,
            flow.discipline_of(qset, answers, catalogue),
            view[0] if view else None,
            catalogue,
        )
        if flow.is_empty(value) or flow.check(q, value, catalogue) is not None:
            continue
        answers[q.id] = value
        filled.append(q.id)
        shown = flow.visibility(qset, answers)
    return filled


def blocked_defaults(
    qset: QuestionSet,
    answers: Mapping[str, Answer],
    wrong: set[str],
    unavailable: frozenset[str] = frozenset(),
) -> set[str]:
    """Unanswered questions whose default could not be worked out from ``wrong`` answers.

    A templated default that reads a wrong answer (``discipline`` reads the discipline
    question, ``answers`` reads them all) or an ``unavailable`` name, directly or through
    another such default, is blocked until that answer is fixed.
    """
    if not wrong and not unavailable:
        return set()
    topic = next((q.id for q in qset.questions() if q.options_from == "disciplines"), None)
    blocked: set[str] = set()
    for q in qset.questions():
        if not _templated(q) or not flow.is_empty(answers.get(q.id)):
            continue
        assert isinstance(q.default, str)
        names = set(flow.template_names(q.default))
        if topic and "discipline" in names:
            names.add(topic)
        stuck = wrong | blocked
        if names & (stuck | unavailable) or ("answers" in names and stuck):
            blocked.add(q.id)
    return blocked


def _templated(q: Question) -> bool:
    return isinstance(q.default, str) and "{{" in q.default


def list_problems(
    q: Question, node: Node | None, value: Answer, catalogue: Catalogue
) -> list[tuple[Node, str]]:
    """What is wrong with each item of a multichoice answer, at the item, all at once.

    Every value that is not a choice (with "did you mean" for a label) and every value
    listed again; then what is still wrong with the list the person meant (the hinted
    values, each once), such as "Pick at most 3.". Empty when every item is a choice
    listed once: the list's own rules are then checked as usual.
    """
    if not (isinstance(node, Sequence) and isinstance(value, list) and q.type == "multichoice"):
        return []
    if len(node.items) != len(value):
        return []
    allowed = flow.choices(q, catalogue).values
    found: list[tuple[Node, str]] = []
    seen: set[str] = set()
    meant: dict[str, None] = {}
    for item, given in zip(node.items, value, strict=True):
        if given in seen:
            found.append((item, f"'{given}' is picked more than once; pick each choice once."))
        elif given not in allowed:
            hint = label_hint(q, given, catalogue)
            found.append((item, f"'{given}' is not one of the choices" + _hint_text(hint)))
            if hint:
                meant[hint] = None
        else:
            meant[str(given)] = None
        seen.add(str(given))
    rest = flow.check(q, list(meant), catalogue) if found and meant else None
    return [*found, (node, rest)] if rest else found


def _hint_text(hint: str | None) -> str:
    return f" (did you mean '{hint}'?)" if hint else "."


def label_hint(q: Question, value: Answer, catalogue: Catalogue) -> str | None:
    """The option value meant, when a choice answer names an option by its label."""
    if not q.has_choices or value is None:
        return None
    options = flow.options_for(q, catalogue)
    known = {o.value for o in options}
    for given in value if isinstance(value, list) else [value]:
        if not isinstance(given, str) or given in known:
            continue
        wanted = given.strip().casefold()
        for o in options:
            if wanted in (o.label.strip().casefold(), o.value.casefold()):
                return o.value
        by_label = {o.label: o.value for o in options}
        close = difflib.get_close_matches(given, [*by_label, *known], n=1, cutoff=0.6)
        if close:
            return by_label.get(close[0], close[0])
    return None
