"""Scores, maxima, percentages and placement, checked against numbers worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wbl_tui.engine import nextsteps, scoring
from wbl_tui.model.disciplines import Activity, Catalogue, Discipline
from wbl_tui.model.questions import QuestionSet

MakeSet = Callable[..., QuestionSet]

# The numbers below are computed from these options by hand.
SET = """\
scales:
  - {id: about, label: About}
  - {id: through, label: Through}
  - {id: for, label: For}
sections:
  - id: s
    title: S
    questions:
      - {id: discipline, prompt: D, type: choice, options_from: disciplines, required: false}
      - id: speakers
        prompt: Speakers
        type: choice
        options:
          - {value: never, label: Never, scores: {about: 0}}
          - {value: once, label: Once, scores: {about: 2}}
          - {value: often, label: Often, scores: {about: 3, through: 1}}
      - id: projects
        prompt: Projects
        type: multichoice
        required: false
        options:
          - {value: judged, label: Judged, scores: {through: 3}}
          - {value: service, label: Service, scores: {through: 2}}
          - {value: none, label: None, scores: {through: -1}}
          - {value: tour, label: Tour, scores: {about: 1}}
      - {id: placements, prompt: Placements, type: boolean, required: false}
      - id: share
        prompt: Share
        type: choice
        when: placements
        options:
          - {value: some, label: Some, scores: {for: 1}}
          - {value: all, label: All, scores: {for: 4}}
results:
  placement:
    - {when: "pct.for >= 50", stage: for}
    - {when: "pct.through >= 50", stage: through}
    - {when: "speakers == 'once' and score.about >= 3", stage: through}
    - {stage: about}
