"""The model and engine never import Textual: the core runs headless (STYLE.md, point 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

GOLDEN_WITH_ASSESSMENT = (
    Path(__file__).resolve().parents[1] / "data" / "golden" / "esl-guest-speakers.answers.yaml"
)


def test_engine_and_cli_import_without_textual() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import wbl_tui.engine, wbl_tui.model
        for package in (wbl_tui.engine, wbl_tui.model):
            for info in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package.__name__}.{info.name}")
        import wbl_tui.cli, wbl_tui.sandbox, wbl_tui.paths, wbl_tui.textsafe
        from wbl_tui.cli import main
        assert main(["questions", "list"]) == 0
        leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        assert not leaked, leaked
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert out.returncode == 0, out.stderr


def _run(code: str, tmp_env: dict[str, str]) -> None:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **tmp_env},
    )
    assert out.returncode == 0, out.stderr


def test_a_new_plan_and_its_first_step_need_no_jinja(tmp_path: object) -> None:
    """What ``wbl-tui plan`` does before its first question leaves Jinja for later (start-up).

    The second run reads the sets from the parse cache, as every start after the first does.
    """
    dirs = {
        "WBL_TUI_STATE_DIR": f"{tmp_path}/state",
        "WBL_TUI_DATA_DIR": f"{tmp_path}/data",
        "WBL_TUI_CACHE_DIR": f"{tmp_path}/cache",
    }
    _run("from wbl_tui.cli import main; main(['questions', 'list'])", dirs)
    _run(
        """
        import sys
        from wbl_tui.paths import make_settings
        from wbl_tui.engine.library import Library
        from wbl_tui.engine.workspace import Workspace
        settings = make_settings()
        session = Workspace(settings, Library(settings)).new("plan")
        session.enter_step(session.first_step())
        # neither scoring nor reading answers files: a new plan needs neither
        slow = [m for m in ("wbl_tui.engine.scoring", "wbl_tui.model.answers") if m in sys.modules]
        assert not slow, slow
        session = Workspace(settings, Library(settings)).new("assessment")
        session.enter_step(session.first_step())
        assert "jinja2" not in sys.modules, "Jinja was imported"
        """,
        dirs,
    )


def test_a_reopened_plan_scores_its_assessment_when_first_needed(tmp_path: object) -> None:
    """``wbl-tui open`` on a plan built on a self-assessment: its first step is not scored."""
    dirs = {
        "WBL_TUI_STATE_DIR": f"{tmp_path}/state",
        "WBL_TUI_DATA_DIR": f"{tmp_path}/data",
        "WBL_TUI_CACHE_DIR": f"{tmp_path}/cache",
    }
    _run(
        f"""
        import sys
        from pathlib import Path
        from wbl_tui.paths import make_settings
        from wbl_tui.engine.library import Library
        from wbl_tui.engine.workspace import Workspace
        settings = make_settings()
        session = Workspace(settings, Library(settings)).open(Path({str(GOLDEN_WITH_ASSESSMENT)!r}))
        assert session.doc.assessment is not None
        session.enter_step(session.first_step())
        assert "wbl_tui.engine.scoring" not in sys.modules, "scored at once"
        assert session.result() is not None  # and scored when asked
        """,
        dirs,
    )


def test_the_form_loads_without_the_slow_controls() -> None:
    """Text areas and lists load when the first one is built, not with the form."""
    _run(
        """
        import sys
        import wbl_tui.navigation, wbl_tui.screens.form
        slow = [m for m in ("textual.widgets._text_area", "textual.widgets._selection_list")
                if m in sys.modules]
        assert not slow, slow
        """,
        {},
    )
