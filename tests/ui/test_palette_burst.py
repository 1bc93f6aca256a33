"""Enter pressed twice in one burst on the command palette runs the command once and never
closes the screen under the palette (found by the random-keys bench: Home was popped)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_keys import burst, form_ready, golden_copy, home_app, on_screen, type_text, until


@pytest.mark.parametrize("enters", [2, 3])
async def test_a_burst_of_enters_on_the_palette(enters: int) -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("ctrl+p")
        await on_screen(pilot, "Palette")
        await type_text(pilot, "new plan")
        await pilot.pause(0.5)  # the palette gathers its hits
        await burst(pilot, ["enter"] * enters)
        await on_screen(pilot, "FormScreen")
        await pilot.pause(0.5)
        names = [type(s).__name__ for s in app.screen_stack]
        assert names.count("FormScreen") == 1 and "HomeScreen" in names, names
        assert app._exception is None and app.is_running
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen", "Home again")


@pytest.mark.parametrize("keys", [["s", "a", "escape"], ["h", "escape", "e", "l"]])
async def test_typing_as_the_palette_closes(keys: list[str]) -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        for _ in range(5):
            await pilot.press("ctrl+p")
            await on_screen(pilot, "Palette")
            await burst(pilot, keys)
            await on_screen(pilot, "HomeScreen")
            await pilot.pause(0.4)  # the palette's search would run now
            assert app._exception is None and app.is_running


async def test_dialogs_opened_and_closed_in_one_burst() -> None:
    """Ctrl+S then Escape (and the open dialog's O then Escape) at once, many times."""
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        for _ in range(5):
            await burst(pilot, ["o", "escape"])
            await pilot.pause(0.2)
        # (An Escape handled before its dialog was up leaves that dialog open: close it.)
        while type(app.screen).__name__ == "OpenModal":
            await pilot.press("escape")
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await type_text(pilot, str(plan))
        await pilot.press("enter")
        await form_ready(pilot)
        for _ in range(5):
            await burst(pilot, ["ctrl+s", "escape"])
            await pilot.pause(0.3)
        assert app._exception is None and app.is_running
        while type(app.screen).__name__ == "SaveModal":
            await pilot.press("escape")
        await on_screen(pilot, "FormScreen")
