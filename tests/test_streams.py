"""Issue 9: standard streams that are closed, full or ASCII-only, and endless input, as real
processes: one line on standard error, the right exit code, never a traceback."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden" / "ece-practicum.answers.yaml"
PLAN_SET = Path(__file__).resolve().parent.parent / "questions" / "wbl-lesson-plan.yaml"

pytestmark = pytest.mark.slow


def _run(
    argv: list[str], tmp_path: Path, *, shell_redirect: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m wbl_tui ARGV`` run by a shell, so that ``>&-`` and ``<&-`` mean what they do."""
    command = " ".join([sys.executable, "-m", "wbl_tui", *(f"'{a}'" for a in argv), shell_redirect])
    return subprocess.run(
        ["/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=tmp_path,
    )


def _one_clean_line(err: str) -> str:
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    "argv",
    [["questions", "list"], ["questions", "validate", str(PLAN_SET)], ["render", str(GOLDEN)]],
)
def test_closed_standard_output_is_an_error_not_silence(argv: list[str], tmp_path: Path) -> None:
    done = _run(argv, tmp_path, shell_redirect=">&-")
    assert done.returncode == 1
    line = _one_clean_line(done.stderr)
    assert line == "wbl-tui: cannot write to standard output: it is closed"


@pytest.mark.parametrize(
    "argv", [["questions", "schema"], ["render", str(GOLDEN)], ["--help"], ["questions", "list"]]
)
def test_a_full_disk_on_standard_output_is_one_line_and_exit_1(
    argv: list[str], tmp_path: Path
) -> None:
    done = _run(argv, tmp_path, shell_redirect=">/dev/full")
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last == "wbl-tui: cannot write to standard output: No space left on device"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}],
)
def test_an_ascii_only_output_says_so(env: dict[str, str], tmp_path: Path) -> None:
    done = _run(["render", str(GOLDEN)], tmp_path, env=env)
    assert done.returncode == 1
    line = _one_clean_line(done.stderr)
    assert "standard output uses the ascii encoding" in line and "UTF-8" in line


def test_an_ascii_only_error_stream_still_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "plän—1.yaml"
    bad.write_text("format: wbl-questions/1\nid: [\n", encoding="utf-8")
    done = _run(["questions", "validate", str(bad)], tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "pl\\xe4n\\u20141.yaml" in done.stdout + done.stderr


def test_the_screens_with_standard_input_closed_need_a_terminal(tmp_path: Path) -> None:
    done = _run([], tmp_path, shell_redirect="<&-")
    assert done.returncode == 2
    assert "need a terminal" in _one_clean_line(done.stderr)


def test_render_into_a_folder_needs_no_standard_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    done = _run(["render", str(GOLDEN), "--out-dir", str(out)], tmp_path, shell_redirect=">&-")
    assert done.returncode == 0, done.stderr
    assert (out / "ece-practicum.md").is_file()


@pytest.mark.parametrize(
    ("argv", "feed"),
    [
        (["render", "/dev/zero"], None),
        (["questions", "validate", "/dev/stdin"], "yes 'key: value'"),
        (["render", "/dev/stdin"], "cat /dev/zero"),
    ],
)
def test_endless_input_is_refused_at_the_cap(
    argv: list[str], feed: str | None, tmp_path: Path
) -> None:
    command = " ".join([sys.executable, "-m", "wbl_tui", *argv])
    if feed:
        command = f"{feed} | {command}"
    done = subprocess.run(
        ["/bin/sh", "-c", command], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert done.returncode == 2
    line = _one_clean_line(done.stderr + done.stdout)
    assert line.endswith("file is too large; the limit is 8 MB")


# The real command with a short read deadline, so that a test of a wait does not wait 10 s.
_QUICK = (
    "import sys, wbl_tui.model.inputfile as f; f.READ_SECONDS = 0.5; "
    "from wbl_tui.cli import main; sys.exit(main(sys.argv[1:]))"
)


@pytest.mark.parametrize("argv", [["render"], ["questions", "validate"], ["tally"], ["open"]])
def test_a_fifo_nobody_writes_to_is_refused_not_waited_for(argv: list[str], tmp_path: Path) -> None:
    """Issue 9 F11: opening a FIFO blocked until a writer came, so the command hung."""
    fifo = tmp_path / "p.answers.yaml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-c", _QUICK, *argv, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard only
        cwd=tmp_path,
    )
    assert done.returncode == 2
    line = _one_clean_line(done.stderr or done.stdout)  # validate prints on stdout
    assert line.endswith(f"{fifo}: no end of input after 0.5 s; stopped reading"), line


def test_a_pipe_that_trickles_forever_is_stopped(tmp_path: Path) -> None:
    """Issue 9 F11: a line a second into /dev/stdin, never ending, hung ``questions validate``."""
    with subprocess.Popen(
        [sys.executable, "-c", _QUICK, "questions", "validate", "/dev/stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    ) as process:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            while process.poll() is None:
                process.stdin.write("# x\n")
                process.stdin.flush()
                time.sleep(0.05)
        out, err = process.communicate(timeout=60)  # a hang guard only
    assert process.returncode == 2
    assert _one_clean_line(err or out) == "/dev/stdin: no end of input after 0.5 s; stopped reading"


@pytest.mark.parametrize("how", ["link to /dev/zero", "fifo"])
def test_a_cache_entry_that_is_no_file_is_rebuilt(how: str, tmp_path: Path) -> None:
    """Issue 9 F10: such an entry read until MemoryError, or hung, on every command."""
    cache = Path(os.environ["WBL_TUI_CACHE_DIR"]) / "parsed"
    assert _run(["questions", "list"], tmp_path).returncode == 0
    entries = sorted(cache.glob("*.pickle"))
    assert entries
    for entry in entries:
        entry.unlink()
        if how == "fifo":
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    done = _run(["questions", "list"], tmp_path)  # (a hang guard: _run's timeout)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "wbl-lesson-plan" in done.stdout
    assert all(entry.is_file() and not entry.is_symlink() for entry in entries)
