"""Answers files: their shape, and each answer read as the type its question asks for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wbl_tui.errors import BadInput
from wbl_tui.model.answers import SetRef, load_answers_file
from wbl_tui.model.answers_coerce import NUMBER_RULE, coerce_answer
from wbl_tui.model.questions import QuestionSet
from wbl_tui.model.yamlnodes import Mapping, Scalar, load_text

MakeSet = Callable[..., QuestionSet]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "a.answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(BadInput) as exc:
        load_answers_file(path)
    return [str(p) for p in exc.value.problems]


def test_a_full_answers_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "format: wbl-answers/1\n"
        "question_set: {id: wbl-lesson-plan, version: 1.0.0}\n"
        "template: partner_brief.md.j2\n"
        "saved: 2026-11-22T10:31:00Z\n"
        "answers: {course_title: ESL 120, skills: [teamwork]}\n"
        "assessment:\n"
        "  question_set: {id: continuum-self-assessment, version: 1.0.0}\n"
        "  answers: {deepest: hear}\n",
    )
    data = load_answers_file(path)
    assert data.path == path
    assert data.main.set_ref == SetRef("wbl-lesson-plan", "1.0.0")
    assert list(data.main.nodes) == ["course_title", "skills"]
    title = data.main.nodes["course_title"]
    assert isinstance(title, Scalar) and (title.line, title.col) == (5, 25)
    assert data.template == "partner_brief.md.j2" and data.saved == "2026-11-22T10:31:00Z"
    assert data.assessment is not None
    assert data.assessment.set_ref.id == "continuum-self-assessment"
    assert list(data.assessment.nodes) == ["deepest"]


def test_empty_answers_and_no_assessment(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers:\n"
    )
    data = load_answers_file(path)
    assert data.main.nodes == {} and data.assessment is None and data.template is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "format: wbl-answers/2\nquestion_set: {id: x, version: '1'}\nanswers: {}\n",
            "1:9: format must be 'wbl-answers/1'",
        ),
        (
            "format: wbl-answers/1\nanswers: {}\n",
            "1:1: the answers file is missing the required key 'question_set'",
        ),
        (
            "format: wbl-answers/1\nquestion_set: {id: x}\nanswers: {}\n",
            "2:15: question_set is missing the required key 'version'",
        ),
        (
            "format: wbl-answers/1\nquestion_set: {id: X Y, version: '1'}\nanswers: {}\n",
            "2:20: question_set id 'X Y' is not valid",
        ),
        (
            "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers: [a, b]\n",
            "3:10: answers in the answers file must be a mapping",
        ),
        (
            "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers: {}\nscore: {for: 100}\n",
            "4:1: unknown key 'score' in the answers file",
        ),
        (
            "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers: {}\nassessment: {answers: {}}\n",
            "4:13: assessment is missing the required key 'question_set'",
        ),
        (
            "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers: {}\nassessment:\n  question_set: {id: y, version: '1'}\n  answers: {}\n  stage: for\n",
            "7:3: unknown key 'stage' in assessment",
        ),
        (  # with another problem of the file's shape, a key given twice is named too
            "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers: {a: 1, a: 2}\n"
            "score: 1\n",
            "3:17: duplicate key 'a'",
        ),
    ],
)
def test_shape_mistakes(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    problems = _problems(path)
    assert any(p.startswith(f"{path}:{expected}") for p in problems), problems


def test_a_key_given_twice_is_a_problem_that_does_not_stop_reading(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "format: wbl-answers/1\nquestion_set: {id: x, version: '1'}\nanswers: {a: 1, a: 2, b: 3}\n",
    )
    data = load_answers_file(path)
    assert [str(p) for p in data.problems] == [f"{path}:3:17: duplicate key 'a'"]
    first = data.main.nodes["a"]
    assert isinstance(first, Scalar) and first.text == "1"  # the first is read
    assert list(data.main.nodes) == ["a", "b"]


# -- coercion ---------------------------------------------------------------------------------

SET = """\
sections:
  - id: s
    title: S
    questions:
      - {id: text, prompt: T, type: text}
      - {id: choice, prompt: C, type: choice, options: [{value: '1', label: One}]}
      - {id: multi, prompt: M, type: multichoice, options: [{value: a, label: A}]}
      - {id: flag, prompt: F, type: boolean}
      - {id: count, prompt: N, type: number}
      - {id: level, prompt: L, type: scale}
"""


@pytest.mark.parametrize(
    ("qid", "written", "value", "error"),
    [
        ("text", "no", "no", None),
        ("text", "0123", "0123", None),
        ("text", "12:30", "12:30", None),
        ("text", "'  spaced '", "  spaced ", None),
        ("text", "[a]", None, "'text' must be text, not a list"),
        ("text", "~", None, None),
        ("choice", "1", "1", None),  # a value is matched as text, whatever it looks like
        ("multi", "[a, '1', no]", ["a", "1", "no"], None),
        ("multi", "a", None, "'multi' must be a list of option values"),
        ("multi", "[[a]]", None, "'multi' must be a list of option values"),
        ("flag", "true", True, None),
        ("flag", "False", False, None),
        ("flag", "no", None, "'flag' must be true or false"),
        ("flag", "'true'", None, "'flag' must be true or false"),
        ("count", "12", 12, None),
        ("count", "-2.5", -2.5, None),
        ("count", "1e3", 1000.0, None),
        ("count", "'12'", None, "'count' must be a number"),
        ("count", "0x1F", None, "'count' must be a number"),
        ("count", "9" * 5000, None, f"'count': {NUMBER_RULE}"),
        ("count", "1000000000000000", None, f"'count': {NUMBER_RULE}"),
        ("count", "-1e15", None, f"'count': {NUMBER_RULE}"),
        ("count", "999999999999999", 999999999999999, None),
        ("level", "4", 4, None),
        ("level", "4.5", None, "'level' must be a whole number"),
        ("level", ".inf", None, "'level' must be a number"),
    ],
)
def test_coerce_answer(
    make_set: MakeSet, qid: str, written: str, value: object, error: str | None
) -> None:
    q = make_set(SET).question(qid)
    assert q is not None
    root = load_text(f"v: {written}\n", "a.yaml")
    assert isinstance(root, Mapping)
    node = root.get("v")
    assert node is not None
    got, problem = coerce_answer(q, node)
    assert (got, problem) == (value, error)
    assert type(got) is type(value)
