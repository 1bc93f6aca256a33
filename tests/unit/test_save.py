"""Atomic writes that never replace a file unasked (file names: see test_filenames.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wbl_tui.engine.save import plan_files, write_all, write_atomic
from wbl_tui.errors import AlreadyExists, WriteFailed


def test_write_creates_the_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    assert write_atomic(path, "héllo\n") == path
    assert path.read_bytes() == "héllo\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_newlines_are_written_as_lf(tmp_path: Path) -> None:
    path = write_atomic(tmp_path / "plan.md", "a\nb\n")
    assert b"\r" not in path.read_bytes()


def test_an_existing_file_is_kept_unless_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("mine\n", encoding="utf-8")
    with pytest.raises(AlreadyExists) as exc:
        write_atomic(path, "new\n")
    assert exc.value.exit_code == 2 and str(path) in str(exc.value)
    assert path.read_text(encoding="utf-8") == "mine\n"
    write_atomic(path, "new\n", overwrite=True)
    assert path.read_text(encoding="utf-8") == "new\n"


def test_a_missing_folder_is_a_write_failure(tmp_path: Path) -> None:
    with pytest.raises(WriteFailed) as exc:
        write_atomic(tmp_path / "no" / "plan.md", "x")
    assert exc.value.exit_code == 1
    assert str(exc.value).startswith(f"{tmp_path / 'no' / 'plan.md'}: cannot write: ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_write_failure(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(WriteFailed):
            write_atomic(folder / "plan.md", "x")
    finally:
        folder.chmod(0o700)


def test_write_all_writes_none_if_one_exists(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    b.write_text("keep\n", encoding="utf-8")
    with pytest.raises(AlreadyExists) as exc:
        write_all({a: "A", b: "B"})
    assert exc.value.path == b
    assert not a.exists() and b.read_text(encoding="utf-8") == "keep\n"
    assert write_all({a: "A", b: "B"}, overwrite=True) == [a, b]
    assert (a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")) == ("A", "B")


def test_plan_files_stay_inside_the_folder(tmp_path: Path) -> None:
    plan, answers = plan_files(tmp_path, "../../etc/ESL 120: Speakers!")
    assert plan.parent == tmp_path == answers.parent
    assert plan.name == "etc-esl-120-speakers.md"
    assert answers.name == "etc-esl-120-speakers.answers.yaml"
    assert plan_files(tmp_path, "x", "html")[0].name == "x.html"
