"""Back and Next under the questions, pressed as a person would: Tab then Enter, or a click.

Driven from Home by keys at 80x24.
"""

from __future__ import annotations

from pilot_keys import form_ready, home_app, tab_to, until
from textual.screen import Screen
from textual.widgets import Static

from wbl_tui.widgets.nav_button import NavButton


def _problems(form: Screen[object]) -> str:
    return "".join(str(w.content) for w in form.query(".problem").results(Static))


async def test_back_by_enter_and_next_by_click_as_the_keys_do() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # Home: "Build a lesson plan"
        form = await form_ready(pilot)
        back = form.query_one("#back", NavButton)
        assert back.disabled  # nothing before the first step
        await pilot.press("f4", "down", "enter")  # step 2, from the list of steps
        await until(pilot, lambda: form.current == 1 and not back.disabled, "step 2")  # type: ignore[attr-defined]
        await tab_to(pilot, "back")
        await pilot.press("enter")
        await until(pilot, lambda: form.current == 0, "step 1 after Enter on Back")  # type: ignore[attr-defined]
        await pilot.click("#back")  # disabled now: stays
        await pilot.click("#next")  # the first step is not complete: stays, and says why
        await until(pilot, lambda: "⚠" in _problems(form), "what is missing")
        assert form.current == 0  # type: ignore[attr-defined]


async def test_the_last_step_s_next_says_where_it_goes() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        form = await form_ready(pilot)
        next_button = form.query_one("#next", NavButton)
        assert next_button.label == "Next ▶"
        await pilot.press("f4", "end", "enter")  # the review, from the list of steps
        await until(pilot, lambda: next_button.label == "Save plan…", "the review's label")
