"""The installed ``wbl-tui`` in a real pseudo-terminal: save a plan, survive kills.

Slow by nature (each test starts the real program); they run in ``make test`` all the same.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
WBL_TUI = Path(sys.executable).parent / "wbl-tui"
CTRL_S = "\x13"
DRAFT = Path("drafts") / "draft.answers.yaml"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WBL_TUI.exists(), reason="wbl-tui is not installed in this venv"),
]


def spawn(args: list[str], cwd: Path) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    return pexpect.spawn(
        str(WBL_TUI),
        args,
        cwd=str(cwd),
        env=env,
        dimensions=(24, 80),
        encoding="utf-8",
        codec_errors="replace",
        timeout=20,
    )


def state_dir() -> Path:
    return Path(os.environ["WBL_TUI_STATE_DIR"])


def type_slowly(child: pexpect.spawn, text: str) -> None:
    for ch in text:
        child.send(ch)
        time.sleep(0.02)


def test_open_edit_and_save_a_plan(tmp_path: Path) -> None:
    plan = tmp_path / "esl.answers.yaml"
    shutil.copy(GOLDEN / "esl-guest-speakers.answers.yaml", plan)
    child = spawn(["open", str(plan)], tmp_path)
    try:
        child.expect_exact("answered")
        time.sleep(1.0)  # the cursor is in the first field
        child.send("\x05")  # End: after the course title already there
        time.sleep(0.3)
        type_slowly(child, " evening")
        child.expect_exact("Work evening")
        child.send(CTRL_S)
        child.expect_exact("Save your plan")
        time.sleep(0.3)
        child.send("\r")  # Enter in the name field saves
        child.expect_exact("Replace them?")  # esl.answers.yaml is there already
        time.sleep(0.3)
        child.send("\r")
        child.expect_exact("Your files are saved")
    finally:
        child.terminate(force=True)
    text = (tmp_path / "esl.md").read_text(encoding="utf-8")
    assert "ESL 040 — Intermediate English for Work evening" in text
    saved = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert saved["answers"]["course_title"].endswith(" evening")


def test_sigkill_mid_wizard_loses_at_most_the_last_second(tmp_path: Path) -> None:
    child = spawn(["plan"], tmp_path)
    child.expect_exact("answered")
    time.sleep(1.0)  # the cursor is in the first field
    typed = "HIST 210 United States History"
    type_slowly(child, typed)
    child.expect_exact("States History")  # the app has the text...
    time.sleep(1.0)  # ...and a second later it is in the draft (autosave within 0.4 s)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    draft = yaml.safe_load((state_dir() / DRAFT).read_text(encoding="utf-8"))
    assert draft["answers"]["course_title"] == typed

    again = spawn([], tmp_path)
    try:
        again.expect_exact("Pick up where you left off?")
        time.sleep(0.3)
        again.send("\r")  # Resume
        again.expect_exact("HIST 210 United States History")
    finally:
        again.terminate(force=True)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_keep_the_draft_and_restore_the_terminal(
    tmp_path: Path, sig: signal.Signals
) -> None:
    child = spawn(["plan"], tmp_path)
    child.expect_exact("answered")
    time.sleep(1.0)  # the cursor is in the first field
    type_slowly(child, "BIO 101")
    child.expect_exact("BIO 101")  # drawn; its Changed message follows within milliseconds
    time.sleep(0.3)  # handled by now, even on a busy machine
    os.kill(child.pid, sig)
    child.expect(pexpect.EOF, timeout=10)
    tail = child.before or ""
    child.close()
    assert child.exitstatus == 0, (child.exitstatus, child.signalstatus, tail[-3000:])
    assert "\x1b[?1049l" in tail  # left the alternate screen: the terminal is back
    draft = yaml.safe_load((state_dir() / DRAFT).read_text(encoding="utf-8"))
    assert draft["answers"]["course_title"] == "BIO 101"
