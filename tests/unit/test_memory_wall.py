"""The OS memory limit behind the sandbox: the headless commands run under it, the TUI not.

(Issue 9: the first file of a batch, and every batch of fewer than 64 files, rendered in
the parent process with no limit; ``when``s and tally expressions had none at all.)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from wbl_tui import cli
from wbl_tui.engine import batch, tally

DATA = Path(__file__).resolve().parent.parent / "data"
ROOT_QUESTIONS = DATA / "root" / "questions"
MINI_ANSWERS = DATA / "mini.answers.yaml"


def _soft_limit() -> int:
    return resource.getrlimit(resource.RLIMIT_AS)[0]


def test_limit_memory_turns_a_huge_allocation_into_memory_error() -> None:
    code = textwrap.dedent(
        """
        from wbl_tui.memory_wall import limit_memory
        limit_memory(200 * 2**20)
        try:
            b = bytearray(2**30)
        except MemoryError:
            print("MemoryError")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "MemoryError", out.stderr


def test_limit_memory_never_raises_a_limit_already_set() -> None:
    code = textwrap.dedent(
        """
        import resource
        from wbl_tui.memory_wall import limit_memory
        resource.setrlimit(resource.RLIMIT_AS, (1 << 40, resource.RLIM_INFINITY))
        limit_memory(1 << 50)
        print(resource.getrlimit(resource.RLIMIT_AS)[0] == 1 << 40)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "True", out.stderr


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Record the address-space limit each time ``module.name`` is called."""
    seen: list[int] = []
    real = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(_soft_limit())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_render_and_tally_run_under_a_memory_limit_even_for_one_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    before = _soft_limit()
    rendered = _spy(monkeypatch, batch, "render_one")
    counted = _spy(monkeypatch, tally, "count_file")
    argv = ["--questions", str(ROOT_QUESTIONS), "--templates", str(DATA / "root" / "templates")]
    assert cli.main(["render", *argv, str(MINI_ANSWERS), "--out-dir", str(tmp_path)]) == 0
    assert cli.main(["tally", *argv, str(MINI_ANSWERS)]) == 0
    for seen in (rendered, counted):
        assert seen and all(limit != resource.RLIM_INFINITY for limit in seen), seen
        assert before == resource.RLIM_INFINITY or all(limit <= before for limit in seen)
    assert _soft_limit() == before  # put back (tests call main() in their own process)


def test_the_tui_runs_without_a_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A MemoryError must not end the app: the sandbox's own checks are its wall."""
    before = _soft_limit()
    seen: list[int] = []
    monkeypatch.setattr(cli, "_run_tui", lambda *args, **kwargs: seen.append(_soft_limit()) or 0)
    assert cli.main(["--questions", str(ROOT_QUESTIONS), "assess"]) == 0
    assert seen == [before]
