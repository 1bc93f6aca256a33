"""Random method, attribute, filter and operator chains on text, bytes, list and dict values
through templates and expressions, in a process with an address-space limit.

``bench/sandbox_fuzz.py`` first calls every method of every kind of value with each
number near a limit, then draws the chains with Hypothesis and runs each through
``wbl-tui render``'s path and the wizard's ``when``/``default`` path. Outcomes only: no
traceback, every template error one line, nothing reaches the OS memory limit (a
MemoryError there would show as "out of memory"), and no example raises the process's
peak memory by 256 MB (``(1).to_bytes(10**9)`` did, by a gigabyte, and fitted under the
limit). ``make bench`` runs more and measures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_random_chains_end_cleanly_within_a_memory_limit(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench.sandbox_fuzz", "--examples", "150", "--json"],
        capture_output=True,
        text=True,
        timeout=1800,  # a hang guard, not a speed check
        cwd=ROOT,
        env={**os.environ, "WBL_TUI_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert out.returncode in (0, 1), out.stderr
    report = json.loads(out.stdout.splitlines()[-1])
    assert report["failures"] == []
    assert report["out_of_memory"] == 0
    assert report["examples"] == 150
    assert report["swept"] > 1000
    assert report["peak_step_mb"] < 256, report["peak_example"]
    assert report["rendered"] > 0 and report["refused"] > 0
