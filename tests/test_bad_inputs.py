"""Every malformed file in tests/data/bad: exit 2, a short error naming it, fast, nothing written.

Sets and catalogues go through ``questions validate``, answers files and hostile templates
through ``render`` (into an empty folder that must stay empty).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wbl_tui.cli import main

DATA = Path(__file__).resolve().parent / "data"
BAD = DATA / "bad"
ROOT_QUESTIONS = DATA / "root" / "questions"
MINI_ANSWERS = DATA / "mini.answers.yaml"
# Files whose error is not about a place in YAML (encoding, a missing set, whole-file checks).
NO_COLUMN = {
    "set-not-utf8.yaml",
    "answers-unknown-set.answers.yaml",
    "answers-required-missing.answers.yaml",
    "answers-unknown-attached-set.answers.yaml",
}

YAML_FILES = sorted(p.name for p in BAD.glob("*.yaml"))
TEMPLATES = sorted(p.name for p in (BAD / "templates").glob("*.j2"))


def test_the_corpus_is_big_enough() -> None:
    assert len(YAML_FILES) + len(TEMPLATES) >= 30


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, float]:
    start = time.perf_counter()
    code = main(argv)
    elapsed = time.perf_counter() - start
    out = capsys.readouterr()
    return code, out.out + out.err, elapsed


def _check(code: int, output: str, elapsed: float, name: str, column: bool) -> None:
    assert code == 2, output
    assert "Traceback" not in output
    lines = [ln for ln in output.splitlines() if ln.strip()]
    # An answers file lists every problem at once (SPEC 2026-12-01), one line each.
    assert 1 <= len(lines) <= (60 if name.startswith("answers-") else 5), output
    assert all(name in line for line in lines) or len(lines) <= 5, output
    assert name in lines[0], output
    if column:
        assert re.search(rf"{re.escape(name)}:\d+:\d+: ", output), output
    assert elapsed < 5, f"{name} took {elapsed:.1f} s"


@pytest.mark.parametrize("name", YAML_FILES)
def test_bad_yaml_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = BAD / name
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    if name.startswith("answers-"):
        argv = ["render", "--questions", str(ROOT_QUESTIONS), str(path), "--out-dir", str(out_dir)]
    else:
        argv = ["questions", "validate", str(path)]
    code, output, elapsed = _run(argv, capsys)
    _check(code, output, elapsed, name, column=name not in NO_COLUMN)
    assert not any(out_dir.iterdir())


@pytest.mark.parametrize("name", TEMPLATES)
def test_hostile_or_broken_template(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = [
        "render",
        "--questions",
        str(ROOT_QUESTIONS),
        "--templates",
        str(BAD / "templates"),
        "--template",
        name,
        str(MINI_ANSWERS),
        "--out-dir",
        str(out_dir),
    ]
    code, output, elapsed = _run(argv, capsys)
    _check(code, output, elapsed, name, column=False)
    assert "root:" not in output  # nothing of /etc/passwd
    assert not any(out_dir.iterdir())


def test_a_20_mb_file_is_refused_fast(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "huge.yaml"
    line = "# " + "x" * 1000 + "\n"
    big.write_text("format: wbl-questions/1\n" + line * 20_000, encoding="utf-8")
    assert big.stat().st_size > 20_000_000
    code, output, elapsed = _run(["questions", "validate", str(big)], capsys)
    _check(code, output, elapsed, "huge.yaml", column=False)
    assert elapsed < 1


def test_bad_input_through_the_real_command(tmp_path: Path) -> None:
    """Once as a real process: exit status 2 and no traceback on stderr."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "wbl_tui",
            "questions",
            "validate",
            str(BAD / "set-alias-bomb.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ,
        cwd=tmp_path,
    )
    assert out.returncode == 2
    assert "set-alias-bomb.yaml:" in out.stdout + out.stderr
    assert "Traceback" not in out.stderr
