"""Peak memory (VmHWM) of a real wbl-tui session in a pseudo-terminal."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pexpect

from bench.table import Row

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden"
WBL_TUI = Path(sys.executable).parent / "wbl-tui"


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc (Linux only)")


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="wbl-bench-mem-"))
    try:
        plan = work / "plan.answers.yaml"
        shutil.copy(GOLDEN / "culinary-competition.answers.yaml", plan)
        env = {**os.environ, "TERM": "xterm-256color", "WBL_TUI_STATE_DIR": str(work / "state")}
        child = pexpect.spawn(
            str(WBL_TUI), ["open", str(plan)], env=env, dimensions=(40, 120), timeout=30
        )
        child.expect_exact(b"answered")
        time.sleep(3)  # every step mounted in the background
        for key in ["\x0e"] * 10 + ["\x1bOQ"] + ["\x02"] * 10:  # Next x10, F2, Back x10
            child.send(key)
            time.sleep(0.15)
        time.sleep(1)
        peak = _peak_mb(child.pid)
        child.terminate(force=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        Row(
            "peak memory of a TUI session (plan wizard, every step, preview)",
            peak,
            "MB",
            None,
            "",
            "< 120 MB",
            peak < 120,
        )
    ]
