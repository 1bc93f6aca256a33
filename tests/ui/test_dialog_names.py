"""Long file names in the open and save dialogs at 80x24 (a novice's walk: one plan's
files looked the same, and a folder typed into Name became part of the file name)."""

from __future__ import annotations

from pathlib import Path

from pilot_keys import form_ready, golden_copy, home_app, on_screen, until
from textual.widgets import Input

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