"""

# Maxima while `share` is hidden:
#   about:   speakers (choice) max(0, 2, 3) = 3  +  projects (multichoice) positives 1   = 4
#   through: speakers max(0, 0, 1) = 1           +  projects positives 3 + 2 (not -1)    = 6
#   for:     no asked question scores it                                                 = 0
# With `share` asked, for gains max(1, 4) = 4.
HIDDEN_MAX = {"about": 4, "through": 6, "for": 0}
SHOWN_MAX = {"about": 4, "through": 6, "for": 4}


@pytest.fixture
def qset(make_set: MakeSet) -> QuestionSet:
    return make_set(SET, kind="assessment")


def test_a_hidden_answer_does_not_count(qset: QuestionSet, catalogue: Catalogue) -> None:
    answers = {
        "speakers": "often",
        "projects": ["judged", "none"],
        "placements": False,
        "share": "all",  # hidden: would be for +4
    }
    result = scoring.assess(qset, answers, catalogue)
    # about:   often 3                         = 3 of 4 -> 75 %
    # through: often 1 + judged 3 + none -1    = 3 of 6 -> 50 %
    # for:     share is hidden                 = 0 of 0 -> 0 %
    assert dict(result.score) == {"about": 3, "through": 3, "for": 0}
    assert dict(result.maximum) == HIDDEN_MAX
    assert dict(result.pct) == {"about": 75, "through": 50, "for": 0}
    assert result.stage == "through"  # pct.for 0 < 50; pct.through 50 >= 50
    assert "share" not in result.answers


def test_the_same_answer_counts_once_asked(qset: QuestionSet, catalogue: Catalogue) -> None:
    answers = {"speakers": "often", "projects": ["judged", "none"], "placements": True}
    result = scoring.assess(qset, {**answers, "share": "all"}, catalogue)
    # for: all 4 of max(1, 4) = 4 -> 100 %
    assert dict(result.score) == {"about": 3, "through": 3, "for": 4}
    assert dict(result.maximum) == SHOWN_MAX
    assert result.pct["for"] == 100 and result.stage == "for"
    result = scoring.assess(qset, {**answers, "share": "some"}, catalogue)
    # for: some 1 of 4 -> 25 %, below 50; through still 50 % -> through
    assert result.pct["for"] == 25 and result.stage == "through"


def test_an_unanswered_asked_question_still_counts_in_the_maximum(
    qset: QuestionSet, catalogue: Catalogue
) -> None:
    result = scoring.assess(qset, {"speakers": "once"}, catalogue)
    # about: once 2 of 4 -> 50 %; through 0 of 6 (projects asked, not answered)
    assert dict(result.score) == {"about": 2, "through": 0, "for": 0}
    assert dict(result.maximum) == HIDDEN_MAX
    assert dict(result.pct) == {"about": 50, "through": 0, "for": 0}
    # rule 3 needs score.about >= 3: 2 is not enough -> about
    assert result.stage == "about"


def test_multichoice_sums_chosen_options(qset: QuestionSet, catalogue: Catalogue) -> None:
    result = scoring.assess(qset, {"speakers": "once", "projects": ["tour", "service"]}, catalogue)
    # about:   once 2 + tour 1 = 3 of 4 -> 75 %
    # through: service 2       = 2 of 6 -> 33.33 %, shown as 33
    assert result.score["about"] == 3 and result.score["through"] == 2
    assert result.pct["through"] == pytest.approx(100 * 2 / 6)
    # rule 3 reads an answer and a score: once and about 3 >= 3 -> through
    assert result.stage == "through"
    view = result.as_dict(qset)
    assert view["pct"] == {"about": 75, "through": 33, "for": 0}


def test_negative_totals_are_clamped_to_zero_percent(
    qset: QuestionSet, catalogue: Catalogue
) -> None:
    result = scoring.assess(qset, {"speakers": "never", "projects": ["none"]}, catalogue)
    # through: none -1 of 6 -> -16.7 %, kept within 0-100
    assert result.score["through"] == -1
    assert result.pct["through"] == 0 and result.stage == "about"


def test_percentages() -> None:
    assert scoring.percentages({"a": 1, "b": 0, "c": 9}, {"a": 4, "b": 0, "c": 3}) == {
        "a": 25.0,
        "b": 0.0,  # maximum 0: 0, not a division error
        "c": 100.0,  # over the maximum: clamped
    }


def test_the_first_matching_rule_wins(qset: QuestionSet) -> None:
    assert scoring.place(qset, {}, {}, {"for": 50, "through": 90}) == "for"
    assert scoring.place(qset, {}, {}, {"for": 49.9, "through": 50}) == "through"
    assert scoring.place(qset, {}, {"about": 3}, {"for": 0, "through": 0}) == "about"
    assert scoring.place(qset, {"speakers": "once"}, {"about": 3}, {"for": 0, "through": 0}) == (
        "through"
    )


def test_a_plan_set_has_no_placement(make_set: MakeSet, catalogue: Catalogue) -> None:
    plan = make_set(SET.split("results:")[0])
    result = scoring.assess(plan, {"speakers": "often"}, catalogue)
    assert result.stage is None and result.next_stage is None and result.recommendations == ()


def test_recommendations_are_the_disciplines_next_stage(catalogue: Catalogue) -> None:
    welding = catalogue.get("welding")
    assert [r.activity.title for r in scoring.recommend("about", welding)] == ["Repair project"]
    assert [r.stage for r in scoring.recommend("about", welding)] == ["through"]
    # at the last stage: more of that stage
    assert [r.activity.title for r in scoring.recommend("for", welding)] == ["Apprenticeship"]
    assert scoring.recommend("about", None) == ()
    assert scoring.recommend(None, welding) == ()
    esl = catalogue.get("esl")
    assert scoring.recommend("through", esl) == ()  # ESL has no 'for' activities
    assert len(scoring.recommend("through", welding, limit=0)) == 0


def test_the_result_as_templates_see_it(qset: QuestionSet, catalogue: Catalogue) -> None:
    answers: dict[str, Any] = {"discipline": "welding", "speakers": "once"}
    result = scoring.assess(qset, answers, catalogue)
    view = result.as_dict(qset)
    assert view["set"] == {"id": "t", "version": "1.0.0", "title": "Test set"}
    assert view["answers"] == answers
    assert view["score"] == {"about": 2, "through": 0, "for": 0}
    assert all(type(v) is int for v in view["score"].values())  # 2, not 2.0
    assert view["maximum"] == HIDDEN_MAX
    assert view["stage"] == "about" and view["stage_label"] == "Career awareness & exploration"
    assert view["next_stage"] == "through" and view["next_stage_label"] == "Career interactions"
    assert view["recommendations"] == [
        {
            "title": "Repair project",
            "description": "Fix gates for a farm.",
            "duration": None,
            "prep": None,
            "level": None,
            "stage": "through",
            "kind": None,
            "size": 2,
        }
    ]


def _welding(*activities: Activity) -> Discipline:
    return Discipline("welding", "Welding", Path("t.yaml"), activities={"for": activities})


TRAINING = (
    Activity("Welding pre-apprenticeship", "Prepare for entry.", "a term"),
    Activity("Fabrication shop internship", "Work in a shop.", "8 to 10 weeks"),
    Activity(
        "Registered welding apprenticeship", "Earn and learn.", "3 to 4 years", None, "college"
    ),
    Activity("Weekend shop shadow", "Follow a welder.", "one shift, 4 hours"),
)


def test_kind_and_size_are_read_from_title_and_duration() -> None:
    kinds = [nextsteps.kind_of(a) for a in TRAINING]
    assert kinds == ["pre_apprenticeship", "internship", "apprenticeship", "job_shadowing"]
    assert [nextsteps.size_of(a) for a in TRAINING] == [3, 3, 4, 1]
    assert nextsteps.size_of(Activity("x", "y", "2 weeks")) == 2
    assert nextsteps.size_of(Activity("x", "y")) == 2  # no duration: a middle size


def test_next_steps_respect_what_the_course_runs_its_level_and_readiness() -> None:
    welding = _welding(*TRAINING)
    titles = lambda course: [a.title for a in nextsteps.next_steps("for", welding, course)[1]]  # noqa: E731
    college = nextsteps.Course.of({"course_level": "college_credit"})
    assert titles(college)[0] == "Welding pre-apprenticeship"  # catalogue order
    runs_internships = nextsteps.Course.of({"for_activities": ["internship"]})
    assert "Fabrication shop internship" not in titles(runs_internships)  # at 'for': left out
    apprentices = nextsteps.Course.of({"for_activities": ["apprenticeship"]})
    assert titles(apprentices) == []  # no pre-apprenticeship, no other placement
    school = nextsteps.Course.of({"course_level": "high_school"})
    assert "Registered welding apprenticeship" not in titles(school)
    small = nextsteps.Course.of({"course_level": "college_credit", "readiness": 3})
    big = nextsteps.Course.of({"course_level": "college_credit", "readiness": 5})
    assert titles(small)[0] == "Weekend shop shadow"
    assert titles(big)[:3] == [
        "Welding pre-apprenticeship",
        "Fabrication shop internship",
        "Registered welding apprenticeship",  # years: after the term-long ones
    ]
    # From 'through', the kinds already run come last instead of being left out.
    stage, acts = nextsteps.next_steps("through", welding, runs_internships)
    assert stage == "for" and acts[-1].title == "Fabrication shop internship"
    # A middle-school course is not sent to placements: it deepens its own stage.
    young = nextsteps.Course.of({"course_level": "middle_school"})
    assert nextsteps.next_steps("through", welding, young) == ("through", ())
