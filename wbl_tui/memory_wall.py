"""The operating system's memory limit: a second wall behind the sandbox's own checks.

The headless commands (render, tally, questions, answers) cap their address space for as
long as they run, and the render and tally workers they fork inherit the cap: whatever
got past the sandbox's checks ends in MemoryError (one line, "out of memory") instead of
taking the machine's memory. The TUI sets no cap: a MemoryError there must not end the
app, and the sandbox's checks are its wall.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

HEADROOM = 1 << 30  # bytes of address space a command may take beyond what it has at start


def limit_memory(headroom: int = HEADROOM) -> int | None:
    """Cap this process's address space at what it uses now plus ``headroom`` bytes.

    Returns the soft limit it replaced, or None where the limit cannot be read or set.
    """
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as f:
            used = int(f.read().split()[0]) * resource.getpagesize()
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = used + headroom
        for cap in (soft, hard):  # never above a limit already set (``ulimit -v``)
            if cap != resource.RLIM_INFINITY:
                limit = min(limit, cap)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        return None
    return soft


@contextmanager
def memory_wall(headroom: int = HEADROOM) -> Iterator[None]:
    """The block runs under :func:`limit_memory`; the limit before it is put back after.

    (The command's process ends soon after anyway; tests call ``main()`` in theirs.)
    """
    previous = limit_memory(headroom)
    try:
        yield
    finally:
        if previous is not None:
            import resource

            resource.setrlimit(
                resource.RLIMIT_AS, (previous, resource.getrlimit(resource.RLIMIT_AS)[1])
            )
