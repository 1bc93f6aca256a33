"""Helpers for Pilot tests that press keys from Home, as a person would."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from wbl_tui.app import WblApp
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
SIZES = [(80, 24), (160, 50)]
WAIT = 15.0  # seconds: generous, for a loaded machine; nothing asserts how fast


def home_app(**kwargs: Any) -> WblApp:
    """The app as ``wbl-tui`` starts it (Home), with the test's own folders."""
    settings = make_settings()
    return WblApp(settings, Library(settings), **kwargs)


async def until(pilot: Pilot[int], check: Callable[[], object], what: str = "") -> None:
    """Let the app run until ``check()`` is true (or fail after WAIT seconds)."""
    steps = int(WAIT / 0.02)
    for _ in range(steps):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what or check}: screen {pilot.app.screen!r}")


async def on_screen(pilot: Pilot[int], name: str) -> Screen[Any]:
    """Wait until the top screen is of the class called ``name``; return it."""
    await until(pilot, lambda: type(pilot.app.screen).__name__ == name, name)
    await pilot.pause()
    return pilot.app.screen


async def form_ready(pilot: Pilot[int]) -> Screen[Any]:
    """Wait for the question screen and for its first question to have the cursor."""
    screen = await on_screen(pilot, "FormScreen")
    await until(pilot, lambda: screen.query(".question"), "questions")
    await until(pilot, lambda: pilot.app.focused is not None, "a focused control")
    return screen


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` key by key."""
    await pilot.press(*text)


async def replace_text(pilot: Pilot[int], text: str, old_length: int = 200) -> None:
    """Clear the focused one-line field (End, then Backspaces) and type ``text``."""
    await pilot.press("end", *["backspace"] * old_length)
    await type_text(pilot, text)


def golden_copy(name: str, folder: Path, as_name: str | None = None) -> Path:
    """Copy a golden answers file into ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (as_name or name)
    shutil.copy(GOLDEN / name, target)
    return target


def mode(path: Path) -> int:
    """A file's permission bits."""
    return path.stat().st_mode & 0o777


async def tab_to(pilot: Pilot[int], widget_id: str, most: int = 30) -> None:
    """Press Tab until the widget ``widget_id`` has the cursor."""
    for _ in range(most):
        focused = pilot.app.focused
        if focused is not None and focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{widget_id}")
