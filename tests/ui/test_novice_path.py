"""A first-time instructor's whole path, by keys from Home, as one Pilot test.

Self-assessment -> results -> a plan built from it -> saved into a folder that does not
exist yet (created on confirmation) -> Home -> Open -> class size changed -> saved again.
The files on disk are checked: the numbers follow (opportunities follows class size) and
every file has the mode a person's other new files get.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from pilot_keys import (
    answer_step,
    form_ready,
    home_app,
    mode,
    on_screen,
    replace_text,
    tab_to,
    type_text,
    until,
)
from textual.pilot import Pilot


async def _answer_all(
    pilot: Pilot[int], form: Any, values: dict[str, str], until_screen: str
) -> None:
    for _ in range(20):
        if type(pilot.app.screen).__name__ == until_screen or form.current == form.review_index:
            return
        await answer_step(pilot, form, values)
    raise AssertionError(f"never reached {until_screen}")


async def _focus_question(pilot: Pilot[int], qid: str) -> None:
    for _ in range(40):
        focused = pilot.app.focused
        field = focused.parent if focused is not None else None
        while field is not None and type(field).__name__ != "QuestionField":
            field = field.parent
        if field is not None and field.question.id == qid and focused.id == "control":  # type: ignore[attr-defined,union-attr]
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {qid}")


@pytest.mark.slow
async def test_assess_then_plan_then_save_then_reopen_and_change(tmp_path: Path) -> None:
    folder = tmp_path / "plans" / "fall"  # does not exist yet
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("a")
        assessment = await form_ready(pilot)
        await _answer_all(pilot, assessment, {"course_title": "GEOG 150"}, "ResultsScreen")
        await on_screen(pilot, "ResultsScreen")
        await tab_to(pilot, "plan")
        await pilot.press("enter")
        plan = await form_ready(pilot)
        assert plan.session.answers["course_title"] == "GEOG 150"  # type: ignore[attr-defined]
        await _answer_all(pilot, plan, {"class_size": "24"}, "SaveModal")
        await pilot.press("ctrl+s")
        dialog = await on_screen(pilot, "SaveModal")
        await pilot.press("shift+tab")  # from the name to the folder
        assert app.focused is dialog.query_one("#folder")
        await replace_text(pilot, str(folder))
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")  # create the folder?
        await pilot.press("enter")
        await on_screen(pilot, "MessageModal")
        await pilot.press("enter")
        await on_screen(pilot, "FormScreen")
        saved = sorted(folder.glob("*.answers.yaml"))
        assert len(saved) == 1
        await pilot.press("escape")  # Home
        await on_screen(pilot, "HomeScreen")

        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await type_text(pilot, str(saved[0]))
        await pilot.press("enter")
        reopened = await form_ready(pilot)
        await _focus_question(pilot, "class_size")
        await replace_text(pilot, "28")
        await until(pilot, lambda: reopened.session.answers.get("class_size") == 28)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await on_screen(pilot, "SaveModal")
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")  # replace the files saved before
        await pilot.press("enter")
        await on_screen(pilot, "MessageModal")
        await pilot.press("enter")
        await on_screen(pilot, "FormScreen")

    answers = yaml.safe_load(saved[0].read_text(encoding="utf-8"))["answers"]
    assert answers["class_size"] == 28
    assert answers["opportunities"] == 28  # the default followed the class size
    plan_md = saved[0].with_name(saved[0].name.replace(".answers.yaml", ".md"))
    assert "28" in plan_md.read_text(encoding="utf-8")
    for path in folder.iterdir():
        assert mode(path) == 0o644, path
