"""Question sets: what a valid file becomes, and every mistake the loader names (with place)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wbl_tui.errors import BadInput
from wbl_tui.model.questions import QuestionSet, load_question_set, loads_question_set

MakeSet = Callable[..., QuestionSet]

ONE_TEXT = """\
sections:
  - id: s
    title: Step
    questions:
      - {id: a, prompt: A, type: text}
"""


def _problems(make_set: MakeSet, body: str, kind: str = "plan") -> list[str]:
    with pytest.raises(BadInput) as exc:
        make_set(body, kind)
    return [str(p) for p in exc.value.problems]


def _one_question(extra: str) -> str:
    """A set whose only question is ``extra`` (YAML lines at question indent)."""
    return "sections:\n  - id: s\n    title: Step\n    questions:\n" + extra


def test_a_minimal_set_and_its_defaults(make_set: MakeSet) -> None:
    qset = make_set(ONE_TEXT)
    assert (qset.id, qset.version, qset.kind, qset.title) == ("t", "1.0.0", "plan", "Test set")
    assert qset.ref == "t@1.0.0" and qset.source == Path("t.yaml")
    q = qset.question("a")
    assert q is not None
    assert q.required and q.when is None and q.default is None and q.range == (1, 5)
    assert (q.where.line, q.where.col) == (10, 9)
    assert qset.question("nope") is None
    assert qset.template is None and qset.scales == () and qset.placement == ()


def test_every_field_is_read(make_set: MakeSet) -> None:
    qset = make_set(
        """\
        description: About the set.
        author: A coordinator
        template: mine.md.j2
        scales:
          - {id: about, label: About work}
        sections:
          - id: s
            title: Step
            intro: Read this.
            questions:
              - id: title
                prompt: Title
                type: text
                required: false
                placeholder: e.g. ESL 120
                help: Help text.
                suggest_from: activities
                validate: {min_length: 3, max_length: 9, pattern: '[A-Z].*'}
              - id: size
                prompt: Size
                type: number
                validate: {min: 1, max: 40.5, integer: true}
                default: 20
              - id: pick
                prompt: Pick
                type: multichoice
                validate: {min_items: 1, max_items: 2}
                options:
                  - {value: x, label: X, scores: {about: 2}, help: Why x.}
                  - {value: y, label: Y}
                default: [x]
                when: "size > 10 and answers.title"
              - id: sure
                prompt: Sure?
                type: scale
                range: [0, 3]
                labels: {0: Not at all, 3: Very}
                default: 2
              - {id: ok, prompt: OK?, type: boolean, default: false}
              - {id: where, prompt: Stage, type: choice, options_from: stages}
        results:
          placement:
            - {when: "pct.about >= 50", stage: through}
            - {stage: about}
        """,
        kind="assessment",
    )
    assert qset.description == "About the set." and qset.author == "A coordinator"
    assert qset.template == "mine.md.j2"
    assert [(s.id, s.label) for s in qset.scales] == [("about", "About work")]
    assert qset.sections[0].intro == "Read this."
    assert [q.id for q in qset.questions()] == ["title", "size", "pick", "sure", "ok", "where"]
    title, size, pick, sure, ok, where = qset.questions()
    assert not title.required and title.placeholder == "e.g. ESL 120" and title.help == "Help text."
    assert title.suggest_from == "activities"
    assert (title.validate.min_length, title.validate.max_length) == (3, 9)
    assert title.validate.pattern == "[A-Z].*"
    assert (size.validate.min, size.validate.max, size.validate.integer) == (1, 40.5, True)
    assert size.default == 20 and isinstance(size.default, int)
    assert [o.value for o in pick.options] == ["x", "y"]
    assert pick.options[0].scores == {"about": 2} and pick.options[0].help == "Why x."
    assert pick.options[1].scores == {}
    assert pick.default == ["x"] and pick.when == "size > 10 and answers.title"
    assert sure.range == (0, 3) and sure.labels == {0: "Not at all", 3: "Very"}
    assert sure.default == 2
    assert ok.default is False
    assert where.options_from == "stages" and where.options == ()
    assert [(r.when, r.stage) for r in qset.placement] == [
        ("pct.about >= 50", "through"),
        (None, "about"),
    ]


def test_a_templated_default_stays_a_template(make_set: MakeSet) -> None:
    qset = make_set(
        _one_question(
            "      - {id: a, prompt: A, type: text}\n"
            "      - {id: b, prompt: B, type: text, default: '{{ a }} and {{ discipline.name }}'}\n"
        )
    )
    b = qset.question("b")
    assert b is not None and b.default == "{{ a }} and {{ discipline.name }}"


def test_load_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "format: wbl-questions/1\nid: s\nversion: '2'\nkind: plan\ntitle: S\n" + ONE_TEXT,
        encoding="utf-8",
    )
    assert load_question_set(path).ref == "s@2"


def test_wrong_format_is_named() -> None:
    with pytest.raises(BadInput) as exc:
        loads_question_set("format: wbl-questions/2\nid: x\n", Path("x.yaml"))
    problems = [str(p) for p in exc.value.problems]
    assert "x.yaml:1:9: format must be 'wbl-questions/1', not 'wbl-questions/2'" in problems


def test_a_list_is_not_a_set() -> None:
    with pytest.raises(BadInput) as exc:
        loads_question_set("- a\n- b\n", Path("x.yaml"))
    assert "the question set must be a mapping of keys to values, not a list" in str(exc.value)


def test_missing_required_keys_are_each_named() -> None:
    with pytest.raises(BadInput) as exc:
        loads_question_set("format: wbl-questions/1\nkind: plan\n", Path("x.yaml"))
    message = str(exc.value)
    for key in ("id", "version", "title", "sections"):
        assert f"x.yaml:1:1: the question set is missing the required key '{key}'" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "      - {id: a, prompt: A, type: txt}\n",
            "10:34: type 'txt' is not one of text, textarea, choice, multichoice, scale, number, "
            "boolean (did you mean 'text'?)",
        ),
        ("      - {id: A-1, prompt: A, type: text}\n", "10:14: question id 'A-1' is not valid"),
        ("      - {id: a, prompt: [A], type: text}\n", "10:25: prompt must be text, not a list"),
        (
            "      - {id: a, prompt: A, type: text, required: no}\n",
            "required must be true or false",
        ),
        (
            "      - {id: a, prompt: A, type: text, options: [{value: x, label: X}]}\n",
            "options only applies to choice and multichoice questions",
        ),
        ("      - {id: a, prompt: A, type: choice}\n", "a choice question needs options"),
        (
            "      - {id: a, prompt: A, type: choice, options_from: stages, "
            "options: [{value: x, label: X}]}\n",
            "use options or options_from, not both",
        ),
        (
            "      - {id: a, prompt: A, type: choice, options_from: discipline}\n",
            "options_from must be one of disciplines, stages (did you mean 'disciplines'?)",
        ),
        (
            "      - {id: a, prompt: A, type: choice, options_from: stages, suggest_from: activities}\n",
            "suggest_from only applies to text and textarea questions",
        ),
        ("      - {id: a, prompt: A, type: text, range: [1, 3]}\n", "range only applies to scale"),
        ("      - {id: a, prompt: A, type: scale, range: [5, 1]}\n", "range must go up"),
        ("      - {id: a, prompt: A, type: scale, range: [1, 50]}\n", "at most 21 steps"),
        (
            "      - {id: a, prompt: A, type: scale, range: [1]}\n",
            "range must be two whole numbers",
        ),
        (
            "      - {id: a, prompt: A, type: scale, labels: {9: Nine}}\n",
            "label 9 is outside the range [1, 5]",
        ),
        (
            "      - {id: a, prompt: A, type: boolean, validate: {min_length: 1}}\n",
            "unknown key 'min_length' in validate for a boolean question",
        ),
        (
            "      - {id: a, prompt: A, type: number, validate: {min_length: 1}}\n",
            "unknown key 'min_length' in validate for a number question",
        ),
        (
            "      - {id: a, prompt: A, type: text, validate: {min_length: 9, max_length: 3}}\n",
            "min_length (9) is larger than max_length (3)",
        ),
        (
            "      - {id: a, prompt: A, type: text, validate: {pattern: '[a-'}}\n",
            "pattern is not a valid regular expression",
        ),
        (
            "      - {id: a, prompt: A, type: text, validate: {min_length: 0123x}}\n",
            "min_length must be a whole number",
        ),
        (
            "      - {id: a, prompt: A, type: number, default: lots}\n",
            "default: 'a' must be a number",
        ),
        (
            "      - {id: a, prompt: A, type: choice, options: [{value: x, label: X}], default: y}\n",
            "default: 'y' is not one of the options (x)",
        ),
        (
            "      - {id: a, prompt: A, type: multichoice, options: [{value: x, label: X}], "
            "default: [x, z]}\n",
            "default: 'z' is not one of the options (x)",
        ),
        ("      - {id: a, prompt: A, type: scale, default: 0}\n", "0 is outside the range [1, 5]"),
        ("      - {id: a, prompt: A, type: boolean, default: yes}\n", "must be true or false"),
        (
            "      - {id: a, prompt: A, type: choice, options: [{value: x, label: X}, "
            "{value: x, label: Y}]}\n",
            "option value 'x' is used twice in this question",
        ),
        (
            "      - {id: a, prompt: A, type: choice, options: [{value: x}]}\n",
            "an option is missing the required key 'label'",
        ),
    ],
)
def test_question_mistakes(make_set: MakeSet, body: str, expected: str) -> None:
    problems = _problems(make_set, _one_question(body))
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("t.yaml:10:") for p in problems), problems


def test_duplicate_question_ids_across_sections(make_set: MakeSet) -> None:
    body = (
        ONE_TEXT
        + "  - id: s2\n    title: Two\n    questions:\n      - {id: a, prompt: B, type: text}\n"
    )
    assert _problems(make_set, body) == [
        "t.yaml:14:14: question id 'a' is used twice (first at line 10)"
    ]


def test_problems_come_sorted_by_place(make_set: MakeSet) -> None:
    problems = _problems(
        make_set,
        _one_question(
            "      - {id: a, prompt: A, type: txt}\n"
            "      - {id: b, prompt: B, type: text, colour: red}\n"
            "      - {id: c, prompt: C, type: text, when: 'nope'}\n"
        ),
    )
    assert [p.split(":")[1] for p in problems] == ["10", "11", "12"]


def test_an_empty_sections_list(make_set: MakeSet) -> None:
    assert _problems(make_set, "sections: []\n") == [
        "t.yaml:6:11: a question set needs at least one section"
    ]


# -- expressions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("a ==", "when does not compile"),
        ("a = 1", "when does not compile"),
        ("b == 'x'", "when reads 'b', which is not a question asked before this one"),
        ("answers.b", "when reads 'b', which is not a question asked before this one"),
        ("answers['b']", "when reads 'b', which is not a question asked before this one"),
        ("aa == 'x'", "when reads 'aa', which is not a question asked before this one "),
        ("ab == 'x'", "(did you mean 'a'?)"),
        ("discipline == 'esl'", "reads 'discipline'"),  # only defaults see the catalogue entry
        ("pct.about > 1", "reads 'pct'"),  # only placement rules see scores
        ("x" * 2001, "when is longer than 2000 characters"),
        ("(" * 5000 + ")" * 5000, "when"),
    ],
)
def test_when_mistakes(make_set: MakeSet, when: str, expected: str) -> None:
    body = _one_question(
        "      - {id: a, prompt: A, type: text}\n"
        f'      - {{id: c, prompt: C, type: text, when: "{when}"}}\n'
        "      - {id: b, prompt: B, type: text}\n"
    )
    problems = _problems(make_set, body)
    assert len(problems) == 1 and problems[0].startswith("t.yaml:11:"), problems
    assert expected in problems[0], problems


@pytest.mark.parametrize(
    "when",
    ["a", "answers.a", "a == 'x' and not answers['a'] is none", "(a or []) | length > 0"],
)
def test_whens_over_earlier_questions_load(make_set: MakeSet, when: str) -> None:
    body = _one_question(
        "      - {id: a, prompt: A, type: text}\n"
        f'      - {{id: b, prompt: B, type: text, when: "{when}"}}\n'
    )
    b = make_set(body).question("b")
    assert b is not None and b.when == when


@pytest.mark.parametrize(
    ("default", "expected"),
    [
        ("{{ a ~ }}", "default does not compile"),
        ("{{ later }}", "default reads 'later', which is not a question asked before this one"),
        ("{{ answers.later }}", "default reads 'later'"),
    ],
)
def test_default_template_mistakes(make_set: MakeSet, default: str, expected: str) -> None:
    body = _one_question(
        "      - {id: a, prompt: A, type: text}\n"
        f'      - {{id: c, prompt: C, type: text, default: "{default}"}}\n'
        "      - {id: later, prompt: L, type: text}\n"
    )
    problems = _problems(make_set, body)
    assert len(problems) == 1 and expected in problems[0] and problems[0].startswith("t.yaml:11:")


# -- scales and placement ---------------------------------------------------------------------

ASSESSMENT = """\
scales:
  - {id: about, label: About}
  - {id: for, label: For}
