"""Jinja's filters, each checked before it runs and its result counted after.

Every filter is wrapped: the arguments of the ones that can build something big from
small arguments are checked first (widths, counts, replacements), and every result goes
through ``limits.admit``, so what a filter builds is counted like anything else. A filter
that gives a generator (map, select, batch…) is run to the end there and then: what it
builds is counted, and generators cannot wrap each other until iterating them overflows
the C stack. Filters that work word by word in Python are given at most ``MAX_WRAP``
characters, so one call cannot take seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import GeneratorType
from typing import Any

from jinja2 import pass_environment, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS, sync_do_join, sync_do_sum
from jinja2.nodes import EvalContext

from wbl_tui.sandbox.limits import (
    MAX_RANGE,
    MAX_STRING,
    MAX_WIDTH,
    MAX_WRAP,
    admit,
    check_size,
    check_width,
    measure,
    printed,
    size,
    step,
    too_big,
)
from wbl_tui.sandbox.methods import bounded_join, check_percent_format, check_replaced

Check = Callable[[tuple[Any, ...], dict[str, Any]], None]

# Filters that look at each word or character in Python (seconds on a megabyte of text).
_WORD_BY_WORD = frozenset({"wordwrap", "wordcount", "title", "urlize", "striptags", "truncate"})


@pass_eval_context
def _join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    """Jinja's ``join``, refused before joining when the result would be too long."""
    return str(sync_do_join(eval_ctx, bounded_join(value, d), d, attribute))


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


def _check_count_arg(name: str) -> Check:
    """center, slice and batch: the second argument is a width or a count of items built."""

    def check(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        check_width(_arg(values, kwargs, 1, name))

    return check


def _check_indent(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if values:
        width = _width_of(_arg(values, kwargs, 1, "width"), 4)
        check_width(width)
        if str(values[0]).count("\n") * width > MAX_STRING:
            raise too_big("the result of indent")


def _check_pprint(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Each item on its own line, indented once per level it is nested in.
    if values and printed(values[0]) + size(values[0]) * measure(values[0])[1] > 2 * MAX_STRING:
        raise too_big("the result of pprint")


def _check_tojson(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Every item goes on its own line, indented once per level it is nested in; a
    # character may be spelled as '\u00e9' (six for one).
    width = _width_of(_arg(values, kwargs, 1, "indent"), 0)
    check_width(width)
    if values and 6 * size(values[0]) * (1 + width * measure(values[0])[1]) > 2 * MAX_STRING:
        raise too_big("the result of tojson")


def _check_format(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if values and isinstance(values[0], str):
        check_percent_format(values[0], *values[1:], *kwargs.values())


def _check_replace(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    old, new = _arg(values, kwargs, 1, "old"), _arg(values, kwargs, 2, "new")
    if values and isinstance(values[0], str) and old is not None and new is not None:
        check_replaced(values[0], str(old), str(new))


def _check_escape(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # '"' becomes '&#34;': five characters for one.
    if values and 5 * size(values[0]) > MAX_STRING:
        raise too_big("the escaped text")


def _check_word_args(values: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # wordwrap's wrapstring, urlize's target and rel, truncate's end: put in once per line
    # or link, so short.
    for arg in (*values[1:], *kwargs.values()):
        if isinstance(arg, str) and len(arg) > MAX_WIDTH:
            raise SecurityError(
                f"a text of {len(arg):,} characters is too long here (limit {MAX_WIDTH})"
            )


# Filters that can build something huge from small arguments, and how each is checked
# (besides the size of what it is given, which is checked for every filter).
_CHECKS: dict[str, Check] = {
    "center": _check_count_arg("width"),
    "slice": _check_count_arg("slices"),
    "batch": _check_count_arg("linecount"),
    "indent": _check_indent,
    "tojson": _check_tojson,
    "pprint": _check_pprint,
    "format": _check_format,
    "replace": _check_replace,
    "escape": _check_escape,
    "e": _check_escape,
    "forceescape": _check_escape,
    "urlencode": _check_escape,  # '%XX' per byte, up to four bytes a character
    "xmlattr": _check_escape,
    "wordwrap": _check_word_args,
    "urlize": _check_word_args,
    "truncate": _check_word_args,
}


# Filters whose result is no bigger than a few times what they are given, and which do
# their work in C or item by item through calls that are checked themselves: only their
# result is counted (rendering calls filters hundreds of times per plan).
_PLAIN = frozenset(
    {
        "abs", "attr", "count", "d", "default", "dictsort", "filesizeformat", "first", "float",
        "groupby", "int", "items", "last", "length", "list", "map", "max", "min", "random",
        "reject", "rejectattr", "reverse", "round", "select", "selectattr", "sort", "unique",
    }
)  # fmt: skip


def _wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter with its arguments checked first and its result counted after."""
    if name in _PLAIN:
        return _counted(func)
    skip = 1 if hasattr(func, "jinja_pass_arg") else 0  # the environment or context
    check = _CHECKS.get(name)
    most = MAX_WRAP if name in _WORD_BY_WORD else MAX_STRING
    what = f"{name} is limited to {MAX_WRAP:,} characters in templates"

    def guarded(*args: Any, **kwargs: Any) -> Any:
        step()
        values = args[skip:]
        if check is None and not kwargs and len(values) == 1 and type(values[0]) is str:
            if len(values[0]) > most:  # most calls: trim, string, lower… of one text
                raise SecurityError(what) if most == MAX_WRAP else too_big("a string")
        else:
            check_size(*values, *kwargs.values())
            if most == MAX_WRAP and values and len(str(values[0])) > most:
                raise SecurityError(what)
            if check is not None:
                check(values, kwargs)
        return _admitted(func(*args, **kwargs))

    if hasattr(func, "jinja_pass_arg"):
        guarded.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


def _counted(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose result only is counted."""

    def counted(*args: Any, **kwargs: Any) -> Any:
        return _admitted(func(*args, **kwargs))

    if hasattr(func, "jinja_pass_arg"):
        counted.jinja_pass_arg = func.jinja_pass_arg  # type: ignore[attr-defined]
    return counted


def _admitted(result: Any) -> Any:
    """A filter's result counted, a generator run to the end first (a list of what it gives)."""
    return admit(list(result) if type(result) is GeneratorType else result)


def guarded_filters() -> dict[str, Callable[..., Any]]:
    """Every Jinja filter, wrapped."""
    filters = {**FILTERS, "join": _join, "sum": _sum}
    return {name: _wrap(name, f) for name, f in filters.items()}
