"""Autosave for the TUI: debounced, written by a thread, one draft per open session.

Screens say a session changed; a short timer later a thread worker asks the engine's
Workspace to write each changed session's draft, so typing never waits on the disk.
``flush`` writes what is pending at once (leaving a session, quitting, a hangup).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from wbl_tui.errors import WblError

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from wbl_tui.engine.session import Session

DELAY = 0.4  # seconds: the most typing a kill can lose is this plus one write
LOCK_WAIT = 2.0  # seconds a flush waits for a write in progress


class Autosaver:
    """Write drafts soon after changes, off the event loop."""

    def __init__(self, app: App[Any], write: Callable[[Session], None]) -> None:
        self.app = app
        self.write = write
        self._pending: dict[str, Session] = {}
        self._timer: Timer | None = None
        self._lock = threading.Lock()
        self._warned = False

    def changed(self, session: Session) -> None:
        """Note a change; its draft is written within DELAY seconds."""
        self._pending[session.id] = session
        if self._timer is None:
            self._timer = self.app.set_timer(DELAY, self._due)

    def forget(self, session: Session) -> None:
        """Drop a pending write (the session was just saved)."""
        self._pending.pop(session.id, None)

    def _due(self) -> None:
        self._timer = None
        batch = self._take()
        if batch:
            self.app.run_worker(
                lambda: self._write_all(batch, report=True),
                thread=True,
                group="autosave",
                exit_on_error=False,
            )

    def _take(self) -> list[Session]:
        batch = list(self._pending.values())
        self._pending.clear()
        return batch

    def flush(self, also: list[Session] | None = None) -> None:
        """Write every pending draft now, and those of ``also`` with unsaved changes.

        Safe from any thread (a hangup flushes from a watchdog thread).
        """
        if self._timer is not None and threading.current_thread() is threading.main_thread():
            self._timer.stop()  # (from another thread it fires later and finds nothing)
            self._timer = None
        batch = {s.id: s for s in self._take()}
        for session in also or []:
            if session.dirty:
                batch.setdefault(session.id, session)
        self._write_all(list(batch.values()), report=False)

    def _write_all(self, batch: list[Session], *, report: bool) -> None:
        if not self._lock.acquire(timeout=LOCK_WAIT):
            return
        try:
            for session in batch:
                if not session.dirty:
                    continue  # saved meanwhile: no draft to keep
                try:
                    self.write(session)
                except (WblError, OSError) as exc:
                    if report:
                        self.app.call_from_thread(self._warn, str(exc))
        finally:
            self._lock.release()

    def _warn(self, reason: str) -> None:
        if not self._warned:
            self._warned = True
            self.app.notify(
                f"Cannot write the draft: {reason}", severity="error", timeout=8, markup=False
            )
