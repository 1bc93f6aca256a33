"""The open and save dialogs, resume and quit, driven by keys from Home at 80x24 and 160x50."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pilot_keys import (
    SIZES,
    form_ready,
    golden_copy,
    home_app,
    mode,
    on_screen,
    replace_text,
    tab_to,
    type_text,
    until,
)
from textual.widgets import Button, Input, OptionList, Static

from wbl_tui.engine.library import Library
from wbl_tui.engine.workspace import Workspace
from wbl_tui.paths import make_settings

HOME = Path.home  # the fixture points HOME at the test's own folder


def _text(widget: Static) -> str:
    return str(widget.render())


@pytest.mark.parametrize("size", SIZES)
async def test_open_a_plan_by_typing_its_path(size: tuple[int, int]) -> None:
    golden_copy("esl-guest-speakers.answers.yaml", HOME() / "plans", "esl.answers.yaml")
    app = home_app()
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await type_text(pilot, "~/plans/esl.answers.yaml")
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.session.path == HOME() / "plans" / "esl.answers.yaml"  # type: ignore[attr-defined]
        assert form.session.answers["course_title"].startswith("ESL 040")  # type: ignore[attr-defined]
        # Nothing changed: quitting does not ask.
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the app to exit")
    assert app.return_code == 0


async def test_open_a_plan_by_typing_the_path_of_its_markdown() -> None:
    golden_copy("esl-guest-speakers.answers.yaml", HOME() / "plans", "x.answers.yaml")
    (HOME() / "plans" / "x.md").write_text("---\ntitle: x\n---\n# x\n", encoding="utf-8")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await type_text(pilot, "~/plans/x.md")
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.session.path == HOME() / "plans" / "x.answers.yaml"  # type: ignore[attr-defined]


async def test_a_set_picked_in_the_list_of_sets_starts() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("down", "down", "down", "enter")  # Browse question sets
        await on_screen(pilot, "SetsScreen")
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.session.qset.id  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
async def test_open_a_plan_picked_in_the_tree(size: tuple[int, int]) -> None:
    folder = HOME() / "Documents" / "wbl-plans"  # where the dialog's tree starts
    golden_copy("nursing-clinical.answers.yaml", folder)
    app = home_app()
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        dialog = await on_screen(pilot, "OpenModal")
        tree = dialog.query_one("#tree")
        await until(pilot, lambda: tree.cursor_node and tree.cursor_node.children, "the tree")  # type: ignore[attr-defined]
        await pilot.press("tab")  # from the path to the tree
        assert app.focused is tree
        await pilot.press("down", "enter")
        form = await form_ready(pilot)
        assert form.session.path == folder / "nursing-clinical.answers.yaml"  # type: ignore[attr-defined]


async def test_a_file_that_cannot_be_opened_is_named_in_the_dialog() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        await on_screen(pilot, "OpenModal")
        await type_text(pilot, "~/nowhere/x.answers.yaml")
        await pilot.press("enter")
        await until(
            pilot, lambda: "There is no file" in _text(app.screen.query_one("#open-error", Static))
        )
        assert app.screen.query_one("#path", Input).value.endswith("nowhere/x.answers.yaml")
        await pilot.press("escape")
        await on_screen(pilot, "HomeScreen")


@pytest.mark.parametrize("size", SIZES)
async def test_save_into_a_folder_that_does_not_exist_yet(
    size: tuple[int, int], tmp_path: Path
) -> None:
    plan = golden_copy("ece-practicum.answers.yaml", HOME() / "plans")
    target = tmp_path / "new" / "folder"
    app = home_app(start="open", document_path=plan)
    async with app.run_test(size=size) as pilot:
        await form_ready(pilot)
        await pilot.press("ctrl+s")
        dialog = await on_screen(pilot, "SaveModal")
        for button in dialog.query(Button):  # Save and Cancel are on the screen
            assert button.region.bottom <= size[1] and button.region.height > 0
        files = _text(dialog.query_one("#save-files", Static))
        assert "ece-practicum.md" in files and "ece-practicum.answers.yaml" in files
        dialog.query_one("#folder", Input).focus()
        await replace_text(pilot, str(target))
        await until(
            pilot, lambda: "does not exist yet" in _text(dialog.query_one("#save-note", Static))
        )
        await pilot.press("enter")
        ask = await on_screen(pilot, "ConfirmModal")
        assert "There is no folder" in _text(ask.query_one(".dialog-text", Static))
        text = ask.query_one(".dialog-text", Static)
        assert text.region.right <= size[0]  # wrapped inside the screen, not cut
        assert text.region.height >= len(str(target)) // size[0] + 3
        await pilot.press("enter")  # Create and save
        saved = await on_screen(pilot, "MessageModal")
        assert "saved" in _text(saved.query_one(".dialog-text", Static))
        await pilot.press("enter")
        await on_screen(pilot, "FormScreen")
    md, answers = target / "ece-practicum.md", target / "ece-practicum.answers.yaml"
    assert md.is_file() and answers.is_file()
    assert mode(md) == mode(answers) == 0o644


async def test_saving_over_files_asks_first_and_keep_leaves_them(tmp_path: Path) -> None:
    plan = golden_copy("nursing-clinical.answers.yaml", tmp_path, "p.answers.yaml")
    (tmp_path / "p.md").write_text("my notes\n", encoding="utf-8")
    app = home_app(start="open", document_path=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await form_ready(pilot)
        await pilot.press("ctrl+s")
        dialog = await on_screen(pilot, "SaveModal")
        assert "Already there" in _text(dialog.query_one("#save-files", Static))
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")
        await pilot.press("escape")  # Keep them
        await until(
            pilot, lambda: "Nothing was replaced" in _text(dialog.query_one("#save-error", Static))
        )
        assert (tmp_path / "p.md").read_text(encoding="utf-8") == "my notes\n"
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")
        await pilot.press("enter")  # Replace
        await on_screen(pilot, "MessageModal")
    assert (tmp_path / "p.md").read_text(encoding="utf-8").startswith("---\n")


async def test_a_failed_save_shows_the_dialog_again_with_the_reason(tmp_path: Path) -> None:
    plan = golden_copy("ece-practicum.answers.yaml", tmp_path)
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    bad = tmp_path / "a-file" / "plans"  # cannot be made, even by root
    app = home_app(start="open", document_path=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await form_ready(pilot)
        await pilot.press("ctrl+s")
        dialog = await on_screen(pilot, "SaveModal")
        dialog.query_one("#folder", Input).focus()
        await replace_text(pilot, str(bad))
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")
        await pilot.press("enter")  # Create and save
        await until(
            pilot,
            lambda: app.screen is not dialog and type(app.screen).__name__ == "SaveModal",
            "the dialog again",
        )
        assert "Could not save" in _text(app.screen.query_one("#save-error", Static))
        assert app.screen.query_one("#folder", Input).value == str(bad)
        assert form.session.answers["course_title"]  # type: ignore[attr-defined]


def _draft(step: int, title: str) -> str:
    """Leave a draft the way a closed terminal does: answers typed, on step ``step``."""
    settings = make_settings()
    ws = Workspace(settings, Library(settings))
    session = ws.new("plan")
    session.set("course_title", title)
    session.step = step
    session.dirty = True
    ws.autosave(session)
    ws.close(session)
    return session.id


@pytest.mark.parametrize("size", SIZES)
async def test_home_lists_drafts_and_resume_opens_at_the_step(size: tuple[int, int]) -> None:
    _draft(2, "CS 290 typed before the crash")
    app = home_app()
    async with app.run_test(size=size) as pilot:
        home = await on_screen(pilot, "HomeScreen")
        menu = home.query_one("#home-menu", OptionList)
        await until(pilot, lambda: menu.option_count == 5, "the draft listed")
        first = str(menu.get_option_at_index(0).prompt)
        assert "CS 290 typed before the crash" in first
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.current == 2  # type: ignore[attr-defined]
        assert form.session.answers["course_title"] == "CS 290 typed before the crash"  # type: ignore[attr-defined]
        # A draft is work not saved to a file: quitting asks first.
        await pilot.press("ctrl+q")
        ask = await on_screen(pilot, "ConfirmModal")
        assert "not saved to a file yet" in _text(ask.query_one(".dialog-text", Static))
        await pilot.press("escape")  # Keep working
        await on_screen(pilot, "FormScreen")
        await pilot.press("ctrl+q")
        await on_screen(pilot, "ConfirmModal")
        await pilot.press("enter")  # Quit
        await until(pilot, lambda: not app.is_running, "the app to exit")


async def test_a_draft_set_aside_leaves_the_list_and_is_kept() -> None:
    draft_id = _draft(0, "ART 101")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_screen(pilot, "HomeScreen")
        menu = home.query_one("#home-menu", OptionList)
        await until(pilot, lambda: menu.option_count == 5, "the draft listed")
        await pilot.press("delete")
        await until(pilot, lambda: menu.option_count == 4, "the draft gone from the list")
    old = list((make_settings().state_dir / "drafts" / "old").glob("*.answers.yaml"))
    assert len(old) == 1 and "ART 101" in old[0].read_text(encoding="utf-8")
    listed = Workspace(make_settings(), Library(make_settings())).drafts()
    assert draft_id not in [d.id for d in listed]


async def test_escape_sequences_in_a_draft_title_never_reach_the_screen() -> None:
    _draft(0, "\x1b]0;retitled\x07\x1b[2JCourse \x1b[?1049lone")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        home = await on_screen(pilot, "HomeScreen")
        menu = home.query_one("#home-menu", OptionList)
        await until(pilot, lambda: menu.option_count == 5, "the draft listed")
        shown = str(menu.get_option_at_index(0).prompt)
        assert "\x1b" not in shown and "\x07" not in shown
        assert "Course one" in shown


async def test_leaving_a_plan_keeps_it_as_a_draft_on_home() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("p")
        await form_ready(pilot)
        await type_text(pilot, "HIST 210")
        await pilot.press("escape")
        home = await on_screen(pilot, "HomeScreen")
        menu = home.query_one("#home-menu", OptionList)
        await until(pilot, lambda: menu.option_count == 5, "the draft listed")
        assert "HIST 210" in str(menu.get_option_at_index(0).prompt)
        await pilot.press("ctrl+q")  # nothing open: no question
        await until(pilot, lambda: not app.is_running, "the app to exit")


async def test_open_then_save_again_keeps_the_extras_ticked(tmp_path: Path) -> None:
    plan = golden_copy("culinary-competition.answers.yaml", tmp_path, "p.answers.yaml")
    app = home_app(start="open", document_path=plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await form_ready(pilot)
        await pilot.press("ctrl+s")
        await on_screen(pilot, "SaveModal")
        await tab_to(pilot, "extra-partner_brief")
        await pilot.press("space")
        await tab_to(pilot, "do-save")
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")  # p.answers.yaml is there: replace
        await pilot.press("enter")
        await on_screen(pilot, "MessageModal")
        await pilot.press("enter")
        await on_screen(pilot, "FormScreen")
        await pilot.press("ctrl+s")
        again = await on_screen(pilot, "SaveModal")
        assert again.query_one("#extra-partner_brief").value  # type: ignore[attr-defined]
    assert (tmp_path / "p.partner-brief.md").is_file()
    saved = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert saved["answers"]["course_title"]
