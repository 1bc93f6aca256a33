"""Where the cursor goes in the form: ideas, the review, new steps, the list of steps.

Driven by keys (Pilot) at 80x24 and 160x50.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_keys import step_list
from test_form_keys import step_ready
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from wbl_tui.app import WblApp
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.form import FormScreen
from wbl_tui.widgets.question_field import QuestionField

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
SIZES = [(80, 24), (160, 50)]


def _app(start: str, path: Path | None = None) -> WblApp:
    settings = make_settings()
    return WblApp(settings, Library(settings), start=start, document_path=path)


async def _form(pilot: Pilot[int]) -> FormScreen:
    for _ in range(200):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, FormScreen) and step_ready(screen):
            await pilot.pause(0.3)
            return screen
    raise AssertionError(f"the form did not open: {pilot.app.screen!r}")


async def _go_to_step(pilot: Pilot[int], screen: FormScreen, index: int) -> None:
    """F4, the arrows, Enter: the keyboard way to a step."""
    await step_list(pilot)
    moves = index - screen.query_one("#steps", OptionList).highlighted  # type: ignore[operator]
    await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves), "enter")
    await pilot.pause(0.3)
    assert screen.current == index


@pytest.mark.parametrize("size", SIZES)
async def test_after_picking_an_idea_typing_and_shift_tab_keep_the_text(
    size: tuple[int, int],
) -> None:
    app = _app("plan")
    async with app.run_test(size=size) as pilot:
        screen = await _form(pilot)
        session = screen.session
        # A discipline first, so there are ideas (the engine says which fields offer them).
        picker = screen.query_one("#q-discipline #control", Select)
        picker.focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause(0.3)
        assert session.answers.get("discipline")
        field = next(
            f
            for f in screen.query(QuestionField)
            if f.question.suggest_from and session.suggestions(f.question)
        )
        step = next(i for i, s in enumerate(session.sections) if field.question in s.questions)
        await _go_to_step(pilot, screen, step)
        await pilot.pause(0.3)
        ideas = field.query_one("#suggest", Select)
        assert ideas.display
        ideas.focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause(0.3)
        control = field.query_one("#control")
        assert pilot.app.focused is control
        picked = session.answers.get(field.question.id)
        assert isinstance(picked, str) and picked
        await pilot.press("end", *"!!")
        await pilot.press("shift+tab")
        await pilot.pause(0.2)
        assert session.answers.get(field.question.id) == picked + "!!"
        text = control.value if isinstance(control, Input) else control.text  # type: ignore[attr-defined]
        assert text == picked + "!!"
        focused = pilot.app.focused
        assert focused is not None and not focused.has_class("help-toggle")


@pytest.mark.parametrize("size", SIZES)
async def test_picking_an_answer_on_the_review_puts_the_cursor_on_it(
    size: tuple[int, int],
) -> None:
    app = _app("open", GOLDEN / "esl-guest-speakers.answers.yaml")
    async with app.run_test(size=size) as pilot:
        screen = await _form(pilot)
        assert screen.review_index is not None
        await _go_to_step(pilot, screen, screen.review_index)
        await pilot.press(*["down"] * 6)
        option = screen.query_one("#review-list", OptionList).highlighted_option
        assert option is not None and option.id
        qid = option.id.removeprefix("edit-")
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert screen.current != screen.review_index
        focused = pilot.app.focused
        assert focused is not None and focused.id == "control"
        assert focused.parent is not None and focused.parent.id == f"q-{qid}"


@pytest.mark.parametrize("size", SIZES)
async def test_every_step_opens_at_its_top(size: tuple[int, int]) -> None:
    app = _app("open", GOLDEN / "esl-guest-speakers.answers.yaml")
    async with app.run_test(size=size) as pilot:
        screen = await _form(pilot)
        form = screen.query_one("#form")
        for index in range(len(screen.session.sections)):
            if screen.session.is_skipped(index) or index == screen.current:
                continue
            await _go_to_step(pilot, screen, index)
            await pilot.pause(0.2)
            assert form.scroll_y == 0, screen.session.sections[index].id
