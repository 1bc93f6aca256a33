"""Time from starting a program in a real terminal (pty) to its first screen being drawn."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import pexpect

from bench.table import Row
from bench.terminal_env import terminal_env

BIN = Path(sys.executable).parent


def time_to_text(argv: list[str], text: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds until ``text`` appears in the program's output."""
    start = time.perf_counter()
    child = pexpect.spawn(
        argv[0], argv[1:], env=env, dimensions=(24, 80), encoding="utf-8", timeout=timeout
    )
    try:
        child.expect_exact(text)
        return time.perf_counter() - start
    finally:
        child.terminate(force=True)


def median_time(argv: list[str], text: str, env: dict[str, str], runs: int) -> float:
    time_to_text(argv, text, env)  # warm the disk cache and the parse cache
    return statistics.median(time_to_text(argv, text, env) for _ in range(runs))


def run(runs: int = 7, home_text: str = "Start the self-assessment") -> list[Row]:
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / "wbl-bench-home"
    env = terminal_env(
        WBL_TUI_STATE_DIR=str(scratch / "state"),
        WBL_TUI_DATA_DIR=str(scratch / "data"),
        WBL_TUI_CACHE_DIR=str(scratch / "cache"),
    )
    bare = median_time([sys.executable, "-m", "bench.bare_app"], "Bare Textual app", env, runs)
    ours = median_time([str(BIN / "wbl-tui")], home_text, env, runs)
    return [
        Row(
            "start-up to first usable screen (pty, median)",
            ours,
            "s",
            bare,
            "bare Textual app",
            "<= 1.2x",
            ours <= 1.2 * bare,
        )
    ]
