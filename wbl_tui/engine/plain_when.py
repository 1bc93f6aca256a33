"""Conditions and ``{{ … }}`` defaults simple enough to decide without Jinja.

Most ``when``s and templated defaults in question sets compare answers with literals and
pick between them: ``stage == 'for'``, ``'teamwork' in (skills or [])``,
``{{ assessment.answers.course_title if assessment else '' }}``. For those parts Jinja's
compiler writes out the very Python operators they are written in (``==``, ``in``,
``and``, ``not``, ``x if c else y``; none goes through the sandbox's hooks), so Python
decides them the same way. Deciding them here keeps Jinja's import and compiler off the
way to the first question: about 50 ms of a half-second start.

Any other part (filters, tests, attributes, calls, arithmetic, escapes, numbers or names
written in a way only one of the two languages reads) becomes a marker: reaching it raises
:class:`NotPlain` and the caller asks Jinja instead. Nothing here has side effects, so
stopping half-way changes nothing. The sources come from loaded sets, which Jinja has
parsed. ``tests/props/test_plain_when.py`` checks that both always agree.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import CodeType
from typing import Any

# Jinja reads these names as literals, whatever the answers hold.
_LITERALS: dict[str, Any] = {
    "true": True,
    "false": False,
    "none": None,
    "True": True,
    "False": False,
    "None": None,
}
# Names the sandbox gives a meaning of its own (``sandbox.expression_sandbox().globals``;
# a test keeps the two equal).
JINJA_GLOBALS = frozenset(
    {"range", "dict", "cycler", "joiner", "namespace", "__wbl_iter", "__wbl_concat", "__wbl_built"}
)
_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
# Spelled the same way in both languages: no prefixes, escapes, exponents, underscores,
# braces (Jinja's delimiters) or non-ASCII names (Python normalises those).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_STRING = re.compile(r"'[^'\\{}%#\n]*'|\"[^\"\\{}%#\n]*\"")
# A default that is one ``{{ … }}`` and nothing else (no braces inside, no ``-`` trims).
_ONE_OUTPUT = re.compile(r"\s*\{\{(?![-+])([^{}]*?)(?<![-+])\}\}\s*", re.DOTALL)
_MARK = "__wbl_not_plain"
_MAX_SOURCE = 2000


class NotPlain(Exception):
    """The evaluation reached a part only Jinja may decide."""


def _not_plain() -> None:
    raise NotPlain


@dataclass(frozen=True, slots=True)
class PlainExpression:
    """An expression Python decides as Jinja would, as far as its plain parts go.

    ``names``: what the plain parts read; with ``complete`` (no part needs Jinja) that is
    everything the expression reads.
    """

    code: CodeType
    names: tuple[str, ...]
    complete: bool

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The value; NotPlain when a name is missing from ``values`` or a part needs Jinja."""
        try:
            local = {n: values[n] for n in self.names}
        except KeyError:
            raise NotPlain from None
        return eval(self.code, {"__builtins__": {}, _MARK: _not_plain}, local)


def plain_expression(source: str) -> PlainExpression | None:
    """``source`` (a ``when``) as a PlainExpression; None when no part of it is plain."""
    text = source.strip()
    # ``#`` starts a comment and ``\\`` joins lines only in Python
    if len(text) > _MAX_SOURCE or not text.isascii() or "#" in text or "\\" in text:
        return None
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    plain = _Plain(text)
    try:
        body = plain.part(tree.body)
    except RecursionError:
        return None
    if plain.marks and isinstance(body, ast.Call):  # nothing plain at all
        return None
    code = compile(ast.fix_missing_locations(ast.Expression(body)), "<when>", "eval")
    return PlainExpression(code, tuple(sorted(plain.names)), complete=not plain.marks)


def plain_template(source: str) -> PlainExpression | None:
    """A default that is a single ``{{ expression }}``, as a PlainExpression (else None)."""
    whole = _ONE_OUTPUT.fullmatch(source)
    return plain_expression(whole.group(1)) if whole else None


class _Plain:
    """Rebuilds an expression from its plain parts, with a marker for every other part."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.names: set[str] = set()
        self.marks = 0

    def part(self, node: ast.expr) -> ast.expr:
        new = self._plain(node)
        if new is None:
            self.marks += 1
            new = ast.Call(ast.Name(_MARK, ast.Load()), [], [])
        return ast.copy_location(new, node)

    def _plain(self, node: ast.expr) -> ast.expr | None:
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Constant):
            return node if self._constant(node) else None
        if isinstance(node, ast.BoolOp):
            return ast.BoolOp(node.op, [self.part(v) for v in node.values])
        if isinstance(node, ast.UnaryOp):
            return self._unary(node)
        if isinstance(node, ast.Compare):
            if not all(isinstance(op, _COMPARISONS) for op in node.ops):
                return None
            return ast.Compare(
                self.part(node.left), node.ops, [self.part(c) for c in node.comparators]
            )
        if isinstance(node, ast.IfExp):
            return ast.IfExp(self.part(node.test), self.part(node.body), self.part(node.orelse))
        if isinstance(node, ast.List | ast.Tuple):
            return self._literal(node)
        return None

    def _literal(self, node: ast.expr) -> ast.expr | None:
        """A constant, or a list or tuple of them.

        One with anything computed in it goes through the sandbox's size guard.
        """
        if isinstance(node, ast.List | ast.Tuple):
            elts = [self._literal(e) for e in node.elts]
            known = [e for e in elts if e is not None]
            return type(node)(known, ast.Load()) if len(known) == len(elts) else None
        if isinstance(node, ast.Name) and node.id in _LITERALS:
            return ast.Constant(_LITERALS[node.id])
        if isinstance(node, ast.Constant):
            return node if self._constant(node) else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return self._unary(node)
        return None

    def _name(self, node: ast.Name) -> ast.expr | None:
        if node.id in _LITERALS:
            return ast.Constant(_LITERALS[node.id])
        if _NAME.fullmatch(node.id) is None or node.id in JINJA_GLOBALS:
            return None
        self.names.add(node.id)
        return ast.Name(node.id, ast.Load())

    def _constant(self, node: ast.Constant) -> bool:
        written = ast.get_source_segment(self.text, node) or ""
        if isinstance(node.value, bool) or node.value is None:
            return written in _LITERALS
        if type(node.value) in (int, float):
            return _NUMBER.fullmatch(written) is not None
        return type(node.value) is str and _STRING.fullmatch(written) is not None

    def _unary(self, node: ast.UnaryOp) -> ast.expr | None:
        if isinstance(node.op, ast.Not):
            return ast.UnaryOp(ast.Not(), self.part(node.operand))
        number = isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)
        if isinstance(node.op, ast.USub) and number and self._constant(node.operand):  # type: ignore[arg-type]
            return node
        return None
