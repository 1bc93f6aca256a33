"""The built-in question sets and templates: valid, the right size, and wired to each other."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wbl_tui import cli
from wbl_tui.engine import flow
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.model.questions import QuestionSet
from wbl_tui.paths import builtin_dir, make_settings

BUILTIN = builtin_dir()
GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
SKILL_IDS = [
    "communication",
    "teamwork",
    "problem-solving",
    "critical-thinking",
    "leadership",
    "professionalism",
    "adaptability",
    "customer-service",
    "digital-literacy",
]


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(make_settings(env={"WBL_TUI_DATA_DIR": "/nonexistent/wbl-tui-test"}))


@pytest.fixture(scope="module")
def plan(library: Library) -> QuestionSet:
    return library.find_set("wbl-lesson-plan")


@pytest.fixture(scope="module")
def assessment(library: Library) -> QuestionSet:
    return library.find_set("continuum-self-assessment")


def test_every_builtin_file_passes_validate(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted((BUILTIN / "questions").glob("*.yaml")) + sorted(
        (BUILTIN / "templates").glob("*.j2")
    )
    assert len(files) >= 7
    code = cli.main(["questions", "validate", *map(str, files)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.count(": ok (") == len(files)


def test_golden_answers_files_pass_validate(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(GOLDEN.glob("*.answers.yaml"))
    assert len(files) == 6
    assert cli.main(["questions", "validate", *map(str, files)]) == 0, capsys.readouterr().out


def _count(qset: QuestionSet) -> int:
    return sum(1 for _ in qset.questions())


def test_assessment_size(assessment: QuestionSet) -> None:
    assert 18 <= _count(assessment) <= 30
    assert 5 <= len(assessment.sections) <= 7
    assert assessment.sections[0].questions[1].options_from == "disciplines"
    assert {s.id for s in assessment.scales} >= {"about", "through", "for"}


def test_plan_size(plan: QuestionSet) -> None:
    # Most questions are asked only where they apply (stage, kind of activity, off-site,
    # paid, under 18, a second activity, the skills picked): an instructor sees far fewer.
    assert 30 <= _count(plan) <= 80
    assert 9 <= len(plan.sections) <= 13


def test_what_an_instructor_is_asked_stays_in_proportion(plan: QuestionSet) -> None:
    busiest = {
        "stage": "for", "setting": "off_site", "paid": True, "minors": True,
        "second_activity": True, "a2_setting": "off_site", "a2_stage": "for",
        "skills": ["communication", "teamwork", "professionalism", "problem-solving"],
    }  # fmt: skip
    assert sum(flow.visibility(plan, busiest).values()) <= 70
    simple = {
        "stage": "about",
        "setting": "classroom",
        "minors": False,
        "skills": busiest["skills"],
    }
    assert sum(flow.visibility(plan, simple).values()) <= 44  # 42 + term, institution
    # With a speaker in class, nothing about placements, minors or a second activity.
    asked = {q for q, shown in flow.visibility(plan, simple).items() if shown}
    assert not asked & {"paid", "insurance", "supervision", "a2_title", "data_use", "for_kind"}


@pytest.mark.parametrize("set_id", ["continuum-self-assessment", "wbl-lesson-plan"])
def test_every_question_has_help(set_id: str, library: Library) -> None:
    qset = library.find_set(set_id)
    assert [q.id for q in qset.questions() if not q.help] == []


def test_plan_skills_are_the_shared_ids_each_with_its_assessment_question(
    plan: QuestionSet,
) -> None:
    skills = plan.question("skills")
    assert skills is not None
    assert [o.value for o in skills.options] == SKILL_IDS
    for skill in SKILL_IDS:
        q = plan.question("assess_" + skill.replace("-", "_"))
        assert q is not None, skill
        assert flow.evaluate(q.when or "", {"skills": [skill]}) is True
        assert flow.evaluate(q.when or "", {"skills": None}) is False


@pytest.mark.parametrize(
    ("answers", "shown", "hidden"),
    [
        ({"setting": "classroom", "stage": "about"}, [], ["transport", "safety", "paid"]),
        ({"setting": "off_site", "stage": "through"}, ["transport", "safety"], ["paid"]),
        ({"setting": "classroom", "stage": "for"}, ["safety", "paid"], ["transport"]),
        ({"stage": "for", "paid": True}, ["pay_hours"], []),
        ({"stage": "for", "paid": False}, [], ["pay_hours"]),
        ({"minors": True}, ["supervision", "ratio", "background_checks"], []),
        ({"minors": False}, [], ["supervision", "ratio", "background_checks"]),
        ({"stage": "for", "paid": True}, ["employer_of_record", "not_placed"], []),
        ({"stage": "for", "paid": False}, ["not_placed", "insurance"], ["employer_of_record"]),
        ({"stage": "about", "setting": "online"}, ["about_kind", "recording"], ["insurance"]),
        ({"stage": "through"}, ["through_kind", "data_use"], ["about_kind", "for_kind"]),
        ({"second_activity": True, "a2_setting": "off_site"}, ["a2_title", "a2_transport"], []),
        ({"second_activity": False}, [], ["a2_title", "a2_participants", "a2_transport"]),
    ],
)
def test_conditional_questions(
    plan: QuestionSet, answers: dict[str, Any], shown: list[str], hidden: list[str]
) -> None:
    visible = flow.visibility(plan, answers)
    assert all(visible[q] for q in shown), {q: visible[q] for q in shown}
    assert not any(visible[q] for q in hidden), {q: visible[q] for q in hidden}


def _defaults(library: Library, name: str) -> dict[str, Any]:
    """The defaults the wizard offers, replaying the golden answers question by question."""
    doc = read_document(GOLDEN / f"{name}.answers.yaml", library)
    assert doc.assessment is not None
    result = doc.assessment.result(library.catalogue).as_dict(doc.assessment.qset)
    answers: dict[str, Any] = {}
    found: dict[str, Any] = {}
    for q in doc.qset.questions():
        discipline = flow.discipline_of(doc.qset, answers, library.catalogue)
        found[q.id] = flow.default_for(q, answers, discipline, result, library.catalogue)
        if q.id in doc.answers:
            answers[q.id] = doc.answers[q.id]
    return found


def test_defaults_come_from_the_assessment_and_the_discipline(library: Library) -> None:
    esl = _defaults(library, "esl-guest-speakers")
    assert esl["course_title"] == "ESL 040 — Intermediate English for Work"
    assert esl["discipline"] == "esl"
    assert esl["course_level"] == "noncredit"
    assert esl["stage"] == "through"  # the course sits at `about`: suggest the next stage
    assert esl["about_kind"] == "speaker"  # from "Guest speakers" in the title
    assert esl["skills"] == ["communication", "critical-thinking", "professionalism"]
    assert esl["agreement"] == "email"
    assert esl["participants"] == 24  # the whole class, until the instructor says fewer
    assert esl["opportunities"] == 24
    assert esl["minors"] is False  # adult learners

    culinary = _defaults(library, "culinary-competition")
    assert culinary["minors"] is True  # a high school course
    assert culinary["agreement"] == "mou"

    nursing = _defaults(library, "nursing-clinical")
    assert nursing["stage"] == "for"  # already at the last stage: stay there
    assert nursing["setting"] == "off_site"
