"""The wizard's harder paths, by keys from Home: a live ``when`` and jumping to a step,
open -> change -> save again, and quitting with unsaved work.

Overwrite, failed saves, a missing folder, resume and set-aside are in test_dialogs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pilot_keys import (
    SIZES,
    form_ready,
    golden_copy,
    home_app,
    on_screen,
    replace_text,
    type_text,
    until,
)
from textual.pilot import Pilot


async def _palette(pilot: Pilot[int], command: str) -> None:
    await pilot.press("ctrl+p")
    await on_screen(pilot, "Palette")
    await type_text(pilot, command)
    await pilot.pause(0.5)  # the palette gathers its hits
    await pilot.press("enter")


async def _to_control(pilot: Pilot[int], qid: str) -> None:
    for _ in range(40):
        widget = pilot.app.focused
        field = widget
        while field is not None and type(field).__name__ != "QuestionField":
            field = field.parent  # type: ignore[assignment]
        at_control = field is not None and widget is not None and widget.id == "control"
        if at_control and field.question.id == qid:  # type: ignore[attr-defined,union-attr]
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {qid}")


@pytest.mark.parametrize("size", SIZES)
async def test_when_shows_and_hides_questions_live(size: tuple[int, int]) -> None:
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await type_text(pilot, str(plan))
        await pilot.press("enter")
        form = await form_ready(pilot)
        session = form.session  # type: ignore[attr-defined]
        assert session.answers["setting"] == "classroom" and not session.shown("transport")
        await _palette(pilot, "go to step 3")
        await until(pilot, lambda: form.current == 2, "step 3")  # type: ignore[attr-defined]
        await _to_control(pilot, "setting")
        for _ in range(6):  # the radio buttons, one by one, until off site is chosen
            if session.answers["setting"] == "off_site":
                break
            await pilot.press("down", "enter")
        await until(pilot, lambda: session.shown("transport"), "transport asked")
        assert session.shown("safety")
        logistics = [s.id for s in session.sections].index("logistics")
        await _palette(pilot, "go to step 9: logistics")  # step 6, a second activity, is not asked
        await until(pilot, lambda: form.current == logistics, "logistics")  # type: ignore[attr-defined]
        assert form.query_one("#q-transport").display
        await pilot.press("ctrl+n")  # blocked: transport needs an answer
        await until(
            pilot,
            lambda: "needs an answer" in str(form.query_one("#q-transport .problem").render()),
            "the problem shown",
        )
        assert form.current == logistics  # type: ignore[attr-defined]


async def test_open_change_and_save_again(tmp_path: Path) -> None:
    plan = golden_copy("culinary-competition.answers.yaml", tmp_path, "p.answers.yaml")
    app = home_app(start="open", document_path=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await form_ready(pilot)
        session = form.session  # type: ignore[attr-defined]
        await _to_control(pilot, "course_title")
        await replace_text(pilot, "Culinary Arts 3")
        await until(pilot, lambda: session.answers["course_title"] == "Culinary Arts 3")
        assert session.dirty
        await pilot.press("ctrl+s")
        await on_screen(pilot, "SaveModal")
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")  # p.answers.yaml exists: replace it
        await pilot.press("enter")
        await on_screen(pilot, "MessageModal")
        assert not session.dirty
        await pilot.press("enter")
        await pilot.press("ctrl+q")  # saved: quitting does not ask
        await until(pilot, lambda: not app.is_running, "the app to exit")
    saved = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert saved["answers"]["course_title"] == "Culinary Arts 3"
    assert "Culinary Arts 3" in (tmp_path / "p.md").read_text(encoding="utf-8")


async def test_quit_with_unsaved_work_asks_first() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("p")
        form = await form_ready(pilot)
        await type_text(pilot, "ART 101")
        await until(pilot, lambda: form.session.answers.get("course_title") == "ART 101")  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")
        ask = await on_screen(pilot, "ConfirmModal")
        assert "not saved to a file yet" in str(ask.query_one(".dialog-text").render())
        await pilot.press("escape")  # Keep working
        await on_screen(pilot, "FormScreen")
        assert app.is_running and app.screen is form
        await pilot.press("ctrl+q")
        await on_screen(pilot, "ConfirmModal")
        await pilot.press("enter")  # Quit
        await until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.return_code == 0
