"""One instructor's whole path: self-assessment -> results -> plan built from it -> saved."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.widgets import Input, RadioSet, SelectionList

from wbl_tui.app import WblApp
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings
from wbl_tui.screens.form import FormScreen
from wbl_tui.screens.results import ResultsScreen
from wbl_tui.screens.save import SaveModal

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"


def _golden(name: str) -> dict:
    return yaml.safe_load((GOLDEN / name).read_text(encoding="utf-8"))


async def test_assessment_to_results_to_saved_plan(tmp_path: Path) -> None:
    settings = make_settings()
    library = Library(settings)
    golden = _golden("geography-service-learning.answers.yaml")
    app = WblApp(settings, library, start="assess")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        session = form.session

        # The first answer is typed, as a person would, once the cursor is in its field.
        for _ in range(100):
            if app.focused is not None and app.focused.id == "control":
                break
            await pilot.pause(0.05)
        assert app.focused is form.query_one("#q-course_title #control")
        await pilot.press(*"GEOG 150")
        await pilot.pause()
        assert session.answers["course_title"] == "GEOG 150"

        # Next on an unfinished step is refused, with a message on the field.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert form.current == 0
        problem = form.query_one("#q-discipline .problem")
        assert "needs an answer" in str(problem.render())

        # Every other answer of the golden assessment but the last step's, then that
        # step answered through its widgets.
        answers = golden["assessment"]["answers"]
        last = session.sections[-1]
        for qid, value in answers.items():
            if qid != "course_title" and all(q.id != qid for q in last.questions):
                session.set(qid, value)
        form.show_step(len(session.sections) - 1)
        await pilot.pause()
        for q in session.asked_in(last):
            control = form.query_one(f"#q-{q.id} #control")
            value = answers.get(q.id)
            if isinstance(control, SelectionList):
                for v in value or []:
                    control.select(v)
            elif isinstance(control, RadioSet):
                choices = form.query_one(f"#q-{q.id}")._choices()  # type: ignore[attr-defined]
                index = [v for v, _ in choices].index(value)
                control.query("RadioButton")[index].value = True
            elif isinstance(control, Input):
                control.value = str(value)
            await pilot.pause()
        for q in session.asked_in(last):
            assert session.answers.get(q.id) == answers.get(q.id), q.id

        await pilot.press("ctrl+n")
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.result.stage == "about"
        assert "learning ABOUT work" in str(results.query_one(".results-heading").render())

        # Build a plan from it: discipline and course come from the assessment.
        await pilot.press("p")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, FormScreen)
        plan = wizard.session
        assert plan.qset.kind == "plan"
        assert plan.doc.assessment is not None
        assert plan.answers["discipline"] == "geography"
        assert plan.answers["course_title"] == "GEOG 150"

        # The rest of the plan from the golden file; then review and save.
        for qid, value in golden["answers"].items():
            plan.set(qid, value)
        wizard.show_step(wizard.review_index)  # type: ignore[arg-type]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveModal)
        dialog.query_one("#folder", Input).value = str(tmp_path)
        dialog.query_one("#name", Input).value = "GIS Service Learning"
        await pilot.click("#do-save")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    md = tmp_path / "gis-service-learning.md"
    answers_file = tmp_path / "gis-service-learning.answers.yaml"
    assert md.is_file() and answers_file.is_file()
    text = md.read_text(encoding="utf-8")
    assert text.startswith("---\n") and "GEOG 150" in text
    doc = read_document(answers_file, library)
    assert doc.assessment is not None and doc.answers["discipline"] == "geography"
    assert not plan.dirty
