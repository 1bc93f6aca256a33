"""Read one answer from YAML as the type its question asks for (no rules checked yet)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from wbl_tui.model.reader import scalar_bool, scalar_number
from wbl_tui.model.yamlnodes import Node, Scalar, Sequence

if TYPE_CHECKING:
    from wbl_tui.model.questions import Answer, Question

# The one rule for numbers, typed or read from a file (a draft included): a number the
# wizard accepts is one an answers file accepts, so nothing autosaved fails to re-open.
NUMBER_LIMIT = 10**15
NUMBER_RULE = "a number must be smaller than 1,000,000,000,000,000 (10^15), either way"
_NUMERIC = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def number_problem(number: float) -> str | None:
    """Why ``number`` cannot be an answer (too large, or not finite), else None."""
    if not math.isfinite(number) or abs(number) >= NUMBER_LIMIT:
        return NUMBER_RULE
    return None


def coerce_answer(
    question: Question, node: Node, *, repeats_ok: bool = False
) -> tuple[Answer, str | None]:
    """The answer ``node`` spells for ``question``, or an error saying what was expected.

    ``repeats_ok`` keeps a value listed twice in a multichoice answer, for a caller that
    reports it together with the list's other problems.
    """
    if isinstance(node, Scalar) and node.is_null:
        return None, None
    kind = question.type
    if kind in ("text", "textarea", "choice"):
        if isinstance(node, Scalar):
            return _current(question, node.text), None
        return None, f"'{question.id}' must be text, not {node.kind}"
    if kind == "multichoice":
        if not isinstance(node, Sequence) or not all(isinstance(i, Scalar) for i in node.items):
            return None, f"'{question.id}' must be a list of option values"
        values = [_current(question, i.text) for i in node.items if isinstance(i, Scalar)]
        seen: set[str] = set()
        for value in [] if repeats_ok else values:
            if value in seen:
                return None, f"'{question.id}' lists '{value}' more than once; list each once"
            seen.add(value)
        return values, None
    if kind == "boolean":
        flag = scalar_bool(node)
        if flag is None:
            return None, f"'{question.id}' must be true or false"
        return flag, None
    return _number(question, node)


def _number(question: Question, node: Node) -> tuple[Answer, str | None]:
    """A number or scale answer, within the one rule for numbers."""
    number = scalar_number(node)
    if number is None:
        if isinstance(node, Scalar) and node.plain and _NUMERIC.fullmatch(node.text):
            return None, f"'{question.id}': {NUMBER_RULE}"  # digits, but too many
        return None, f"'{question.id}' must be a number"
    too_large = number_problem(number)
    if too_large:
        return None, f"'{question.id}': {too_large}"
    if question.type == "scale" and not isinstance(number, int):
        return None, f"'{question.id}' must be a whole number"
    return number, None


def _current(question: Question, value: str) -> str:
    """An option's value for one of its former values (``formerly``); else ``value``."""
    for option in question.options:
        if value in option.formerly:
            return option.value
    return value
