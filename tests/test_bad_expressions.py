"""Hostile ``when``, ``default`` and ``tally`` expressions in a shared set, through the real
``wbl-tui`` process (issue 9, second pass: F2).

A failing ``when`` reads as false and a failing default gives none (CONTRACT.md), so the
render still succeeds: what must hold is that nothing big was built on the way. Each run
is its own process under an address-space limit, and its peak memory is read from the
kernel when it ends (``wait4``); nothing is timed.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
MEMORY = 3 << 29  # 1.5 GB of address space: room enough to build what the checks refuse
PEAK_KB = 256 * 1024  # a run that built nothing big stays far below this
HOSTILE = "(1).to_bytes(10**9, 'big')"


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(argv: list[str], cwd: Path) -> tuple[int, str, int]:
    """Exit code, standard output and error, and peak memory (KB) of ``wbl-tui ARGV``."""
    script = Path(sys.executable).with_name("wbl-tui")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "wbl_tui"]
    with (cwd / "out.txt").open("w+") as out:
        child = subprocess.Popen(
            [*command, *argv],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env={**os.environ, "WBL_TUI_CACHE_DIR": str(cwd / "cache")},
            preexec_fn=_limited,
        )
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak, not the tests'
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return child.returncode, out.read(), usage.ru_maxrss


@pytest.mark.slow
def test_a_hostile_when_and_default_build_nothing_and_read_as_false(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    shutil.copytree(DATA / "root" / "questions", folder)
    path = folder / "mini-assessment.yaml"
    hostile = (
        f'      - {{id: w0, prompt: W, type: text, required: false, when: "{HOSTILE}"}}\n'
        "      - {id: w1, prompt: W, type: text, required: false,"
        f' default: "{{{{ {HOSTILE}|length }}}}"}}\n'
    )
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("      - id: placement_share\n", hostile + "      - id: placement_share\n"),
        encoding="utf-8",
    )
    argv = ["render", "--questions", str(folder), "--templates", str(DATA / "root" / "templates")]
    code, output, peak = _run([*argv, str(DATA / "mini.answers.yaml")], tmp_path)
    assert code == 0, output
    assert "Traceback" not in output
    assert peak < PEAK_KB, f"peak {peak // 1024} MB"


@pytest.mark.slow
def test_a_hostile_tally_expression_is_one_line_and_builds_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    text = (REPO / "questions" / "wbl-lesson-plan.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\ntally:")] + f'\ntally:\n  opportunities: "{HOSTILE}|length"\n'
    (folder / "wbl-lesson-plan.yaml").write_text(text, encoding="utf-8")
    answers = DATA / "golden" / "esl-guest-speakers.answers.yaml"
    code, output, peak = _run(["tally", "--questions", str(folder), str(answers)], tmp_path)
    assert code == 2, output
    assert "Traceback" not in output and "out of memory" not in output
    assert "to_bytes" in output, output
    assert peak < PEAK_KB, f"peak {peak // 1024} MB"