sections:
  - id: s
    title: Step
    questions:
      - id: q
        prompt: Q
        type: choice
        options:
          - {value: x, label: X, scores: {%s}}
results:
  placement:
%s
"""


def test_scores_must_name_a_declared_scale(make_set: MakeSet) -> None:
    problems = _problems(make_set, ASSESSMENT % ("abuot: 1", "    - {stage: about}"), "assessment")
    assert problems == ["t.yaml:17:43: unknown key 'abuot' in scores (did you mean 'about'?)"]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ("about: lots", "the score on 'about' must be a number"),
        ("about: 1001", "the score on 'about' must be from -1000 to 1000"),
        ("about: -2000.5", "the score on 'about' must be from -1000 to 1000"),
        ("about: " + "9" * 30, "the score on 'about' must be a number"),
    ],
)
def test_scores_must_be_modest_numbers(make_set: MakeSet, scores: str, expected: str) -> None:
    problems = _problems(make_set, ASSESSMENT % (scores, "    - {stage: about}"), "assessment")
    assert len(problems) == 1 and expected in problems[0]


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("    - {stage: beyond}", "20:15: stage 'beyond' is not one of about, through, for"),
        ("    - {stage: thru}", "(did you mean 'through'?)"),
        (
            "    - {when: 'pct.for > 50', stage: for}",
            "the last placement rule needs no 'when', so every course gets a stage",
        ),
        ("    - {when: 'pct.for >', stage: for}\n    - {stage: about}", "when does not compile"),
        ("    - {when: 'nope > 1', stage: for}\n    - {stage: about}", "when reads 'nope'"),
        ("    - {stage: for, why: because}", "unknown key 'why' in a placement rule"),
    ],
)
def test_placement_mistakes(make_set: MakeSet, rules: str, expected: str) -> None:
    problems = _problems(make_set, ASSESSMENT % ("about: 1", rules), "assessment")
    assert any(expected in p for p in problems), problems


def test_placement_may_read_scores_pct_and_answers(make_set: MakeSet) -> None:
    rules = "    - {when: \"pct.for >= 50 and score.about > 1 and q == 'x'\", stage: for}\n"
    rules += "    - {stage: about}"
    qset = make_set(ASSESSMENT % ("about: 1", rules), "assessment")
    assert qset.placement[0].stage == "for"


def test_an_assessment_needs_placement_rules(make_set: MakeSet) -> None:
    problems = _problems(make_set, ONE_TEXT, "assessment")
    assert problems == ["t.yaml:1:1: an assessment set needs results: placement: rules"]


def test_a_scale_declared_twice(make_set: MakeSet) -> None:
    body = "scales:\n  - {id: a, label: A}\n  - {id: a, label: B}\n" + ONE_TEXT
    assert _problems(make_set, body) == ["t.yaml:8:10: scale 'a' is declared twice"]


def test_kind_must_be_assessment_or_plan(make_set: MakeSet) -> None:
    assert _problems(make_set, ONE_TEXT, "survey") == [
        "t.yaml:4:7: kind must be 'assessment' or 'plan', not 'survey'"
    ]
