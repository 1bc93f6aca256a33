"""The Review step lists answers that look unfinished ("TBD", "?") as "to finish", by keys
from Home; they do not stop a save (the plan says "to be confirmed" there)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_keys import (
    SIZES,
    burst,
    form_ready,
    golden_copy,
    home_app,
    on_screen,
    open_from_home,
    replace_text,
    step_list,
    until,
)
from textual.widgets import OptionList, Static

from wbl_tui.screens import form as form_module


@pytest.mark.parametrize("size", SIZES)
async def test_review_marks_answers_to_finish_and_saving_still_works(
    size: tuple[int, int],
) -> None:
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=size) as pilot:
        form = await open_from_home(pilot, plan)
        session = form.session  # type: ignore[attr-defined]
        for _ in range(30):  # Tab to the course title, as a person would
            focused = app.focused
            parent = focused.parent if focused is not None else None
            if focused and focused.id == "control" and parent and parent.id == "q-course_title":
                break
            await pilot.press("tab")
        await replace_text(pilot, "ESL 040 TBD")
        await until(pilot, lambda: session.answers.get("course_title") == "ESL 040 TBD")
        await step_list(pilot, "end", "enter")  # the step list, its last entry: Review
        await until(pilot, lambda: form.current == form.review_index, "the review")  # type: ignore[attr-defined]
        summary = form.query_one("#review-summary", Static)
        await until(pilot, lambda: "1 answer to finish" in str(summary.render()), "to finish")
        listed = form.query_one("#review-list", OptionList)
        option = listed.get_option("edit-course_title")
        assert str(option.prompt).startswith("? "), option.prompt
        others = [o for o in listed.options if o.id != "edit-course_title"]
        assert not any(str(o.prompt).startswith("? ") for o in others)
        await pilot.press("ctrl+s")  # not blocking: the save dialog opens
        await on_screen(pilot, "SaveModal")


async def test_a_draft_left_on_the_review_reopens_there() -> None:
    """Found by the random-keys bench: the form built the review's questions (it has none)."""
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_from_home(pilot, plan)
        await replace_text(pilot, "ESL 041")  # the first answer, changed: a draft to keep
        await until(pilot, lambda: form.session.dirty, "unsaved")  # type: ignore[attr-defined]
        await step_list(pilot, "end", "enter")
        await until(pilot, lambda: form.current == form.review_index, "the review")  # type: ignore[attr-defined]
        await pilot.press("escape")
        home = await on_screen(pilot, "HomeScreen")
        menu = home.query_one("#home-menu", OptionList)
        await until(pilot, lambda: any("ESL 041" in str(o.prompt) for o in menu.options))
        await pilot.press("enter")  # the draft, first on the list
        form = await form_ready(pilot)
        await until(pilot, lambda: form.current == form.review_index, "back on the review")  # type: ignore[attr-defined]
        await pilot.pause(0.5)
        assert app._exception is None and app.is_running


async def test_the_list_of_steps_keeps_its_place_while_the_marks_follow_the_answers() -> None:
    """Seen in CI on a busy machine: typed, then F4 and End; the marks were redrawn a moment
    after the typing, the highlight went back to the current step, and Enter stayed there."""
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("p")
        form = await form_ready(pilot)
        await replace_text(pilot, "ESL 04")
        await burst(pilot, ["1", "f4", "end"])  # the last key typed, then at once to Review
        steps = form.query_one("#steps", OptionList)
        await until(pilot, lambda: steps.highlighted == form.review_index, "End")  # type: ignore[attr-defined]
        await pilot.pause(0.6)  # past the redraw after typing (nothing here is timed)
        await pilot.press("enter")
        await until(pilot, lambda: form.current == form.review_index, "the review")  # type: ignore[attr-defined]


async def test_f4_right_after_next_keeps_the_cursor_on_the_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Next to a step still being built, then F4 at once: once its questions were built,
    the first one took the cursor back and Down moved in the answer, not in the list."""
    monkeypatch.setattr(form_module, "PREMOUNT_DELAY", 600.0)  # no step built ahead
    plan = golden_copy("esl-guest-speakers.answers.yaml", Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_from_home(pilot, plan)
        await burst(pilot, ["ctrl+n", "f4", "down"])
        await until(pilot, lambda: 1 in form._built, "the next step built")  # type: ignore[attr-defined]
        await pilot.pause(0.3)
        assert getattr(app.focused, "id", None) == "steps", app.focused
        assert form.query_one("#steps", OptionList).highlighted == 2


async def test_enter_on_the_review_goes_to_the_first_answer_that_needs_attention() -> None:
    """Seen through tmux: on the review, the first Enter did nothing (no answer had the
    cursor); a person who reads "Pick any answer" and presses Enter now lands on one."""
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("p")
        form = await form_ready(pilot)
        await replace_text(pilot, "ESL 040")  # the course title: the next one needs an answer
        await step_list(pilot, "end", "enter")
        await until(pilot, lambda: form.current == form.review_index, "the review")  # type: ignore[attr-defined]
        listed = form.query_one("#review-list", OptionList)
        await until(pilot, lambda: listed.highlighted is not None, "a highlighted answer")
        first = listed.highlighted_option
        assert first is not None and str(first.prompt).startswith("! "), first
        await pilot.press("enter")
        await until(pilot, lambda: form.current != form.review_index, "back to a step")  # type: ignore[attr-defined]
        qid = (first.id or "").removeprefix("edit-")
        await until(pilot, lambda: getattr(app.focused, "id", None) == "control", "an answer")
        assert app.focused is not None and app.focused.parent is not None
        assert app.focused.parent.id == f"q-{qid}"


async def test_a_step_built_in_the_background_while_the_app_closes_ends_nothing() -> None:
    """Seen in a busy CI run: SIGTERM a second after the form opened; the background
    building of the next step fired as the app was closing, and mounting raised."""
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("p")
        form = await form_ready(pilot)
        app.exit()  # as the signal handler does; the timer may still fire after it
        form._premount()  # type: ignore[attr-defined]
        assert not app._exception, app._exception
