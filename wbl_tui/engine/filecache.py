"""Parse a set or catalogue once: later loads of the same bytes come from a cache.

The key is a hash of the file's path and content plus a fingerprint of the code that
parses it and of the classes it builds (the model modules' source), so an edit, a move or
a change to the model simply misses; the version number alone never changes between
builds. The cache lives in the user's own cache folder; an entry that cannot be read or
is not what it should be (not a regular file, too big, damaged, naming anything but the
model's classes, missing a field) is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.util
import io
import os
import pathlib
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from wbl_tui import __version__
from wbl_tui.errors import BadInput
from wbl_tui.model.disciplines import Catalogue, is_catalogue, parse_catalogue
from wbl_tui.model.inputfile import read_capped
from wbl_tui.model.questions import QuestionSet, parse_question_set
from wbl_tui.model.yamlnodes import load_bytes

Parsed = QuestionSet | Catalogue
MAX_ENTRY = 8 << 20  # bytes of one cache entry, whatever the file it was built from

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
        cached = _read_entry(entry, _entry_limit(len(data)))
        if cached is not None:
            return cached
    root = load_bytes(data, str(path))
    parsed: Parsed = (
        parse_catalogue(root, path) if is_catalogue(root) else parse_question_set(root, path)
    )
    if entry is not None:
        _store(entry, parsed, _entry_limit(len(data)))
    return parsed


def _entry_limit(source_size: int) -> int:
    """The largest entry kept for a file of ``source_size`` bytes.

    A set pickles to about twice its YAML at most (flow style, every field written), so
    an entry much bigger than that is not one of ours, and reading it (30 MB of ``]`` is
    2 GB of lists) would cost more than parsing the file again.
    """
    return min(4 * source_size + (64 << 10), MAX_ENTRY)


def _read_entry(entry: Path, limit: int) -> Parsed | None:
    """The cached set or catalogue, or None when the entry is missing or not sound."""
    try:
        data = read_capped(entry, limit, regular_only=True)
    except BadInput:  # missing, a link, a FIFO or device, too big: parse the file again
        cached = None
    else:
        try:
            cached = _ModelUnpickler(io.BytesIO(data)).load()
        except KeyboardInterrupt:
            raise
        except BaseException:  # a damaged pickle can raise nearly anything: rebuild it
            cached = None
    if isinstance(cached, QuestionSet | Catalogue) and _whole(cached):
        return cached
    with contextlib.suppress(OSError):
        entry.unlink()
    return None


class _ModelUnpickler(pickle.Unpickler):
    """Builds the model's classes and paths, and calls nothing else (no ``exit``)."""

    def find_class(self, module: str, name: str) -> Any:
        """The class ``module.name`` if the cache may hold one of it; else refuse."""
        found = getattr(sys.modules.get(module), name, None)
        if isinstance(found, type) and found.__module__ == module:
            if module.startswith("wbl_tui.model.") and module in _FINGERPRINTED:
                return found
            if module == "pathlib" and issubclass(found, pathlib.PurePath):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a class the cache holds")


_LEAVES = (str, int, float, bool, type(None), pathlib.PurePath)


def _whole(value: object) -> bool:
    """Whether every model object in ``value`` has every field its class declares.

    A pickle can build an object and never fill it in; using one later would fail far
    from here. Each object is looked at once (a pickle can share one, or make a loop).
    """
    pending = [value]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if isinstance(item, _LEAVES) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, tuple | list | frozenset | set):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            kind: type = type(item)
            try:
                pending.extend([getattr(item, name) for name in _field_names(kind)])
            except AttributeError:
                return False
        else:
            return False
    return True


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


@functools.cache
def model_fingerprint() -> str:
    """A hash of the source of the modules whose classes the cache holds and which build them.

    Read once per process (about 100 KB); any change to the model, even without a new
    version number, gives new keys.
    """
    digest = hashlib.sha256(__version__.encode())
    for name in sorted(_FINGERPRINTED):
        spec = importlib.util.find_spec(name)  # the file, without running the module
        source = spec.origin if spec is not None else None
        digest.update(f"\0{name}\0".encode())
        if source:
            with contextlib.suppress(OSError):
                digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _store(entry: Path, parsed: Parsed, limit: int) -> None:
    """Write a cache entry atomically; a cache that cannot be written is simply skipped."""
    with contextlib.suppress(OSError, pickle.PickleError, RecursionError):
        data = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > limit:  # it would never be read back
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, entry)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
