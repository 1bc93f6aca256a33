"""Started straight into a form (``wbl-tui plan``, ``wbl-tui open FILE``): Home is drawn
only when the person goes there, and is there under a file that cannot be opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_keys import SIZES, form_ready, home_app, on_screen, type_text, until
from textual.widgets import OptionList


@pytest.mark.parametrize("size", SIZES)
async def test_escape_from_a_plan_started_directly_shows_home_with_its_draft(
    size: tuple[int, int],
) -> None:
    app = home_app(start="plan")
    async with app.run_test(size=size) as pilot:
        form = await form_ready(pilot)
        assert not any(type(s).__name__ == "HomeScreen" for s in app.screen_stack)
        await type_text(pilot, "WELD 110")
        await until(pilot, lambda: form.session.answers.get("course_title") == "WELD 110")  # type: ignore[attr-defined]
        await pilot.press("escape")
        home = await on_screen(pilot, "HomeScreen")
        menu = home.query_one("#home-menu", OptionList)
        await until(
            pilot,
            lambda: any("WELD 110" in str(o.prompt) for o in menu.options),
            "the draft listed on Home",
        )
        await pilot.press("enter")  # the draft is highlighted first: resume it
        form = await form_ready(pilot)
        assert form.session.answers.get("course_title") == "WELD 110"  # type: ignore[attr-defined]


async def test_a_file_that_cannot_be_opened_leaves_home_under_the_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.answers.yaml"
    broken.write_text("format: [\n", encoding="utf-8")
    app = home_app(start="open", document_path=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "MessageModal")
        assert "broken.answers.yaml" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("enter")
        await on_screen(pilot, "HomeScreen")
        assert app.is_running
