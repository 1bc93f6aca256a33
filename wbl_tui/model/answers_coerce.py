"""Read one answer from YAML as the type its question asks for (no rules checked yet)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wbl_tui.model.reader import scalar_bool, scalar_number
from wbl_tui.model.yamlnodes import Node, Scalar, Sequence

if TYPE_CHECKING:
    from wbl_tui.model.questions import Answer, Question


def coerce_answer(question: Question, node: Node) -> tuple[Answer, str | None]:
    """The answer ``node`` spells for ``question``, or an error saying what was expected."""
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
        for value in values:
            if value in seen:
                return None, f"'{question.id}' lists '{value}' more than once; list each once"
            seen.add(value)
        return values, None
    if kind == "boolean":
        flag = scalar_bool(node)
        if flag is None:
            return None, f"'{question.id}' must be true or false"
        return flag, None
    number = scalar_number(node)
    if number is None:
        return None, f"'{question.id}' must be a number"
    if kind == "scale" and not isinstance(number, int):
        return None, f"'{question.id}' must be a whole number"
    return number, None


def _current(question: Question, value: str) -> str:
    """An option's value for one of its former values (``formerly``); else ``value``."""
    for option in question.options:
        if value in option.formerly:
            return option.value
    return value
