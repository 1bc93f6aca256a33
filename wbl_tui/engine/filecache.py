"""Parse a set or catalogue once: later loads of the same bytes come from a cache.

The key is a hash of the file's path and content plus a fingerprint of the code that
parses it and of the classes it builds (the model modules' source), so an edit, a move or
a change to the model simply misses; the version number alone never changes between
builds. The cache lives in the user's own cache folder; an entry that cannot be read or
is not what it should be is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from wbl_tui import __version__
from wbl_tui.model.disciplines import Catalogue, is_catalogue, parse_catalogue
from wbl_tui.model.inputfile import read_capped
from wbl_tui.model.questions import QuestionSet, parse_question_set
from wbl_tui.model.yamlnodes import load_bytes

Parsed = QuestionSet | Catalogue

# Every module of the model, whose classes are pickled and whose rules decide what a
# file parses to, and this one.
_FINGERPRINTED = (
    "wbl_tui.engine.filecache",
    "wbl_tui.model.answers",
    "wbl_tui.model.answers_coerce",
    "wbl_tui.model.continuum",
    "wbl_tui.model.disciplines",
    "wbl_tui.model.inputfile",
    "wbl_tui.model.pattern",
    "wbl_tui.model.questions",
    "wbl_tui.model.reader",
    "wbl_tui.model.tally",
    "wbl_tui.model.yamlnodes",
    "wbl_tui.textsafe",
)


def load_parsed(path: Path, cache_dir: Path | None) -> Parsed:
    """The question set or catalogue in ``path``, from the cache when its bytes are known."""
    data = read_capped(path)
    key = hashlib.sha256(f"{model_fingerprint()}\0{path}\0".encode() + data).hexdigest()
    entry = cache_dir / "parsed" / f"{key}.pickle" if cache_dir else None
    if entry is not None:
        cached = _read_entry(entry)
        if cached is not None:
            return cached
    root = load_bytes(data, str(path))
    parsed: Parsed = (
        parse_catalogue(root, path) if is_catalogue(root) else parse_question_set(root, path)
    )
    if entry is not None:
        _store(entry, parsed)
    return parsed


def _read_entry(entry: Path) -> Parsed | None:
    """The cached set or catalogue, or None when the entry is missing or not sound."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    try:
        cached = pickle.loads(data)
    except Exception:  # a damaged pickle can raise nearly anything: rebuild it
        cached = None
    if isinstance(cached, QuestionSet | Catalogue):
        return cached
    with contextlib.suppress(OSError):
        entry.unlink()
    return None


@functools.cache
def model_fingerprint() -> str:
    """A hash of the source of the modules whose classes the cache holds and which build them.

    Read once per process (about 100 KB); any change to the model, even without a new
    version number, gives new keys.
    """
    digest = hashlib.sha256(__version__.encode())
    for name in sorted(_FINGERPRINTED):
        module = sys.modules.get(name) or importlib.import_module(name)
        source = getattr(module, "__file__", None)
        digest.update(f"\0{name}\0".encode())
        if source:
            with contextlib.suppress(OSError):
                digest.update(Path(source).read_bytes())
    return digest.hexdigest()


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
