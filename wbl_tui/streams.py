"""Standard output and error that can fail: closed, full, or unable to encode the text.

``wbl-tui … >&-`` starts with no ``sys.stdout`` at all (``print`` then silently writes
nothing), ``>/dev/full`` fails only when the buffer is flushed (at exit, as a traceback),
and an ASCII-only locale cannot encode a dash. The command line reports each as one line
on standard error and exit code 1, and leaves nothing for Python to complain about at exit.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from wbl_tui.errors import WblError


class _Closed:
    """Stands in for a standard stream that was closed before the program started."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, _text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")

    def flush(self) -> None:
        """Nothing is buffered."""

    def isatty(self) -> bool:
        """A closed stream is no terminal."""
        return False


class _Discard(_Closed):
    """A closed standard error: messages go nowhere rather than fail."""

    def write(self, text: str) -> int:
        return len(text)


class OutputFailed(WblError):
    """Standard output could not take the text (closed, full, wrong encoding): exit 1."""

    def __init__(self, exc: OSError | UnicodeEncodeError) -> None:
        self.quiet = isinstance(exc, BrokenPipeError)  # the reader left: nothing to say
        if isinstance(exc, UnicodeEncodeError):
            char = exc.object[exc.start : exc.start + 1]
            message = (
                f"wbl-tui: standard output uses the {exc.encoding} encoding, which cannot "
                f"show {char!r}; use a UTF-8 locale (or PYTHONIOENCODING=utf-8), or -o FILE"
            )
        else:
            message = f"wbl-tui: cannot write to standard output: {exc.strerror or exc}"
        super().__init__(message)


class _Guarded:
    """Standard output whose failures become :class:`OutputFailed`, once and clearly."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        try:
            return int(self._inner.write(text))
        except (OSError, UnicodeEncodeError) as exc:
            raise self._failed(exc) from None

    def flush(self) -> None:
        try:
            self._inner.flush()
        except OSError as exc:
            raise self._failed(exc) from None

    def _failed(self, exc: OSError | UnicodeEncodeError) -> OutputFailed:
        if isinstance(exc, OSError):
            _silence(self._inner)  # what is still buffered can't be written either
        return OutputFailed(exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Forgiving(_Guarded):
    """Standard error: a message that cannot be written is dropped, not raised."""

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, UnicodeEncodeError):
            return int(self._inner.write(text))
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            self._inner.flush()


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run the command line with failing standard streams turned into clear errors.

    Standard output is flushed before the block ends, so a full disk is reported here
    (as :class:`OutputFailed`) and not by Python at exit; the streams are put back after.
    """
    out, err = sys.stdout, sys.stderr
    sys.stdout = _Guarded(out if out is not None else _Closed())
    sys.stderr = _Forgiving(err if err is not None else _Discard())
    reconfigure = getattr(err, "reconfigure", None)
    if reconfigure is not None:  # messages name files; show any name, escaped if need be
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")
    try:
        try:
            yield
        except SystemExit:  # argparse's --help and --version: their text must get out too
            sys.stdout.flush()
            raise
        sys.stdout.flush()
    finally:
        sys.stdout, sys.stderr = out, err


def for_people() -> None:
    """Standard output carries messages for a person: what it can't encode is escaped.

    (A plan or a schema is data: there a character that can't be written is an error.)
    """
    inner = getattr(sys.stdout, "_inner", sys.stdout)
    reconfigure = getattr(inner, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def say(message: str) -> None:
    """Print one line on standard error, if anything can still be printed there."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError, UnicodeEncodeError):
        print(message, file=sys.stderr, flush=True)


def _silence(stream: Any) -> None:
    """Point ``stream``'s file descriptor at /dev/null, so the flush at exit can't fail.

    What stays in the buffer cannot be written anyway; without this Python reports it
    at exit ("Exception ignored … BrokenPipeError") and changes the exit code to 120.
    """
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real stream (tests capture it)
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)


def is_terminal(stream: TextIO | None) -> bool:
    """True when ``stream`` is open and is a terminal."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False
