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
from collections.abc import Callable, Iterable, Iterator
from types import BuiltinMethodType
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, nodes, pass_environment, pass_eval_context
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.filters import FILTERS, sync_do_join, sync_do_sum
from jinja2.nodes import EvalContext
from jinja2.parser import Parser
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

MAX_STRING = 1_000_000  # characters in any string or list a template builds
MAX_OUTPUT = 2_000_000  # characters a render may produce
MAX_WIDTH = 1_000  # padding widths (center, format specs, indent)
MAX_ITERATIONS = 1_000_000  # loop iterations in one render
MAX_RANGE = 10_000
MAX_SECONDS = 3.0  # wall time of one render or expression
MAX_WRAP = 100_000  # characters wordwrap may be given (textwrap is slow on long words)

_budget: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("wbl_budget", default=None)
_PCT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*)(?:\.(\d+))?")
_PCT_STAR = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d*\.\*)")
_SIZED_STR_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


class _Budget:
    """What one render may still spend."""

    __slots__ = ("deadline", "iterations", "sizes")

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.iterations = 0
        # id -> (size, the object): holding the object keeps its id from being reused.
        self.sizes: dict[int, tuple[int, Any]] = {}

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _out_of_time()

    def spend(self, iterations: int) -> None:
        """Count loop iterations; stop at the cap, and look at the clock every 256."""
        before = self.iterations
        self.iterations += iterations
        if self.iterations > MAX_ITERATIONS:
            raise SecurityError(f"more than {MAX_ITERATIONS:,} loop iterations; stopped")
        if before >> 8 != self.iterations >> 8:
            self.check()


def _out_of_time() -> SecurityError:
    return SecurityError(f"took longer than {MAX_SECONDS:g} s; stopped")


def _check_time() -> None:
    # Called before every call, filter and operator a template makes: kept to one lookup.
    budget = _budget.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise _out_of_time()


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} is too large for a template (limit {MAX_STRING:,} items)")


def _size(value: Any) -> int:
    """Characters and items ``value`` spells out when printed, counted to just past MAX_STRING.

    Lists may hold the same big list many times (``[[0] * 999999] * 999`` is small in
    memory), so ``*`` and ``len`` alone do not bound what ``str()`` of them would build.
    """
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, Namespace):
        value = value._Namespace__attrs
    if not isinstance(value, list | tuple | dict | set | frozenset):
        return 1
    budget = _budget.get()
    memo = budget.sizes if budget is not None else {}
    known = memo.get(id(value))
    if known is not None:
        return known[0]
    total = len(value)
    for item in value.items() if isinstance(value, dict) else value:
        if total > MAX_STRING:
            break
        total += _size(item)
    memo[id(value)] = (total, value)
    return total


def _check_size(*values: Any) -> None:
    """Refuse values that would print as more than MAX_STRING characters and items together."""
    total = 0
    for value in values:
        total += len(value) if type(value) is str else _size(value)
        if total > MAX_STRING:
            raise _too_big("a string or list")


def _bounded_join(items: Iterable[Any], sep: Any) -> list[Any]:
    """``items`` as a list, if joining them with ``sep`` stays within MAX_STRING."""
    items = list(items)
    total = len(str(sep)) * len(items)
    for item in items:
        if total > MAX_STRING:
            break
        total += _size(item)
    if total > MAX_STRING:
        raise _too_big("the result of join")
    return items


def _bounded_concat(parts: Iterable[str]) -> str:
    """``environment.concat``: what ``{% set %}`` blocks, macros and filter blocks capture."""
    parts = list(parts)
    if sum(map(len, parts)) > MAX_OUTPUT:
        raise SecurityError(f"a captured block is larger than {MAX_OUTPUT:,} characters")
    return "".join(parts)


