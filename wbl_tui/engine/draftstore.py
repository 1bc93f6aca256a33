"""One draft per open session, in the user's state folder, locked by the process using it.

A session ``ID`` autosaves to ``drafts/ID.answers.yaml`` (an ordinary answers file) and
``drafts/ID.json`` (step, saved path, titles). While a session is open its process holds
an exclusive ``flock`` on ``drafts/ID.lock``: another instance neither lists nor resumes
that draft, and never writes it. The kernel drops the lock when a process dies, so the
draft of a crashed instance is free at once. Drafts set aside go to ``drafts/old/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from wbl_tui.engine.save import write_atomic
from wbl_tui.textsafe import one_line

ANSWERS = ".answers.yaml"
META = ".json"
LOCK = ".lock"
LEGACY = "draft"  # the single draft.answers.yaml of earlier versions
KEEP_OLD = 20
STALE_LOCK = 3600.0  # seconds: a lock file this old with no draft beside it is swept

try:
    import fcntl

    def _try_lock(handle: IO[bytes], exclusive: bool) -> bool:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        try:
            fcntl.flock(handle.fileno(), mode)
        except OSError:
            return False
        return True

except ImportError:  # Windows: one byte locked with msvcrt (exclusive only)
    import msvcrt

    def _try_lock(handle: IO[bytes], exclusive: bool) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """An unfinished draft, as Home lists it."""

    id: str
    title: str
    set_title: str
    changed: datetime
    path: Path  # its answers file


class DraftStore:
    """The drafts in one folder, and the locks this process holds on some of them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._held: dict[str, IO[bytes]] = {}

    def answers_path(self, draft_id: str) -> Path:
        """The draft's answers file."""
        return self.folder / f"{draft_id}{ANSWERS}"

    def meta_path(self, draft_id: str) -> Path:
        """The draft's meta file."""
        return self.folder / f"{draft_id}{META}"

    # -- locks ---------------------------------------------------------------------------------

    def holds(self, draft_id: str) -> bool:
        """Whether this process holds the draft's lock."""
        return draft_id in self._held

    def lock(self, draft_id: str, tries: int = 5) -> bool:
        """Take the draft's lock for as long as its session is open; False if another has it."""
        if draft_id in self._held:
            return True
        self.folder.mkdir(parents=True, exist_ok=True)
        for attempt in range(tries):  # a lister may probe it for an instant
            handle = open(self.folder / f"{draft_id}{LOCK}", "a+b")  # noqa: SIM115
            if _try_lock(handle, exclusive=True):
                self._held[draft_id] = handle
                return True
            handle.close()
            if attempt + 1 < tries:
                time.sleep(0.02)
        return False

    def unlock(self, draft_id: str) -> None:
        """Let the draft go (the process ending does the same)."""
        handle = self._held.pop(draft_id, None)
        if handle is not None:
            handle.close()

    def in_use(self, draft_id: str) -> bool:
        """Whether a live process (this one included) holds the draft's lock."""
        if draft_id in self._held:
            return True
        try:
            handle = open(self.folder / f"{draft_id}{LOCK}", "rb")  # noqa: SIM115
        except FileNotFoundError:
            return False
        except OSError:
            return True  # cannot tell: leave it alone
        with handle:
            return not _try_lock(handle, exclusive=False)

    # -- drafts --------------------------------------------------------------------------------

    def write(self, draft_id: str, answers: str, meta: dict[str, Any]) -> None:
        """Write the draft atomically (meta first); only under this process's lock."""
        if draft_id not in self._held:
            raise RuntimeError(f"draft {draft_id} is not locked by this process")
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.meta_path(draft_id), json.dumps(meta), overwrite=True)
        write_atomic(self.answers_path(draft_id), answers, overwrite=True)

    def meta(self, draft_id: str) -> dict[str, Any]:
        """The draft's meta (empty when missing or unreadable: the answers are enough)."""
        with contextlib.suppress(OSError, ValueError):
            loaded = json.loads(self.meta_path(draft_id).read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                return loaded
        return {}

    def ids(self) -> list[str]:
        """Every draft in the folder, in use or not."""
        if not self.folder.is_dir():
            return []
        return sorted(p.name[: -len(ANSWERS)] for p in self.folder.glob(f"*{ANSWERS}"))

    def listing(self) -> list[DraftInfo]:
        """The drafts no live process holds, most recently changed first."""
        self.migrate_legacy()
        self._sweep_locks()
        found = []
        for draft_id in self.ids():
            if self.in_use(draft_id):
                continue
            path = self.answers_path(draft_id)
            try:
                when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except OSError:
                continue  # gone meanwhile
            meta = self.meta(draft_id)
            title = meta.get("title")
            set_title = meta.get("set_title")
            found.append(
                DraftInfo(
                    draft_id,
                    one_line(title, 120) if isinstance(title, str) and title else "untitled",
                    one_line(set_title, 120) if isinstance(set_title, str) else "",
                    when,
                    path,
                )
            )
        return sorted(found, key=lambda d: d.changed, reverse=True)

    def _sweep_locks(self) -> None:
        """Remove lock files left by ended processes for drafts that no longer exist.

        Only old ones: a lock is taken right after its file is made, so an old lock file
        that no one holds, beside no draft, is never taken again (ids are not reused).
        """
        if not self.folder.is_dir():
            return
        cutoff = time.time() - STALE_LOCK
        for lock in self.folder.glob(f"*{LOCK}"):
            draft_id = lock.name[: -len(LOCK)]
            with contextlib.suppress(OSError):
                if (
                    lock.stat().st_mtime < cutoff
                    and not self.answers_path(draft_id).exists()
                    and not self.in_use(draft_id)
                ):
                    lock.unlink()

    def drop(self, draft_id: str) -> None:
        """Delete the draft's files (its session is saved); the lock stays while it is open."""
        for path in (self.answers_path(draft_id), self.meta_path(draft_id)):
            with contextlib.suppress(OSError):
                path.unlink()

    def forget(self, draft_id: str) -> None:
        """Drop the lock file too and let go: only for a draft with no answers file left."""
        if not self.answers_path(draft_id).exists():
            with contextlib.suppress(OSError):
                (self.folder / f"{draft_id}{LOCK}").unlink()
        self.unlock(draft_id)

    def set_aside(self, draft_id: str) -> Path | None:
        """Move the draft to ``old/`` (the newest few are kept); where it went, or None."""
        path = self.answers_path(draft_id)
        if not path.exists():
            return None
        old = self.folder / "old"
        old.mkdir(parents=True, exist_ok=True)
        target = old / f"{draft_id}{ANSWERS}"
        os.replace(path, target)
        self.meta_path(draft_id).unlink(missing_ok=True)
        stale = sorted(old.glob(f"*{ANSWERS}"), key=lambda p: p.stat().st_mtime)
        for gone in stale[:-KEEP_OLD]:
            gone.unlink(missing_ok=True)
        return target

    def migrate_legacy(self) -> None:
        """The single ``draft.answers.yaml`` of earlier versions becomes a draft like others."""
        legacy = self.answers_path(LEGACY)
        if not legacy.is_file():
            return
        draft_id = "legacy-" + datetime.fromtimestamp(legacy.stat().st_mtime, UTC).strftime(
            "%Y%m%d-%H%M%S"
        )
        if not self.lock(draft_id, tries=1):
            return
        try:
            meta = self.meta(LEGACY)
            with contextlib.suppress(OSError):
                os.replace(self.meta_path(LEGACY), self.meta_path(draft_id))
            if meta:
                write_atomic(self.meta_path(draft_id), json.dumps(meta), overwrite=True)
            os.replace(legacy, self.answers_path(draft_id))
        except OSError:
            pass  # left where it was: tried again next time
        finally:
            self.unlock(draft_id)
