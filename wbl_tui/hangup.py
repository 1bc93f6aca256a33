"""Leaving on a signal or a lost terminal: drafts first, then out within a second.

SIGTERM and SIGHUP (the terminal closed) must never leave a process behind. Textual's
normal exit is tried first, so the terminal is restored when it is still there; but its
output thread can block for ever on a terminal that is gone (the main thread then waits in
``WriterThread.stop()``), so a watchdog thread ends the process after GRACE seconds with
``os._exit``, once the drafts are written and the terminal modes put back where possible.
A poll notices a terminal that went away without a signal (its input at end of file).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any

GRACE = 0.8  # seconds for Textual's own exit before the watchdog ends the process
POLL = 0.5  # seconds between two checks that the terminal is still there
LEAVE_SCREEN = b"\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1003l\x1b[?1006l\x1b[?2004l"


class Hangup:
    """Installs the handlers; ``flush`` writes every draft, ``leave`` asks the app to exit."""

    def __init__(self, flush: Callable[[], None], leave: Callable[[], None]) -> None:
        self.flush = flush
        self.leave = leave
        self.fired = threading.Event()
        self._tty_fd = _stdin_fd()
        self._modes = _modes(self._tty_fd)
        self._previous: dict[int, Any] = {}
        self._stopped = threading.Event()

    def install(self) -> Hangup:
        """Handle SIGTERM and SIGHUP, and watch the terminal (from the main thread); self."""
        for sig in (signal.SIGTERM, signal.SIGHUP):
            self._previous[sig] = signal.signal(sig, self._on_signal)
        if self._tty_fd is not None:
            threading.Thread(target=self._watch_terminal, name="wbl-tty-watch", daemon=True).start()
        return self

    def uninstall(self) -> None:
        """Put the previous handlers back (the app has ended the ordinary way)."""
        self._stopped.set()
        for sig, handler in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):  # not the main thread / None
                signal.signal(sig, handler)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.fire()

    def fire(self) -> None:
        """Write the drafts and leave; from any thread, once."""
        if self.fired.is_set():
            return
        self.fired.set()
        threading.Thread(target=self._watchdog, name="wbl-watchdog", daemon=True).start()
        with contextlib.suppress(Exception):
            self.leave()

    def _watchdog(self) -> None:
        with contextlib.suppress(Exception):
            self.flush()  # first, in case the event loop is stuck
        time.sleep(GRACE)
        with contextlib.suppress(Exception):
            self.flush()  # and what the loop handled meanwhile
        self.restore_terminal()
        os._exit(0)

    def restore_terminal(self) -> None:
        """Put the terminal back as it was (best effort, never blocking)."""
        fd = self._tty_fd
        if fd is None:
            return
        with contextlib.suppress(Exception):
            out = sys.__stdout__.fileno() if sys.__stdout__ else fd
            os.set_blocking(out, False)
            os.write(out, LEAVE_SCREEN)
        if self._modes is not None:
            import termios

            with contextlib.suppress(Exception):
                termios.tcsetattr(fd, termios.TCSANOW, self._modes)

    def _watch_terminal(self) -> None:
        while not self.fired.wait(POLL) and not self._stopped.is_set():
            if not _terminal_alive(self._tty_fd):
                self.fire()
                return


def _stdin_fd() -> int | None:
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ else None
    except (OSError, ValueError):
        return None
    return fd if fd is not None and os.isatty(fd) else None


def _modes(fd: int | None) -> list[Any] | None:
    if fd is None:
        return None
    try:
        import termios

        return termios.tcgetattr(fd)
    except Exception:
        return None


def _terminal_alive(fd: int | None) -> bool:
    if fd is None:
        return True
    try:
        import termios

        termios.tcgetattr(fd)
    except Exception:
        return False
    return True