@pass_eval_context
def _guarded_concat(eval_ctx: EvalContext, *pieces: Any) -> str:
    """The ``~`` operator, refused when its pieces add up to more than MAX_STRING."""
    _check_time()
    _check_size(*pieces)
    return markup_join(pieces) if eval_ctx.autoescape else str_join(pieces)


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` output: refuse a value that would print huge before ``str()`` builds it."""
    if not isinstance(value, str):
        _check_size(value)
    return value


def _check_width(value: Any) -> None:
    try:
        width = int(value)
    except (TypeError, ValueError):
        return
    if abs(width) > MAX_WIDTH:
        raise SecurityError(f"a width of {width} is too large (limit {MAX_WIDTH})")


def _check_format_string(fmt: str) -> int:
    """Check a ``str.format`` string's widths; the number of fields it fills."""
    fields = 0
    for _, field, spec, _ in string.Formatter().parse(fmt):
        if spec and "{" in spec:
            raise SecurityError("nested format specifications are not allowed")
        for digits in re.findall(r"\d+", spec or ""):
            _check_width(digits)
        fields += field is not None
    return fields


def _check_percent_format(fmt: str, *args: Any) -> None:
    """Check a ``%`` format's widths, and that filling it from ``args`` stays small."""
    # A '*' takes its width from the arguments, where no literal check can see it.
    if _PCT_STAR.search(fmt):
        raise SecurityError("'*' widths in % formats are not allowed in templates")
    conversions = _PCT_WIDTH.findall(fmt)
    for width, precision in conversions:
        _check_width(width or 0)
        _check_width(precision or 0)
    _check_filled(fmt, len(conversions), args)


def _check_filled(fmt: str, fields: int, args: Iterable[Any]) -> None:
    """Each field may print the biggest argument (``'%(a)s%(a)s' % {'a': big}``)."""
    biggest = max((_size(a) for a in args), default=0)
    if len(fmt) + fields * biggest > MAX_STRING:
        raise _too_big("a formatted string")


_SIZED = frozenset({list, tuple, dict, str, range})  # built-in containers, length fixed


class _GuardedIterable:
    """Wraps what a ``for`` loop walks, counting iterations against the budget."""

    __slots__ = ("_inner",)

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[Any]:
        budget = _budget.get()
        inner = self._inner
        if budget is None:
            return iter(inner)
        if type(inner) in _SIZED:
            # Templates cannot change a container, so the loop's length is known: charge
            # it up front rather than count each step (loops run over small lists a lot).
            budget.spend(len(inner))
            return iter(inner)
        return self._counted(inner, budget)

    @staticmethod
    def _counted(inner: Iterable[Any], budget: _Budget) -> Iterator[Any]:
        for item in inner:
            budget.spend(1)
            yield item


_MAX_BITS = 4096
_DICT_ATTRIBUTES = frozenset(dir(dict))
_MAX_REMEMBERED = 4096  # (type, attribute) safety decisions kept


def _call_plain(context: Any, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call a macro, a built-in method or our loop guard as ``Context.call`` would.

    None of them can be marked unsafe (a template cannot set attributes) nor asks to be
    passed the context, so only the loop bookkeeping is dropped and StopIteration turned
    into an undefined value, as Jinja does.
    """
    kwargs.pop("_loop_vars", None)
    kwargs.pop("_block_vars", None)
    try:
        return func(*args, **kwargs)
    except StopIteration:
        return context.environment.undefined(
            "value was undefined because a callable raised a StopIteration exception"
        )


def _checked_str_call(
    owner: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Refuse a call of a string method that would build something huge; the arguments to use."""
    if name in _SIZED_STR_METHODS:
        for arg in (*args, *kwargs.values()):
            _check_width(arg)
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        if name == "expandtabs" and owner.count("\t") * int(tabsize) > MAX_STRING:
            raise _too_big("the result of expandtabs")
    elif name == "join" and args:
        return (_bounded_join(args[0], owner), *args[1:])
    elif name == "replace" and len(args) >= 2:
        _check_replaced(owner, str(args[0]), str(args[1]))
    return args


def _both_int(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int)


def _too_large_number() -> SecurityError:
    return SecurityError("a number that large is not allowed in a template")


def _check_repeat(seq: Any, times: Any) -> None:
    """Refuse ``seq * times`` when the result would be too long."""
    if (
        isinstance(seq, str | list | tuple)
        and isinstance(times, int)
        and _size(seq) * max(times, 0) > MAX_STRING
    ):
        raise _too_big("a repeated string or list")


def _safe_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE:,} items in templates")
    return rng


@pass_eval_context
def _join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    """Jinja's ``join``, refused before joining when the result would be too long."""
    return str(sync_do_join(eval_ctx, _bounded_join(value, d), d, attribute))


@pass_environment
def _sum(environment: Any, iterable: Iterable[Any], attribute: Any = None, start: Any = 0) -> Any:
    """Jinja's ``sum``; adding lists copies them each time, so long lists of lists are refused."""
    if not isinstance(start, int | float):
        iterable = list(iterable)
        if len(iterable) > MAX_RANGE:
            raise SecurityError(f"sum() of lists is limited to {MAX_RANGE:,} items in templates")
    return sync_do_sum(environment, iterable, attribute, start)


def _arg(values: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str) -> Any:
    """A filter's argument, given by position or by name (None when not given)."""
    return values[index] if len(values) > index else kwargs.get(name)


def _width_of(value: Any, default: int) -> int:
    """A width given as a number, or as a string used as padding (its length)."""
    if value is None:
        return default
    return len(value) if isinstance(value, str) else int(value)


def _check_count_arg(name: str) -> Callable[[tuple[Any, ...], dict[str, Any]], None]:
    """center, slice and batch: the second argument is a width or a count of items built."""

    def check(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        _check_width(_arg(values, kwargs, 1, name))

    return check


def _check_indent(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if values:
        width = _width_of(_arg(values, kwargs, 1, "width"), 4)
        _check_width(width)
        if str(values[0]).count("\n") * width > MAX_STRING:
            raise _too_big("the result of indent")


def _depth(value: Any) -> int:
    """How deeply lists and dicts nest in ``value`` (0 for a plain value)."""
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list | tuple | set | frozenset):
        return 0
    return 1 + max((_depth(v) for v in value), default=0)


def _check_tojson(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Every item goes on its own line, indented once per level it is nested in.
    width = _width_of(_arg(values, kwargs, 1, "indent"), 0)
    _check_width(width)
    if values and width and _size(values[0]) * width * _depth(values[0]) > MAX_STRING:
        raise _too_big("the result of tojson")


def _check_format(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if values and isinstance(values[0], str):
        _check_percent_format(values[0], *values[1:], *kwargs.values())


def _check_wordwrap(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if values and len(str(values[0])) > MAX_WRAP:
        raise SecurityError(f"wordwrap is limited to {MAX_WRAP:,} characters in templates")


def _check_replace(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    old, new = _arg(values, kwargs, 1, "old"), _arg(values, kwargs, 2, "new")
    if values and isinstance(values[0], str) and old is not None and new is not None:
        _check_replaced(values[0], str(old), str(new))


def _check_replaced(text: str, old: str, new: str) -> None:
    """Refuse ``text.replace(old, new)`` when the result could be too long."""
    # There are at most len(text) + 1 matches: count them only when that many could matter
    # (templates replace in short texts all the time).
    if len(text) + (len(text) + 1) * len(new) > MAX_STRING:
        grows = (text.count(old) if old else len(text) + 1) * len(new)
        if len(text) + grows > MAX_STRING:
            raise _too_big("the result of replace")


# Filters that can build something huge from small arguments, and how each is checked
# (besides the size of what it is given, which is checked for every wrapped filter).
_FILTER_CHECKS: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], None]] = {
    "center": _check_count_arg("width"),
    "slice": _check_count_arg("slices"),
    "batch": _check_count_arg("linecount"),
    "indent": _check_indent,
    "tojson": _check_tojson,
    "format": _check_format,
    "wordwrap": _check_wordwrap,
    "replace": _check_replace,
}

# Filters whose result is no bigger than what they are given, and which print nothing:
# they run unwrapped (rendering calls filters hundreds of times per plan).
_PLAIN_FILTERS = frozenset(
    {
        "abs", "attr", "count", "d", "default", "dictsort", "filesizeformat", "first", "float",
        "groupby", "int", "items", "last", "length", "list", "map", "max", "min", "random",
        "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort", "unique",
    }
)  # fmt: skip


def _wrap_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with its arguments checked first and its result size checked after."""
    if name in _PLAIN_FILTERS:
        return func
    skip = 1 if hasattr(func, "jinja_pass_arg") else 0  # the environment or context
    check = _FILTER_CHECKS.get(name)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = args[skip:]
        if check is None and not kwargs and len(values) == 1 and type(values[0]) is str:
            if len(values[0]) > MAX_STRING:  # most calls: trim, string, lower… of one text
                raise _too_big("a string or list")
        else:
            _check_size(*values, *kwargs.values())
            if check is not None:
                check(values, kwargs)
        _check_time()
        result = func(*args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_STRING:
            raise _too_big("a string")
        return result

    if hasattr(func, "jinja_pass_arg"):
        guarded.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


class Sandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox with StrictUndefined and resource limits; no autoescape (Markdown)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    concat = staticmethod(_bounded_concat)

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
            finalize=_finalize,
        )
        self.globals.pop("lipsum", None)
        self.globals["range"] = _safe_range
        self.globals["__wbl_iter"] = _GuardedIterable
        self.globals["__wbl_concat"] = _guarded_concat
        filters = {**FILTERS, "join": _join, "sum": _sum}
        self.filters.update({name: _wrap_filter(name, f) for name, f in filters.items()})
        self._safe_attributes: dict[tuple[type, str], bool] = {}

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
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                _check_size(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left, *(right if isinstance(right, tuple) else (right,)))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a function from a template, checking time and size arguments first."""
        _check_time()
        kind = type(__obj)
        if kind is Macro or __obj is _GuardedIterable:
            return _call_plain(__context, __obj, args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            args = _checked_str_call(owner, getattr(__obj, "__name__", ""), args, kwargs)
        if kind is BuiltinMethodType:
            return _call_plain(__context, __obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: a dict's key straight away, anything else as Jinja looks it up."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            # A dict has no attributes but its methods: Jinja would look the key up after
            # getattr() failed, and templates read context dicts this way all the time.
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's decision, remembered: it depends only on the type of ``obj`` and the name."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) >= _MAX_REMEMBERED:
                self._safe_attributes.clear()
            self._safe_attributes[key] = safe
        return safe

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Check a format string's widths when ``str.format`` is looked up, its filling when called."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__
        fields = _check_format_string(fmt)

        def checked(*args: Any, **kwargs: Any) -> str:
            _check_filled(fmt, fields, (*args, *kwargs.values()))
            return wrapped(*args, **kwargs)

        return checked

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        """Route loops and ``~`` through the guards above, in templates and expressions alike."""
        for loop in source.find_all(nodes.For):
            loop.iter = nodes.Call(
                nodes.Name("__wbl_iter", "load"), [loop.iter], [], None, None, lineno=loop.lineno
            )
        for concat in list(source.find_all(nodes.Concat)):
            call = nodes.Call(
                nodes.Name("__wbl_concat", "load"),
                concat.nodes,
                [],
                None,
                None,
                lineno=concat.lineno,
            )
            concat.nodes = [call]
        return str(super()._generate(source, name, filename, defer_init))

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
