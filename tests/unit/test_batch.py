"""Rendering many files: the same outcomes in one process or several, in file order."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest

from wbl_tui.engine import batch
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.errors import WblError
from wbl_tui.paths import make_settings

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN = sorted((DATA / "golden").glob("*.answers.yaml"))
BAD = DATA / "bad" / "answers-unknown-question.answers.yaml"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux")


@pytest.fixture
def renderer(tmp_path: Path) -> Renderer:
    env = {"WBL_TUI_DATA_DIR": str(tmp_path / "data"), "WBL_TUI_CACHE_DIR": str(tmp_path / "c")}
    return Renderer(Library(make_settings([], [], env)), date(2026, 11, 22))


def test_outcomes_are_the_same_and_in_order(
    renderer: Renderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "MIN_FILES_PER_JOB", 1)
    files = [GOLDEN[0], BAD, *GOLDEN[1:], BAD]
    alone = batch.render_files(renderer, files, jobs=1)
    shared = batch.render_files(renderer, files, jobs=3)
    assert shared == alone
    assert [text is None for text, _ in shared] == [f == BAD for f in files]
    assert all(problems and problems[0].file == str(BAD) for text, problems in shared if not text)


def test_a_worker_that_dies_is_an_error_not_a_hang(
    renderer: Renderer, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = os.getpid()
    real = batch.render_one

    def dies_in_a_worker(*args: object) -> batch.Outcome:
        if os.getpid() != parent:
            os._exit(1)  # as if killed for memory
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "render_one", dies_in_a_worker)
    monkeypatch.setattr(batch, "MIN_FILES_PER_JOB", 1)
    with pytest.raises(WblError, match="--jobs 1"):
        batch.render_files(renderer, GOLDEN, jobs=2)
