"""The search path of roots: options, WBL_TUI_PATH, the user's folder, built-in; first wins."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from wbl_tui.engine.library import Library
from wbl_tui.engine.templates import RootsLoader
from wbl_tui.errors import BadInput
from wbl_tui.paths import builtin_dir, make_settings
from wbl_tui.sandbox import Sandbox

MINI = Path(__file__).resolve().parent.parent / "data" / "root"


def _root(base: Path, title: str = "Mini assessment") -> Path:
    """A copy of the test root whose mini set has ``title``."""
    shutil.copytree(MINI, base)
    path = base / "questions" / "mini-assessment.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Mini assessment", f"title: {title}"),
        encoding="utf-8",
    )
    return base


def test_the_order_of_roots(tmp_path: Path) -> None:
    env = {
        "WBL_TUI_PATH": os.pathsep.join([str(tmp_path / "p1"), "", str(tmp_path / "p2")]),
        "WBL_TUI_DATA_DIR": str(tmp_path / "user"),
        "WBL_TUI_STATE_DIR": str(tmp_path / "state"),
        "WBL_TUI_CACHE_DIR": str(tmp_path / "cache"),
    }
    settings = make_settings([tmp_path / "q"], [tmp_path / "t"], env)
    assert [(r.origin, r.questions, r.templates) for r in settings.roots] == [
        ("--questions", tmp_path / "q", None),
        ("--templates", None, tmp_path / "t"),
        ("WBL_TUI_PATH", tmp_path / "p1" / "questions", tmp_path / "p1" / "templates"),
        ("WBL_TUI_PATH", tmp_path / "p2" / "questions", tmp_path / "p2" / "templates"),
        ("user", tmp_path / "user" / "questions", tmp_path / "user" / "templates"),
        ("built-in", builtin_dir() / "questions", builtin_dir() / "templates"),
    ]
    assert settings.state_dir == tmp_path / "state" and settings.cache_dir == tmp_path / "cache"


def test_the_first_root_wins_for_sets_catalogues_and_templates(tmp_path: Path) -> None:
    first, second = _root(tmp_path / "first", "First"), _root(tmp_path / "second", "Second")
    (first / "templates" / "mini_report.md.j2").write_text("first", encoding="utf-8")
    cat = first / "questions" / "mini-disciplines.yaml"
    cat.write_text(
        cat.read_text(encoding="utf-8").replace("English as a Second Language", "ESL (ours)"),
        encoding="utf-8",
    )
    env = {
        "WBL_TUI_PATH": os.pathsep.join([str(first), str(second)]),
        "WBL_TUI_DATA_DIR": str(tmp_path / "user"),
    }
    library = Library(make_settings(env=env))
    minis = [i for i in library.sets() if i.qset.id == "mini-assessment"]
    assert [(i.qset.title, i.origin) for i in minis] == [("First", "WBL_TUI_PATH")]
    assert library.find_set("mini-assessment").title == "First"
    esl = library.catalogue.get("esl")
    assert esl is not None and esl.name == "ESL (ours)"
    assert library.catalogue.get("welding") is not None  # the built-in ones are still there
    loader = RootsLoader(library.template_dirs())
    assert loader.get_source(Sandbox(), "mini_report.md.j2")[0] == "first"
    assert library.template_dirs()[:2] == [first / "templates", second / "templates"]
    # --questions comes before WBL_TUI_PATH
    library = Library(make_settings([second / "questions"], [], env))
    assert library.find_set("mini-assessment").title == "Second"


def test_broken_files_on_the_path_are_skipped_and_remembered(tmp_path: Path) -> None:
    root = _root(tmp_path / "root")
    (root / "questions" / "broken.yaml").write_text("format: [\n", encoding="utf-8")
    (root / "questions" / "notes.txt").write_text("not yaml", encoding="utf-8")
    library = Library(make_settings([root / "questions"], [], {"WBL_TUI_DATA_DIR": "/nonexistent"}))
    assert "mini-assessment" in {i.qset.id for i in library.sets()}
    assert [p.file for p in library.problems] == [str(root / "questions" / "broken.yaml")]
    with pytest.raises(BadInput) as exc:
        library.find_set("broken")
    assert str(exc.value).startswith(str(root / "questions" / "broken.yaml") + ":")


def test_find_set_by_path_id_and_kind(tmp_path: Path) -> None:
    library = Library(make_settings(env={"WBL_TUI_DATA_DIR": "/nonexistent"}))
    path = MINI / "questions" / "mini-assessment.yaml"
    assert library.find_set(str(path)).id == "mini-assessment"
    assert library.find_set("wbl-lesson-plan", "plan").kind == "plan"
    with pytest.raises(BadInput) as exc:
        library.find_set("wbl-lesson-plan", "assessment")
    assert "'wbl-lesson-plan' is a plan set, not an assessment set" in str(exc.value)
    with pytest.raises(BadInput) as exc:
        library.find_set("wbl-lessonplan")
    assert "did you mean 'wbl-lesson-plan'?" in str(exc.value)
    with pytest.raises(BadInput) as exc:
        library.find_set(str(tmp_path / "gone.yaml"))
    assert str(exc.value) == f"{tmp_path / 'gone.yaml'}: no such file"
    with pytest.raises(BadInput) as exc:
        library.find_set(str(MINI / "questions" / "mini-disciplines.yaml"))
    assert "this is a discipline catalogue, not a question set" in str(exc.value)


def test_default_sets(tmp_path: Path) -> None:
    library = Library(make_settings([MINI / "questions"], [], {"WBL_TUI_DATA_DIR": "/nonexistent"}))
    assert library.default_set("assessment").id == "continuum-self-assessment"
    assert library.default_set("plan").id == "wbl-lesson-plan"


def test_parsed_sets_are_cached_by_content(tmp_path: Path) -> None:
    root = _root(tmp_path / "root")
    env = {"WBL_TUI_DATA_DIR": "/nonexistent", "WBL_TUI_CACHE_DIR": str(tmp_path / "cache")}
    Library(make_settings([root / "questions"], [], env)).sets()
    assert list((tmp_path / "cache" / "parsed").glob("*.pickle"))
    path = root / "questions" / "mini-assessment.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Mini assessment", "Edited"))
    fresh = Library(make_settings([root / "questions"], [], env))
    assert fresh.find_set("mini-assessment").title == "Edited"  # an edit misses the cache
