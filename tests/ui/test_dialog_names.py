"""Long file names in the open and save dialogs at 80x24 (a novice's walk: one plan's
files looked the same, and a folder typed into Name became part of the file name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pilot_keys import (
    form_ready,
    golden_copy,
    home_app,
    on_screen,
    open_from_home,
    replace_text,
    tab_to,
    until,
)
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, Static

HOME = Path.home  # the fixture points HOME at the test's own folder
STEM = "geog-105-introduction-to-gis-gis-mapping-for-a-local-nonprofit"
ENDINGS = (".answers.yaml", ".md", ".partner-brief.md")  # the tree's order


async def test_open_shows_the_endings_and_the_highlighted_file_in_full() -> None:
    folder = HOME() / "Documents" / "wbl-plans"  # where the dialog's tree starts
    golden_copy("esl-guest-speakers.answers.yaml", folder, STEM + ".answers.yaml")
    for ending in ENDINGS[1:]:
        (folder / (STEM + ending)).write_text("# x\n", encoding="utf-8")
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        dialog = await on_screen(pilot, "OpenModal")
        tree = dialog.query_one("#tree")
        await until(pilot, lambda: tree.cursor_node and tree.cursor_node.children, "the tree")  # type: ignore[attr-defined]
        rows = [tree.render_line(y).text.rstrip() for y in (1, 2, 3)]
        for row, ending in zip(rows, ENDINGS, strict=True):
            assert row.endswith(ending) and "geog-105-" in row, rows
        field = dialog.query_one("#path", Input)
        await pilot.press("tab", "down", "down")  # to the tree, past its folder, to the .md
        await until(pilot, lambda: field.value == str(folder / (STEM + ".md")), "the name shown")
        await pilot.press("up")
        await until(pilot, lambda: field.value.endswith(".answers.yaml"), "the answers file")
        await pilot.press("enter")
        form = await form_ready(pilot)
        assert form.session.path == folder / (STEM + ".answers.yaml")  # type: ignore[attr-defined]


async def _save_dialog_of_a_plan(pilot: Pilot[int]) -> Screen[Any]:
    """From Home: open a copy of a golden plan in ~/plans, then Ctrl+S."""
    await open_from_home(pilot, golden_copy("esl-guest-speakers.answers.yaml", HOME() / "plans"))
    await pilot.press("ctrl+s")
    return await on_screen(pilot, "SaveModal")


async def test_a_folder_typed_into_name_moves_to_folder() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _save_dialog_of_a_plan(pilot)
        folder, name = dialog.query_one("#folder", Input), dialog.query_one("#name", Input)
        assert app.focused is name  # the cursor starts in Name, where the path is typed
        await replace_text(pilot, "~/plans/geog/geog-105")
        await pilot.press("tab")  # leaving Name splits what was typed
        await until(pilot, lambda: name.value == "geog-105", "the name alone")
        assert folder.value == "~/plans/geog"
        note = dialog.query_one("#save-note", Static)
        await until(pilot, lambda: note.display, "the note about the new folder")
        assert "does not exist yet" in str(note.render())
        assert note.region.height > 0 and note.region.bottom <= 24  # in sight
        for button in dialog.query(Button):
            assert button.region.bottom <= 24 and button.region.height > 0
        files = str(dialog.query_one("#save-files", Static).render())
        assert "geog-105.answers.yaml" in files
        await tab_to(pilot, "do-save")
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")
        await pilot.press("enter")  # Create and save
        await on_screen(pilot, "MessageModal")
    assert (HOME() / "plans" / "geog" / "geog-105.answers.yaml").is_file()


async def test_a_path_typed_into_name_and_saved_with_enter_keeps_every_part() -> None:
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _save_dialog_of_a_plan(pilot)
        await replace_text(pilot, "more/esl")  # a folder inside the one shown
        await pilot.press("enter")
        await on_screen(pilot, "ConfirmModal")
        assert dialog.query_one("#folder", Input).value.endswith("/more")
        await pilot.press("enter")
        await on_screen(pilot, "MessageModal")
    assert (HOME() / "plans" / "more" / "esl.answers.yaml").is_file()  # beside the plan
