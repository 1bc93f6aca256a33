"""Issue 9: output modes, no-replace creation under concurrency, all-or-nothing batches."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from wbl_tui.engine import save
from wbl_tui.engine.save import write_all, write_atomic
from wbl_tui.errors import AlreadyExists, WriteFailed


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_get_the_mode_the_umask_allows(tmp_path: Path, umask_022: None) -> None:
    assert _mode(write_atomic(tmp_path / "one.md", "x")) == 0o644
    for path in write_all({tmp_path / "a.md": "A", tmp_path / "b.md": "B"}):
        assert _mode(path) == 0o644
    os.umask(0o077)
    assert _mode(write_atomic(tmp_path / "private.md", "x")) == 0o600


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, umask_022: None) -> None:
    private, shared = tmp_path / "private.md", tmp_path / "shared.md"
    for path, mode in ((private, 0o600), (shared, 0o664)):
        path.write_text("old", encoding="utf-8")
        path.chmod(mode)
    write_atomic(private, "new", overwrite=True)
    write_all({shared: "new", tmp_path / "other.md": "new"}, overwrite=True)
    assert (_mode(private), _mode(shared)) == (0o600, 0o664)
    assert private.read_text(encoding="utf-8") == "new"


def test_two_writers_racing_for_one_name_cannot_both_win(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    start = threading.Barrier(8)
    results: list[str] = []

    def write(n: int) -> None:
        start.wait()
        try:
            write_atomic(target, f"writer {n}\n")
            results.append(f"wrote {n}")
        except AlreadyExists:
            results.append("refused")

    for _ in range(20):
        target.unlink(missing_ok=True)
        results.clear()
        threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wins = [r for r in results if r.startswith("wrote")]
        assert len(wins) == 1, results
        assert target.read_text(encoding="utf-8") == f"writer {wins[0].split()[1]}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]  # no temp left


def test_a_file_that_appears_after_the_check_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before writing can be raced; the creation itself refuses."""
    target = tmp_path / "plan.md"
    real = save._write_temp

    def write_temp_then_someone_saves(path: Path, text: str, mode: int, *, flush: bool) -> Path:
        tmp = real(path, text, mode, flush=flush)
        target.write_text("the other process's plan", encoding="utf-8")
        return tmp

    monkeypatch.setattr(save, "_write_temp", write_temp_then_someone_saves)
    with pytest.raises(AlreadyExists):
        write_atomic(target, "mine")
    assert target.read_text(encoding="utf-8") == "the other process's plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_without_hard_links_creation_still_refuses_to_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(save.os, "link", no_links)
    target = write_atomic(tmp_path / "plan.md", "first")
    second = tmp_path / ".second.tmp"
    second.write_text("second", encoding="utf-8")
    with pytest.raises(AlreadyExists):
        save._create(second, target)
    assert target.read_text(encoding="utf-8") == "first"


def test_a_force_batch_with_a_folder_as_target_replaces_nothing(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    a.write_text("old a", encoding="utf-8")
    (tmp_path / "b.md").mkdir()
    with pytest.raises(WriteFailed, match="folder"):
        write_all({a: "new a", tmp_path / "b.md": "new b", tmp_path / "c.md": "c"}, overwrite=True)
    assert a.read_text(encoding="utf-8") == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]


def test_a_batch_failing_part_way_puts_back_what_it_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = (tmp_path / f"{n}.md" for n in "abc")
    a.write_text("old a", encoding="utf-8")
    b.write_text("old b", encoding="utf-8")
    real_replace = os.replace
    calls = {"n": 0}

    def replace_fails_on_the_third(src: str | Path, dst: str | Path) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(save.os, "replace", replace_fails_on_the_third)
    with pytest.raises(WriteFailed, match="Input/output"):
        write_all({c: "new c", a: "new a", b: "new b"}, overwrite=True)
    assert a.read_text(encoding="utf-8") == "old a"
    assert b.read_text(encoding="utf-8") == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # c removed again


def test_a_batch_without_force_removes_what_it_created_when_one_name_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    real = save._write_temp

    def b_appears(path: Path, text: str, mode: int, *, flush: bool) -> Path:
        tmp = real(path, text, mode, flush=flush)
        if path == b:
            b.write_text("someone else's", encoding="utf-8")
        return tmp

    monkeypatch.setattr(save, "_write_temp", b_appears)
    with pytest.raises(AlreadyExists):
        write_all({a: "A", b: "B"})
    assert not a.exists() and b.read_text(encoding="utf-8") == "someone else's"
