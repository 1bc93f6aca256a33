"""Defaults follow their inputs on screen, and the field being typed in is left alone.

Class size 24 fills "how many opportunities" with 24 when its step is reached; changing
the class size to 28 moves it to 28, on screen and in the answers, until the person types
over it. The fields are driven by keys (a burst for typing, F4 + arrows for the steps).
"""

from __future__ import annotations

import pytest
from pilot_keys import step_list
from test_form_keys import step_ready
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from wbl_tui.app import WblApp
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.form import FormScreen


async def _form(pilot: Pilot[int]) -> FormScreen:
    for _ in range(100):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, FormScreen) and step_ready(screen):
            return screen
    raise AssertionError(f"the form did not open: {pilot.app.screen!r}")


def _qid_step(screen: FormScreen, qid: str) -> int:
    return next(
        i for i, s in enumerate(screen.session.sections) if any(q.id == qid for q in s.questions)
    )


async def _go_to_step(pilot: Pilot[int], screen: FormScreen, index: int) -> None:
    """F4, then the arrows and Enter on the list of steps."""
    await step_list(pilot)
    moves = index - screen.current
    await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves), "enter")
    await pilot.pause(0.2)
    assert screen.current == index


async def _retype(pilot: Pilot[int], screen: FormScreen, qid: str, text: str) -> None:
    control = screen.query_one(f"#q-{qid} #control", Input)
    control.focus()
    control.cursor_position = len(control.value)
    await pilot.pause()
    keys = ["backspace"] * (len(control.value) + 1) + list(text)
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_opportunities_follow_the_class_size_until_typed_over(size: tuple[int, int]) -> None:
    settings = make_settings()
    app = WblApp(settings, Library(settings), start="plan")
    async with app.run_test(size=size) as pilot:
        screen = await _form(pilot)
        session = screen.session
        await _retype(pilot, screen, "class_size", "24")
        assert session.answers.get("class_size") == 24
        later = _qid_step(screen, "opportunities")
        await _go_to_step(pilot, screen, later)
        opportunities = screen.query_one("#q-opportunities #control", Input)
        assert opportunities.value == "24"
        assert session.source("opportunities") == "default"

        await _go_to_step(pilot, screen, 0)
        await _retype(pilot, screen, "class_size", "28")
        assert session.answers.get("class_size") == 28
        assert session.answers.get("opportunities") == 28
        assert opportunities.value == "28"  # on screen too, though that step is hidden
        # Still a default: what the screen wrote into the field was not taken as typing
        # (the echo of the emptied field once cleared it, and it stopped following).
        assert session.source("opportunities") == "default"
        assert screen.query_one("#q-class_size #control", Input).value == "28"

        await _go_to_step(pilot, screen, later)
        await _retype(pilot, screen, "opportunities", "30")
        assert session.source("opportunities") == "entered"
        await _go_to_step(pilot, screen, 0)
        await _retype(pilot, screen, "class_size", "20")
        assert session.answers.get("opportunities") == 30
        assert opportunities.value == "30"
