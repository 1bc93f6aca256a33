"""Conditions and defaults decided without Jinja agree with the sandbox, always.

Random expressions over the plain subset (names, literals, comparisons, ``and``/``or``/
``not``, ``x if c else y``), with parts only Jinja reads (filters, attributes, calls,
arithmetic) mixed in, are decided both ways against random answers: same value, or both an
error. Every ``when`` and templated default of the built-in sets is checked the same way.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import TemplateSyntaxError

from wbl_tui.engine import flow
from wbl_tui.engine.filecache import load_parsed
from wbl_tui.engine.plain_when import (
    JINJA_GLOBALS,
    NotPlain,
    plain_expression,
    plain_template,
)
from wbl_tui.model.questions import QuestionSet
from wbl_tui.sandbox import expression_sandbox

ROOT = Path(__file__).resolve().parent.parent.parent
NAMES = ("stage", "skills", "size", "paid")
MANY = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

answer = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 30),
    st.sampled_from([0.5, -0.0, 2.0]),
    st.sampled_from(["", "for", "about", "a", "none", "x y"]),
    st.lists(st.sampled_from(["none", "teamwork", "for"]), max_size=3),
)
literal = st.one_of(
    st.sampled_from(
        ["'for'", '"about"', "''", "'none'", "0", "3", "-1", "2.5", "10", "true", "false"]
    ),
    st.sampled_from(["none", "True", "None", "[]", "['none']", "('a', 1)", "[1, [2]]"]),
)
# Parts only Jinja reads: the plain parts around them must still be decided alike.
jinja_only = st.sampled_from(
    [
        "skills | length",
        "stage.upper()",
        "size + 1",
        "'a' ~ stage",
        "stage is defined",
        "[stage]",
        "(skills or []) | reject('equalto', 'none') | list",
        "range(3)",
        "stage[0]",
        "1e3",
    ]
)


def _expression() -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(NAMES), literal, jinja_only)
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"])

    def grow(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda a, o, b: f"{a} {o} {b}", sub, ops, sub),
            st.builds(lambda a, b: f"({a} and {b})", sub, sub),
            st.builds(lambda a, b: f"({a} or {b})", sub, sub),
            st.builds(lambda a: f"not {a}", sub),
            st.builds(lambda a, c, b: f"({a} if {c} else {b})", sub, sub, sub),
            st.builds(lambda a, b: f"[{a}, {b}]", literal, literal),
        )

    return st.recursive(leaf, grow, max_leaves=8)


def _outcome(run: Any) -> Any:
    """The value (or "error"); NotPlain is let through: the plain side gave the case up."""
    try:
        value = run()
    except NotPlain:
        raise
    except Exception:
        return "error"
    try:
        return ("value", flow._frozen(value))
    except TypeError:  # range(3) and the like
        return ("value", type(value), repr(value))


@functools.cache
def _jinja_compiled(source: str) -> tuple[Any, set[str]]:
    env = expression_sandbox()
    return env.compile_expression(source), env.expression_names(source)[0]


def _jinja_expression(source: str, context: dict[str, Any]) -> Any:
    compiled, names = _jinja_compiled(source)
    return expression_sandbox().evaluate(compiled, {n: context[n] for n in names if n in context})


def _compiles(source: str) -> bool:
    try:
        expression_sandbox().compile_expression(source)
    except TemplateSyntaxError:
        return False
    return True


def _agree_on_expression(source: str, context: dict[str, Any]) -> None:
    plain = plain_expression(source)
    if plain is None:
        return
    if plain.complete:  # then it knows all it reads
        assert set(plain.names) == set(expression_sandbox().expression_names(source)[0])
    try:
        mine = _outcome(lambda: plain.evaluate(context))
    except NotPlain:
        return
    assert mine == _outcome(lambda: _jinja_expression(source, context)), source


@MANY
@given(source=_expression(), values=st.fixed_dictionaries({n: answer for n in NAMES}))
def test_plain_conditions_decide_as_jinja_does(source: str, values: dict[str, Any]) -> None:
    if _compiles(source):  # sets are parsed by Jinja when they load
        _agree_on_expression(source, values)


@MANY
@given(
    source=_expression(),
    values=st.fixed_dictionaries({n: answer for n in NAMES}),
    absent=st.sets(st.sampled_from(NAMES)),
)
def test_plain_defaults_render_as_jinja_does(
    source: str, values: dict[str, Any], absent: set[str]
) -> None:
    template = "{{ " + source + " }}"
    if not _compiles(source) or plain_template(template) is None:
        return
    answers = {k: v for k, v in values.items() if k not in absent}
    mine = _outcome(lambda: flow._rendered_default(template, answers, _given(answers)))
    context: dict[str, Any] = dict.fromkeys(flow.template_names(template), None)
    context.update(answers)
    context.update(_given(answers))
    env = expression_sandbox()
    assert mine == _outcome(lambda: env.render_bounded(env.from_string(template), context)), (
        template
    )


def _given(answers: dict[str, Any]) -> dict[str, Any]:
    return {"answers": dict(answers), "discipline": None, "assessment": None}


@functools.lru_cache(maxsize=1)
def _builtin_sets() -> list[QuestionSet]:
    sets = []
    for path in sorted((ROOT / "questions").glob("*.yaml")):
        parsed = load_parsed(path, None)
        if isinstance(parsed, QuestionSet):
            sets.append(parsed)
    return sets


@pytest.mark.parametrize("qset", _builtin_sets(), ids=lambda s: s.id)
def test_built_in_conditions_need_no_jinja(qset: QuestionSet) -> None:
    """What the first question waits for is decided in Python (start-up)."""
    conditions = [q.when for q in qset.questions() if q.when]
    assert conditions
    for source in conditions:
        plain = plain_expression(source)
        assert plain is not None and plain.complete, source


@settings(max_examples=150, deadline=None)
@given(values=st.fixed_dictionaries({n: answer for n in NAMES}))
def test_built_in_conditions_decide_as_jinja_does(values: dict[str, Any]) -> None:
    for qset in _builtin_sets():
        ids = [q.id for q in qset.questions()]
        context = {i: values[NAMES[k % len(NAMES)]] for k, i in enumerate(ids)}
        for source in [q.when for q in qset.questions() if q.when]:
            _agree_on_expression(source, context)


def test_what_only_jinja_reads_is_left_to_it() -> None:
    for source in ("skills | length > 0", "stage.upper() == 'FOR'"):
        with pytest.raises(NotPlain):
            plain_expression(source).evaluate({"skills": [], "stage": "for"})  # type: ignore[union-attr]
    partly = plain_expression("stage.upper() if paid else 'x'")
    assert partly is not None and not partly.complete
    assert partly.evaluate({"paid": False}) == "x"
    with pytest.raises(NotPlain):
        partly.evaluate({"paid": True})
    with pytest.raises(NotPlain):  # a name it was not given
        plain_expression("stage == 'for'").evaluate({})  # type: ignore[union-attr]
    for source in ("1e3 == x", "x == '\\n'", "x == 1_0", "x == 0x1", "x # note", "range == x"):
        plain = plain_expression(source)
        assert plain is None or not plain.complete, source
    assert plain_template("{{- x }}") is None
    assert plain_template("{{ x }} and {{ y }}") is None
    assert plain_template(" {{ x if y else '' }}\n") is not None


def test_the_globals_it_leaves_to_jinja_are_the_sandbox_s() -> None:
    assert set(expression_sandbox().globals) == JINJA_GLOBALS


@settings(max_examples=150, deadline=None)
@given(values=st.fixed_dictionaries({n: answer for n in NAMES}), attached=st.booleans())
def test_built_in_defaults_render_as_jinja_does(values: dict[str, Any], attached: bool) -> None:
    assessment = {"answers": {"course_title": "GEOG 105"}, "stage": "about"} if attached else None
    env = expression_sandbox()
    for qset in _builtin_sets():
        ids = [q.id for q in qset.questions()]
        answers = {i: values[NAMES[k % len(NAMES)]] for k, i in enumerate(ids)}
        given_ = {**_given(answers), "assessment": assessment}
        for q in qset.questions():
            if not (isinstance(q.default, str) and "{{" in q.default):
                continue
            source = q.default
            mine = _outcome(lambda: flow._rendered_default(source, answers, given_))  # noqa: B023
            context: dict[str, Any] = dict.fromkeys(flow.template_names(source), None)
            context.update(answers)
            context.update(given_)
            template = env.from_string(source)
            theirs = _outcome(lambda: env.render_bounded(template, context))  # noqa: B023
            assert mine == theirs, q.id


def test_the_first_step_of_each_built_in_set_needs_no_jinja() -> None:
    """Its defaults are filled before the first question is drawn."""
    for qset in _builtin_sets():
        for q in qset.sections[0].questions:
            if isinstance(q.default, str) and "{{" in q.default:
                assert plain_template(q.default) is not None, q.id
