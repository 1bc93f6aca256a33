"""What to ask and whether an answer is acceptable: pure functions over a set and answers.

The TUI and the headless renderer both decide through here, so an answers file is checked
exactly as the wizard checks what is typed.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wbl_tui.engine.memo import by_identity
from wbl_tui.engine.plain_when import NotPlain, plain_expression, plain_template
from wbl_tui.model.answers_coerce import NUMBER_RULE, number_problem
from wbl_tui.model.continuum import STAGES
from wbl_tui.model.disciplines import Catalogue, Discipline
from wbl_tui.model.pattern import matches
from wbl_tui.model.questions import Answer, Option, Question, QuestionSet

Answers = Mapping[str, Answer]

# What a failing expression may raise at run time: it then reads as false (or no default),
# or, in a tally, skips the plan. Anything at all (SPEC: "fails for any reason",
# MemoryError and RuntimeError included).
EXPRESSION_ERRORS: tuple[type[BaseException], ...] = (Exception,)


def expression_sandbox() -> Any:
    """The shared sandbox, imported on first use so that start-up does not load Jinja."""
    from wbl_tui.sandbox import expression_sandbox as shared

    return shared()


def _failed(exc: BaseException) -> bool:
    if isinstance(exc, EXPRESSION_ERRORS):
        return True
    from jinja2 import TemplateError

    return isinstance(exc, TemplateError)


@lru_cache(maxsize=4096)
def _compiled(source: str) -> tuple[Callable[..., Any], tuple[str, ...]]:
    """The compiled expression and the bare names it reads (so calls pass only those)."""
    env = expression_sandbox()
    bare, _ = env.expression_names(source)
    return env.compile_expression(source), tuple(sorted(bare))


_plain = lru_cache(maxsize=4096)(plain_expression)


def _names(source: str) -> tuple[str, ...]:
    """The bare names ``source`` reads (Jinja parses it only when it must)."""
    plain = _plain(source)
    return plain.names if plain is not None and plain.complete else _compiled(source)[1]


def evaluate(source: str, context: Mapping[str, Any]) -> Any:
    """Evaluate a ``when`` expression; an error at run time reads as false."""
    try:
        plain = _plain(source)
        if plain is not None:
            with contextlib.suppress(NotPlain):
                return plain.evaluate(context)
        compiled, names = _compiled(source)
        return expression_sandbox().evaluate(
            compiled, {n: context[n] for n in names if n in context}
        )
    except Exception as exc:
        if _failed(exc):
            return False
        raise


# A batch decides the same `when`s for every document, mostly from the same few answers.
# An expression sees only the names it reads, so its outcome is remembered per source and
# a snapshot of those values.
_HOLDS: dict[tuple[str, tuple[Any, ...]], bool] = {}
_HOLDS_MAX = 4096


def holds(source: str, context: Mapping[str, Any]) -> bool:
    """Whether a ``when`` expression is true (an error at run time reads as false)."""
    try:
        names = _names(source)
        key = (source, tuple((n, _frozen(context[n])) for n in names if n in context))
    except Exception:  # broken, or it reads something with no snapshot: just decide
        return bool(evaluate(source, context))
    known = _HOLDS.get(key)
    if known is None:
        known = bool(evaluate(source, context))
        if len(_HOLDS) >= _HOLDS_MAX:
            _HOLDS.clear()
        _HOLDS[key] = known
    return known


def _frozen(value: Any) -> Any:
    """A hashable snapshot of ``value`` keeping all an expression could tell apart.

    Types are kept (``True`` and ``1`` are equal keys but print differently), order is
    kept, and a float by its exact bits (``-0.0 == 0.0``). Anything but plain data raises
    TypeError: it may change without its hash changing.
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return (kind, value)
    if kind is float:
        return (kind, value.hex())
    if kind is list or kind is tuple:
        return (kind, tuple(_frozen(v) for v in value))
    if kind is dict:
        return (kind, tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    raise TypeError(f"no snapshot of {kind.__name__}")


def is_empty(value: Answer) -> bool:
    """True for an answer that says nothing: None, blank text, an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list) and not value


# -- which questions are asked ---------------------------------------------------------------


# Reading, checking, scoring and rendering a document each ask which questions are asked.
# The answer depends only on the answers the set's `when`s read, so it is remembered per
# set and a snapshot of those answers, taken on every call (answers edited in place are
# seen), and documents of a batch that differ only in what no `when` reads share it.
# Keyed by the set's identity: the set is kept in the value, so its id is not reused.
_SHOWN: dict[tuple[int, Any], tuple[QuestionSet, dict[str, bool]]] = {}
_SHOWN_MAX = 256


@by_identity(_SHOWN_MAX)
def _when_inputs(qset: QuestionSet) -> tuple[str, ...] | None:
    """The questions whose answers the set's `when`s read; None if one reads ``answers``."""
    names: set[str] | None = set()
    for q in qset.questions():
        if q.when is None or names is None:
            continue
        try:
            read = _names(q.when)
        except Exception:  # cannot tell what it reads: take it to read everything
            read = ("answers",)
        names = None if "answers" in read else names | set(read)
    return None if names is None else tuple(sorted(n for n in names if qset.question(n)))


def visibility(qset: QuestionSet, answers: Answers) -> dict[str, bool]:
    """Whether each question is asked, deciding in order; hidden ones read as none later."""
    inputs = _when_inputs(qset)
    try:
        if inputs is None:
            snapshot = _frozen(dict(answers))
        else:  # an absent answer and None read the same
            snapshot = tuple(_frozen(answers.get(n)) for n in inputs)
    except TypeError:  # an answer that is not plain data (not from a loaded file)
        return _visibility(qset, answers)
    key = (id(qset), snapshot)
    hit = _SHOWN.get(key)
    if hit is not None and hit[0] is qset:
        return dict(hit[1])
    shown = _visibility(qset, answers)
    if len(_SHOWN) >= _SHOWN_MAX:
        _SHOWN.clear()
    _SHOWN[key] = (qset, shown)
    return dict(shown)


def _visibility(qset: QuestionSet, answers: Answers) -> dict[str, bool]:
    seen: dict[str, Answer] = {q.id: None for q in qset.questions()}
    context: dict[str, Any] = dict(seen)
    context["answers"] = seen
    shown: dict[str, bool] = {}
    for q in qset.questions():
        ok = True if q.when is None else holds(q.when, context)
        shown[q.id] = ok
        if ok and not is_empty(answers.get(q.id)):
            seen[q.id] = answers[q.id]
            context[q.id] = answers[q.id]
    return shown


def asked(qset: QuestionSet, answers: Answers) -> list[Question]:
    """The questions that are asked, in order."""
    shown = visibility(qset, answers)
    return [q for q in qset.questions() if shown[q.id]]


def effective(qset: QuestionSet, answers: Answers) -> dict[str, Answer]:
    """The answers that count: to asked questions, not empty, in set order."""
    return {q.id: answers[q.id] for q in asked(qset, answers) if not is_empty(answers.get(q.id))}


# -- options, defaults, suggestions ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choices:
    """What a choice question offers: its options, and their values and labels for lookups."""

    options: tuple[Option, ...]
    values: frozenset[str]
    labels: Mapping[str, str]


# Checking and labelling each answer asks for a question's options: a catalogue's are built
# once per (question, catalogue).
@by_identity(4096)
def choices(q: Question, catalogue: Catalogue) -> Choices:
    """The options a choice question offers, from the set or from a catalogue."""
    if q.options_from == "disciplines":
        options = tuple(Option(d.id, d.name) for d in catalogue)
    elif q.options_from == "stages":
        options = tuple(Option(s.id, f"{s.label} ({s.short})") for s in STAGES)
    else:
        options = q.options
    return Choices(
        options, frozenset(o.value for o in options), {o.value: o.label for o in options}
    )


def options_for(q: Question, catalogue: Catalogue) -> tuple[Option, ...]:
    """The options a choice question offers, from the set or from a catalogue."""
    return choices(q, catalogue).options


def discipline_of(qset: QuestionSet, answers: Answers, catalogue: Catalogue) -> Discipline | None:
    """The catalogue entry of the answer to the set's discipline question, if any."""
    for q in qset.questions():
        if q.options_from == "disciplines":
            found = catalogue.get(answers.get(q.id))
            if found is not None:
                return found
    return None


def stage_of(qset: QuestionSet, answers: Answers) -> str | None:
    """The stage the answers chose (the question with ``options_from: stages``), if any."""
    for q in qset.questions():
        if q.options_from == "stages" and isinstance(answers.get(q.id), str):
            return str(answers[q.id])
    return None


def default_for(
    q: Question,
    answers: Answers,
    discipline: Discipline | None,
    assessment: Mapping[str, Any] | None,
    catalogue: Catalogue,
) -> Answer:
    """The default answer, with ``{{ … }}`` rendered and converted to the question's type."""
    if not (isinstance(q.default, str) and "{{" in q.default):
        return q.default
    given = {
        "answers": dict(answers),
        "discipline": discipline.as_dict() if discipline else None,
        "assessment": assessment,
    }
    try:
        text = _rendered_default(q.default, answers, given).strip()
    except Exception as exc:
        if _failed(exc):
            return None
        raise
    return _from_text(q, text, catalogue)


def _rendered_default(source: str, answers: Answers, given: dict[str, Any]) -> str:
    """A templated default's text; an unanswered question reads as none (as in a `when`)."""
    plain = _plain_default(source)
    if plain is not None:
        values = {n: given[n] if n in given else answers.get(n) for n in plain.names}
        with contextlib.suppress(NotPlain):
            return str(plain.evaluate(values))
    context: dict[str, Any] = dict.fromkeys(_question_ids(source), None)
    context.update(answers)
    context.update(given)
    env = expression_sandbox()
    return str(env.render_bounded(_template(source), context))


_plain_default = lru_cache(maxsize=1024)(plain_template)


@lru_cache(maxsize=1024)
def template_names(source: str) -> tuple[str, ...]:
    """The names a templated default reads: question ids, ``answers``, ``discipline``..."""
    plain = _plain_default(source)
    if plain is not None and plain.complete:
        return plain.names
    from jinja2.meta import find_undeclared_variables

    env = expression_sandbox()
    return tuple(sorted(set(find_undeclared_variables(env.parse(source))) - set(env.globals)))


def _question_ids(source: str) -> tuple[str, ...]:
    """The bare names a templated default reads (answers it reads may be missing)."""
    return tuple(n for n in template_names(source) if n not in _DEFAULT_CONTEXT)


_DEFAULT_CONTEXT = frozenset({"answers", "discipline", "assessment"})


@lru_cache(maxsize=1024)
def _template(source: str) -> Any:
    return expression_sandbox().from_string(source)


def _from_text(q: Question, text: str, catalogue: Catalogue) -> Answer:
    if not text:
        return None
    if q.type == "multichoice":
        allowed = choices(q, catalogue).values
        picked = (v for v in (p.strip() for p in text.split(",")) if v in allowed)
        return list(dict.fromkeys(picked)) or None  # each once, in order
    if q.type == "choice":
        return text if text in choices(q, catalogue).values else None
    if q.type == "boolean":
        return {"true": True, "false": False}.get(text.lower())
    if q.type in ("number", "scale"):
        try:
            number = float(text)
        except ValueError:
            return None
        return (
            int(number)
            if number.is_integer() and (q.type == "scale" or q.validate.integer)
            else number
        )
    return text


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Something the user can pick to fill a text field, then edit."""

    label: str
    text: str
    detail: str = ""


def suggestions_for(
    q: Question,
    qset: QuestionSet,
    answers: Answers,
    catalogue: Catalogue,
    fallback_stage: str | None = None,
) -> list[Suggestion]:
    """Catalogue suggestions for a text question with ``suggest_from``."""
    discipline = discipline_of(qset, answers, catalogue)
    if q.suggest_from is None or discipline is None:
        return []
    if q.suggest_from == "activities":
        stage = stage_of(qset, answers) or fallback_stage
        stages = [stage] if stage else [s.id for s in STAGES]
        return [
            Suggestion(
                a.title,
                # A title fills a one-line answer; a longer one gets what students do (the
                # plan names the activity already: no "Title: Students ..." echo).
                a.title if q.type == "text" else a.description,
                a.description,
            )
            for s in stages
            for a in discipline.activities.get(s, ())
        ]
    values: Iterable[str] = getattr(discipline, q.suggest_from)
    return [Suggestion(v, v) for v in values]


# -- validation -------------------------------------------------------------------------------


def check(q: Question, value: Answer, catalogue: Catalogue) -> str | None:
    """What is wrong with ``value`` as an answer to ``q``, in words for the user; else None."""
    if is_empty(value):
        return "This question needs an answer." if q.required else None
    v = q.validate
    if q.type in ("text", "textarea"):
        if not isinstance(value, str):
            return "Please type text here."
        length = len(value.strip())
        if v.min_length is not None and length < v.min_length:
            return f"Please write at least {v.min_length} characters (now {length})."
        if v.max_length is not None and length > v.max_length:
            return f"Please keep this to {v.max_length} characters (now {length})."
        if v.pattern is not None and not matches(v.pattern, value.strip()):
            return "This does not have the expected form" + (
                f" (e.g. {q.placeholder})." if q.placeholder else "."
            )
        return None
    if q.type in ("choice", "multichoice"):
        allowed = choices(q, catalogue).values
        chosen = value if isinstance(value, list) else [value]
        unknown = [str(c) for c in chosen if c not in allowed]
        if unknown:
            return f"'{unknown[0]}' is not one of the choices."
        if q.type == "multichoice":
            if not isinstance(value, list):
                return "Pick from the list."
            twice = _repeated(value)
            if twice is not None:
                return f"'{twice}' is picked more than once; pick each choice once."
            if v.min_items is not None and len(value) < v.min_items:
                return f"Pick at least {v.min_items}."
            if v.max_items is not None and len(value) > v.max_items:
                return f"Pick at most {v.max_items}."
            alone = [c for c in value if c in v.exclusive]
            if alone and len(value) > 1:
                label = choices(q, catalogue).labels.get(alone[0], alone[0])
                return f"'{label}' can't be picked together with other answers."
        return None
    if q.type == "boolean":
        return None if isinstance(value, bool) else "Answer yes or no."
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "Please enter a number."
    if number_problem(value):
        return _sentence(NUMBER_RULE)
    if q.type == "scale":
        low, high = q.range
        if not isinstance(value, int) or not low <= value <= high:
            return f"Pick a whole number from {low} to {high}."
        return None
    if v.integer and not float(value).is_integer():
        return "Please enter a whole number."
    if v.min is not None and value < v.min:
        return f"Please enter {_num(v.min)} or more."
    if v.max is not None and value > v.max:
        return f"Please enter {_num(v.max)} or less."
    return None


def _repeated(values: list[str]) -> str | None:
    """The first value that appears twice in ``values``, else None."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def problems(qset: QuestionSet, answers: Answers, catalogue: Catalogue) -> dict[str, str]:
    """Every asked question whose answer is not acceptable, with the reason."""
    found: dict[str, str] = {}
    for q in asked(qset, answers):
        message = check(q, answers.get(q.id), catalogue)
        if message:
            found[q.id] = message
    return found


def parse_typed(q: Question, text: str) -> tuple[Answer, str | None]:
    """Turn what was typed into a number field into a value (or say why not)."""
    text = text.strip()
    if not text:
        return None, None
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        return None, "Please enter a number, like 12 or 2.5."
    if not math.isfinite(number):
        return None, "Please enter a number, like 12 or 2.5."
    if number_problem(number):
        return None, _sentence(NUMBER_RULE)
    return (int(number) if number.is_integer() else number), None


def _sentence(rule: str) -> str:
    """A rule as the wizard shows it: capitalised, with a full stop."""
    return rule[:1].upper() + rule[1:] + "."
