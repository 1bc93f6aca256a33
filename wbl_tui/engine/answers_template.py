"""An answers file for a person to fill in with an editor (``wbl-tui answers new SET``).

Every question of the set in order, under its section, with what the wizard would show as
YAML comments (prompt, help, type, options with their labels, limits, when it is asked)
and its default, where it has a fixed one, as the value. Left empty, an answer takes its
default when rendered; the file is valid YAML from the start.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

import yaml

from wbl_tui.engine import flow
from wbl_tui.model.answers import FORMAT
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import Answer, Question, QuestionSet, Validation
from wbl_tui.textsafe import plain

WIDTH = 88


def answers_template(qset: QuestionSet, catalogue: Catalogue) -> str:
    """The commented answers file for ``qset``."""
    lines = [
        *_comment(f"Answers for “{qset.title}” ({qset.id} {qset.version}).", indent=""),
        *_comment(
            "Fill in the answers below in any text editor, then turn them into a plan with "
            "'wbl-tui render THIS-FILE -o plan.md' (or check them with "
            "'wbl-tui questions validate THIS-FILE').",
            indent="",
        ),
        *_comment(
            "Leave an answer empty to take its default, where there is one. Text over "
            "several lines: write 'key: |' and indent the lines under it by two more "
            "spaces. Put text with a ':' or '#' in quotes.",
            indent="",
        ),
        f"format: {FORMAT}",
        f"question_set: {{id: {qset.id}, version: {_scalar(qset.version)}}}",
        "answers:",
    ]
    for section in qset.sections:
        lines += ["", f"  # == {plain(section.title)} " + "=" * max(3, 70 - len(section.title))]
        if section.intro:
            lines += _comment(section.intro)
        for q in section.questions:
            lines += ["", *_question(q, catalogue)]
    return "\n".join(lines) + "\n"


def _question(q: Question, catalogue: Catalogue) -> Iterator[str]:
    need = "required" if q.required else "optional"
    yield from _comment(f"{q.prompt}  ({_kind(q)}, {need})")
    if q.help:
        yield from _comment(q.help)
    if q.placeholder:
        example = q.placeholder.strip()
        yield from _comment(example if example.startswith("e.g.") else f"e.g. {example}")
    limits = _limits(q.validate)
    if limits:
        yield from _comment(f"Limits: {limits}.")
    if q.type == "scale":
        low, high = q.range
        named = ", ".join(f"{k} = {v}" for k, v in sorted(q.labels.items()))
        yield from _comment(
            f"A whole number from {low} to {high}" + (f" ({named})." if named else ".")
        )
    if q.has_choices:
        yield "  # Answer with the value before the colon:"
        for option in flow.options_for(q, catalogue):
            yield from _comment(f"  {option.value}: {option.label}", wrap=False)
    if q.when:
        yield from _comment(f"Asked only when: {q.when}  (otherwise it is left out of the plan)")
    templated = isinstance(q.default, str) and "{{" in q.default
    if templated:
        assert isinstance(q.default, str)
        yield from _comment(_worked_out(q, set(flow.template_names(q.default))))
    value = "" if templated or q.default is None else " " + _value(q.default)
    yield f"  {q.id}:{value}"


def _worked_out(q: Question, names: set[str]) -> str:
    """What an empty answer becomes, from the names its default reads.

    The file has no ``assessment:`` block, so a default read only from one gives nothing.
    """
    if names and names <= {"assessment"}:
        then = "answer it" if q.required else "otherwise it is left out"
        return (
            "If left empty: taken from an attached self-assessment (an 'assessment:' "
            f"block), which this file does not have; {then}."
        )
    also = " (and an attached self-assessment, where there is one)" if "assessment" in names else ""
    return f"If left empty: worked out from your other answers{also}, as in the app."


def _kind(q: Question) -> str:
    return {
        "text": "text, one line",
        "textarea": "text, may be several lines",
        "choice": "one value from the list",
        "multichoice": "a list of values from the list, like [a, b]",
        "scale": "a number on a scale",
        "number": "a number",
        "boolean": "true or false",
    }[q.type]


def _limits(v: Validation) -> str:
    parts = []
    if v.min_length is not None:
        parts.append(f"at least {v.min_length} characters")
    if v.max_length is not None:
        parts.append(f"at most {v.max_length} characters")
    if v.pattern is not None:
        parts.append(f"must match the pattern {v.pattern}")
    if v.integer:
        parts.append("a whole number")
    if v.min is not None:
        parts.append(f"{_num(v.min)} or more")
    if v.max is not None:
        parts.append(f"{_num(v.max)} or less")
    if v.min_items is not None:
        parts.append(f"pick at least {v.min_items}")
    if v.max_items is not None:
        parts.append(f"pick at most {v.max_items}")
    return ", ".join(parts)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _comment(text: str, indent: str = "  ", wrap: bool = True) -> list[str]:
    """``text`` as comment lines (paragraphs kept, long lines wrapped)."""
    out = []
    for paragraph in plain(text).strip("\n").split("\n"):
        width = WIDTH - len(indent) - 2
        chunks = textwrap.wrap(paragraph, width, break_on_hyphens=False) if wrap else [paragraph]
        out += [f"{indent}# {chunk}".rstrip() for chunk in chunks or [""]]
    return out


def _scalar(value: str | int | float | bool) -> str:
    """One scalar as YAML that reads back as the same value (quoted where needed)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_style=None)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _value(value: Answer) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    assert value is not None
    return _scalar(value)
