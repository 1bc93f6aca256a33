"""Render many answers files at once: in this process, or shared out over forked ones.

Each file is read, checked and rendered exactly as a one-file ``render`` would; only the
work is shared out, and the results come back in the order the files were given. Workers
are forked once the library is loaded and the first template compiled, so each starts
with both (copy-on-write) instead of loading them again. Nothing here writes a file.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from wbl_tui.engine.document import read_document
from wbl_tui.engine.render import Format, Renderer
from wbl_tui.errors import BadInput, Problem, WblError

# What became of one file: its text, or what is wrong with it.
Outcome = tuple[str | None, list[Problem]]

# Below this many files per worker, forking and passing results back costs more than
# the worker saves (one plan takes about 2 ms).
MIN_FILES_PER_JOB = 32

# The job the forked workers run; set in the parent just before it forks.
_job: tuple[Renderer, str | None, Format] | None = None


def default_jobs() -> int:
    """How many processes to render in: one per CPU this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def render_files(
    renderer: Renderer,
    paths: Sequence[Path],
    template: str | None = None,
    fmt: Format = "md",
    jobs: int = 1,
) -> list[Outcome]:
    """Read and render every file; one outcome per file, in the same order."""
    jobs = min(jobs, len(paths) // MIN_FILES_PER_JOB)
    # fork() keeps what the parent loaded; elsewhere a worker would start from nothing.
    if jobs < 2 or sys.platform != "linux":
        return [render_one(renderer, path, template, fmt) for path in paths]
    first = render_one(renderer, paths[0], template, fmt)  # compiles the template once
    global _job
    _job = (renderer, template, fmt)
    try:
        # Unlike multiprocessing.Pool, an executor notices a worker that dies (killed for
        # memory, say) instead of waiting for its results forever.
        fork = multiprocessing.get_context("fork")
        # The workers inherit the command's address-space cap (wbl_tui.memory_wall).
        with ProcessPoolExecutor(jobs, mp_context=fork) as pool:
            chunk = _chunk(len(paths), jobs)
            rest = list(pool.map(_render_in_worker, paths[1:], chunksize=chunk))
    except BrokenProcessPool:
        raise WblError(
            "a process rendering the files stopped unexpectedly (out of memory?); "
            "try again with --jobs 1"
        ) from None
    finally:
        _job = None
    return [first, *rest]


def render_one(renderer: Renderer, path: Path, template: str | None, fmt: Format) -> Outcome:
    """One answers file rendered, or the problems that stop it."""
    try:
        return renderer.render(read_document(path, renderer.library), template, fmt), []
    except BadInput as exc:
        return None, exc.problems


def _render_in_worker(path: Path) -> Outcome:
    assert _job is not None, "set by render_files before the fork"
    return render_one(_job[0], path, _job[1], _job[2])


def _chunk(count: int, jobs: int) -> int:
    """Files handed to a worker at a time: a few chunks each, so none waits on a slow one."""
    return max(1, count // (jobs * 4))
