"""OutputPlan: the files a save writes, named and checked up front, written all or none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wbl_tui.engine.document import Document, read_document
from wbl_tui.engine.library import Library
from wbl_tui.engine.outputs import (
    ROLES,
    OutputFile,
    OutputPlan,
    OutputRole,
    document_outputs,
    extras_for,
    register_role,
    rendered_outputs,
)
from wbl_tui.engine.render import Renderer
from wbl_tui.errors import AlreadyExists, BadInput, MissingFolder
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"


@pytest.fixture
def library() -> Library:
    return Library(make_settings())


@pytest.fixture
def doc(library: Library) -> Document:
    return read_document(GOLDEN / "geography-service-learning.answers.yaml", library)


def test_names_and_labels(library: Library, doc: Document, tmp_path: Path) -> None:
    plan = document_outputs(
        Renderer(library), doc, tmp_path, "GEOG 150: Maps!", {"partner_brief", "html"}
    )
    assert [(f.path.name, f.role, f.label) for f in plan.files] == [
        ("geog-150-maps.md", "plan", "the plan"),
        ("geog-150-maps.answers.yaml", "answers", "your answers"),
        ("geog-150-maps.partner-brief.md", "partner_brief", "a partner brief"),
        ("geog-150-maps.html", "html", "an HTML copy"),
    ]
    assert plan.path("answers") == tmp_path / "geog-150-maps.answers.yaml"


def test_the_html_copy_is_a_page_that_opens_from_disk(
    library: Library, doc: Document, tmp_path: Path
) -> None:
    """The copy saved beside the plan declares its charset ("—" is not garbled)."""
    plan = document_outputs(Renderer(library), doc, tmp_path, "p", {"html"})
    page = plan.texts()[tmp_path / "p.html"]
    assert isinstance(page, str) and page.startswith("<!DOCTYPE html>\n")
    assert '<meta charset="utf-8">' in page
    fragment = Renderer(library).render(doc, fmt="html")
    assert fragment.strip() in page and f"<title>{doc.answers['activity_title']}" in page


def test_a_hostile_stem_stays_in_the_folder(
    library: Library, doc: Document, tmp_path: Path
) -> None:
    plan = document_outputs(Renderer(library), doc, tmp_path, "../../etc/passwd", ())
    assert all(f.path.parent == tmp_path for f in plan.files)
    plan = document_outputs(Renderer(library), doc, tmp_path, "🎉", ())
    assert plan.files[0].path.name == "plan-a-work-based-learning-activity.md"


def test_write_is_all_or_nothing_and_asks_before_replacing(
    library: Library, doc: Document, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    plan = document_outputs(Renderer(library), doc, tmp_path, "p", {"html"})
    (tmp_path / "p.html").write_text("old", encoding="utf-8")
    assert plan.conflicts() == [tmp_path / "p.html"]
    with pytest.raises(AlreadyExists):
        plan.write()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.html"]
    written = plan.write(replace=True)
    assert len(written) == 3 and (tmp_path / "p.html").read_text(encoding="utf-8") != "old"


def test_a_missing_folder_is_made_only_when_asked(
    library: Library, doc: Document, tmp_path: Path
) -> None:
    plan = document_outputs(Renderer(library), doc, tmp_path / "a" / "b", "p", ())
    assert plan.missing_folder()
    with pytest.raises(MissingFolder):
        plan.write()
    assert not (tmp_path / "a").exists()
    assert len(plan.write(make_folder=True)) == 2


def test_the_extras_are_remembered_in_the_answers_file(
    library: Library, doc: Document, tmp_path: Path
) -> None:
    document_outputs(Renderer(library), doc, tmp_path, "p", {"partner_brief"}).write()
    again = read_document(tmp_path / "p.answers.yaml", library)
    assert again.extras == {"partner_brief"}
    text = (tmp_path / "p.answers.yaml").read_text(encoding="utf-8")
    assert text.endswith("extras:\n- partner_brief\n")


def test_an_assessment_offers_no_partner_brief(library: Library, tmp_path: Path) -> None:
    assessment = Document(library.default_set("assessment"))
    assert [r.role for r in extras_for("assessment")] == ["html", "docx"]
    plan = document_outputs(Renderer(library), assessment, tmp_path, "a", {"partner_brief"})
    assert [f.role for f in plan.files] == ["plan", "answers"]
    assert plan.files[0].label == "the report"


def test_a_template_error_writes_nothing(library: Library, doc: Document, tmp_path: Path) -> None:
    doc.template = "missing.md.j2"
    plan = document_outputs(Renderer(library), doc, tmp_path / "out", "p", ())
    with pytest.raises(BadInput):
        plan.write(make_folder=True)
    assert not (tmp_path / "out").exists()


def test_two_files_with_one_name_are_refused(tmp_path: Path) -> None:
    same = tmp_path / "x.md"
    with pytest.raises(BadInput, match="would share a name"):
        OutputPlan(
            tmp_path,
            [(OutputFile(same, "plan", "a.md"), lambda: ""), (OutputFile(same, "plan", "b"), str)],
        )


def test_a_role_can_be_added(
    library: Library, doc: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ROLES, "txt", ROLES["plan"])  # restored after the test
    register_role(OutputRole("txt", ".txt", "a text copy", lambda r, d: "text\n"))
    assert "txt" in [r.role for r in extras_for("plan")]
    plan = document_outputs(Renderer(library), doc, tmp_path, "p", {"txt"})
    plan.write()
    assert (tmp_path / "p.txt").read_text(encoding="utf-8") == "text\n"


def test_render_outputs_name_each_file_and_refuse_two_with_one_name(tmp_path: Path) -> None:
    plan = rendered_outputs(
        [(Path("a/x.answers.yaml"), "1"), (Path("y.yaml"), "2")], "html", out_dir=tmp_path
    )
    assert [f.path.name for f in plan.files] == ["x.html", "y.html"]
    with pytest.raises(BadInput, match="would share a name"):
        rendered_outputs(
            [(Path("a/x.answers.yaml"), "1"), (Path("b/x.answers.yaml"), "2")],
            "md",
            out_dir=tmp_path,
        )


def test_new_files_get_the_usual_mode_and_replaced_ones_keep_theirs(
    library: Library, doc: Document, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        plan = document_outputs(Renderer(library), doc, tmp_path / "m", "p", ())
        plan.write(make_folder=True)
        assert {p.stat().st_mode & 0o777 for p in (tmp_path / "m").iterdir()} == {0o644}
        (tmp_path / "m" / "p.md").chmod(0o600)
        plan.write(replace=True)
        assert (tmp_path / "m" / "p.md").stat().st_mode & 0o777 == 0o600
        assert (tmp_path / "m" / "p.answers.yaml").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)
