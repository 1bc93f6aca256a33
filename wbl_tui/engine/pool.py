"""Do the same work on many files, shared out over forked processes as ``render`` does.

The same rules as the batch renderer (engine/batch.py): below ``MIN_FILES_PER_JOB`` files
a worker, or off Linux, everything runs in this process; otherwise the first file is done
here (so caches are warm before the fork) and the rest by workers forked from this
process, which start with the library already loaded. Results come back in file order.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TypeVar

from wbl_tui.engine.batch import MIN_FILES_PER_JOB
from wbl_tui.errors import WblError

T = TypeVar("T")
Progress = Callable[[int], None]  # called with how many files are done so far

# The work the forked workers do; set in the parent just before it forks.
_work: Callable[[Path], Any] | None = None

# Files a worker takes at a time at most, so that progress moves in small steps.
MAX_CHUNK = 64


def map_files(
    work: Callable[[Path], T],
    paths: Sequence[Path],
    jobs: int = 1,
    progress: Progress | None = None,
) -> list[T]:
    """``work(path)`` for every path, in order, in this process or forked ones."""
    jobs = min(jobs, len(paths) // MIN_FILES_PER_JOB)
    results: list[T] = []
    if jobs < 2 or sys.platform != "linux":
        for path in paths:
            results.append(work(path))
            if progress is not None:
                progress(len(results))
        return results
    results.append(work(paths[0]))
    global _work
    _work = work
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=fork) as pool:
            chunk = max(1, min(MAX_CHUNK, len(paths) // (jobs * 4)))
            for result in pool.map(_in_worker, paths[1:], chunksize=chunk):
                results.append(result)
                if progress is not None:
                    progress(len(results))
    except BrokenProcessPool:
        raise WblError(
            "a process reading the files stopped unexpectedly (out of memory?); "
            "try again with --jobs 1"
        ) from None
    finally:
        _work = None
    return results


def _in_worker(path: Path) -> Any:
    assert _work is not None, "set by map_files before the fork"
    return _work(path)
