"""Read a file someone named: never past a size cap, never waiting forever.

A regular file is read up to the cap and one byte more (its size may be wrong: it may
still be growing). Anything else that opens (a pipe such as ``/dev/stdin``, a FIFO, a
device) is opened without blocking, since opening a FIFO waits for a writer, and read
until its end within ``READ_SECONDS``: a FIFO nobody writes to, or a pipe that trickles
forever, is refused instead of hanging the program.
"""

from __future__ import annotations

import os
import select
import stat
import time
from pathlib import Path

from wbl_tui.errors import BadInput, Problem

MAX_BYTES = 8 * 1024 * 1024
READ_SECONDS = 10.0  # for a pipe or device to reach its end; a file on disk is not timed
_CHUNK = 1 << 16


def read_capped(path: Path, limit: int | None = None, *, regular_only: bool = False) -> bytes:
    """The bytes of ``path``, refused once there are more than ``limit`` (default 8 MB).

    ``regular_only``: a symlink or anything but a regular file is refused too (for files
    the program keeps for itself, which are never anything else).
    """
    limit = MAX_BYTES if limit is None else limit
    name = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags | (os.O_NOFOLLOW if regular_only else 0))
    except OSError as exc:
        raise BadInput(Problem(name, f"cannot read: {exc.strerror or exc}")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadInput(Problem(name, "cannot read: it is a folder"))
        if stat.S_ISREG(info.st_mode):
            check_size(info.st_size, name, limit)  # too big already: no need to read it
            os.set_blocking(fd, True)
            data = _read(fd, limit, name, None)
        elif regular_only:
            raise BadInput(Problem(name, "cannot read: not a regular file"))
        else:
            data = _read(fd, limit, name, time.monotonic() + READ_SECONDS)
    finally:
        os.close(fd)
    check_size(len(data), name, limit)
    return data


def _read(fd: int, limit: int, name: str, deadline: float | None) -> bytes:
    """Up to ``limit + 1`` bytes from ``fd``; with a ``deadline``, ``fd`` does not block."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        if deadline is not None and not _readable(fd, deadline):
            raise BadInput(
                Problem(name, f"no end of input after {READ_SECONDS:g} s; stopped reading")
            )
        try:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
        except BlockingIOError:  # woken with nothing to read after all
            continue
        except OSError as exc:
            raise BadInput(Problem(name, f"cannot read: {exc.strerror or exc}")) from None
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _readable(fd: int, deadline: float) -> bool:
    """Whether ``fd`` has data or its end before ``deadline``."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(max(0.0, deadline - time.monotonic()) * 1000))


def check_size(size: int, name: str, limit: int) -> None:
    """Refuse ``size`` bytes from ``name`` when over ``limit``."""
    if size > limit:
        cap = f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"
        raise BadInput(Problem(name, f"file is too large; the limit is {cap}"))
