"""What one render or expression may spend, and the one measure of how big a value is.

Every way a template or expression builds a value goes through :func:`admit` (or a
check made before the work, where the work itself would be the harm): no single value
may print as more than ``MAX_STRING`` characters and items, nest deeper than
``MAX_DEPTH`` or be a whole number of more than ``MAX_BITS``, and everything built in one
run together may not pass its allowance. Time is thread CPU time, so a loaded machine
does not make a good template fail.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace

MAX_STRING = 1_000_000  # characters and items any one value may print as
MAX_OUTPUT = 2_000_000  # characters a render may produce
MAX_WIDTH = 1_000  # padding widths (center, format specs, indent)
MAX_ITERATIONS = 1_000_000  # loop iterations in one render
MAX_RANGE = 10_000
MAX_SECONDS = 3.0  # CPU time of one render
MAX_WRAP = 100_000  # characters the filters that work word by word may be given
MAX_BITS = 4096  # size of whole numbers
MAX_DEPTH = 100  # lists, tuples and dicts inside each other (hashing one recurses in C)
MAX_TOKENS = 20_000  # in one template (the built-in ones have up to 3,500); compiled in < 1 s
NUMBER_WIDTH = 320  # characters a float prints as, besides its precision ('%f' % 1e308)
ITEM_BYTES = 50  # what an item of a container built costs besides its characters
_BIG = 10_000  # a value this big was costly to build: look at the clock after it
_REMEMBER_FROM = 16  # containers this long have their size remembered for the run


@dataclass(frozen=True, slots=True)
class Allowance:
    """What one run may spend: CPU seconds, loop iterations, and bytes of values built.

    A value built is charged what keeping it costs, roughly in bytes: a character one, an
    item of a container ``ITEM_BYTES`` (a pointer and, mostly, a small object of its own),
    so values kept alive (a recursive macro holding a list in each call) are bounded by
    memory, not only by length.
    """

    seconds: float
    iterations: int
    built: int


TEMPLATE = Allowance(seconds=MAX_SECONDS, iterations=MAX_ITERATIONS, built=50_000_000)
# `when`, `default` and `tally` expressions: a few comparisons in real sets, so a small
# allowance; one that runs out reads as false and is not run again (see environment).
EXPRESSION = Allowance(seconds=0.25, iterations=100_000, built=5_000_000)
# What all expressions of a process may take together: at most 0.5 s at once, then a
# quarter of the time (see Reserve).
RESERVE = (0.5, 0.25)


class OutOfAllowance(SecurityError):
    """A run used up its time, iterations or the bytes it may build."""


class OutOfReserve(OutOfAllowance):
    """A run stopped because expressions together used their share of time (see Reserve)."""


class Reserve:
    """CPU seconds that expression runs in this process may still take: a token bucket.

    Each ``when``, ``default`` and ``tally`` expression has its own allowance, but a
    shared set may hold hundreds of them and tally runs them for every plan, so alone the
    allowances add up to minutes (60 slow ``when``s: 10 s before the form's first
    screen). Every run also draws its CPU time from this reserve, which holds at most
    ``capacity`` seconds and fills again at ``rate`` seconds a second. Real expressions
    take microseconds and never empty it; slow ones together cost at most ``capacity``
    at once and then a ``rate`` share of the time, in a batch or in the app. A run that
    finds it empty fails (reads as false) without running; unlike one that hit its own
    limit, it is tried again later. One bucket for the whole process needs nothing from
    the callers (the TUI, render, tally), and it never runs dry for good in a long session.
    """

    __slots__ = ("capacity", "level", "rate", "updated")

    def __init__(self, capacity: float, rate: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.level = capacity
        self.updated = time.monotonic()

    def available(self) -> float:
        """Seconds a run may take now (zero or less: none)."""
        now = time.monotonic()
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now
        return self.level

    def spend(self, seconds: float) -> None:
        """Take the CPU time a run used."""
        self.level -= seconds


class Budget:
    """What one render or expression may still spend."""

    __slots__ = ("allowance", "built", "deadline", "iterations", "seconds", "sizes", "wall")

    def __init__(self, allowance: Allowance, seconds: float | None = None) -> None:
        self.allowance = allowance
        # Less than the allowance's own time when a Reserve has less left.
        self.seconds = allowance.seconds if seconds is None else seconds
        self.deadline = time.thread_time() + self.seconds
        # CPU time never runs ahead of wall time, so the (costly) CPU clock is read only
        # once the (cheap) wall clock says the allowance could be used up.
        self.wall = time.monotonic() + self.seconds
        self.iterations = 0
        self.built = 0
        # id -> (size, depth, the object): holding the object keeps its id from being reused.
        self.sizes: dict[int, tuple[int, int, Any]] = {}

    def check_clock(self) -> None:
        """Stop when the run has used its CPU time."""
        now = time.monotonic()
        if now <= self.wall:
            return
        left = self.deadline - time.thread_time()
        if left <= 0:
            if self.seconds < self.allowance.seconds:
                raise OutOfReserve("expressions took more than their share of time; stopped")
            raise OutOfAllowance(f"took longer than {self.allowance.seconds:g} s; stopped")
        self.wall = now + left

    def used(self) -> float:
        """CPU seconds this run has taken so far."""
        return time.thread_time() - (self.deadline - self.seconds)

    def spend(self, iterations: int) -> None:
        """Count loop iterations; stop at the cap, and look at the clock every 256."""
        before = self.iterations
        self.iterations += iterations
        if self.iterations > self.allowance.iterations:
            raise OutOfAllowance(
                f"more than {self.allowance.iterations:,} loop iterations; stopped"
            )
        if before >> 8 != self.iterations >> 8:
            self.check_clock()

    def charge(self, units: int) -> None:
        """Count bytes built; stop at the allowance."""
        self.built += units
        if self.built > self.allowance.built:
            raise OutOfAllowance(
                f"built more than {self.allowance.built:,} bytes of values; stopped"
            )
        if units > _BIG:
            self.check_clock()


_budget: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("wbl_budget", default=None)


def start(allowance: Allowance, seconds: float | None = None) -> contextvars.Token[Budget | None]:
    """Begin a run with ``allowance`` (``seconds`` of it at most); pass the token to :func:`stop`."""
    return _budget.set(Budget(allowance, seconds))


def stop(token: contextvars.Token[Budget | None]) -> Budget | None:
    """End the run begun with ``token``; its budget."""
    budget = _budget.get()
    _budget.reset(token)
    return budget


def step() -> None:
    """One call, filter or operator: look at the clock."""
    budget = _budget.get()
    if budget is not None and time.monotonic() > budget.wall:
        budget.check_clock()


def charge(units: int) -> None:
    """Count bytes built against the current run."""
    budget = _budget.get()
    if budget is not None:
        budget.charge(units)


def spend(iterations: int) -> None:
    """Count loop iterations against the current run."""
    budget = _budget.get()
    if budget is not None:
        budget.spend(iterations)


def too_big(what: str) -> SecurityError:
    """The error for a value over MAX_STRING."""
    return SecurityError(f"{what} is too large for a template (limit {MAX_STRING:,} items)")


def too_large_number() -> SecurityError:
    """The error for a whole number over MAX_BITS."""
    return SecurityError("a number that large is not allowed in a template")


def size(value: Any) -> int:
    """Characters and items ``value`` spells out when printed, counted to just past MAX_STRING.

    Lists may hold the same big list many times (``[[0] * 999999] * 999`` is small in
    memory), so ``len`` alone does not bound what ``str()`` of them would build.
    """
    return measure(value)[0]


def measure(value: Any) -> tuple[int, int]:
    """``size(value)``, and how deeply lists, tuples and dicts nest in it (0: not at all).

    Both are remembered for the run, so a container of containers measured before (every
    one built in the run was, when it was admitted) is measured in time proportional to
    its own length, however deep it is.
    """
    if isinstance(value, str | bytes | bytearray):
        return len(value), 0
    if isinstance(value, Namespace):  # its attributes change: never remembered
        # Hashing or comparing a namespace does not look inside: it adds no depth.
        return 1 + _dict_measure(value._Namespace__attrs)[0], 0
    if not isinstance(value, list | tuple | dict | set | frozenset):
        return 1, 0
    if len(value) < _REMEMBER_FROM:  # small and flat: counting again beats remembering
        flat = _flat_size(value)
        if flat is not None:
            return flat, 1
    budget = _budget.get()
    memo = budget.sizes if budget is not None else {}
    known = memo.get(id(value))
    if known is not None:
        return known[0], known[1]
    if isinstance(value, dict):
        total, depth = _dict_measure(value)
    else:
        total, depth = _items_measure(value, len(value), 0)
    memo[id(value)] = (total, depth + 1, value)
    return total, depth + 1


_TEXT = frozenset({str, bytes})
_SCALARS = frozenset({int, float, bool, type(None)})


def _flat_size(value: Collection[Any]) -> int | None:
    """The size of a container of texts and numbers only; None if it holds containers."""
    total = len(value)
    for items in (value.keys(), value.values()) if isinstance(value, dict) else (value,):
        for item in items:
            kind = type(item)
            if kind is str or kind is bytes:
                total += len(item)
            elif kind not in _SCALARS:
                return None
    return total


def _dict_measure(value: dict[Any, Any]) -> tuple[int, int]:
    return _items_measure(value.values(), *_items_measure(value.keys(), len(value), 0))


def _items_measure(items: Collection[Any], total: int, depth: int) -> tuple[int, int]:
    """``total`` plus the sizes of ``items``; the deepest of ``depth`` and theirs."""
    kinds = set(map(type, items))  # plain lists of texts or numbers: counted in C
    if kinds <= _TEXT:
        return total + sum(map(len, items)), depth
    if kinds <= _SCALARS:
        return total + len(items), depth
    for item in items:
        if total > MAX_STRING:
            break
        item_size, item_depth = measure(item)
        total += item_size
        depth = max(depth, item_depth)
    return total, depth


def check_size(*values: Any) -> None:
    """Refuse values that would print as more than MAX_STRING characters and items together."""
    total = 0
    for value in values:
        total += len(value) if type(value) is str else size(value)
        if total > MAX_STRING:
            raise too_big("a string or list")


def admit(value: Any) -> Any:
    """A value a call, filter or operator built: refused if too big, else counted and returned."""
    kind = type(value)
    if kind is int:
        # Dividing two huge numbers takes seconds in one C call (so would ``x is
        # divisibleby y``, which no hook sees): none is let in.
        if value.bit_length() > MAX_BITS:
            raise too_large_number()
        return value
    if kind in _SCALARS:
        return value
    if kind is str or isinstance(value, str | bytes | bytearray):
        units = len(value)
        if units > MAX_STRING:
            raise too_big("a string")
    elif isinstance(value, list | tuple | dict | set | frozenset):
        items = len(value)
        if items > MAX_STRING:
            raise too_big("a list or mapping")
        total, depth = measure(value)
        if total > MAX_STRING:
            raise too_big("a list or mapping")
        if depth > MAX_DEPTH:
            raise SecurityError(
                f"lists, tuples or dicts nested more than {MAX_DEPTH} deep are not allowed"
            )
        units = total + ITEM_BYTES * items
    else:
        return value
    budget = _budget.get()
    if budget is not None:
        budget.built += units  # charge(), inlined: this runs for every value built
        if budget.built > budget.allowance.built:
            budget.charge(0)
        if units > _BIG:
            budget.check_clock()
    return value


def check_width(value: Any) -> None:
    """Refuse a padding width or count over MAX_WIDTH."""
    try:
        width = int(value)
    except (TypeError, ValueError, OverflowError):
        return
    if abs(width) > MAX_WIDTH:
        raise SecurityError(f"a width of {width} is too large (limit {MAX_WIDTH})")


def printed(value: Any) -> int:
    """At most how many characters ``str()`` or ``repr()`` of ``value`` gives, roughly."""
    if isinstance(value, int):
        return 2 + value.bit_length() // 3
    if isinstance(value, float):
        return NUMBER_WIDTH  # '%.999f' % 1e300; the precision is counted by the caller
    if isinstance(value, str):
        return len(value)
    # repr() of an item may spell one character as '\U0010ffff': ten for one.
    return 10 * size(value) + 2
