"""Hypothesis strategies: valid question sets (as plain data) and answers that fit them."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCALES = ("about", "through", "for", "quality")
TYPES = ("text", "textarea", "choice", "multichoice", "scale", "number", "boolean")
TRICKY_TEXT = st.sampled_from(
    ["no", "yes", "0123", "12:30", "~", "null", "{{ 7*7 }}", "[/]", "a: b", "- x", "#", ""]
)
TEXT = st.one_of(TRICKY_TEXT, st.text(min_size=0, max_size=40))


@st.composite
def option_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    values = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    options = []
    for v in values:
        scores = draw(st.dictionaries(st.sampled_from(SCALES), st.integers(-3, 5), max_size=3))
        options.append({"value": v, "label": f"Label {v}", "scores": scores})
    return options


@st.composite
def question_sets(draw: st.DrawFn) -> dict[str, Any]:
    """A valid assessment set (plain data), with conditions on earlier choice answers."""
    n = draw(st.integers(1, 12))
    questions: list[dict[str, Any]] = []
    for i in range(n):
        kind = draw(st.sampled_from(TYPES))
        q: dict[str, Any] = {
            "id": f"q{i}",
            "prompt": f"Question {i}?",
            "type": kind,
            "required": draw(st.booleans()),
        }
        if kind in ("choice", "multichoice"):
            q["options"] = draw(option_lists())
        if kind == "scale":
            low = draw(st.integers(0, 3))
            q["range"] = [low, low + draw(st.integers(1, 6))]
        if kind == "number" and draw(st.booleans()):
            q["validate"] = {"min": -10, "max": 1000}
        earlier = [p for p in questions if p["type"] == "choice"]
        if earlier and draw(st.booleans()):
            target = draw(st.sampled_from(earlier))
            value = draw(st.sampled_from([o["value"] for o in target["options"]]))
            q["when"] = draw(
                st.sampled_from(
                    [f"{target['id']} == '{value}'", f"answers.{target['id']} != '{value}'"]
                )
            )
        questions.append(q)
    cut = draw(st.integers(1, n))
    sections = [{"id": "s1", "title": "First", "questions": questions[:cut]}]
    if questions[cut:]:
        sections.append({"id": "s2", "title": "Second", "questions": questions[cut:]})
    return {
        "format": "wbl-questions/1",
        "id": "generated",
        "version": "1.0.0",
        "kind": "assessment",
        "title": draw(TEXT.filter(lambda t: t.strip() != "")),
        "template": "generic.md.j2",
        "scales": [{"id": s, "label": s.title()} for s in SCALES],
        "sections": sections,
        "results": {
            "placement": [
                {"when": "pct.for >= 50", "stage": "for"},
                {"when": "pct.through >= 50", "stage": "through"},
                {"stage": "about"},
            ]
        },
    }


@st.composite
def answers_for(draw: st.DrawFn, qset: dict[str, Any]) -> dict[str, Any]:
    """Answers that are each valid for their question (some left out)."""
    answers: dict[str, Any] = {}
    for section in qset["sections"]:
        for q in section["questions"]:
            if not draw(st.booleans()) and not q["required"]:
                continue
            kind = q["type"]
            if kind in ("text", "textarea"):
                answers[q["id"]] = draw(st.text(min_size=1, max_size=30).filter(str.strip))
            elif kind == "choice":
                answers[q["id"]] = draw(st.sampled_from([o["value"] for o in q["options"]]))
            elif kind == "multichoice":
                values = [o["value"] for o in q["options"]]
                answers[q["id"]] = draw(st.lists(st.sampled_from(values), min_size=1, unique=True))
            elif kind == "scale":
                answers[q["id"]] = draw(st.integers(*q["range"]))
            elif kind == "number":
                answers[q["id"]] = draw(st.integers(-10, 1000))
            else:
                answers[q["id"]] = draw(st.booleans())
    return answers
