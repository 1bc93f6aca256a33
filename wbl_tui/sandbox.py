"""The one Jinja environment for everything that comes from shared files.

Templates and ``when``/``default`` expressions are written by people we do not know. The
immutable sandbox stops attribute escapes (``__class__``, ``__globals__``) but not resource
abuse, so this module also caps string and list sizes, exponent and width arguments, loop
iterations, output size and wall time. A hostile template ends in one TemplateError.
"""

from __future__ import annotations

import contextvars
import re
import string
import time
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.filters import FILTERS
from jinja2.parser import Parser
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_STRING = 1_000_000  # characters in any string or list a template builds
MAX_OUTPUT = 2_000_000  # characters a render may produce
MAX_WIDTH = 1_000  # padding widths (center, format specs, indent)
MAX_ITERATIONS = 1_000_000  # loop iterations in one render
MAX_RANGE = 10_000
MAX_SECONDS = 3.0  # wall time of one render or expression

_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("wbl_budget", default=None)
_PCT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*)(?:\.(\d+))?")
_PCT_STAR = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d*\.\*)")
_SIZED_STR_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class _Budget:
    """What one render may still spend."""

    __slots__ = ("deadline", "iterations")

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.iterations = 0

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"took longer than {MAX_SECONDS:g} s; stopped")


def _check_time() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.check()


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} is too large for a template (limit {MAX_STRING:,} items)")


def _check_width(value: Any) -> None:
    try:
        width = int(value)
    except (TypeError, ValueError):
        return
    if abs(width) > MAX_WIDTH:
        raise SecurityError(f"a width of {width} is too large (limit {MAX_WIDTH})")


def _check_format_string(fmt: str) -> None:
    for _, _, spec, _ in string.Formatter().parse(fmt):
        if spec and "{" in spec:
            raise SecurityError("nested format specifications are not allowed")
        for digits in re.findall(r"\d+", spec or ""):
            _check_width(digits)


def _check_percent_format(fmt: str) -> None:
    # A '*' takes its width from the arguments, where no literal check can see it.
    if _PCT_STAR.search(fmt):
        raise SecurityError("'*' widths in % formats are not allowed in templates")
    for width, precision in _PCT_WIDTH.findall(fmt):
        _check_width(width or 0)
        _check_width(precision or 0)


class _GuardedIterable:
    """Wraps what a ``for`` loop walks, counting iterations against the budget."""

    __slots__ = ("_inner",)

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[Any]:
        budget = _budget.get()
        for item in self._inner:
            if budget is not None:
                budget.iterations += 1
                if budget.iterations > MAX_ITERATIONS:
                    raise SecurityError(f"more than {MAX_ITERATIONS:,} loop iterations; stopped")
                if budget.iterations % 256 == 0:
                    budget.check()
            yield item


