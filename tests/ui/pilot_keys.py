"""Helpers for Pilot tests that press keys from Home, as a person would."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Select

from wbl_tui.app import WblApp
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
SIZES = [(80, 24), (160, 50)]
FILLER = "Students meet the partner, do the work, and reflect."  # long enough for any text
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


def key_event(key: str) -> events.Key:
    """The event the terminal driver posts for ``key`` (a character, or a key name)."""
    if len(key) == 1:
        return events.Key(key if key.isalnum() else _character_to_key(key), key)
    return events.Key(key, " " if key == "space" else None)


async def burst(pilot: Pilot[int], keys: Sequence[str]) -> None:
    """Post ``keys`` at once, as a fast typist's or a paste's arrive; then let the app run."""
    for key in keys:
        pilot.app.post_message(key_event(key))
    await pilot.pause()


async def type_text(pilot: Pilot[int], text: str) -> None:
    """Type ``text`` (in one burst: every key lands, in order)."""
    await burst(pilot, list(text))


async def replace_text(pilot: Pilot[int], text: str, old_length: int = 200) -> None:
    """Clear the focused one-line field (End, then Backspaces) and type ``text``."""
    await burst(pilot, ["end", *["backspace"] * old_length, *text])


async def open_from_home(pilot: Pilot[int], path: Path) -> Screen[Any]:
    """From Home: O, type the file's path, Enter; the form, once ready for keys."""
    await on_screen(pilot, "HomeScreen")
    await pilot.press("o")
    await on_screen(pilot, "OpenModal")
    await replace_text(pilot, str(path))
    await pilot.press("enter")
    return await form_ready(pilot)


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


def _field_of(widget: Any) -> Any:
    while widget is not None and type(widget).__name__ != "QuestionField":
        widget = widget.parent
    return widget


def _keys_for(question: Any, control: Any, values: dict[str, str]) -> list[str]:
    """Keys that answer ``question`` in ``control`` (text typed, or the first choice)."""
    kind = type(control).__name__
    if kind in ("AnswerInput", "AnswerArea", "Input", "TextArea"):
        text = values.get(question.id) or ("24" if question.type == "number" else FILLER)
        return ["end", *["backspace"] * 60, *text]
    if kind == "SelectionList":
        return ["space"]
    if isinstance(control, Select):  # by class, not name: a subclass is answered the same
        return ["enter", "down", "enter"]
    return ["enter"]  # a radio set: its highlighted (first) choice


async def answer_step(pilot: Pilot[int], form: Any, values: dict[str, str] | None = None) -> None:
    """Answer every empty question of the current step by keys (Tab between them), then
    press Ctrl+N; ``values`` gives the text for some question ids."""
    values = values or {}
    start, app, seen = form.current, pilot.app, 0
    for _ in range(80):
        if form.current != start or app.screen is not form:
            return
        focused = app.focused
        field = _field_of(focused)
        if field is not None and focused is not None and focused.id == "control":
            q = field.question
            current = form.session.answers.get(q.id)
            wrong = field.has_class("-invalid") or (q.id in values and str(current) != values[q.id])
            if current in (None, "", []) or wrong:
                keys = _keys_for(q, focused, values)
                if len(keys) > 3:  # text: typed in one burst
                    await burst(pilot, keys)
                else:  # a choice: a list opens between two keys
                    await pilot.press(*keys)
                await pilot.pause()
        if focused is not None and focused.id == "next":
            seen += 1
            await pilot.press("ctrl+n")
            await pilot.pause(0.1)
            continue
        await pilot.press("tab")
    answers = {q.id: form.session.answers.get(q.id) for q in form.session.sections[start].questions}
    raise AssertionError(
        f"step {start} could not be answered by keys: cursor on {app.focused!r}, {answers}"
    )


async def step_list(pilot: Pilot[int], *keys: str) -> None:
    """F4, then ``keys`` once the list of steps has the cursor (on a busy machine the
    cursor moves a moment after the key, and keys before that go to the answer)."""
    await pilot.press("f4")
    await until(pilot, lambda: getattr(pilot.app.focused, "id", None) == "steps", "the steps")
    await pilot.press(*keys)
