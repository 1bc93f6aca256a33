"""What is asked, what a default becomes, what is suggested and what is wrong with an answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from wbl_tui.engine import flow
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import QuestionSet

MakeSet = Callable[..., QuestionSet]

CHAIN = """\
sections:
  - id: s
    title: S
    questions:
      - {id: placements, prompt: P, type: boolean, required: false}
      - id: share
        prompt: How many?
        type: choice
        when: placements
        options: [{value: some, label: Some}, {value: all, label: All}]
      - {id: who, prompt: Who?, type: text, when: "share == 'all'"}
      - {id: why, prompt: Why?, type: text, when: "answers.who is none"}
      - {id: oops, prompt: Oops, type: text, required: false, when: "'x' in placements"}
"""


@pytest.fixture
def chain(make_set: MakeSet) -> QuestionSet:
    return make_set(CHAIN)


def test_a_bare_name_when_follows_the_answer(chain: QuestionSet) -> None:
    """Regression: `when: placements` read as always false before."""
    assert flow.visibility(chain, {"placements": True})["share"]
    assert not flow.visibility(chain, {"placements": False})["share"]
    assert not flow.visibility(chain, {})["share"]


def test_hiding_a_question_hides_what_depends_on_it(chain: QuestionSet) -> None:
    answers = {"placements": True, "share": "all", "who": "everyone"}
    shown = flow.visibility(chain, answers)
    assert shown == {"placements": True, "share": True, "who": True, "why": False, "oops": False}
    # Turn placements off: share is hidden, so its saved 'all' reads as none, so who is
    # hidden too, so who reads as none and why appears.
    shown = flow.visibility(chain, {**answers, "placements": False})
    assert shown == {"placements": True, "share": False, "who": False, "why": True, "oops": False}
    assert [q.id for q in flow.asked(chain, {**answers, "placements": False})] == [
        "placements",
        "why",
    ]


def test_a_when_that_fails_at_run_time_reads_as_false(chain: QuestionSet) -> None:
    assert not flow.visibility(chain, {"placements": True})["oops"]  # 'x' in True: TypeError
    assert flow.evaluate("1 / 0", {}) is False
    assert flow.evaluate("a.b.c", {"a": None}) is False


def test_visibility_is_remembered_by_what_the_whens_read(
    make_set: MakeSet, chain: QuestionSet
) -> None:
    qset = make_set(
        """\
        sections:
          - id: s
            title: S
            questions:
              - {id: a, prompt: A, type: text}
              - {id: b, prompt: B, type: boolean, required: false}
              - {id: c, prompt: C, type: text, when: "b and range(2)|length == 2"}
        """
    )
    assert flow._when_inputs(qset) == ("b",)  # a question, not a global like range
    assert flow._when_inputs(chain) is None  # 'answers.who' reads the answers themselves
    assert flow.visibility(qset, {"a": "x", "b": True})["c"]
    assert flow.visibility(qset, {"a": "y", "b": True})["c"]
    answers: dict[str, flow.Answer] = {"a": "x", "b": True}
    assert flow.visibility(qset, answers)["c"]
    answers["b"] = False  # edited in place: seen
    assert not flow.visibility(qset, answers)["c"]
    assert not flow.visibility(qset, {"a": "x"})["c"]


@pytest.mark.parametrize(
    ("source", "first", "then"),
    [
        ("x is true", {"x": True}, {"x": 1}),  # equal keys, told apart by the template
        ("x|string == '-0.0'", {"x": -0.0}, {"x": 0.0}),
        ("x[0] == 'a'", {"x": ["a", "b"]}, {"x": ["b", "a"]}),
        (
            "answers.keys()|first == 'a'",
            {"answers": {"a": 1, "b": 2}},
            {"answers": {"b": 2, "a": 1}},
        ),
        ("x is defined", {"x": None}, {}),
    ],
)
def test_a_remembered_when_is_decided_again_for_different_inputs(
    source: str, first: dict[str, object], then: dict[str, object]
) -> None:
    assert flow.holds(source, first) is True
    assert flow.holds(source, then) is False
    assert flow.holds(source, first) is True


def test_a_when_reading_something_without_a_snapshot_is_just_decided() -> None:
    class Odd:
        ok = True

    odd = Odd()
    assert flow.holds("x.ok", {"x": odd}) is True
    odd.ok = False  # same object, changed: nothing remembered hides it
    assert flow.holds("x.ok", {"x": odd}) is False
    assert flow.holds("1 / 0", {}) is False
    assert flow.holds("not a valid (", {}) is False


def test_effective_keeps_asked_and_non_empty_answers_in_set_order(chain: QuestionSet) -> None:
    answers = {"who": "everyone", "share": "all", "placements": False, "why": "  "}
    assert flow.effective(chain, answers) == {"placements": False}
    answers["placements"] = True
    assert flow.effective(chain, answers) == {"placements": True, "share": "all", "who": "everyone"}


@pytest.mark.parametrize(
    ("value", "empty"),
    [
        (None, True),
        ("", True),
        ("  \n", True),
        ([], True),
        ("x", False),
        (0, False),
        (False, False),
    ],
)
def test_is_empty(value: flow.Answer, empty: bool) -> None:
    assert flow.is_empty(value) is empty


# -- options, defaults and suggestions ----------------------------------------------------------

PLAN = """\
sections:
  - id: s
    title: S
    questions:
      - {id: course, prompt: Course, type: text, required: false}
      - {id: discipline, prompt: D, type: choice, options_from: disciplines}
      - {id: stage, prompt: Stage, type: choice, options_from: stages, required: false}
      - {id: activity, prompt: A, type: text, suggest_from: activities, required: false}
      - {id: details, prompt: A, type: textarea, suggest_from: activities, required: false}
      - {id: partner, prompt: P, type: text, suggest_from: partner_examples, required: false}
      - id: title
        prompt: Title
        type: text
        default: "{{ course }} with {{ discipline.name if discipline else 'nobody' }}"
      - id: picks
        prompt: Picks
        type: multichoice
        options: [{value: a, label: A}, {value: b, label: B}]
        default: "{{ 'b, zz, a' }}"
      - id: one
        prompt: One
        type: choice
        options: [{value: a, label: A}]
        default: "{{ course }}"
      - {id: size, prompt: N, type: number, default: "{{ 10 / 4 }}"}
      - {id: whole, prompt: N, type: number, validate: {integer: true}, default: "{{ 12.0 }}"}
      - {id: level, prompt: L, type: scale, default: "{{ assessment.pct.about // 20 }}"}
      - {id: sure, prompt: S, type: boolean, default: "{{ 'True' }}"}
      - {id: broken, prompt: B, type: text, default: "{{ course.nope.deeper }}"}
      - {id: fixed, prompt: F, type: text, default: plain words}
