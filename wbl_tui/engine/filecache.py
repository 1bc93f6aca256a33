"""Parse a set or catalogue once: later loads of the same bytes come from a cache.

The key is a hash of the file's path and content plus the program's version, so an edit,
a move or an upgrade simply misses. The cache lives in the user's own cache folder;
anything unreadable there is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from wbl_tui import __version__
from wbl_tui.errors import BadInput, Problem
from wbl_tui.model.disciplines import Catalogue, is_catalogue, parse_catalogue
from wbl_tui.model.questions import QuestionSet, parse_question_set
from wbl_tui.model.yamlnodes import MAX_BYTES, load_bytes

Parsed = QuestionSet | Catalogue
# A pickle made before a field was added would lack it: the fields are part of the key.
_LAYOUT = ",".join(f.name for f in dataclasses.fields(QuestionSet))


def load_parsed(path: Path, cache_dir: Path | None) -> Parsed:
    """The question set or catalogue in ``path``, from the cache when its bytes are known."""
    try:
        if path.stat().st_size > MAX_BYTES:
            load_bytes(b" " * (MAX_BYTES + 1), str(path))  # raises the size error
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(Problem(str(path), f"cannot read: {exc.strerror or exc}")) from None
    key = hashlib.sha256(f"{__version__}\0{_LAYOUT}\0{path}\0".encode() + data).hexdigest()
    entry = cache_dir / "parsed" / f"{key}.pickle" if cache_dir else None
    if entry is not None:
        with contextlib.suppress(
            OSError, pickle.PickleError, EOFError, AttributeError, ImportError
        ):
            cached = pickle.loads(entry.read_bytes())
            if isinstance(cached, QuestionSet | Catalogue):
                return cached
    root = load_bytes(data, str(path))
    parsed: Parsed = (
        parse_catalogue(root, path) if is_catalogue(root) else parse_question_set(root, path)
    )
    if entry is not None:
        _store(entry, parsed)
    return parsed


def _store(entry: Path, parsed: Parsed) -> None:
    """Write a cache entry atomically; a cache that cannot be written is simply skipped."""
    with contextlib.suppress(OSError, pickle.PickleError, RecursionError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(parsed, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
