"""A drop-down removed while it is still being mounted (found by the random-keys bench:
a step built in the background, the form closed by a key meanwhile)."""

from __future__ import annotations

import asyncio

from pilot_keys import key_event
from textual.app import App, ComposeResult
from textual.containers import Vertical

from wbl_tui.widgets.controls import Dropdown


class _Box(App[None]):
    def compose(self) -> ComposeResult:
        yield Vertical(id="box")


async def test_a_dropdown_removed_before_it_mounted_ends_nothing() -> None:
    app = _Box()
    async with app.run_test() as pilot:
        box = app.query_one("#box")
        for i in range(20):
            box.mount(Dropdown([("a", 1), ("b", 2)], id=f"pick{i}"))
            if i % 2:
                await asyncio.sleep(0)  # some get part of the way
            box.remove_children()
        await pilot.pause(0.2)
        assert app._exception is None and app.is_running


async def test_a_dropdown_that_stays_works_as_a_select() -> None:
    app = _Box()
    async with app.run_test() as pilot:
        pick = Dropdown([("a", 1), ("b", 2)], prompt="Choose…", id="pick")
        await app.query_one("#box").mount(pick)
        pick.focus()
        await pilot.press("enter", "down", "down", "enter")
        assert pick.value == 2
        pick.set_options([("c", 3)])
        assert pick.is_blank()
        await pilot.press("enter", "down", "enter")
        assert pick.value == 3


async def test_keys_typed_before_the_list_has_the_cursor_act_in_the_list() -> None:
    """Enter, Down, Down, Enter at once: the list opens and the second choice is taken
    (the Downs used to reach the closed drop-down and the last Enter chose the blank)."""
    app = _Box()
    async with app.run_test() as pilot:
        pick = Dropdown([("a", 1), ("b", 2), ("c", 3)], prompt="Choose…", id="pick")
        await app.query_one("#box").mount(pick)
        pick.focus()
        await pilot.pause()
        for key in ("enter", "down", "down", "enter"):
            app.post_message(key_event(key))
        await pilot.pause(0.2)
        assert pick.value == 2
        assert not pick.expanded
        for key in ("up", "up", "enter"):  # Up opens it too; Up again moves in it
            app.post_message(key_event(key))
        await pilot.pause(0.2)
        assert pick.value == 1


async def test_a_question_removed_before_it_mounted_takes_no_held_call() -> None:
    """The cursor or a value sent to a question whose step is closing (random keys, seed
    12112: NoMatches '#control' as the held focus ran on a field being removed)."""
    from wbl_tui.model.questions import Question, Where
    from wbl_tui.widgets.question_field import QuestionField

    app = _Box()
    async with app.run_test() as pilot:
        box = app.query_one("#box")
        for i in range(20):
            kind = ("textarea", "text", "boolean")[i % 3]
            question = Question(id=f"q{i}", prompt="Q", type=kind, where=Where("t", 1, 1))  # type: ignore[arg-type]
            field = QuestionField(question, (), None)
            box.mount(field)
            field.focus_control()
            field.set_value("x" if kind != "boolean" else True)
            if i % 2:
                await asyncio.sleep(0)  # some get part of the way
            box.remove_children()
            field.focus_control()
        await pilot.pause(0.2)
        assert app._exception is None and app.is_running
