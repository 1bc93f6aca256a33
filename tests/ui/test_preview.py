"""Pilot tests of the live preview: it follows the answers, beside the form or instead of it."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from wbl_tui.app import WblApp
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.form import FormScreen
from wbl_tui.widgets.plan_preview import PlanPreview

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"


def _open(name: str) -> WblApp:
    settings = make_settings()
    library = Library(settings)
    path = GOLDEN / name
    return WblApp(settings, library, start="open", document_path=path)


async def _drawn(pilot: Pilot[int]) -> PlanPreview:
    """The preview once the form is open, the debounce has fired and its thread delivered."""
    for _ in range(200):
        if isinstance(pilot.app.screen, FormScreen) and pilot.app.screen.query(".question"):
            break
        await pilot.pause(0.05)
    await pilot.pause(0.5)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return pilot.app.screen.query_one(PlanPreview)


def _screen_text(preview: PlanPreview) -> str:
    return "\n".join(preview.render_line(y).text for y in range(preview.size.height))


async def test_the_preview_follows_typing_and_is_drawn_at_its_width() -> None:
    app = _open("culinary-competition.answers.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        preview = await _drawn(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FormScreen)
        assert preview.display
        assert "Industry-judged restaurant competition" in preview.text
        assert 'title: "' not in _screen_text(preview)  # front matter is for machines
        title = screen.query_one("#q-course_title #control", Input)
        title.focus()
        title.value = "Culinary Arts 3"
        preview = await _drawn(pilot)
        assert "Culinary Arts 3" in preview.text
        assert "Culinary Arts 3" in _screen_text(preview)
        width = preview.scrollable_content_region.width
        assert all(preview.render_line(y).cell_length == width for y in range(5))


async def test_f2_shows_the_preview_instead_of_the_form_when_narrow() -> None:
    app = _open("esl-guest-speakers.answers.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        preview = await _drawn(pilot)
        assert not preview.display
        await pilot.press("f2")
        preview = await _drawn(pilot)
        assert preview.display and not pilot.app.screen.query_one("#main").display
        assert "ESL" in _screen_text(preview)
        # drawn to the width left beside its scroll bar: no line's end hidden under it
        # (a first-time user at 80 columns read "evaluatio" and "how t")
        assert preview.max_scroll_y > 0
        assert preview.virtual_size.width <= preview.scrollable_content_region.width
        await pilot.press("pagedown")
        assert preview.scroll_y > 0  # keyboard scrolling works in the preview
        await pilot.press("f2")
        await pilot.pause()
        assert not preview.display and pilot.app.screen.query_one("#main").display


async def test_widening_the_terminal_brings_the_preview_up_to_date() -> None:
    app = _open("esl-guest-speakers.answers.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        preview = await _drawn(pilot)
        assert not preview.display
        screen = pilot.app.screen
        screen.query_one("#q-course_title #control", Input).value = "ESL 041"
        await _drawn(pilot)  # typed while the preview is hidden
        await pilot.resize_terminal(130, 40)
        preview = await _drawn(pilot)
        assert preview.display
        assert "ESL 041" in _screen_text(preview)


async def test_after_f2_and_back_the_cursor_is_on_the_question_it_was_on() -> None:
    app = _open("esl-guest-speakers.answers.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await _drawn(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FormScreen)
        await pilot.press("tab", "tab")
        on = pilot.app.focused
        assert on is not None and on.id == "control"
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(pilot.app.focused, PlanPreview)
        await pilot.press("f2")
        await pilot.pause()
        assert pilot.app.focused is on


async def test_a_template_error_is_shown_in_the_preview_and_the_app_lives_on() -> None:
    app = _open("esl-guest-speakers.answers.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await _drawn(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, FormScreen)

        def broken(doc: object) -> str:
            raise RuntimeError("unexpected '}' at line 3:7 of lesson_plan.md.j2")

        screen._render_preview = broken
        await pilot.press("f2")
        preview = await _drawn(pilot)
        assert preview.display
        assert "The preview cannot be shown" in preview.text
        assert "line 3:7" in _screen_text(preview)
        await pilot.press("f2")
        await pilot.pause()
        assert pilot.app.is_running and pilot.app.screen is screen
