"""``wbl-tui tally`` over 5,000 answers files, against a plain loop that only loads them.

Ours: ``wbl-tui tally DIR --format json`` in a new process (start-up included): every file
found, read, checked as ``render`` checks it, defaults applied, counted and reported, in
forked workers (one per CPU). Baseline: a new Python process that finds the same files and
loads each with PyYAML's C loader (``yaml.load(..., CSafeLoader)``) and nothing else. Each
is the best of three interleaved rounds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.rendering import make_answers
from bench.table import Row

COUNT = 5000
ROUNDS = 3

_PLAIN_LOOP = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.answers.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def _seconds(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[:4]} failed with exit code {done.returncode}: {done.stderr}")
    return elapsed, done.stdout


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="wbl-bench-tally-"))
    try:
        make_answers(work, COUNT)
        ours_cmd = [sys.executable, "-m", "wbl_tui", "tally", str(work), "--format", "json"]
        plain_cmd = [sys.executable, "-c", _PLAIN_LOOP, str(work)]
        ours_times, plain_times = [], []
        report = ""
        for _ in range(ROUNDS):
            elapsed, report = _seconds(ours_cmd)
            ours_times.append(elapsed)
            plain_times.append(_seconds(plain_cmd)[0])
        counted = json.loads(report)
        assert counted["plans"] == COUNT, counted["plans"]
        ours, base = min(ours_times), min(plain_times)
        return [
            Row(
                f"tally {COUNT:,} plans (whole process; read, check, count, report)",
                ours,
                "s",
                base,
                "plain CSafeLoader loop, whole process",
                "<= 2x",
                ours <= 2 * base,
            )
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    from bench.table import print_table

    print_table(run())
