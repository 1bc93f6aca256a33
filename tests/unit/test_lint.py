"""`questions validate` on one file: what it is when valid, every problem when not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wbl_tui.engine.library import Library
from wbl_tui.engine.lint import lint_file
from wbl_tui.paths import builtin_dir, make_settings

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def library() -> Library:
    return Library(make_settings([DATA / "root" / "questions"], [], {"WBL_TUI_DATA_DIR": "/x"}))


def test_valid_files_and_their_summaries(library: Library) -> None:
    cases = {
        builtin_dir() / "questions" / "wbl-lesson-plan.yaml": "plan set wbl-lesson-plan@1.1.0, ",
        DATA
        / "root"
        / "questions"
        / "mini-disciplines.yaml": "discipline catalogue, 1 disciplines",
        DATA / "mini.answers.yaml": "answers to mini-assessment@1.0.0, 6 answered",
        builtin_dir() / "templates" / "lesson_plan.md.j2": "template",
    }
    for path, summary in cases.items():
        problems, what = lint_file(path, library)
        assert problems == [] and what.startswith(summary), (path, what)


def test_a_set_whose_template_is_nowhere(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "questions" / "mini.yaml"
    path.parent.mkdir()
    text = (DATA / "root" / "questions" / "mini-assessment.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("mini_report.md.j2", "missing.md.j2"), encoding="utf-8")
    problems, _ = lint_file(path, library)
    assert [str(p) for p in problems] == [
        f"{path}: template 'missing.md.j2' is not in any template folder"
    ]
    # a templates/ folder beside questions/ counts, as in a root
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "missing.md.j2").write_text("x", encoding="utf-8")
    assert lint_file(path, library)[0] == []


def test_unknown_format(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("format: wbl-something/1\n", encoding="utf-8")
    problems, _ = lint_file(path, library)
    assert [str(p) for p in problems] == [
        f"{path}:1:9: unknown format 'wbl-something/1'; expected one of wbl-questions/1, "
        "wbl-disciplines/1, wbl-answers/1"
    ]


def test_templates(tmp_path: Path, library: Library) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("ok\n{% for x in y %}\n", encoding="utf-8")
    problems, _ = lint_file(bad, library)
    assert len(problems) == 1 and str(problems[0]).startswith(f"{bad}:2: template error: ")
    binary = tmp_path / "bin.md.j2"
    binary.write_bytes(b"\xff\xfe")
    assert str(lint_file(binary, library)[0][0]) == (
        f"{binary}:1: template error: not UTF-8 text (byte 0xff); save the template as UTF-8"
    )


def test_answers_are_checked_against_their_set(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "a.answers.yaml"
    shutil.copy(DATA / "mini.answers.yaml", path)
    path.write_text(path.read_text(encoding="utf-8").replace("speakers: often", "speakers: x"))
    problems, _ = lint_file(path, library)
    assert [str(p) for p in problems] == [f"{path}:7:13: speakers: 'x' is not one of the choices."]
