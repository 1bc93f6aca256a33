"""Remember what is worked out from a loaded set, question or catalogue, by its identity.

Sets, questions and catalogues are never changed once loaded, but hashing them would
walk all they hold. So a result is remembered by the identities of the arguments, which
are kept with it: an id cannot be reused for another object while the entry lives.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def by_identity(limit: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoise a function of positional, immutable objects; forget all past ``limit``."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        known: dict[tuple[int, ...], tuple[tuple[object, ...], R]] = {}

        @functools.wraps(func)
        def remembered(*args: P.args, **kwargs: P.kwargs) -> R:
            key = tuple(map(id, args))
            hit = known.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], args, strict=True)):
                return hit[1]
            value = func(*args, **kwargs)
            if len(known) >= limit:
                known.clear()
            known[key] = (args, value)
            return value

        return remembered

    return decorate
