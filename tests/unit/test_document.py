"""Answers files written and read back: the same document, typed and checked like the wizard."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from wbl_tui.engine.document import Attached, Document, dump_document, read_document
from wbl_tui.engine.library import Library
from wbl_tui.errors import BadInput
from wbl_tui.paths import make_settings

MINI = Path(__file__).resolve().parent.parent / "data" / "root"
SAVED = datetime(2026, 11, 22, 10, 31, tzinfo=UTC)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    env = {"WBL_TUI_DATA_DIR": str(tmp_path / "none"), "WBL_TUI_CACHE_DIR": str(tmp_path / "c")}
    return Library(make_settings([MINI / "questions"], [], env))


def _write(tmp_path: Path, text: str, name: str = "p.answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TRICKY = ["no", "0123", "12:30", "null", "~", "1e3", "true", "- x", "a: b", "{{ 7*7 }}", "é\n2"]


@pytest.mark.parametrize("title", TRICKY)
def test_round_trip_keeps_every_value_and_type(
    tmp_path: Path, library: Library, title: str
) -> None:
    plan = library.find_set("wbl-lesson-plan")
    mini = library.find_set("mini-assessment")
    doc = Document(
        plan,
        {"course_title": f"ESL {title}", "class_size": 24, "skills": ["teamwork"], "paid": False},
        Attached(mini, {"course_title": title + " 1", "speakers": "often", "placements": True}),
        template="partner_brief.md.j2",
    )
    text = dump_document(doc, SAVED)
    assert "saved: '2026-11-22T10:31:00Z'" in text
    back = read_document(_write(tmp_path, text), library, strict=False)
    assert back.qset is plan and back.template == "partner_brief.md.j2"
    assert back.answers == doc.answers
    assert type(back.answers["class_size"]) is int and back.answers["paid"] is False
    assert back.assessment is not None and back.assessment.qset is mini
    assert back.assessment.answers == {
        "course_title": title + " 1",
        "speakers": "often",
        "placements": True,
    }


def test_dump_orders_answers_by_the_set_and_drops_empty_ones(library: Library) -> None:
    mini = library.find_set("mini-assessment")
    text = dump_document(
        Document(
            mini, {"speakers": "once", "course_title": "C", "projects": [], "discipline": " "}
        ),
        SAVED,
    )
    assert text.splitlines()[-3:] == ["answers:", "  course_title: C", "  speakers: once"]


def test_dump_keeps_answers_to_questions_now_hidden(library: Library) -> None:
    mini = library.find_set("mini-assessment")
    text = dump_document(Document(mini, {"placements": False, "placement_share": "all"}), SAVED)
    assert "placement_share: all" in text


def test_a_saved_markdown_file_opens_its_answers(tmp_path: Path, library: Library) -> None:
    mini = library.find_set("mini-assessment")
    answers = {"course_title": "ESL 120", "discipline": "esl", "speakers": "never"}
    _write(tmp_path, dump_document(Document(mini, answers), SAVED))
    md = _write(tmp_path, "# plan\n", "p.md")
    assert read_document(md, library).answers == answers
    with pytest.raises(BadInput) as exc:
        read_document(_write(tmp_path, "# x\n", "other.md"), library)
    assert (
        str(exc.value) == f"{tmp_path / 'other.md'}: no answers file beside it (other.answers.yaml)"
    )


HEAD = "format: wbl-answers/1\nquestion_set: {id: mini-assessment, version: 1.0.0}\nanswers:\n"


def test_strict_checks_like_the_wizard_and_a_draft_does_not(
    tmp_path: Path, library: Library
) -> None:
    path = _write(tmp_path, HEAD + "  course_title: E\n  speakers: often\n")
    draft = read_document(path, library, strict=False)
    assert draft.answers == {"course_title": "E", "speakers": "often"}
    with pytest.raises(BadInput) as exc:
        read_document(path, library)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:4:17: course_title: Please write at least 3 characters (now 1).",
        f"{path}: discipline: This question needs an answer.",
    ]


def test_types_are_checked_even_for_a_draft(tmp_path: Path, library: Library) -> None:
    path = _write(tmp_path, HEAD + "  speakers: [often]\n  speeker: often\n  placements: no\n")
    with pytest.raises(BadInput) as exc:
        read_document(path, library, strict=False)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:4:13: 'speakers' must be text, not a list",
        f"{path}:5:12: 'speeker' is not a question of mini-assessment@1.0.0 "
        "(did you mean 'speakers'?)",
        f"{path}:6:15: 'placements' must be true or false",
    ]


def test_an_unknown_set(tmp_path: Path, library: Library) -> None:
    path = _write(tmp_path, HEAD.replace("mini-assessment", "mini-asessment") + "  a: b\n")
    with pytest.raises(BadInput) as exc:
        read_document(path, library)
    message = str(exc.value)
    assert message.startswith(f"{path}: question set 'mini-asessment' is not installed")
    assert "did you mean 'mini-assessment'?" in message


def test_the_result_is_recomputed(library: Library) -> None:
    mini = library.find_set("mini-assessment")
    doc = Document(mini, {"speakers": "often"})
    result = doc.result(library.catalogue)
    assert result is not None and result.score["about"] == 3
    plan = library.find_set("wbl-lesson-plan")
    assert Document(plan).result(library.catalogue) is None
    attached = Document(plan, {}, Attached(mini, {"speakers": "once"})).result(library.catalogue)
    assert attached is not None and attached.score["about"] == 2
