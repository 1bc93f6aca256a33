"""Issue 9 through ``wbl-tui render``: clashing output names, concurrent runs, --force into
a folder, output modes, and control sequences in answers."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wbl_tui.cli import main

DATA = Path(__file__).resolve().parent / "data"
GOLDEN = DATA / "golden"
PLAN = GOLDEN / "ece-practicum.answers.yaml"


def _copies(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(GOLDEN.glob("*.answers.yaml"))
    paths = []
    for n in range(count):
        path = folder / f"plan-{n:03d}.answers.yaml"
        shutil.copyfile(names[n % len(names)], path)
        paths.append(path)
    return paths


def test_two_inputs_with_one_output_name_are_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    inputs = [tmp_path / "a" / "plan.answers.yaml", tmp_path / "b" / "plan.answers.yaml"]
    inputs.append(tmp_path / "plan.yaml")
    for path in inputs:
        shutil.copyfile(PLAN, path)
    out = tmp_path / "out"
    out.mkdir()
    code = main(["render", *map(str, inputs), "--out-dir", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 2, err
    for path, line in zip(inputs[1:], lines, strict=True):
        assert line.startswith(f"{path}: and {inputs[0]} would both be written to ")
        assert line.endswith(f"{out / 'plan.md'}")
    assert not any(out.iterdir())


def test_two_runs_into_one_folder_cannot_both_write(tmp_path: Path) -> None:
    inputs = _copies(tmp_path / "in", 60)
    out = tmp_path / "out"
    out.mkdir()
    argv = [sys.executable, "-m", "wbl_tui", "render", *map(str, inputs), "--out-dir", str(out)]
    for _ in range(3):
        for old in out.iterdir():
            old.unlink()
        runs = [
            subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        results = [(run.wait(timeout=300), run.communicate()[1]) for run in runs]
        codes = sorted(code for code, _ in results)
        assert codes in ([0, 2], [2, 2]), results
        assert all("Traceback" not in err for _, err in results)
        written = sorted(p.name for p in out.iterdir())
        # The winner's files, all of them, or (both lost a race) none; never a temp file.
        assert written == ([] if codes == [2, 2] else sorted(f"{p.name[:8]}.md" for p in inputs))


def test_force_with_a_folder_in_the_way_replaces_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan-000.md").write_text("keep me\n", encoding="utf-8")
    (out / "plan-001.md").mkdir()
    code = main(["render", *map(str, inputs), "--out-dir", str(out), "--force"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == f"{out / 'plan-001.md'}: cannot write: it is a folder"
    assert (out / "plan-000.md").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in out.iterdir()) == ["plan-000.md", "plan-001.md"]


def test_outputs_follow_the_umask_and_force_keeps_the_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = _copies(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    old = os.umask(0o022)
    try:
        assert main(["render", *map(str, inputs), "--out-dir", str(out)]) == 0
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
        assert modes == {"plan-000.md": 0o644, "plan-001.md": 0o644}
        (out / "plan-000.md").chmod(0o600)
        assert main(["render", *map(str, inputs), "--out-dir", str(out), "--force"]) == 0
        assert stat.S_IMODE((out / "plan-000.md").stat().st_mode) == 0o600
        single = tmp_path / "one.md"
        assert main(["render", str(inputs[0]), "-o", str(single)]) == 0
        assert stat.S_IMODE(single.stat().st_mode) == 0o644
    finally:
        os.umask(old)
    capsys.readouterr()


def test_escape_sequences_in_answers_never_reach_the_plan_or_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PLAN.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("  course_title:"))
    hostile = (
        '  course_title: "ECE 101\\e]0;owned\\a\\e]8;;https://x.example\\e\\\\link\\e[2J\\x9b31m"'
    )
    path = tmp_path / "hostile.answers.yaml"
    path.write_text(text.replace(line, hostile), encoding="utf-8")
    out = tmp_path / "plan.md"
    assert main(["render", str(path), "-o", str(out)]) == 0
    assert main(["render", str(path)]) == 0
    printed = capsys.readouterr().out
    for rendered in (out.read_text(encoding="utf-8"), printed):
        assert "ECE 101link31m" in rendered
        assert not any(ch in rendered for ch in "\x1b\x07\x9b")


def test_an_answers_file_is_never_its_own_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.answers.yaml"
    shutil.copyfile(PLAN, path)
    code = main(["render", str(path), "-o", str(path), "--force"])
    assert code == 2
    assert (
        capsys.readouterr().err.strip() == f"{path}: is also the output; name another output file"
    )
    assert path.read_bytes() == PLAN.read_bytes()


def test_the_output_file_name_picks_the_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o plan.docx`` writes Word, ``-o plan.html`` HTML, as tally's -o does; an
    extension that says another format than --format, or none known, is one line, exit 2."""
    from docx import Document

    word, page = tmp_path / "plan.docx", tmp_path / "plan.HTML"
    assert main(["render", str(PLAN), "-o", str(word)]) == 0
    assert Document(str(word)).paragraphs[0].style.name == "Heading 1"
    assert main(["render", str(PLAN), "-o", str(page)]) == 0
    assert page.read_text(encoding="utf-8").startswith("<h1>")
    assert main(["render", str(PLAN), "-o", str(tmp_path / "plan.txt")]) == 0  # Markdown
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8").startswith("---\n")
    capsys.readouterr()
    for name, extra, expected in [
        ("other.docx", ["--format", "md"], "a '.docx' file is for --format docx, not md"),
        ("other.md", ["--format", "html"], "a '.md' file is for --format md, not html"),
        ("other.pdf", [], "cannot tell which format to write from '.pdf'"),
    ]:
        assert main(["render", str(PLAN), "-o", str(tmp_path / name), *extra]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{tmp_path / name}: {expected}") and err.count("\n") == 1, err
        assert not (tmp_path / name).exists()