"""


@pytest.fixture
def plan(make_set: MakeSet) -> QuestionSet:
    return make_set(PLAN)


def _default(plan: QuestionSet, catalogue: Catalogue, qid: str, **answers: object) -> object:
    q = plan.question(qid)
    assert q is not None
    discipline = flow.discipline_of(plan, answers, catalogue)  # type: ignore[arg-type]
    assessment = {"pct": {"about": 85}}
    return flow.default_for(q, answers, discipline, assessment, catalogue)  # type: ignore[arg-type]


def test_templated_defaults_read_earlier_answers_and_the_discipline(
    plan: QuestionSet, catalogue: Catalogue
) -> None:
    assert _default(plan, catalogue, "title", course="WELD 101", discipline="welding") == (
        "WELD 101 with Welding"
    )
    assert _default(plan, catalogue, "title", course="X") == "X with nobody"


@pytest.mark.parametrize(
    ("qid", "answers", "expected"),
    [
        ("picks", {}, ["b", "a"]),  # split on commas, unknown values dropped
        ("one", {"course": "a"}, "a"),
        ("one", {"course": "z"}, None),  # not an option: no default
        ("size", {}, 2.5),
        ("whole", {}, 12),
        ("level", {}, 4),  # 85 // 20
        ("sure", {}, True),
        ("broken", {"course": "X"}, None),  # an error means no default
        ("fixed", {}, "plain words"),
    ],
)
def test_defaults_are_converted_to_the_questions_type(
    plan: QuestionSet, catalogue: Catalogue, qid: str, answers: dict[str, object], expected: object
) -> None:
    got = _default(plan, catalogue, qid, **answers)
    assert got == expected and type(got) is type(expected)


def test_answer_text_in_a_default_is_not_run_again(plan: QuestionSet, catalogue: Catalogue) -> None:
    assert _default(plan, catalogue, "title", course="{{ 7*7 }}") == "{{ 7*7 }} with nobody"


def test_options_from_the_catalogue_and_the_stages(plan: QuestionSet, catalogue: Catalogue) -> None:
    discipline, stage = plan.question("discipline"), plan.question("stage")
    assert discipline is not None and stage is not None
    assert [(o.value, o.label) for o in flow.options_for(discipline, catalogue)] == [
        ("esl", "English as a Second Language"),
        ("welding", "Welding"),
    ]
    assert [o.value for o in flow.options_for(stage, catalogue)] == ["about", "through", "for"]
    assert flow.options_for(stage, catalogue)[0].label.endswith("(learning ABOUT work)")


def test_discipline_and_stage_of_the_answers(plan: QuestionSet, catalogue: Catalogue) -> None:
    found = flow.discipline_of(plan, {"discipline": "ESOL"}, catalogue)
    assert found is not None and found.id == "esl"
    assert flow.discipline_of(plan, {"discipline": "nursing"}, catalogue) is None
    assert flow.stage_of(plan, {"stage": "through"}) == "through"
    assert flow.stage_of(plan, {}) is None


def test_suggestions_follow_discipline_and_stage(plan: QuestionSet, catalogue: Catalogue) -> None:
    activity, details, partner = (plan.question(i) for i in ("activity", "details", "partner"))
    assert activity is not None and details is not None and partner is not None
    assert flow.suggestions_for(activity, plan, {}, catalogue) == []  # no discipline yet
    welding = {"discipline": "welding"}
    every = flow.suggestions_for(activity, plan, welding, catalogue)
    assert [s.label for s in every] == [
        "Shop tour",
        "Welder speaks",
        "Repair project",
        "Apprenticeship",
    ]
    chosen = flow.suggestions_for(activity, plan, {**welding, "stage": "for"}, catalogue)
    assert [(s.label, s.text) for s in chosen] == [("Apprenticeship", "Apprenticeship")]
    fallback = flow.suggestions_for(activity, plan, welding, catalogue, fallback_stage="through")
    assert [s.label for s in fallback] == ["Repair project"]
    long = flow.suggestions_for(details, plan, {**welding, "stage": "through"}, catalogue)
    assert [s.text for s in long] == ["Fix gates for a farm."]
    partners = flow.suggestions_for(partner, plan, welding, catalogue)
    assert [s.text for s in partners] == ["a fabrication shop", "the pipefitters' union"]


# -- checking answers ----------------------------------------------------------------------------

CHECKS = """\
sections:
  - id: s
    title: S
    questions:
      - id: title
        prompt: T
        type: text
        placeholder: ESL 120
        validate: {min_length: 3, max_length: 10, pattern: '[A-Z]+ [0-9]+'}
      - {id: note, prompt: N, type: textarea, required: false}
      - id: pick
        prompt: P
        type: multichoice
        validate: {min_items: 2, max_items: 3}
        options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}, {value: d, label: D}]
      - {id: one, prompt: O, type: choice, options_from: disciplines}
      - {id: ok, prompt: OK, type: boolean}
      - {id: size, prompt: S, type: number, validate: {min: 1, max: 40.5, integer: true}}
      - {id: rate, prompt: R, type: number, validate: {min: 0.5}}
      - {id: level, prompt: L, type: scale, range: [0, 3]}
