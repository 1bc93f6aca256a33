"""One instructor's path by keys from Home: a saved self-assessment opened through the
dialog -> results -> a plan built from it -> every step answered -> saved (then checked).

The whole novice path (assessment answered from nothing, folder created, re-opened and
changed) is ``test_novice_path.py``; this one starts from a finished assessment file.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pilot_keys import (
    GOLDEN,
    answer_step,
    form_ready,
    home_app,
    on_screen,
    open_from_home,
    tab_to,
    type_text,
)

from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings


def _assessment(folder: Path) -> Path:
    data = yaml.safe_load((GOLDEN / "geography-service-learning.answers.yaml").read_text("utf-8"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "geog.answers.yaml"
    path.write_text(yaml.safe_dump({"format": data["format"], **data["assessment"]}), "utf-8")
    return path


async def test_assessment_to_results_to_saved_plan(tmp_path: Path) -> None:
    path = _assessment(Path.home() / "plans")
    app = home_app()
    async with app.run_test(size=(100, 40)) as pilot:
        form = await open_from_home(pilot, path)
        for _ in range(15):  # every step is answered: Next goes to the results
            if type(app.screen).__name__ == "ResultsScreen":
                break
            await pilot.press("ctrl+n")
            await pilot.pause(0.1)
        results = await on_screen(pilot, "ResultsScreen")
        assert results.result.stage == "about"  # type: ignore[attr-defined]
        assert "learning ABOUT work" in str(results.query_one(".results-heading").render())
        del form

        await pilot.press("p")  # Build a plan: discipline and course come from the assessment
        plan = await form_ready(pilot)
        session = plan.session  # type: ignore[attr-defined]
        assert session.qset.kind == "plan" and session.doc.assessment is not None
        assert session.answers["discipline"] == "geography"
        for _ in range(20):
            if plan.current == plan.review_index:  # type: ignore[attr-defined]
                break
            await answer_step(pilot, plan, {"class_size": "30"})
        await pilot.press("ctrl+s")
        dialog = await on_screen(pilot, "SaveModal")
        await tab_to(pilot, "folder")
        await pilot.press("end", *["backspace"] * 200)
        await type_text(pilot, str(tmp_path))
        await tab_to(pilot, "name")
        await pilot.press("end", *["backspace"] * 200)
        await type_text(pilot, "GIS Service Learning")
        await pilot.press("enter")
        await on_screen(pilot, "MessageModal")
        del dialog
        assert not session.dirty

    md = tmp_path / "gis-service-learning.md"
    answers_file = tmp_path / "gis-service-learning.answers.yaml"
    assert md.is_file() and answers_file.is_file()
    text = md.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "GEOG 150" in text
    doc = read_document(answers_file, Library(make_settings()))
    assert doc.assessment is not None and doc.answers["discipline"] == "geography"
    assert doc.answers["class_size"] == 30
