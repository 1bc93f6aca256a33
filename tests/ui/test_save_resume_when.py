"""Pilot tests of the wizard's harder paths: live `when`, jumping, overwrite, save failure,
resume after a crash, open and re-save, quitting with unsaved work."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from textual.widgets import Input, RadioSet

from wbl_tui.app import WblApp
from wbl_tui.engine.document import read_document
from wbl_tui.engine.drafts import Drafts
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.confirm import ConfirmModal, MessageModal
from wbl_tui.screens.form import FormScreen
from wbl_tui.screens.save import SaveModal

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"


def _open(path: Path) -> WblApp:
    settings = make_settings()
    library = Library(settings)
    doc = read_document(path, library, strict=False)
    return WblApp(settings, library, start="open", document=doc, document_path=path)


async def _wizard(pilot) -> FormScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, FormScreen)
    return screen


def _step_of(screen: FormScreen, qid: str) -> int:
    return next(
        i for i, s in enumerate(screen.session.sections) if any(q.id == qid for q in s.questions)
    )


async def test_when_shows_and_hides_questions_live_and_the_step_list_jumps(tmp_path: Path) -> None:
    plan = tmp_path / "p.answers.yaml"
    shutil.copy(GOLDEN / "esl-guest-speakers.answers.yaml", plan)
    app = _open(plan)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _wizard(pilot)
        session = screen.session
        step = _step_of(screen, "setting")
        screen.show_step(step)
        await pilot.pause()
        assert session.answers["setting"] == "classroom"
        transport = _step_of(screen, "transport")
        assert not session.shown("transport")
        radios = screen.query_one("#q-setting #control", RadioSet)
        values = [v for v, _ in screen.query_one("#q-setting")._choices()]  # type: ignore[attr-defined]
        radios.query("RadioButton")[values.index("off_site")].value = True
        await pilot.pause()
        assert session.answers["setting"] == "off_site"
        assert session.shown("transport") and session.shown("safety")
        # Jump to the logistics step from the step list: transport is asked there, empty.
        from wbl_tui.widgets.step_list import StepList

        screen.query_one(StepList).post_message(StepList.Jump(transport))
        await pilot.pause()
        assert screen.current == transport
        assert screen.query_one("#q-transport").display
        await pilot.press("ctrl+n")  # blocked: transport needs an answer
        await pilot.pause()
        assert screen.current == transport
        assert "needs an answer" in str(screen.query_one("#q-transport .problem").render())
        # Back in the classroom: the questions go away again.
        screen.show_step(step)
        await pilot.pause()
        radios.query("RadioButton")[values.index("classroom")].value = True
        await pilot.pause()
        assert not session.shown("transport")


async def test_overwrite_is_confirmed_and_keep_leaves_the_file(tmp_path: Path) -> None:
    plan = tmp_path / "p.answers.yaml"
    shutil.copy(GOLDEN / "nursing-clinical.answers.yaml", plan)
    existing = tmp_path / "p.md"
    existing.write_text("my notes\n", encoding="utf-8")
    app = _open(plan)
    async with app.run_test(size=(100, 40)) as pilot:
        await _wizard(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveModal)
        await pilot.click("#do-save")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#no")  # Keep them
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SaveModal)
        assert existing.read_text(encoding="utf-8") == "my notes\n"
        await pilot.click("#do-save")
        await pilot.pause()
        await pilot.click("#yes")  # Replace
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
    assert existing.read_text(encoding="utf-8").startswith("---\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
async def test_save_failure_keeps_everything(tmp_path: Path) -> None:
    plan = tmp_path / "p.answers.yaml"
    shutil.copy(GOLDEN / "ece-practicum.answers.yaml", plan)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    app = _open(plan)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await _wizard(pilot)
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.screen.query_one("#folder", Input).value = str(locked)
            await pilot.click("#do-save")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, SaveModal)
            assert "Could not save" in str(app.screen.query_one("#save-error").render())
            assert screen.session.answers["course_title"]
            assert not any(locked.iterdir())
    finally:
        locked.chmod(0o700)


async def test_save_failure_when_the_folder_is_missing(tmp_path: Path) -> None:
    plan = tmp_path / "p.answers.yaml"
    shutil.copy(GOLDEN / "ece-practicum.answers.yaml", plan)
    app = _open(plan)
    async with app.run_test(size=(100, 40)) as pilot:
        await _wizard(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#folder", Input).value = str(tmp_path / "nope")
        await pilot.click("#do-save")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SaveModal)
        assert "There is no folder" in str(app.screen.query_one("#save-error").render())


async def test_resume_after_a_crash_restores_answers_and_step(tmp_path: Path) -> None:
    settings = make_settings()
    library = Library(settings)
    doc = read_document(GOLDEN / "cs-client-project.answers.yaml", library, strict=False)
    doc.answers["course_title"] = "CS 290 typed before the crash"
    Drafts(settings.state_dir / "drafts").save(doc, None, step=3)  # what autosave left
    app = WblApp(settings, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#yes")  # Resume
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FormScreen)
        assert screen.current == 3
        assert screen.session.answers["course_title"] == "CS 290 typed before the crash"


async def test_declining_resume_keeps_the_draft_aside(tmp_path: Path) -> None:
    settings = make_settings()
    library = Library(settings)
    doc = read_document(GOLDEN / "cs-client-project.answers.yaml", library, strict=False)
    drafts = Drafts(settings.state_dir / "drafts")
    drafts.save(doc)
    app = WblApp(settings, library)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.click("#no")
        await pilot.pause()
    assert not drafts.exists()
    kept = list((drafts.folder / "old").glob("*.answers.yaml"))
    assert len(kept) == 1 and "CS 215" in kept[0].read_text(encoding="utf-8")


async def test_open_change_and_save_again(tmp_path: Path) -> None:
    plan = tmp_path / "p.answers.yaml"
    shutil.copy(GOLDEN / "culinary-competition.answers.yaml", plan)
    app = _open(plan)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _wizard(pilot)
        field = screen.query_one("#q-course_title #control", Input)
        field.value = "Culinary Arts 3"
        await pilot.pause()
        assert screen.session.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#do-save")
        await pilot.pause()
        await pilot.click("#yes")  # p.answers.yaml exists: replace it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.session.dirty
    saved = yaml.safe_load(plan.read_text(encoding="utf-8"))
    assert saved["answers"]["course_title"] == "Culinary Arts 3"
    assert "Culinary Arts 3" in (tmp_path / "p.md").read_text(encoding="utf-8")


async def test_quit_with_unsaved_work_asks_first(tmp_path: Path) -> None:
    app = WblApp(make_settings(), Library(make_settings()), start="plan")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _wizard(pilot)
        screen.query_one("#q-course_title #control", Input).value = "ART 101"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.click("#no")  # Keep working
        await pilot.pause()
        assert app.is_running and app.screen is screen
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
    assert app.return_code == 0
