"""The command palette's own commands, the theme remembered, help, and Results' buttons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pilot_keys import GOLDEN, SIZES, form_ready, golden_copy, home_app, on_screen, tab_to, until


def _assessment_file(folder: Path) -> Path:
    """A finished self-assessment (the one the geography plan carries)."""
    data = yaml.safe_load((GOLDEN / "geography-service-learning.answers.yaml").read_text("utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "self.answers.yaml"
    path.write_text(yaml.safe_dump({"format": data["format"], **data["assessment"]}), "utf-8")
    return path


async def test_palette_jumps_to_a_step_and_saves() -> None:
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app(start="open", document_path=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await form_ready(pilot)
        await pilot.press("ctrl+p")
        await on_screen(pilot, "Palette")
        await pilot.press(*"go to step 3")
        await pilot.pause(0.5)  # the palette gathers its hits
        await pilot.press("enter")
        await until(pilot, lambda: form.current == 2, "step 3")  # type: ignore[attr-defined]
        await pilot.press("ctrl+p")
        await on_screen(pilot, "Palette")
        await pilot.press(*"save")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await on_screen(pilot, "SaveModal")


async def test_palette_starts_a_new_plan_from_home() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("ctrl+p")
        await on_screen(pilot, "Palette")
        await pilot.press(*"new plan")
        await pilot.pause(0.5)
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.session.qset.kind == "plan"  # type: ignore[attr-defined]


async def test_the_chosen_theme_is_remembered() -> None:
    config = Path.home() / "config" / "config.json"
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.pause(0.5)  # the saved theme (none) is read after start-up
        app.theme = "nord"  # what the palette's theme picker does
        await until(pilot, config.is_file, "the config file")
    assert json.loads(config.read_text(encoding="utf-8"))["theme"] == "nord"
    again = home_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: again.theme == "nord", "the theme back")


@pytest.mark.parametrize("size", SIZES)
async def test_results_build_a_plan_after_page_down(size: tuple[int, int]) -> None:
    path = _assessment_file(Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await pilot.press(*str(path), "enter")
        await form_ready(pilot)
        for _ in range(15):  # every step is answered: Next goes all the way to the results
            if type(app.screen).__name__ == "ResultsScreen":
                break
            await pilot.press("ctrl+n")
            await pilot.pause(0.1)
        await on_screen(pilot, "ResultsScreen")
        await pilot.press("pagedown", "pagedown")
        await tab_to(pilot, "plan")
        await pilot.press("pagedown")
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.session.qset.kind == "plan"  # type: ignore[attr-defined]
        assert form.session.answers.get("discipline") == "geography"  # type: ignore[attr-defined]


async def test_help_opens_and_closes_over_any_screen() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("f1")
        await on_screen(pilot, "HelpScreen")
        await pilot.press("escape", "escape")  # the second Escape must not leave Home
        await on_screen(pilot, "HomeScreen")
        assert len(app.screen_stack) == 2