"""


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        ("title", None, "This question needs an answer."),
        ("title", "   ", "This question needs an answer."),
        ("note", None, None),
        ("title", "AB", "Please write at least 3 characters (now 2)."),
        ("title", "ESL 12345678", "Please keep this to 10 characters (now 12)."),
        ("title", "esl 120", "This does not have the expected form (e.g. ESL 120)."),
        ("title", "ESL 120", None),
        ("title", " ESL 120 ", None),  # surrounding spaces do not count
        ("title", 120, "Please type text here."),
        ("pick", ["a"], "Pick at least 2."),
        ("pick", ["a", "b", "c", "d"], "Pick at most 3."),
        ("pick", ["a", "x"], "'x' is not one of the choices."),
        ("pick", ["a", "b"], None),
        ("pick", "a", "Pick from the list."),
        ("one", "welding", None),
        ("one", "nursing", "'nursing' is not one of the choices."),
        ("ok", False, None),
        ("ok", "no", "Answer yes or no."),
        ("size", 12, None),
        ("size", 12.5, "Please enter a whole number."),
        ("size", 0, "Please enter 1 or more."),
        ("size", 41, "Please enter 40.5 or less."),
        ("size", True, "Please enter a number."),
        ("size", float("inf"), "Please enter a number."),
        ("size", float("nan"), "Please enter a number."),
        ("size", "12", "Please enter a number."),
        ("rate", 0.25, "Please enter 0.5 or more."),
        ("level", 0, None),
        ("level", 4, "Pick a whole number from 0 to 3."),
        ("level", 2.0, "Pick a whole number from 0 to 3."),
    ],
)
def test_check_messages(
    make_set: MakeSet, catalogue: Catalogue, qid: str, value: flow.Answer, message: str | None
) -> None:
    q = make_set(CHECKS).question(qid)
    assert q is not None
    assert flow.check(q, value, catalogue) == message


def test_problems_only_for_asked_questions(chain: QuestionSet, catalogue: Catalogue) -> None:
    assert flow.problems(chain, {"placements": True}, catalogue) == {
        "share": "This question needs an answer.",
        "why": "This question needs an answer.",
    }
    # share stays wrong in the answers, but it is not asked: not a problem.
    assert flow.problems(chain, {"placements": False, "share": "most", "why": "x"}, catalogue) == {}


@pytest.mark.parametrize(
    ("typed", "value", "error"),
    [
        ("12", 12, None),
        (" 2.50 ", 2.5, None),
        ("1,200", 1200, None),
        ("", None, None),
        ("twelve", None, "Please enter a number, like 12 or 2.5."),
        ("inf", None, "Please enter a number, like 12 or 2.5."),
        ("nan", None, "Please enter a number, like 12 or 2.5."),
    ],
)
def test_parse_typed_numbers(
    make_set: MakeSet, typed: str, value: object, error: str | None
) -> None:
    q = make_set(CHECKS).question("rate")
    assert q is not None
    got, problem = flow.parse_typed(q, typed)
    assert (got, problem) == (value, error) and type(got) is type(value)
