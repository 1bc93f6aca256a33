"""SVG snapshots of the key screens at 80x24 and 120x40 (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/snapshots --snapshot-update`` and look
at the report before committing.
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerCancelled

from wbl_tui.app import WblApp
from wbl_tui.engine.document import Document, dump_document, read_document
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.form import FormScreen

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
SIZES = [(80, 24), (120, 40)]
# Plans are opened from here, so the save dialog shows the same folder on every machine.
FOLDER = Path(tempfile.gettempdir()) / "wbl-tui-snapshots" / "plans"
WAIT = 15.0  # seconds: generous, for a loaded machine; nothing asserts how fast


def _app(start: str = "home", answers: str | None = None, assessment: bool = False) -> WblApp:
    settings = make_settings()
    library = Library(settings)
    if answers is None:
        return WblApp(settings, library, start=start)
    doc = read_document(GOLDEN / answers, library, strict=False)
    if assessment:
        assert doc.assessment is not None
        doc = Document(doc.assessment.qset, dict(doc.assessment.answers))
    FOLDER.mkdir(parents=True, exist_ok=True)
    path = FOLDER / answers
    path.write_text(dump_document(doc, datetime(2026, 11, 22, tzinfo=UTC)), encoding="utf-8")
    return WblApp(settings, library, start="open", document_path=path)


def _started(screen: Screen[object]) -> bool:
    """The screen the app starts on is up, and a form's first step is built."""
    if type(screen) is Screen:  # the blank one, while a form is made in a thread
        return False
    if isinstance(screen, FormScreen):
        fields = [
            screen._fields.get(q.id) for q in screen.session.sections[screen.current].questions
        ]
        return all(f is not None and f.is_mounted for f in fields)
    return True


async def _settle(pilot: Pilot[int]) -> None:
    for _ in range(int(WAIT / 0.02)):  # a busy machine opens a form later
        if _started(pilot.app.screen):
            break
        await pilot.pause(0.02)
    # A blinking cursor would be on in one run and off in the next.
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()
    # The preview is drawn in a thread; other workers (an open dialog's) never end here.
    # A newer preview cancels the one before it. (An empty list would mean every worker.)
    for _ in range(3):
        preview = [w for w in pilot.app.workers if w.group == "preview" and w.is_running]
        if not preview:
            break
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete(preview)
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
        await pilot.press("ctrl+s")
        await _settle(pilot)

    app = _app(answers="nursing-clinical.answers.yaml")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
