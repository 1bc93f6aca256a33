"""Paths a person may type in the open and save dialogs: '~name' with no such user is
a line in the dialog (found by random keys: it ended the app), by keys from Home."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_keys import (
    SIZES,
    golden_copy,
    home_app,
    on_screen,
    open_from_home,
    replace_text,
    tab_to,
    type_text,
    until,
)
from textual.widgets import Static

NO_SUCH_USER = "~wbl-no-such-user-QWAdPdD"


def _text(widget: Static) -> str:
    return str(widget.render())


@pytest.mark.parametrize("size", SIZES)
async def test_open_a_path_under_a_home_folder_that_does_not_exist(size: tuple[int, int]) -> None:
    app = home_app()
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        dialog = await on_screen(pilot, "OpenModal")
        await type_text(pilot, f"{NO_SUCH_USER}/plan.answers.yaml")
        await pilot.press("enter")
        error = dialog.query_one("#open-error", Static)
        await until(pilot, lambda: "no home folder" in _text(error), "the problem shown")
        assert app.is_running and app.screen is dialog


async def test_save_into_a_home_folder_that_does_not_exist() -> None:
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_from_home(pilot, plan)
        await pilot.press("ctrl+s")
        dialog = await on_screen(pilot, "SaveModal")
        await tab_to(pilot, "folder")
        await replace_text(pilot, NO_SUCH_USER, old_length=300)
        error = dialog.query_one("#save-error", Static)
        await until(pilot, lambda: "no home folder" in _text(error), "the problem shown")
        await pilot.press("enter")  # Save does nothing with a folder that cannot be
        await pilot.pause(0.3)
        assert app.is_running and app.screen is dialog
        await replace_text(pilot, str(plan.parent), old_length=300)  # fixed: saving works
        await until(pilot, lambda: "no home folder" not in _text(error), "the problem gone")
