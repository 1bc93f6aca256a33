"""Hand-placed course profiles: the self-assessment places each where a coordinator did.

Each profile is a course a WBL coordinator described and placed on the continuum before
answering the self-assessment as its instructor would (terse, honest, "most students"
meaning most). Four per stage, plus the borderline ones a review found: an education
course with 30 hours of observation, a simulated welding shop, a one-week
mini-internship, apprentices. Every profile also checks that its next steps make sense
for that course: not the type it already runs first, nothing only adults can do for a
school course, no pre-apprenticeship for apprentices, no agreement to sign before there
is a host, no "keep a list" to someone who keeps one, start-here advice for a course
with no WBL yet.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.engine.scoring import Result, assess
from wbl_tui.model.questions import QuestionSet
from wbl_tui.paths import make_settings

# How far along the course's practice is, outside the stage questions.
_PRACTICE: dict[str, dict[str, Any]] = {
    "starting": {
        "curriculum_link": "none",
        "assessment_method": "none",
        "skills_named": "none",
        "partner_count": "no_partners",
        "partner_roles": ["none"],
        "agreement": "nothing_agreed",
        "partner_debrief": "never",
        "preparation": "none",
        "during": "none",
        "reflection": "none",
        "professional_feedback": "none",
        "who_takes_part": "none",
        "supports": ["none"],
        "track_participation": "not_tracked",
        "next_steps": "no_next_step",
        "counting": "not_counted",
        "outcomes": ["none"],
    },
    "developing": {
        "curriculum_link": "related",
        "assessment_method": "completion",
        "skills_named": "implied",
        "partner_count": "one_off",
        "partner_roles": ["speak"],
        "agreement": "conversation",
        "partner_debrief": "sometimes",
        "preparation": "logistics_only",
        "during": "listen",
        "reflection": "discussion",
        "professional_feedback": "general",
        "who_takes_part": "most_miss_some",
        "supports": ["class_time"],
        "track_participation": "roughly",
        "next_steps": "mentioned",
        "counting": "roughly",
        "outcomes": ["student_survey"],
    },
    "established": {
        "curriculum_link": "objectives",
        "assessment_method": "rubric",
        "skills_named": "named",
        "partner_count": "regular",
        "partner_roles": ["host", "set_problem", "judge"],
        "agreement": "written_plan",
        "partner_debrief": "always",
        "preparation": "research",
        "during": "set_tasks",
        "reflection": "written",
        "professional_feedback": "individual",
        "who_takes_part": "everyone",
        "supports": ["class_time", "transport", "no_cost"],
        "track_participation": "list",
        "next_steps": "pointed",
        "counting": "each_term",
        "outcomes": ["student_survey", "partner_feedback"],
    },
}

_NO_ACTIVITIES = {"about_activities": ["none"], "through_activities": ["none"]}
_NO_PLACEMENTS = {"for_activities": ["none"]}


def course(title: str, discipline: str, level: str, practice: str, **answers: Any) -> dict:
    """A whole answers set: the course, its practice level, then what it said."""
    base = {"course_title": title, "discipline": discipline, "course_level": level}
    return {**base, **_NO_ACTIVITIES, **_NO_PLACEMENTS, **_PRACTICE[practice], **answers}


# name -> (answers, the coordinator's stage, what the report must say, if anything)
PROFILES: dict[str, tuple[dict[str, Any], str, str | None]] = {
    # --- ABOUT -----------------------------------------------------------------------
    "no WBL yet (maths)": (
        course(
            "MATH 110 Statistics",
            "mathematics",
            "college_credit",
            "starting",
            deepest="none",
            readiness=3,
        ),
        "about",
        None,
    ),
    "ESL class with a guest speaker each term": (
        course(
            "ESL 030 Beginning English",
            "esl",
            "noncredit",
            "developing",
            about_activities=["guest_speakers"],
            deepest="hear",
            readiness=3,
        ),
        "about",
        None,
    ),
    "history course with a museum tour": (
        course(
            "HIST 120 US History",
            "history",
            "college_credit",
            "developing",
            about_activities=["tours", "career_research"],
            deepest="see",
            readiness=4,
            partner_roles=["host"],
        ),
        "about",
        None,
    ),
    "high-school business: career fair and a shadow day": (
        course(
            "Intro to Business (grade 10)",
            "business",
            "high_school",
            "developing",
            about_activities=["career_fairs", "job_shadowing"],
            deepest="see",
            readiness=5,
            partner_roles=["host", "speak"],
        ),
        "about",
        None,
    ),
    "GIS class: speakers, internships for a few by application": (
        course(
            "GEOG 150 Intro to GIS",
            "geography",
            "college_credit",
            "developing",
            about_activities=["guest_speakers", "informational_interviews"],
            for_activities=["internship"],
            for_reach="few",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="hear",
            readiness=4,
        ),
        "about",
        None,
    ),
    # Borderline: every student does 30 hours of "student teaching" that is observation.
    "education course: 30 hours of observation": (
        course(
            "EDUC 200 Introduction to Teaching",
            "early-childhood-education",
            "college_credit",
            "established",
            about_activities=["job_shadowing"],
            for_activities=["clinical"],
            for_reach="all",
            placement_role="observe",
            placement_hours="from_20",
            deepest="see",
            readiness=4,
        ),
        "about",
        "in their placements they mostly observe",
    ),
    # --- THROUGH ---------------------------------------------------------------------
    "high-school culinary: student-run café": (
        course(
            "Culinary Arts 2",
            "culinary-arts",
            "high_school",
            "established",
            about_activities=["guest_speakers", "tours"],
            through_activities=["enterprise", "simulation"],
            through_reach="all",
            deepest="do_real_work",
            readiness=4,
        ),
        "through",
        None,
    ),
    "web development: a client project for every team": (
        course(
            "CS 215 Web Development II",
            "computer-science",
            "college_credit",
            "established",
            about_activities=["guest_speakers"],
            through_activities=["client_project"],
            through_reach="all",
            for_activities=["internship"],
            for_reach="few",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="do_real_work",
            readiness=4,
        ),
        "through",
        None,
    ),
    "GIS service learning with a nonprofit": (
        course(
            "GEOG 250 Community GIS",
            "geography",
            "college_credit",
            "established",
            through_activities=["service_learning"],
            through_reach="most",
            deepest="do_real_work",
            readiness=3,
        ),
        "through",
        None,
    ),
    "medical assisting: simulated medical office": (
        course(
            "MA 101 Medical Office Procedures",
            "allied-health",
            "college_credit",
            "developing",
            about_activities=["tours"],
            through_activities=["simulation", "mentoring"],
            through_reach="all",
            deepest="practise",
            readiness=4,
        ),
        "through",
        None,
    ),
    # Borderline: a shop run like a fabrication shop, to industry standards, no client.
    "simulated welding shop": (
        course(
            "WELD 120 Structural Welding",
            "welding",
            "high_school",
            "developing",
            about_activities=["tours"],
            through_activities=["simulation"],
            through_reach="all",
            deepest="practise",
            readiness=4,
        ),
        "through",
        None,
    ),
    # Borderline: every student, one week at an employer, doing small real tasks.
    "one-week mini-internship for every student": (
        course(
            "Business Pathway Capstone (grade 12)",
            "business",
            "high_school",
            "established",
            about_activities=["guest_speakers"],
            for_activities=["internship"],
            for_reach="all",
            placement_role="do_job",
            placement_hours="from_20",
            deepest="work_placement",
            readiness=4,
            partner_roles=["host", "supervise"],
        ),
        "through",
        "placements last under 60 hours",
    ),
    # --- FOR -------------------------------------------------------------------------
    "nursing clinical rotation": (
        course(
            "NURS 152 Care of Older Adults",
            "nursing",
            "college_credit",
            "established",
            about_activities=["tours"],
            through_activities=["simulation"],
            through_reach="all",
            for_activities=["clinical"],
            for_reach="all",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="work_placement",
            readiness=3,
            partner_roles=["host", "supervise", "judge"],
        ),
        "for",
        None,
    ),
    "ECE practicum in a centre": (
        course(
            "ECE 230 Practicum",
            "early-childhood-education",
            "college_credit",
            "established",
            for_activities=["clinical"],
            for_reach="all",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="work_placement",
            readiness=4,
            partner_roles=["host", "supervise"],
        ),
        "for",
        None,
    ),
    "accounting internships for most of the class": (
        course(
            "ACCT 210 Accounting Practice",
            "accounting",
            "college_credit",
            "established",
            for_activities=["internship"],
            for_reach="most",
            placement_role="do_job",
            placement_hours="from_60",
            deepest="work_placement",
            readiness=5,
            partner_roles=["supervise"],
        ),
        "for",
        None,
    ),
    "automotive co-op": (
        course(
            "AUTO 230 Engine Performance",
            "automotive",
            "college_credit",
            "established",
            through_activities=["industry_judged"],
            through_reach="all",
            for_activities=["coop"],
            for_reach="all",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="work_placement",
            readiness=4,
            partner_roles=["supervise", "judge", "advise"],
        ),
        "for",
        None,
    ),
    # Borderline: the students are indentured apprentices; the course is their related
    # instruction. Next steps must not offer them a pre-apprenticeship.
    "apprentices in a construction course": (
        course(
            "CARP 140 Framing (apprentice related instruction)",
            "construction",
            "college_credit",
            "established",
            for_activities=["apprenticeship"],
            for_reach="all",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="work_placement",
            readiness=4,
            partner_roles=["supervise", "advise"],
        ),
        "for",
        None,
    ),
    # Conflicting answers: placed by the instructor's own "most students" answer, with
    # the disagreement named.
    "required placements, 'most students hear from speakers'": (
        course(
            "PSY 290 Field Experience",
            "psychology",
            "college_credit",
            "developing",
            about_activities=["guest_speakers"],
            for_activities=["clinical"],
            for_reach="all",
            placement_role="do_job",
            placement_hours="from_120",
            deepest="hear",
            readiness=4,
        ),
        "about",
        'change that answer to "They work in the field under supervision"',
    ),
}

STAGE_COUNTS = {"about": 4, "through": 4, "for": 4}


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(make_settings(env={"WBL_TUI_DATA_DIR": "/nonexistent/wbl-tui-test"}))


@pytest.fixture(scope="module")
def qset(library: Library) -> QuestionSet:
    return library.find_set("continuum-self-assessment")


_REPORTS: dict[str, tuple[Result, str]] = {}
_RENDERERS: dict[str, Renderer] = {}  # compiling the template once saves most of the time


def _run(qset: QuestionSet, library: Library, answers: dict[str, Any]) -> tuple[Result, str]:
    """Score and render once per distinct answers (the tests read each several times)."""
    key = repr(sorted(answers.items()))
    if key not in _REPORTS:
        assert flow.problems(qset, answers, library.catalogue) == {}, "not a valid answer"
        result = assess(qset, answers, library.catalogue)
        if "renderer" not in _RENDERERS:
            _RENDERERS["renderer"] = Renderer(library, today=date(2026, 12, 1))
        report = _RENDERERS["renderer"].render(Document(qset, answers))
        _REPORTS[key] = (result, report)
    return _REPORTS[key]


def _first_step(report: str) -> str:
    return report.split("### What to do first", 1)[1].split("\n\nWhen you are ready", 1)[0]


def test_the_profiles_cover_every_stage() -> None:
    stages = [stage for _, stage, _ in PROFILES.values()]
    assert len(PROFILES) >= 15
    for stage, least in STAGE_COUNTS.items():
        assert stages.count(stage) >= least


@pytest.mark.parametrize("name", list(PROFILES))
def test_placed_where_the_coordinator_placed_it(
    name: str, qset: QuestionSet, library: Library
) -> None:
    answers, stage, note = PROFILES[name]
    result, report = _run(qset, library, answers)
    assert result.stage == stage, f"{name}: {result.stage}, pct={dict(result.pct)}"
    strengths = report.split("## Strengths", 1)[1].split("\n## ", 1)[0]
    for later in ("Career interactions", "Career training")[
        ["about", "through", "for"].index(stage) :
    ]:
        assert f"**{later} (" not in strengths, "a stage beyond the placement named a strength"
    if note is None:
        assert "### Answers to check" not in report
    else:
        assert "### Answers to check" in report and note in report


@pytest.mark.parametrize("name", list(PROFILES))
def test_next_steps_suit_the_course(name: str, qset: QuestionSet, library: Library) -> None:
    answers, _, _ = PROFILES[name]
    result, report = _run(qset, library, answers)
    recs = [r.as_dict() for r in result.recommendations]
    runs = {v for v in answers.values() for v in (v if isinstance(v, list) else [v])}
    # Apprentices already hold a paid training job: no other placement is suggested.
    assert recs or "apprenticeship" in runs, "the discipline has activities to suggest"
    # Not the type the course already runs first; at the last stage, not at all.
    assert not recs or recs[0]["kind"] not in runs, recs[0]["title"]
    if result.stage == "for":
        assert not any(r["kind"] in runs for r in recs)
    if "apprenticeship" in runs:
        assert not any(r["kind"] == "pre_apprenticeship" for r in recs)
        assert "pre-apprenticeship" not in report.lower()
    if answers["course_level"] in ("middle_school", "high_school"):
        assert all(r["level"] != "college" for r in recs), [r["title"] for r in recs]
    first = _first_step(report)
    hosts = {"host", "supervise"} & set(answers["partner_roles"])
    placement_first = recs and recs[0]["stage"] == "for" and f"**{recs[0]['title']}**" in first
    if answers["partner_count"] == "no_partners" or (placement_first and not hosts):
        before_host = first.split("Once one agrees", 1)[0]
        assert not re.search(r"\b[Ss]ign\b|agreement|\bpay\b", before_host), first
    if answers["track_participation"] in ("list", "by_group"):
        assert "Keep a list of who took part" not in report
    if answers["deepest"] == "none":
        assert "## Where to start" in report
        assert "To strengthen what you already do" not in report
        assert "builds on what you already do" not in report
    else:
        assert "## Where to start" not in report


@pytest.mark.parametrize(
    "name", ["no WBL yet (maths)", "web development: a client project for every team"]
)
def test_readiness_3_and_5_give_different_first_steps(
    name: str, qset: QuestionSet, library: Library
) -> None:
    answers = PROFILES[name][0]
    _, small = _run(qset, library, {**answers, "readiness": 3})
    _, big = _run(qset, library, {**answers, "readiness": 5})
    assert "small step" in _first_step(small) and "big step" in _first_step(big)
    # Not the same activity in other words: the first thing named differs.
    named = [re.findall(r"\*\*(.+?)\*\*", _first_step(r))[:1] for r in (small, big)]
    assert named[0] != named[1], named


def test_a_school_course_at_through_is_not_offered_adult_only_training(
    qset: QuestionSet, library: Library
) -> None:
    result, _ = _run(qset, library, PROFILES["simulated welding shop"][0])
    titles = [r.activity.title for r in result.recommendations]
    assert "Registered welding apprenticeship" not in titles
    assert "Welding pre-apprenticeship" in titles  # open to high-school students


def test_a_middle_school_course_deepens_its_stage(qset: QuestionSet, library: Library) -> None:
    answers = {**PROFILES["high-school culinary: student-run café"][0]}
    answers["course_level"] = "middle_school"
    result, report = _run(qset, library, answers)
    assert result.stage == "through"
    assert {r.stage for r in result.recommendations} == {"through"}
    assert not any(
        r.activity.title in ("Student-run lunch service",) for r in result.recommendations
    )
    assert "young for placements" in report


NO_WBL = Path(__file__).resolve().parent.parent / "data" / "assessment" / "no-wbl-yet.md"


def test_the_report_for_a_course_with_no_wbl_yet(qset: QuestionSet, library: Library) -> None:
    """The whole report, as committed (regenerate with WBL_UPDATE_GOLDEN=1 and read it)."""
    _, report = _run(qset, library, PROFILES["no WBL yet (maths)"][0])
    if os.environ.get("WBL_UPDATE_GOLDEN") == "1":
        NO_WBL.parent.mkdir(exist_ok=True)
        NO_WBL.write_text(report, encoding="utf-8")
    assert report == NO_WBL.read_text(encoding="utf-8")
