"""The installed ``wbl-tui`` in a real pseudo-terminal: save a plan, survive kills and hangups.

Slow by nature (each test starts the real program); they run in ``make test`` all the same.
Timeouts are generous (a loaded machine); nothing asserts how fast a step is.
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
EXIT_WAIT = 15  # seconds: a hung process fails the test; a slow machine does not

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
        timeout=30,
    )


def drafts() -> list[dict[str, object]]:
    """Every draft's answers in the state folder."""
    folder = Path(os.environ["WBL_TUI_STATE_DIR"]) / "drafts"
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.answers.yaml"))
    ]


def draft_titles() -> list[object]:
    return [
        d["answers"].get("course_title") for d in drafts() if isinstance(d.get("answers"), dict)
    ]  # type: ignore[union-attr]


def type_slowly(child: pexpect.spawn, text: str) -> None:
    for ch in text:
        child.send(ch)
        time.sleep(0.02)


def start_typing(tmp_path: Path, text: str) -> pexpect.spawn:
    """``wbl-tui plan`` with ``text`` typed into the first question (and drawn)."""
    child = spawn(["plan"], tmp_path)
    child.expect_exact("answered")
    time.sleep(1.0)  # the cursor is in the first field
    type_slowly(child, text)
    child.expect_exact(text[-6:])
    return child


def wait_gone(pid: int, seconds: float = EXIT_WAIT) -> int | None:
    """Wait for the process to end; its exit status, or None if it is still there."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    return None


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
    assert (plan.stat().st_mode & 0o777) == 0o644


def test_sigkill_mid_wizard_loses_at_most_the_last_second(tmp_path: Path) -> None:
    typed = "HIST 210 United States History"
    child = start_typing(tmp_path, typed)
    time.sleep(1.5)  # ...and a moment later it is in the draft (autosave within 0.4 s)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert draft_titles() == [typed]

    again = spawn([], tmp_path)
    try:
        again.expect_exact("Resume: HIST 210")  # Home lists the draft first
        time.sleep(0.5)
        again.send("\r")
        again.expect_exact("United States History")
    finally:
        again.terminate(force=True)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_keep_the_draft_and_restore_the_terminal(
    tmp_path: Path, sig: signal.Signals
) -> None:
    child = start_typing(tmp_path, "BIO 101")
    time.sleep(1.0)  # handled by now, even on a busy machine (drawn comes first)
    os.kill(child.pid, sig)
    child.expect(pexpect.EOF, timeout=EXIT_WAIT)
    tail = child.before or ""
    child.close()
    assert child.exitstatus == 0, (child.exitstatus, child.signalstatus, tail[-3000:])
    assert "\x1b[?1049l" in tail  # left the alternate screen: the terminal is back
    assert draft_titles() == ["BIO 101"]


@pytest.mark.parametrize("opened", ["", "\x1bOP", "\x10"])  # the form, help (F1), the palette
def test_closing_the_terminal_leaves_no_process_and_keeps_the_draft(
    tmp_path: Path, opened: str
) -> None:
    child = start_typing(tmp_path, "CHEM 110")
    if opened:
        child.send(opened)
        time.sleep(0.5)
    time.sleep(1.0)
    type_slowly(child, "abc")  # still typing when the terminal goes
    child.ptyproc.fileobj.close()  # the terminal window closes: the kernel sends SIGHUP
    status = wait_gone(child.pid)
    if status is None:
        os.kill(child.pid, signal.SIGKILL)
        pytest.fail("wbl-tui was still running after its terminal closed")
    titles = draft_titles()
    assert len(titles) == 1 and str(titles[0]).startswith("CHEM 110"), titles


def test_two_instances_keep_two_drafts(tmp_path: Path) -> None:
    first = start_typing(tmp_path, "FIRST 100")
    second = start_typing(tmp_path, "SECOND 200")
    time.sleep(1.5)
    for child in (first, second):
        os.kill(child.pid, signal.SIGTERM)
        child.expect(pexpect.EOF, timeout=EXIT_WAIT)
        child.close()
    assert sorted(map(str, draft_titles())) == ["FIRST 100", "SECOND 200"]
