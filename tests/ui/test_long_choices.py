"""A tick list cuts a long choice with "…" at 80 columns; the whole of the highlighted
choice is shown under the list (by keys from Home)."""

from __future__ import annotations

from pilot_keys import form_ready, home_app, on_screen, step_list, until
from textual.widgets import SelectionList, Static

LONG = "Guest speakers from a workplace or the community"


async def test_the_highlighted_long_choice_is_shown_whole_under_the_list() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("enter")  # Start the self-assessment
        form = await form_ready(pilot)
        await step_list(pilot, "down", "enter")  # the step list: step 2
        await until(pilot, lambda: form.current == 1, "step 2")  # type: ignore[attr-defined]
        field = form.query_one("#q-about_activities")
        listed = field.query_one("#control", SelectionList)
        await until(pilot, lambda: app.focused is listed, "the list has the cursor")
        await pilot.press("down", "up")  # the first choice, cut at this width
        full = field.query_one(".full-label", Static)
        await until(pilot, lambda: full.display and LONG in str(full.render()), "shown whole")
        await pilot.press("down")  # "Workplace tours or field trips" fits: nothing under it
        await until(pilot, lambda: not full.display, "hidden again")
        await pilot.press("up", "tab")  # leaving the list hides it too
        await until(pilot, lambda: app.focused is not listed, "the cursor moved on")
        assert not full.display


async def test_nothing_is_shown_under_the_list_when_every_choice_fits() -> None:
    app = home_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("enter")
        form = await form_ready(pilot)
        await step_list(pilot, "down", "enter")
        await until(pilot, lambda: form.current == 1, "step 2")  # type: ignore[attr-defined]
        field = form.query_one("#q-about_activities")
        listed = field.query_one("#control", SelectionList)
        await until(pilot, lambda: app.focused is listed, "the list has the cursor")
        await pilot.press("down", "up")
        await pilot.pause(0.3)
        assert not field.query_one(".full-label", Static).display
