"""File names made from titles are one safe path component, and saving stays in its folder."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbl_tui.engine.save import MAX_NAME, plan_files, safe_filename, write_atomic

RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def _is_safe(stem: str) -> bool:
    return (
        bool(stem)
        and len(stem.encode()) <= MAX_NAME
        and all(c.isascii() and (c.isalnum() or c == "-") for c in stem)
        and not stem.startswith(("-", "."))
        and stem.split(".")[0].lower() not in RESERVED
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("a/b", "a-b"),
        ("a\\b", "a-b"),
        ("CON", "con-plan"),
        ("nul.txt", "nul-txt"),
        ("ESL 040 — Intermediate English for Work", "esl-040-intermediate-english-for-work"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("🎉🎉🎉", "wbl-plan"),
        ("", "wbl-plan"),
        ("   ", "wbl-plan"),
        ("...hidden", "hidden"),
        ("trailing dots. . .", "trailing-dots"),
        ("tab\tand\x1b[2Jescape", "tab-and-2jescape"),
    ],
)
def test_titles_become_safe_names(title: str, expected: str) -> None:
    stem = safe_filename(title)
    assert stem == expected
    assert _is_safe(stem)


def test_long_titles_are_cut() -> None:
    stem = safe_filename("x" * 300)
    assert len(stem) == MAX_NAME and _is_safe(stem)


@given(st.text())
def test_any_title_gives_a_safe_name(title: str) -> None:
    assert _is_safe(safe_filename(title))


@given(st.text())
def test_plan_files_stay_in_the_chosen_folder(title: str) -> None:
    folder = Path("/tmp/chosen-folder")
    plan, answers = plan_files(folder, title)
    for path in (plan, answers):
        assert path.parent == folder
        assert path.resolve().parent == folder.resolve()


HOSTILE = [
    "../../etc/passwd",
    "..",
    "/abs/path",
    "a/b",
    "a\\b",
    "CON",
    "nul.txt",
    "x" * 300,
    "🎉🎉🎉",
    "",
    " \t ",
    "\x00\x1b\x7f",
    ".bashrc",
    "plan. . .",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_saving_writes_only_inside_the_chosen_folder(tmp_path: Path, title: str) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    plan, answers = plan_files(chosen, title)
    write_atomic(plan, "# plan\n")
    write_atomic(answers, "format: wbl-answers/1\n")
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted([plan, answers])
    for path in written:
        assert path.resolve().parent == chosen.resolve()
        assert len(path.name.encode()) <= MAX_NAME + len(".answers.yaml")


@settings(max_examples=40, deadline=None)
@given(st.text())
def test_saving_any_title_writes_only_inside_the_chosen_folder(title: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        chosen = Path(tmp) / "chosen"
        chosen.mkdir()
        plan, _ = plan_files(chosen, title)
        write_atomic(plan, "x")
        assert [p.resolve() for p in Path(tmp).rglob("*") if p.is_file()] == [plan.resolve()]
        assert plan.resolve().parent == chosen.resolve()
