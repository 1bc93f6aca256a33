"""``validate.pattern``: regular expressions that run in time linear in the answer's length.

A pattern comes from a shared question set, and Python's backtracking ``re`` lets one
like ``(a+)+$`` take seconds per character of an answer (and freeze the app while the
user types). RE2 (through ``google-re2``) never backtracks; what it cannot do in linear
time (backreferences, lookaround, atomic groups) it refuses, and so do we, when the set
is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

# Constructs that need backtracking, looked for in a pattern RE2 refused (with escaped
# backslashes taken out first, so that a literal backslash before a digit is not one).
_BACKTRACKING = (
    (re.compile(r"\\[1-9]|\\[kg]<|\(\?P="), "a backreference"),
    (re.compile(r"\(\?<?[=!]"), "lookaround ((?=…), (?!…), (?<=…), (?<!…))"),
    (re.compile(r"\(\?>|[*+?}]\+"), "an atomic group or possessive repeat"),
)
_MAX_MEMORY = 8 << 20  # bytes RE2 may use for one compiled pattern


def _re2() -> Any:
    """The RE2 binding, imported on first use (start-up does not pay for it)."""
    import re2  # type: ignore[import-untyped]  # no stubs; only this module uses it

    return re2


def _options() -> Any:
    options = _re2().Options()
    options.log_errors = False  # errors come back as exceptions, not lines on stderr
    options.max_mem = _MAX_MEMORY
    return options


def pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (in words for the author of the set), else None."""
    try:
        _compiled(pattern)
    except _re2().error as exc:
        reason = _reason(exc)
        source = pattern.replace("\\\\", "")
        for construct, feature in _BACKTRACKING:
            if construct.search(source):
                return (
                    f"pattern uses {feature}, which needs backtracking; patterns use RE2 "
                    "syntax so that they run in time linear in the answer's length"
                )
        return f"pattern is not a valid regular expression (RE2 syntax): {reason}"
    return None


def matches(pattern: str, text: str) -> bool:
    """True when ``text`` matches ``pattern`` in full; linear in ``len(text)``.

    A pattern :func:`pattern_error` refuses never matches (sets are checked at load).
    """
    try:
        fullmatch = _compiled(pattern)
    except _re2().error:
        return False
    return fullmatch(text) is not None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> Callable[[str], object]:
    compiled = _re2().compile(pattern, _options())
    fullmatch: Callable[[str], object] = compiled.fullmatch
    return fullmatch


def _reason(exc: BaseException) -> str:
    reason = exc.args[0] if exc.args else str(exc)
    if isinstance(reason, bytes):
        reason = reason.decode("utf-8", "replace")
    return str(reason)
