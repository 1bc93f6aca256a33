"""Issue 9: linear-time patterns, reserved question ids, a multichoice value picked once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wbl_tui.cli import main
from wbl_tui.engine import flow
from wbl_tui.errors import BadInput
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.pattern import matches, pattern_error
from wbl_tui.model.questions import QUESTION_ID, RESERVED_IDS, QuestionSet

MakeSet = Callable[..., QuestionSet]
SET_HEAD = """\
format: wbl-questions/1
id: t
version: 1.0.0
kind: plan
title: Test set
sections:
  - id: s
    title: S
    questions:
"""


def _one_question(make_set: MakeSet, question: str) -> QuestionSet:
    return make_set(f"sections:\n  - id: s\n    title: S\n    questions:\n      - {question}\n")


def test_a_catastrophic_pattern_is_decided_in_linear_time(
    make_set: MakeSet, catalogue: Catalogue
) -> None:
    # With Python's re, 30 characters of this would take minutes; RE2 answers at once.
    qset = _one_question(make_set, "{id: a, prompt: A, type: text, validate: {pattern: '(a+)+$'}}")
    q = qset.question("a")
    assert q is not None
    assert flow.check(q, "a" * 100_000 + "!", catalogue) is not None
    assert flow.check(q, "a" * 100_000, catalogue) is None


@pytest.mark.parametrize(
    ("pattern", "feature"),
    [
        (r"(\w+) \1", "backreference"),
        (r"(?P<x>a)(?P=x)", "backreference"),
        (r"(?=a)a", "lookaround"),
        (r"(?<!x)y", "lookaround"),
        (r"(?>a+)b", "atomic"),
        (r"a++", "possessive"),
    ],
)
def test_backtracking_only_features_are_refused(pattern: str, feature: str) -> None:
    error = pattern_error(pattern)
    assert error is not None and feature in error and "RE2" in error


def test_an_escaped_backslash_before_a_digit_is_no_backreference() -> None:
    assert pattern_error(r"\\1") is None
    assert matches(r"\\1", "\\1")


def test_common_patterns_still_work() -> None:
    assert matches(r"[A-Z]{2,4} ?\d{3}", "ESL 120")
    assert not matches(r"[A-Z]{2,4} ?\d{3}", "ESL 120x")  # the whole answer must match
    assert matches(r"(?i)esl", "ESL")
    assert matches(r"\pL+", "café")  # UTF-8 text; RE2's \w is ASCII only
    assert not matches(r"\w+", "café")


def test_a_bad_pattern_is_a_load_time_error_at_its_place(make_set: MakeSet) -> None:
    with pytest.raises(BadInput) as err:
        _one_question(make_set, "{id: a, prompt: A, type: text, validate: {pattern: '(?=x)'}}")
    problem = err.value.problems[0]
    assert (problem.line, problem.col) == (10, 60)
    assert "backtracking" in problem.message


@pytest.mark.parametrize("qid", sorted(RESERVED_IDS))
def test_reserved_ids_are_refused(make_set: MakeSet, qid: str) -> None:
    with pytest.raises(BadInput) as err:
        _one_question(make_set, f"{{id: {qid}, prompt: A, type: text}}")
    problem = err.value.problems[0]
    assert f"'{qid}'" in problem.message and (problem.line, problem.col) == (10, 14)


def test_every_attribute_of_the_answers_mapping_is_refused_by_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 9 F8: ``answers.popitem`` (or ``fromkeys``, ``__class__``) is the dict's own
    attribute, so a question with that id would silently hide answers."""
    names = [*sorted(n for n in dir({}) if QUESTION_ID.fullmatch(n)), "__anything_new__"]
    assert {"popitem", "fromkeys", "__class__", "items"} <= set(names)
    questions = "".join(f"      - {{id: {n}, prompt: A, type: text}}\n" for n in names)
    path = tmp_path / "s.yaml"
    path.write_text(SET_HEAD + questions, encoding="utf-8")
    assert main(["questions", "validate", str(path)]) == 2
    out = capsys.readouterr().out.splitlines()
    for line, name in enumerate(names, start=10):
        assert f"{path}:{line}:14: question id '{name}' is a name templates" in out[line - 10]
    assert len(out) == len(names)


def test_discipline_may_name_the_question_that_picks_from_the_catalogue(
    make_set: MakeSet,
) -> None:
    qset = _one_question(
        make_set, "{id: discipline, prompt: D, type: choice, options_from: disciplines}"
    )
    assert qset.question("discipline") is not None


MULTI = "{id: m, prompt: M, type: multichoice, options: [{value: a, label: Alpha}, {value: b, label: B}], validate: {min_items: 2}}"


def test_a_multichoice_value_listed_twice_is_a_bad_answer(
    make_set: MakeSet, catalogue: Catalogue
) -> None:
    q = _one_question(make_set, MULTI).question("m")
    assert q is not None
    assert "more than once" in (flow.check(q, ["a", "a"], catalogue) or "")
    assert flow.check(q, ["a", "b"], catalogue) is None


def test_a_templated_multichoice_default_lists_each_value_once(
    make_set: MakeSet, catalogue: Catalogue
) -> None:
    with_default = MULTI.replace("validate:", "default: '{{ \"a, a, b\" }}', validate:")
    m = _one_question(make_set, with_default).question("m")
    assert m is not None
    assert flow.default_for(m, {}, None, None, catalogue) == ["a", "b"]


def test_a_default_on_many_lines_that_is_no_option_is_one_line(make_set: MakeSet) -> None:
    """A broken templated default (no ``{{`` left) read as a fixed value: each problem stays
    one line (the fuzz of ``make bench`` found it quoted whole, newlines and all)."""
    with pytest.raises(BadInput) as err:
        _one_question(
            make_set,
            "{id: a, prompt: A, type: choice, options: [{value: x, label: X}, {value: y, label: Y}],"
            ' default: "{% if b %}\\nx\\n{% endif %}"}',
        )
    assert all("\n" not in str(p) for p in err.value.problems)
    assert "is not one of the options (x, y)" in err.value.problems[0].message
