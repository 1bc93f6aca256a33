"""The built-in continuum self-assessment places typical courses where an instructor expects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from wbl_tui.engine import flow
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.engine.scoring import Result, assess
from wbl_tui.errors import BadInput
from wbl_tui.model.questions import QuestionSet
from wbl_tui.paths import make_settings

# A course with no work-based learning at all: every question answered with its "not yet".
NOTHING: dict[str, Any] = {
    "course_title": "Test course 101",
    "discipline": "esl",
    "course_level": "college_credit",
    "about_activities": ["none"],
    "through_activities": ["none"],
    "for_activities": ["none"],
    "deepest": "none",
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
}

# name -> (answers that differ from NOTHING, expected stage)
PROFILES: dict[str, tuple[dict[str, Any], str]] = {
    "no WBL yet": ({}, "about"),
    "only guest speakers": (
        {"about_activities": ["guest_speakers"], "deepest": "hear"},
        "about",
    ),
    "speakers, tours and shadowing": (
        {"about_activities": ["guest_speakers", "tours", "job_shadowing"], "deepest": "see"},
        "about",
    ),
    "industry-judged project for the whole class": (
        {
            "about_activities": ["guest_speakers"],
            "through_activities": ["industry_judged"],
            "through_reach": "all",
            "deepest": "do_real_work",
        },
        "through",
    ),
    # The instructor's own answer on what most students do sets the stage; ticks never
    # lift it (the report points out the disagreement).
    "industry-judged project, 'deepest' answered as hearing from speakers": (
        {
            "about_activities": ["guest_speakers"],
            "through_activities": ["industry_judged"],
            "through_reach": "all",
            "deepest": "hear",
        },
        "about",
    ),
    "service learning for most of the class": (
        {
            "through_activities": ["service_learning"],
            "through_reach": "most",
            "deepest": "do_real_work",
        },
        "through",
    ),
    "one team runs a simulation, the rest tour": (
        {
            "about_activities": ["tours"],
            "through_activities": ["simulation"],
            "through_reach": "few",
            "deepest": "see",
        },
        "about",
    ),
    "placements for every student": (
        {
            "for_activities": ["clinical"],
            "for_reach": "all",
            "deepest": "work_placement",
        },
        "for",
    ),
    "placements for every student, 'deepest' answered otherwise": (
        {"for_activities": ["clinical"], "for_reach": "all", "deepest": "hear"},
        "about",
    ),
    "placements for every student, role and hours left blank": (
        {"for_activities": ["clinical"], "for_reach": "all", "deepest": "work_placement"},
        "for",
    ),
    "placements for every student, but only a week long": (
        {
            "for_activities": ["internship"],
            "for_reach": "all",
            "placement_role": "do_job",
            "placement_hours": "from_20",
            "deepest": "work_placement",
        },
        "through",
    ),
    "placements for every student, watching only": (
        {
            "for_activities": ["clinical"],
            "for_reach": "all",
            "placement_role": "observe",
            "placement_hours": "from_120",
            "deepest": "work_placement",
        },
        "about",
    ),
    "a simulated workplace for every student": (
        {"through_activities": ["simulation"], "through_reach": "all", "deepest": "practise"},
        "through",
    ),
    "a simulated workplace for a few students": (
        {"through_activities": ["simulation"], "through_reach": "few", "deepest": "practise"},
        "about",
    ),
    "placements for most students": (
        {"for_activities": ["internship"], "for_reach": "most", "deepest": "work_placement"},
        "for",
    ),
    "internships for a few, client project for all": (
        {
            "for_activities": ["internship"],
            "for_reach": "few",
            "through_activities": ["client_project"],
            "through_reach": "all",
            "deepest": "do_real_work",
        },
        "through",
    ),
    "internships for a few, speakers for the rest": (
        {
            "about_activities": ["guest_speakers"],
            "for_activities": ["internship"],
            "for_reach": "few",
            "deepest": "hear",
        },
        "about",
    ),
}


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(make_settings(env={"WBL_TUI_DATA_DIR": "/nonexistent/wbl-tui-test"}))


@pytest.fixture(scope="module")
def qset(library: Library) -> QuestionSet:
    return library.find_set("continuum-self-assessment")


def _assess(qset: QuestionSet, library: Library, changes: dict[str, Any]) -> Result:
    answers = {**NOTHING, **changes}
    assert flow.problems(qset, answers, library.catalogue) == {}, "profile is not a valid answer"
    return assess(qset, answers, library.catalogue)


@pytest.mark.parametrize("name", list(PROFILES))
def test_profile_lands_at_the_intended_stage(
    name: str, qset: QuestionSet, library: Library
) -> None:
    changes, stage = PROFILES[name]
    result = _assess(qset, library, changes)
    assert result.stage == stage, f"{name}: placed at {result.stage}, pct={dict(result.pct)}"


def test_stage_maxima_match_the_comments_in_the_set(qset: QuestionSet, library: Library) -> None:
    """With both reach questions asked, the maxima are those the YAML comments explain."""
    result = _assess(
        qset,
        library,
        {
            "through_activities": ["simulation"],
            "through_reach": "few",
            "for_activities": ["coop"],
            "for_reach": "few",
        },
    )
    assert dict(result.maximum) == {
        "about": 11,
        "through": 18,
        "for": 21,
        "curriculum": 12,
        "partnership": 22,
        "structure": 17,
        "equity": 15,
        "measurement": 17,
    }


def test_reach_questions_are_hidden_without_activities(qset: QuestionSet) -> None:
    shown = flow.visibility(qset, NOTHING)
    assert not shown["through_reach"]
    assert not shown["for_reach"]
    assert not shown["placement_role"] and not shown["placement_hours"]
    shown = flow.visibility(qset, {**NOTHING, "for_activities": ["internship"]})
    assert shown["for_reach"] and shown["placement_role"] and shown["placement_hours"]
    assert not shown["through_reach"]


def test_a_course_that_does_everything_scores_100_on_every_scale(
    qset: QuestionSet, library: Library
) -> None:
    best: dict[str, Any] = {}
    for q in qset.questions():
        if q.type == "multichoice":
            best[q.id] = [o.value for o in q.options if any(v > 0 for v in o.scores.values())]
        elif q.type == "choice" and q.options:
            best[q.id] = max(q.options, key=lambda o: sum(o.scores.values())).value
    best["deepest"] = "work_placement"
    result = _assess(qset, library, best)
    quality = {k: v for k, v in result.pct.items() if k not in ("about", "through", "for")}
    assert set(quality.values()) == {100}
    assert result.stage == "for"


def test_nothing_yet_scores_zero_everywhere(qset: QuestionSet, library: Library) -> None:
    result = _assess(qset, library, {})
    assert set(result.score.values()) == {0}
    assert result.next_stage == "through"
    assert result.recommendations, "the report needs next-stage activities for the discipline"


def test_none_cannot_be_ticked_beside_a_real_activity(qset: QuestionSet, library: Library) -> None:
    answers = {**NOTHING, "about_activities": ["none", "tours"]}
    problems = flow.problems(qset, answers, library.catalogue)
    assert problems == {
        "about_activities": "'None of these yet' can't be picked together with other answers."
    }
    for q in qset.questions():
        nones = [o.value for o in q.options if o.value == "none"]
        if q.type == "multichoice":
            assert q.validate.exclusive == ("none",), q.id
            assert nones == ["none"], q.id


def test_answers_files_with_the_former_none_values_still_read(
    tmp_path: Path, library: Library
) -> None:
    old = {
        **NOTHING,
        "about_activities": ["none_yet"],
        "through_activities": ["none_yet"],
        "for_activities": ["none_yet"],
        "deepest": "not_yet",
        "partner_roles": ["no_role"],
        "during": "no_activity",
        "who_takes_part": "nobody_yet",
        "supports": ["no_supports"],
        "outcomes": ["nothing_collected"],
    }
    path = tmp_path / "old.answers.yaml"
    path.write_text(
        "format: wbl-answers/1\n"
        "question_set: {id: continuum-self-assessment, version: 1.0.0}\n"
        + yaml.safe_dump({"answers": old}, sort_keys=False),
        encoding="utf-8",
    )
    doc = read_document(path, library)
    assert doc.answers == {**NOTHING}


def test_formerly_and_exclusive_are_checked_when_a_set_loads(make_set: Any) -> None:
    with pytest.raises(BadInput) as caught:
        make_set(
            """\
            sections:
              - id: s
                title: S
                questions:
                  - id: tools
                    prompt: Tools
                    type: multichoice
                    validate: {exclusive: [nothing]}
                    options:
                      - {value: saw, label: Saw}
                      - {value: none, label: None, formerly: [saw]}
            """
        )
    text = str(caught.value)
    assert "exclusive: 'nothing' is not one of the options" in text
    assert "'saw' is an option value; it can't also be a former one" in text
