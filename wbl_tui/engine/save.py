"""Saving: safe file names, atomic writes, never replacing a file unasked."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from wbl_tui.errors import AlreadyExists, WriteFailed

_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}
MAX_NAME = 80


def safe_filename(title: str, fallback: str = "wbl-plan") -> str:
    """A file name stem from a title: ASCII letters, digits and dashes, never a path."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:MAX_NAME].strip("-")
    if not stem or stem.split(".")[0] in _RESERVED:
        stem = f"{stem}-plan" if stem else fallback
    return stem


def write_atomic(path: Path, text: str | bytes, *, overwrite: bool = False) -> Path:
    """Write ``text`` to ``path`` via a temp file and rename, so no reader sees half a file."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise AlreadyExists(path)
    tmp = _write_temp(path, text, flush=True)
    _replace(tmp, path)
    return path


def write_all(files: Mapping[Path, str | bytes], *, overwrite: bool = False) -> list[Path]:
    """Write several files; check every one first so that none is written if one exists.

    Each file is still a temp file renamed into place (a kill leaves every file old or new,
    whole). Their content reaches the disk before any rename, as with ``write_atomic``, but
    with one ``os.sync()`` for the batch instead of one ``fsync`` per file: on a journalled
    file system each fsync is a journal commit (about 2.5 ms here, a sixth of rendering
    1,000 plans), while one sync commits them all at once.
    """
    files = {Path(p): text for p, text in files.items()}
    if not overwrite:
        for path in files:
            if path.exists():
                raise AlreadyExists(path)
    if len(files) == 1:
        return [write_atomic(path, text, overwrite=True) for path, text in files.items()]
    temps: dict[Path, Path] = {}
    try:
        for path, text in files.items():
            temps[path] = _write_temp(path, text, flush=False)
        os.sync()
        for path in list(temps):
            _replace(temps.pop(path), path)
    finally:
        for tmp in temps.values():
            _discard(tmp)
    return list(files)


def _write_temp(path: Path, text: str | bytes, *, flush: bool) -> Path:
    """``text`` (or bytes) in a new hidden temp file beside ``path``, fsynced if ``flush``."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteFailed(path, exc.strerror or str(exc)) from None
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if flush:
                os.fsync(handle.fileno())
    except OSError as exc:
        _discard(Path(name))
        raise WriteFailed(path, exc.strerror or str(exc)) from None
    return Path(name)


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise WriteFailed(path, exc.strerror or str(exc)) from None


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def plan_files(folder: Path, stem: str, ext: str = "md") -> tuple[Path, Path]:
    """The plan and its answers file, inside ``folder`` whatever ``stem`` holds."""
    stem = safe_filename(stem)
    return folder / f"{stem}.{ext}", folder / f"{stem}.answers.yaml"
