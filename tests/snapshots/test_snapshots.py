"""SVG snapshots of the key screens at 80x24 and 120x40 (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/snapshots --snapshot-update`` and look
at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from wbl_tui.app import WblApp
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
SIZES = [(80, 24), (120, 40)]
FOLDER = Path("/home/teacher/plans")  # the save dialog shows it: fixed for stable snapshots


def _app(start: str = "home", answers: str | None = None, assessment: bool = False) -> WblApp:
    settings = make_settings()
    library = Library(settings)
    if answers is None:
        return WblApp(settings, library, start=start)
    path = GOLDEN / answers
    doc = read_document(path, library, strict=False)
    if assessment:
        assert doc.assessment is not None
        from wbl_tui.engine.document import Document

        doc = Document(doc.assessment.qset, dict(doc.assessment.answers))
    return WblApp(settings, library, start="open", document=doc, document_path=path)


async def _settle(pilot: Pilot[int]) -> None:
    # A blinking cursor would be on in one run and off in the next.
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the preview is drawn in a thread
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_question_step_with_a_problem(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        await pilot.press(*"GEOG 150", "ctrl+n")
        await _settle(pilot)
        pilot.app.clear_notifications()
        await _settle(pilot)

    assert snap_compare(_app("assess"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        pilot.app.screen._finish()  # type: ignore[attr-defined]
        await _settle(pilot)

    app = _app(answers="geography-service-learning.answers.yaml", assessment=True)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_wizard_with_preview(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        if size[0] < 120:
            await pilot.press("f2")
        await _settle(pilot)

    app = _app(answers="culinary-competition.answers.yaml")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_save_dialog(snap_compare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        pilot.app.last_folder = FOLDER  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await _settle(pilot)

    app = _app(answers="nursing-clinical.answers.yaml")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
