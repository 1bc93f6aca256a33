"""Keys that arrive at once (a paste, a quick typist, a busy machine) all land, in order.

Textual handles a printable key in the focused control itself but a bound key (Backspace,
arrows) only once the event has bubbled up to the app; with the form's deep nesting a
letter typed after a Backspace could be inserted before it. These tests post a burst of
key events without waiting between them, as the terminal driver does.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from wbl_tui.app import WblApp
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.form import FormScreen


def step_ready(screen: FormScreen) -> bool:
    """Every question of the step on screen is mounted (the last come a frame later)."""
    section = screen.session.sections[screen.current]
    fields = [screen._fields.get(q.id) for q in section.questions]
    return all(f is not None and f.is_mounted for f in fields)


def _plan_app() -> WblApp:
    settings = make_settings()
    return WblApp(settings, Library(settings), start="plan")


async def _form(pilot: Pilot[int]) -> Widget:
    for _ in range(200):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, FormScreen) and step_ready(screen):
            return screen
    raise AssertionError(f"the form did not open: {pilot.app.screen!r}")


def _burst(app: WblApp, keys: list[str]) -> None:
    """Post every key at once, the way the driver posts what one read() returned."""
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(key, char))


async def _type_then_burst(question: str, typed: str, burst: list[str]) -> tuple[str, object]:
    app = _plan_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        control = screen.query_one(f"#q-{question} #control")
        control.focus()
        await pilot.pause()
        _burst(app, list(typed))
        await pilot.pause(0.2)
        _burst(app, burst)
        await pilot.pause(0.3)
        text = control.value if isinstance(control, Input) else control.text  # type: ignore[attr-defined]
        session = screen.session  # type: ignore[attr-defined]
        return text, session.answers.get(question)


@pytest.mark.parametrize("run", range(3))
async def test_backspaces_and_letters_in_one_burst_land_in_order(run: int) -> None:
    text, answer = await _type_then_burst("course_title", "abcdef", ["backspace"] * 3 + ["X", "Y"])
    assert (text, answer) == ("abcXY", "abcXY")


async def test_a_number_retyped_in_one_burst() -> None:
    text, answer = await _type_then_burst("class_size", "24", ["backspace"] * 3 + ["2", "8"])
    assert (text, answer) == ("28", 28)


async def test_arrows_and_letters_in_one_burst_in_a_text_area() -> None:
    text, answer = await _type_then_burst(
        "learners", "abcdef", ["backspace"] * 3 + ["left", "left", "X", "end", "Y"]
    )
    assert text == "aXbcY"
    assert answer == "aXbcY"


async def test_a_text_area_keeps_a_burst_with_enter() -> None:
    text, _ = await _type_then_burst("learners", "ab", ["backspace", "enter", "c", "d"])
    assert text == "a\ncd"
