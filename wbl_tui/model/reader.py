"""Turn YAML nodes into typed values, collecting located problems instead of stopping early.

Every field states what it expects; a scalar is interpreted only then, so ``no`` stays the
text "no" where text is meant and ``0123`` stays "0123".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from wbl_tui.errors import BadInput, Problem
from wbl_tui.model.yamlnodes import Mapping, Node, Scalar, Sequence

T = TypeVar("T")

_INT = re.compile(r"[-+]?[0-9]+")
MAX_DIGITS = 15  # longer whole numbers are refused (int() of 4,300+ digits raises ValueError)
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint, or nothing when no choice is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Reader:
    """Reads nodes for one file and keeps every problem it finds."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def error(self, node: Node, message: str) -> None:
        """Record a problem at ``node``."""
        self.problems.append(node.problem(message))

    def raise_if_problems(self) -> None:
        """Raise BadInput with every problem found so far, in file order."""
        if self.problems:
            ordered = sorted(self.problems, key=lambda p: (p.line or 0, p.col or 0))
            raise BadInput(ordered)

    # -- containers -----------------------------------------------------------------------

    def fields(
        self, node: Node, what: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Node] | None:
        """The keys of a mapping, checked against the allowed and required ones."""
        if not isinstance(node, Mapping):
            self.error(node, f"{what} must be a mapping of keys to values, not {node.kind}")
            return None
        allowed = tuple(allowed)
        out: dict[str, Node] = {}
        for key, value in node.items:
            if key.text not in allowed:
                hint = did_you_mean(key.text, allowed)
                self.error(key, f"unknown key '{key.text}' in {what}{hint}")
                continue
            out[key.text] = value
        for name in required:
            if name not in out:
                self.error(node, f"{what} is missing the required key '{name}'")
        return out

    def items(self, node: Node, what: str) -> list[Node]:
        """The items of a list (an empty list where the value is null)."""
        if isinstance(node, Scalar) and node.is_null:
            return []
        if not isinstance(node, Sequence):
            self.error(node, f"{what} must be a list, not {node.kind}")
            return []
        return node.items

    def each(self, node: Node, what: str, read: Callable[[Node], T | None]) -> list[T]:
        """Read every item of a list with ``read``, skipping the ones that failed."""
        return [v for v in (read(item) for item in self.items(node, what)) if v is not None]

    # -- scalars --------------------------------------------------------------------------

    def text(self, node: Node | None, what: str, *, empty_ok: bool = False) -> str | None:
        """A string, exactly as written."""
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.error(node, f"{what} must be text, not {node.kind}")
            return None
        if node.is_null:
            if empty_ok:
                return ""
            self.error(node, f"{what} must not be empty")
            return None
        return node.text

    def pattern_text(
        self, node: Node | None, what: str, pattern: re.Pattern[str], rule: str
    ) -> str | None:
        """A string that must match ``pattern`` in full (an id, say)."""
        value = self.text(node, what)
        if value is not None and node is not None and not pattern.fullmatch(value):
            self.error(node, f"{what} '{value}' is not valid: {rule}")
            return None
        return value

    def text_list(self, node: Node | None, what: str) -> tuple[str, ...]:
        """A list of strings (a single string is not accepted: it is usually a mistake)."""
        if node is None:
            return ()
        return tuple(self.each(node, what, lambda item: self.text(item, f"each item of {what}")))

    def boolean(self, node: Node | None, what: str) -> bool | None:
        """``true`` or ``false``; YAML 1.1's yes/no/on/off are refused, not guessed."""
        if node is None:
            return None
        value = scalar_bool(node)
        if value is None:
            self.error(node, f"{what} must be true or false")
        return value

    def integer(self, node: Node | None, what: str) -> int | None:
        """A whole number."""
        if node is None:
            return None
        if isinstance(node, Scalar) and node.plain and _INT.fullmatch(node.text):
            if _short(node.text):
                return int(node.text)
            self.error(node, f"{what} must be a whole number of at most {MAX_DIGITS} digits")
            return None
        self.error(node, f"{what} must be a whole number")
        return None

    def number(self, node: Node | None, what: str) -> int | float | None:
        """A number, whole or decimal."""
        if node is None:
            return None
        value = scalar_number(node)
        if value is None:
            self.error(node, f"{what} must be a number")
        return value


def scalar_bool(node: Node) -> bool | None:
    """The boolean a plain ``true``/``false`` scalar spells, else None."""
    if isinstance(node, Scalar) and node.plain:
        if node.text in _TRUE:
            return True
        if node.text in _FALSE:
            return False
    return None


def scalar_number(node: Node) -> int | float | None:
    """The number a plain numeric scalar spells, else None."""
    if isinstance(node, Scalar) and node.plain:
        if _INT.fullmatch(node.text):
            return int(node.text) if _short(node.text) else None
        if _FLOAT.fullmatch(node.text):
            return float(node.text)
    return None


def _short(digits: str) -> bool:
    """True when a whole number is short enough to be meant (and to convert safely)."""
    return len(digits.lstrip("+-")) <= MAX_DIGITS
