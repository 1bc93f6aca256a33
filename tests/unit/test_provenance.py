"""Answers remember where they came from: entered, default (following its inputs), cleared."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document, dump_document, read_document
from wbl_tui.engine.library import Library
from wbl_tui.engine.session import Session
from wbl_tui.errors import BadInput
from wbl_tui.model.answers_coerce import NUMBER_LIMIT, NUMBER_RULE
from wbl_tui.paths import make_settings


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(make_settings(env={"WBL_TUI_DATA_DIR": "/nonexistent", "HOME": "/nonexistent"}))


def _plan(library: Library) -> Session:
    return Session(Document(library.find_set("wbl-lesson-plan")), library.catalogue)


def _step_of(session: Session, qid: str) -> int:
    return next(i for i, s in enumerate(session.sections) if any(q.id == qid for q in s.questions))


def _reopen(session: Session, library: Library, tmp_path: Path) -> Session:
    path = tmp_path / "p.answers.yaml"
    path.write_text(dump_document(session.snapshot()), encoding="utf-8")
    return Session(read_document(path, library, strict=False), library.catalogue, path)


def test_an_untouched_default_follows_the_answer_it_reads(library: Library) -> None:
    s = _plan(library)
    s.enter_step(0)
    s.set("class_size", 24)
    changes = s.enter_step(_step_of(s, "opportunities"))
    assert "opportunities" in changes.changed
    assert s.answers["opportunities"] == 24 and s.source("opportunities") == "default"
    changes = s.set("class_size", 28)
    assert changes.changed == {"class_size", "opportunities"}
    assert s.answers["opportunities"] == 28
    # Once the person edits it, it is theirs.
    s.set("opportunities", 30)
    assert s.source("opportunities") == "entered"
    assert s.set("class_size", 12).changed == {"class_size"}
    assert s.answers["opportunities"] == 30


def test_a_default_choice_is_worked_out_again(library: Library) -> None:
    s = _plan(library)
    s.enter_step(0)
    s.set("minors", True)
    s.set("setting", "off_site")  # minors off site: a signed agreement by default
    s.enter_step(_step_of(s, "agreement"))
    assert s.answers["agreement"] == "mou" and s.source("agreement") == "default"
    changes = s.set("minors", False)
    assert "agreement" in changes.changed and changes.visibility  # minors' questions hide
    assert s.answers["agreement"] == "written_plan"


def test_a_cleared_answer_stays_cleared_after_save_and_reopen(
    library: Library, tmp_path: Path
) -> None:
    s = _plan(library)
    s.set("class_size", 24)
    s.enter_step(_step_of(s, "opportunities"))
    assert s.answers["opportunities"] == 24
    changes = s.set("opportunities", None)
    assert changes.changed == {"opportunities"} and s.source("opportunities") == "cleared"
    again = _reopen(s, library, tmp_path)
    assert again.source("opportunities") == "cleared"
    again.enter_step(_step_of(again, "opportunities"))
    again.set("class_size", 30)
    assert "opportunities" not in again.answers


def test_a_default_keeps_following_after_save_and_reopen(library: Library, tmp_path: Path) -> None:
    s = _plan(library)
    s.set("class_size", 24)
    s.enter_step(_step_of(s, "opportunities"))
    s.set("course_title", "GEOG 150")
    again = _reopen(s, library, tmp_path)
    assert again.source("opportunities") == "default"
    assert again.source("course_title") == "entered"
    assert again.set("class_size", 28).changed == {"class_size", "opportunities"}


def test_an_empty_default_follows_once_its_input_is_given(library: Library) -> None:
    s = _plan(library)
    s.enter_step(_step_of(s, "opportunities"))
    assert "opportunities" not in s.answers and s.source("opportunities") == "none"
    assert s.set("class_size", 20).changed == {"class_size", "opportunities"}
    assert s.answers["opportunities"] == 20


def test_old_answers_files_read_as_entered(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "old.answers.yaml"
    path.write_text(
        "format: wbl-answers/1\nquestion_set: {id: wbl-lesson-plan, version: 1.0.0}\n"
        "answers: {class_size: 24, opportunities: 24}\n",
        encoding="utf-8",
    )
    s = Session(read_document(path, library, strict=False), library.catalogue, path)
    assert s.source("opportunities") == "entered"
    assert s.set("class_size", 28).changed == {"class_size"}


def test_the_provenance_key_in_the_answers_file(library: Library) -> None:
    s = _plan(library)
    s.set("class_size", 24)
    s.enter_step(_step_of(s, "opportunities"))
    s.set("course_title", "x")
    s.set("course_title", "")
    text = dump_document(s.snapshot())
    assert "provenance:\n  defaults:\n" in text and "  - opportunities\n" in text
    assert "  cleared:\n  - course_title\n" in text


def test_nothing_said_about_an_empty_field_is_not_a_clearing(library: Library) -> None:
    s = _plan(library)
    assert s.set("opportunities", None) == s.set("opportunities", "")
    assert s.source("opportunities") == "none" and not s.dirty


def test_changes_say_when_suggestions_change(library: Library) -> None:
    s = _plan(library)
    assert s.set("discipline", "geography").suggestions
    assert not s.set("course_title", "GEOG").suggestions


def test_title_comes_from_the_sets_title_from(library: Library) -> None:
    s = _plan(library)
    assert s.title() == "untitled"
    s.set("course_title", "GEOG 150")
    s.set("activity_title", "Mapping day")
    assert s.title() == "GEOG 150 — Mapping day"


# -- one rule for numbers -------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1000000000000000", "-1e15", "1e300", "99999999999999999999"])
def test_typed_numbers_too_large_are_refused_like_in_a_file(library: Library, typed: str) -> None:
    q = library.find_set("wbl-lesson-plan").question("class_size")
    assert q is not None
    value, problem = flow.parse_typed(q, typed)
    assert value is None and problem is not None and NUMBER_RULE[1:] in problem


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(NUMBER_LIMIT - 1), max_value=NUMBER_LIMIT - 1),
        st.floats(min_value=-(NUMBER_LIMIT - 1), max_value=NUMBER_LIMIT - 1, allow_nan=False),
        st.from_regex(r"-?[0-9]{1,25}(\.[0-9]{1,6})?(e-?[0-9]{1,3})?", fullmatch=True),
    )
)
def test_whatever_typing_accepts_an_answers_file_reopens(
    library: Library, tmp_path_factory: pytest.TempPathFactory, typed: object
) -> None:
    qset = library.find_set("wbl-lesson-plan")
    q = qset.question("opportunities")
    assert q is not None
    value, problem = flow.parse_typed(q, str(typed))
    if problem is not None:
        return
    s = Session(Document(qset), library.catalogue)
    s.set("opportunities", value)
    assert s.answers.get("opportunities") == value
    path = tmp_path_factory.mktemp("n") / "n.answers.yaml"
    path.write_text(dump_document(s.snapshot()), encoding="utf-8")
    back = read_document(path, library, strict=False).answers.get("opportunities")
    assert back == value or (isinstance(value, float) and math.isclose(back, value))  # type: ignore[arg-type]


def test_a_number_the_file_would_refuse_is_not_recorded(library: Library) -> None:
    s = _plan(library)
    assert not s.set("class_size", 10**15).changed and "class_size" not in s.answers
    assert not s.set("class_size", float("inf")).changed


def test_a_huge_number_in_a_file_is_one_line_with_the_rule(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "h.answers.yaml"
    path.write_text(
        "format: wbl-answers/1\nquestion_set: {id: wbl-lesson-plan, version: 1.0.0}\n"
        "answers: {class_size: 1e16}\n",
        encoding="utf-8",
    )
    with pytest.raises(BadInput) as caught:
        read_document(path, library, strict=False)
    assert str(caught.value) == f"{path}:3:23: 'class_size': {NUMBER_RULE}"
