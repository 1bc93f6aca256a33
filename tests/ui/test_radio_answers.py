"""Radio buttons whose answer the screen wrote (a default that followed, an idea picked):
pressing another one leaves one marked, and the highlight starts on the answer.

Driven from Home by keys at 80x24 (found walking the wizard through tmux: "Online" and
"Away from campus" both marked after an idea had filled in the second).
"""

from __future__ import annotations

from typing import Any

from pilot_keys import form_ready, home_app, until
from textual.pilot import Pilot
from textual.widgets import RadioButton, RadioSet


def _question_of(widget: Any) -> str | None:
    while widget is not None and type(widget).__name__ != "QuestionField":
        widget = widget.parent
    return None if widget is None else widget.question.id


async def _tab_to_question(pilot: Pilot[int], question_id: str) -> RadioSet:
    for _ in range(30):
        if _question_of(pilot.app.focused) == question_id:
            assert isinstance(pilot.app.focused, RadioSet)
            return pilot.app.focused
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {question_id}")


def _marked(radios: RadioSet) -> list[bool]:
    return [button.value for button in radios.query(RadioButton)]


async def test_pressing_another_choice_after_a_written_default_leaves_one_marked() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # Home: "Build a lesson plan"
        await form_ready(pilot)
        await _tab_to_question(pilot, "course_level")
        await pilot.press("enter")  # the first, middle school: students under 18
        minors = await _tab_to_question(pilot, "minors")
        await until(pilot, lambda: _marked(minors) == [True, False], "Yes filled in")
        assert minors.pressed_index == 0
        await until(pilot, lambda: minors._selected == 0, "the highlight on Yes")
        await pilot.press("down", "enter")  # No
        await until(pilot, lambda: _marked(minors) == [False, True], "only No marked")
        await pilot.pause(0.2)
        assert _marked(minors) == [False, True]