def _guard_piece(value: Any) -> Any:
    """Check one operand of ``~`` so that repeated doubling cannot exhaust memory."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_STRING:
        raise _too_big("a string")
    _check_time()
    return value


_MAX_BITS = 4096


def _both_int(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int)


def _too_large_number() -> SecurityError:
    return SecurityError("a number that large is not allowed in a template")


def _check_repeat(seq: Any, times: Any) -> None:
    """Refuse ``seq * times`` when the result would be too long."""
    if (
        isinstance(seq, str | list | tuple)
        and isinstance(times, int)
        and len(seq) * max(times, 0) > MAX_STRING
    ):
        raise _too_big("a repeated string or list")


def _safe_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE:,} items in templates")
    return rng


def _wrap_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with its size arguments checked first and its result size checked after."""

    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not hasattr(a, "environment")]  # skip env/context args
        if name in {"center", "indent"} and len(values) > 1:
            _check_width(values[1])
        if name == "indent" and "width" in kwargs:
            _check_width(kwargs["width"])
        if name == "format" and values and isinstance(values[0], str):
            _check_percent_format(values[0])
        if name == "slice" and len(values) > 1:
            _check_width(values[1])
        if name == "replace" and len(values) >= 3 and isinstance(values[0], str):
            old, new = str(values[1]), str(values[2])
            grows = (values[0].count(old) if old else len(values[0]) + 1) * len(new)
            if len(values[0]) + grows > MAX_STRING:
                raise _too_big("the result of replace")
        _check_time()
        result = func(*args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_STRING:
            raise _too_big("a string")
        return result

    for attr in ("jinja_pass_arg",):
        if hasattr(func, attr):
            setattr(guarded, attr, getattr(func, attr))
    return guarded


class Sandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox with StrictUndefined and resource limits; no autoescape (Markdown)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, loader: BaseLoader | None = None) -> None:
        super().__init__(
            loader=loader,
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=-1,
        )
        self.globals.pop("lipsum", None)
        self.globals["range"] = _safe_range
        self.globals["__wbl_iter"] = _GuardedIterable
        self.globals["__wbl_piece"] = _guard_piece
        self.filters.update({name: _wrap_filter(name, f) for name, f in FILTERS.items()})

    # -- resource limits ------------------------------------------------------------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Apply a binary operator, refusing results that would be huge."""
        _check_time()
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
            if _both_int(left, right) and left.bit_length() + right.bit_length() > _MAX_BITS:
                raise _too_large_number()
        elif operator == "**":
            if _both_int(left, right) and abs(left) > 1 and right * left.bit_length() > _MAX_BITS:
                raise _too_large_number()
        elif operator == "+":
            sized = (str, list, tuple)
            if (
                isinstance(left, sized)
                and isinstance(right, sized)
                and len(left) + len(right) > MAX_STRING
            ):
                raise _too_big("a string")
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a function from a template, checking time and size arguments first."""
        _check_time()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _SIZED_STR_METHODS:
                for arg in args:
                    _check_width(arg)
            elif name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                count = owner.count(old) if old else len(owner) + 1
                if len(owner) + count * len(new) > MAX_STRING:
                    raise _too_big("the result of replace")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Check a format string's widths when ``str.format`` is looked up."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_string(value.__self__)
        return wrapped

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then route loops and ``~`` through the guards above."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.Name("__wbl_iter", "load"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        for concat in tree.find_all(nodes.Concat):
            concat.nodes = [
                nodes.Call(nodes.Name("__wbl_piece", "load"), [n], [], None, None, lineno=n.lineno)
                for n in concat.nodes
            ]
        return tree

    # -- bounded evaluation ---------------------------------------------------------------

    def render_bounded(self, template: Any, context: dict[str, Any]) -> str:
        """Render ``template`` within the time and output limits."""
        token = _budget.set(_Budget(MAX_SECONDS))
        try:
            parts: list[str] = []
            size = 0
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise SecurityError(f"output is larger than {MAX_OUTPUT:,} characters; stopped")
                parts.append(chunk)
            return "".join(parts)
        finally:
            _budget.reset(token)

    def evaluate(self, compiled: Callable[..., Any], context: dict[str, Any]) -> Any:
        """Evaluate a compiled expression within the time limit."""
        token = _budget.set(_Budget(MAX_SECONDS))
        try:
            return compiled(**context)
        finally:
            _budget.reset(token)

    def expression_names(self, source: str) -> tuple[set[str], set[str]]:
        """Parse an expression (TemplateSyntaxError if it is not one); the names it reads.

        Returns the bare names and the ``answers.x`` names. Parsing is all a load-time
        check needs; compiling to Python waits until the expression is first evaluated.
        """
        parser = Parser(self, source, state="variable")
        expr = parser.parse_expression()
        if not parser.stream.eos:
            token = parser.stream.current
            parser.fail(
                f"unexpected {token.type} '{token.value}' after the expression", token.lineno
            )
        # find_all() yields only descendants: the expression itself may be the name
        # (``when: placements``) or the lookup (``when: answers.placements``).
        every = [expr, *expr.find_all(nodes.Node)]
        bare = {n.name for n in every if isinstance(n, nodes.Name) and n.ctx == "load"}
        via_answers = {
            g.attr
            for g in every
            if isinstance(g, nodes.Getattr)
            and isinstance(g.node, nodes.Name)
            and g.node.name == "answers"
        } | {
            str(g.arg.value)
            for g in every
            if isinstance(g, nodes.Getitem)
            and isinstance(g.node, nodes.Name)
            and g.node.name == "answers"
            and isinstance(g.arg, nodes.Const)
        }
        return bare, via_answers


_shared: Sandbox | None = None


def expression_sandbox() -> Sandbox:
    """The process-wide sandbox used for ``when`` and ``default`` expressions."""
    global _shared
    if _shared is None:
        _shared = Sandbox()
    return _shared


__all__ = ["MAX_SECONDS", "Sandbox", "TemplateError", "expression_sandbox"]
