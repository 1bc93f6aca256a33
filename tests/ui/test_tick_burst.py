"""Space and arrows typed at once in a tick list: each tick lands on the row it was typed on.

A first-time user's walk through tmux found "Space, Down" sent together ticking the row
below (Textual's list ticks when it handles its own message, after the queued Down).
"""

from __future__ import annotations

import pytest
from pilot_keys import SIZES, burst, form_ready, home_app, on_screen, step_list, until
from textual.widgets import SelectionList

WANTED = {"guest_speakers", "informational_interviews"}  # the first and third rows


@pytest.mark.parametrize("size", SIZES)
async def test_space_and_arrows_in_one_burst_tick_the_rows_they_were_typed_on(
    size: tuple[int, int],
) -> None:
    app = home_app()
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("enter")  # Start the self-assessment
        form = await form_ready(pilot)
        await step_list(pilot, "down", "enter")  # step 2: three lists of activities
        await until(pilot, lambda: form.current == 1, "step 2")  # type: ignore[attr-defined]
        listed = form.query_one("#q-about_activities #control", SelectionList)
        await until(pilot, lambda: app.focused is listed, "the list has the cursor")
        await burst(pilot, ["space", "down", "down", "space", "down"])
        answers = form.session.answers  # type: ignore[attr-defined]
        await until(pilot, lambda: set(answers.get("about_activities") or ()) == WANTED, "ticks")
        await pilot.pause(0.2)
        assert set(listed.selected) == WANTED
        assert listed.highlighted == 3
