"""Loading and validating a 10,000-question set, cold and cached, against CSafeLoader alone."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import yaml

from bench.gen import big_question_set
from bench.table import Row
from wbl_tui.engine.filecache import load_parsed


def best(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="wbl-bench-"))
    try:
        path = big_question_set(work / "big.yaml")
        size = path.stat().st_size / 1e6
        base = best(lambda: yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader))
        cold = best(lambda: load_parsed(path, None))
        cache = work / "cache"
        load_parsed(path, cache)
        warm = best(lambda: load_parsed(path, cache))
        return [
            Row(
                f"load + validate 10,000-question set ({size:.1f} MB), cold",
                cold,
                "s",
                base,
                "yaml.load CSafeLoader",
                "<= 1.5x",
                cold <= 1.5 * base,
            ),
            Row(
                "same set, second load (cache keyed by content)",
                warm,
                "s",
                None,
                "",
                "< 0.3 s",
                warm < 0.3,
            ),
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
