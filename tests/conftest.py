"""Shared fixtures: every test runs with the user's folders pointed at its own tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MINI_ROOT = DATA / "root"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's data or state folders."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("WBL_TUI_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("WBL_TUI_STATE_DIR", str(home / "state"))
    monkeypatch.setenv("WBL_TUI_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("WBL_TUI_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "xdg-state"))
    monkeypatch.delenv("WBL_TUI_PATH", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22, so output is stable
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def mini_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put the small test root (a mini assessment, one discipline, one template) on the path."""
    monkeypatch.setenv("WBL_TUI_PATH", str(MINI_ROOT))
    return MINI_ROOT
