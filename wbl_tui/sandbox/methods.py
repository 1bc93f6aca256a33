"""What each operator and each built-in method may build, checked before it runs.

Every method a template can call on a text, bytes, number or container (and Markup's,
which wrap str's) is looked up in one table by name: the ones whose result can outgrow
what they are given (padding, tabs, replace, join, translate, encode, ``int.to_bytes``)
say by how much, before the work is done; the rest give at most a few times their input.
A name missing from the table is refused, so a new Python method is not run unchecked (a
test lists them).
"""

from __future__ import annotations

import codecs
import re
import string
from collections.abc import Callable, Iterable
from typing import Any

from jinja2.exceptions import SecurityError

from wbl_tui.sandbox.limits import (
    MAX_BITS,
    MAX_STRING,
    MAX_WIDTH,
    MAX_WRAP,
    check_size,
    check_width,
    printed,
    size,
    too_big,
    too_large_number,
)

Text = str | bytes | bytearray
MAX_FIELDS = 10_000  # replacement fields in one format string
_PCT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*)(?:\.(\d+))?[a-zA-Z%]")
_PCT_STAR = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d*\.\*)")
_CODECS = frozenset({"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                     "utf-32-be", "ascii", "latin-1", "cp1252", "iso8859-15"})  # fmt: skip
_ERRORS = frozenset({"strict", "ignore", "replace"})

# Methods whose result is at most a few times as big as the value and its arguments
# (case changes can turn one character into three: 'ﬃ'.upper() == 'FFI').
_LINEAR = frozenset(
    {
        "capitalize", "casefold", "count", "endswith", "find", "fromhex", "hex", "index",
        "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower",
        "isnumeric", "isprintable", "isspace", "istitle", "isupper", "lower", "lstrip",
        "maketrans", "partition", "removeprefix", "removesuffix", "rfind", "rindex",
        "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
        "swapcase", "title", "upper", "unescape",
        # looked up through Sandbox.wrap_str_format, which checks them: see check_format
        "format", "format_map",
        # numbers: a small number, or one of 8 bits a byte (limits.admit refuses a big one)
        "as_integer_ratio", "bit_count", "bit_length", "conjugate", "from_bytes", "is_integer",
        # containers and dict views: a copy, a lookup, a view, or set algebra of what they hold
        "copy", "fromkeys", "get", "items", "keys", "values", "isdisjoint", "issubset",
        "issuperset", "difference", "intersection", "symmetric_difference", "union",
    }
)  # fmt: skip


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str) -> Any:
    return args[index] if len(args) > index else kwargs.get(name)


def _pad(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for arg in (*args, *kwargs.values()):
        check_width(arg)


def _expandtabs(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    tabsize = _arg(args, kwargs, 0, "tabsize")
    tabsize = 8 if tabsize is None else tabsize
    check_width(tabsize)
    tab = "\t" if isinstance(owner, str) else b"\t"
    if len(owner) + owner.count(tab) * max(int(tabsize), 0) > MAX_STRING:
        raise too_big("the result of expandtabs")


def _replace(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    old, new = _arg(args, kwargs, 0, "old"), _arg(args, kwargs, 1, "new")
    if isinstance(old, str | bytes) and isinstance(new, str | bytes):
        check_replaced(owner, old, new)


def check_replaced(text: Text, old: Text, new: Text) -> None:
    """Refuse ``text.replace(old, new)`` when the result could be too long."""
    # There are at most len(text) + 1 matches: count them only when that many could matter
    # (templates replace in short texts all the time).
    if len(text) + (len(text) + 1) * len(new) > MAX_STRING:
        try:
            matches = text.count(old) if old else len(text) + 1  # type: ignore[arg-type]
        except TypeError:  # str and bytes mixed: replace() will say so
            return
        if len(text) + matches * len(new) > MAX_STRING:
            raise too_big("the result of replace")


def bounded_join(items: Iterable[Any], sep: Any) -> list[Any]:
    """``items`` as a list, if joining them with ``sep`` stays within MAX_STRING."""
    items = list(items)
    total = size(sep) * len(items)
    for item in items:
        if total > MAX_STRING:
            break
        total += size(item)
    if total > MAX_STRING:
        raise too_big("the result of join")
    return items


def _translate(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    table = _arg(args, kwargs, 0, "table")
    if isinstance(owner, bytes | bytearray) or table is None:
        return  # a bytes table maps one byte to one byte
    if isinstance(table, dict):
        values: Iterable[Any] = table.values()
    elif isinstance(table, list | tuple | str):
        values = table
    else:
        raise SecurityError("str.translate() takes a mapping or a list in templates")
    check_size(table)
    longest = max((len(v) if isinstance(v, str) else 1 for v in values), default=1)
    if len(owner) * longest > MAX_STRING:
        raise too_big("the result of translate")


def _codec(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    encoding = _arg(args, kwargs, 0, "encoding") or "utf-8"
    errors = _arg(args, kwargs, 1, "errors") or "strict"
    try:
        name = codecs.lookup(str(encoding)).name
    except LookupError:
        name = str(encoding)
    # Others can be slow (punycode is quadratic) or spell one character as many.
    if name not in _CODECS or errors not in _ERRORS:
        raise SecurityError(
            f"encoding {encoding!r} with errors={errors!r} is not allowed in templates"
        )
    if len(owner) > MAX_STRING // 4:
        raise too_big("the encoded text")


def _to_bytes(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    length = _arg(args, kwargs, 0, "length")
    if isinstance(length, int) and length > MAX_STRING:
        raise too_big("the result of to_bytes")


def _escape(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Markup.escape: '"' becomes '&#34;', five characters for one.
    if args and 5 * size(args[0]) > MAX_STRING:
        raise too_big("the escaped text")


def _striptags(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Markup.striptags works tag by tag in Python, like the filter of that name.
    if len(owner) > MAX_WRAP:
        raise SecurityError(f"striptags is limited to {MAX_WRAP:,} characters in templates")


# What a growing method may build, checked before it runs (raises when too big).
_GROWING: dict[str, Callable[[Any, tuple[Any, ...], dict[str, Any]], None]] = {
    "center": _pad,
    "ljust": _pad,
    "rjust": _pad,
    "zfill": _pad,
    "expandtabs": _expandtabs,
    "replace": _replace,
    "translate": _translate,
    "encode": _codec,
    "decode": _codec,
    "join": lambda owner, args, kwargs: None,  # done in check_method: it needs the items
    "to_bytes": _to_bytes,
    "escape": _escape,
    "striptags": _striptags,
}


# Methods that change what they are called on, which Jinja's immutable sandbox misses.
_REFUSED = frozenset({"intersection_update"})


def known_methods() -> frozenset[str]:
    """Every method name the table classifies (as allowed, checked or refused)."""
    return _LINEAR | frozenset(_GROWING) | _REFUSED


def check_method(
    owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Refuse a built-in method call that would build too much; the arguments to use.

    ``owner`` is what the method is bound to: a value, or a class for a class method
    (``(1).from_bytes``, ``{}.fromkeys``).
    """
    if not isinstance(owner, Text):
        check_size(*args, *kwargs.values())  # set algebra, fromkeys: no more than given
    if name in _LINEAR:
        return args
    check = _GROWING.get(name)
    if check is None:
        kind = owner if isinstance(owner, type) else type(owner)
        raise SecurityError(f"{kind.__name__}.{name}() is not allowed in templates")
    if name == "join" and args:
        return (bounded_join(args[0], owner), *args[1:])
    check(owner, args, kwargs)
    return args


# -- formats ---------------------------------------------------------------------------


def check_format_string(fmt: str) -> tuple[int, int]:
    """Check a ``str.format`` string; its fields and the most they add besides their values."""
    extra = 0
    fields = 0
    for _, field, spec, _ in string.Formatter().parse(fmt):
        if field is None:
            continue
        fields += 1
        if fields > MAX_FIELDS:
            raise SecurityError(f"more than {MAX_FIELDS:,} fields in one format string")
        if spec and "{" in spec:
            raise SecurityError("nested format specifications are not allowed")
        numbers = [int(d) for d in re.findall(r"\d+", spec or "")]
        for number in numbers:
            check_width(number)
        extra += sum(numbers) + 1
    if len(fmt) + extra > MAX_STRING:
        raise too_big("a formatted string")
    return fields, extra


def check_filled(fmt: Text, fields: int, extra: int, args: Iterable[Any]) -> None:
    """Each field may print the biggest argument (``'%(a)s%(a)s' % {'a': big}``)."""
    biggest = max((printed(a) for a in args), default=0)
    if len(fmt) + extra + fields * biggest > MAX_STRING:
        raise too_big("a formatted string")


def check_percent_format(fmt: Text, *args: Any) -> None:
    """Check a ``%`` format's widths, and that filling it from ``args`` stays small."""
    text = fmt if isinstance(fmt, str) else bytes(fmt).decode("latin-1")
    # A '*' takes its width from the arguments, where no literal check can see it.
    if _PCT_STAR.search(text):
        raise SecurityError("'*' widths in % formats are not allowed in templates")
    extra = 0
    fields = 0
    for match in _PCT_WIDTH.finditer(text):
        width, precision = match.groups()
        if fields >= MAX_FIELDS:
            raise SecurityError(f"more than {MAX_FIELDS:,} fields in one format string")
        check_width(width or 0)
        check_width(precision or 0)
        extra += int(width or 0) + int(precision or 0)
        fields += 1
    check_filled(fmt, fields, extra, args)


# -- operators -------------------------------------------------------------------------


def _check_repeat(seq: Any, times: Any) -> None:
    if (
        isinstance(seq, str | bytes | bytearray | list | tuple)
        and isinstance(times, int)
        and size(seq) * max(times, 0) > MAX_STRING
    ):
        raise too_big("a repeated string or list")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when the result would be huge."""
    if operator == "*":
        _check_repeat(left, right)
        _check_repeat(right, left)
        if _both_int(left, right) and left.bit_length() + right.bit_length() > MAX_BITS:
            raise too_large_number()
    elif operator == "**":
        if _both_int(left, right) and abs(left) > 1 and right * left.bit_length() > MAX_BITS:
            raise too_large_number()
    elif operator == "+":
        if isinstance(left, Text | list | tuple) and isinstance(right, Text | list | tuple):
            check_size(left, right)
    elif operator == "%" and isinstance(left, Text):
        check_percent_format(left, *(right if isinstance(right, tuple) else (right,)))


def _both_int(left: Any, right: Any) -> bool:
    return isinstance(left, int) and isinstance(right, int)


__all__ = ["MAX_WIDTH", "bounded_join", "check_binop", "check_method", "check_replaced"]
