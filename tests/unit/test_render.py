"""Rendering: (document, template, format) -> text, with the context CONTRACT.md describes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wbl_tui.engine.document import Attached, Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer, display, markdown_to_html
from wbl_tui.errors import BadInput
from wbl_tui.paths import make_settings

MINI = Path(__file__).resolve().parent.parent / "data" / "root"
ANSWERS = {
    "course_title": "ESL 120",
    "discipline": "esl",
    "speakers": "often",
    "projects": ["judged", "none"],
    "placements": False,
    "placement_share": "all",  # hidden
}


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    return folder


@pytest.fixture
def library(tmp_path: Path) -> Library:
    env = {"WBL_TUI_DATA_DIR": str(tmp_path / "none"), "WBL_TUI_CACHE_DIR": str(tmp_path / "c")}
    return Library(make_settings([MINI / "questions"], [], env))


def _renderer(library: Library, templates: Path, **files: str) -> Renderer:
    """A renderer whose first template folder holds ``files`` (t_md="…" is t.md.j2)."""
    for name, text in files.items():
        (templates / (name.replace("_", ".") + ".j2")).write_text(text, encoding="utf-8")
    return Renderer(library, date(2026, 11, 22), (templates,))


def _doc(library: Library, **changes: object) -> Document:
    return Document(library.find_set("mini-assessment"), {**ANSWERS, **changes})  # type: ignore[arg-type]


def test_the_context(library: Library, templates: Path) -> None:
    renderer = _renderer(library, templates)
    ctx = renderer.context(_doc(library))
    assert set(ctx) == {"answers", "labels", "set", "discipline", "assessment", "stages", "today"}
    assert "placement_share" not in ctx["answers"]  # hidden: dropped
    assert ctx["answers"]["projects"] == ["judged", "none"]
    assert ctx["labels"] == {
        "course_title": "ESL 120",
        "discipline": "English as a Second Language",
        "speakers": "Several times a term",
        "projects": ["An industry-judged project", "None of these"],
        "placements": "No",
    }
    assert ctx["set"]["id"] == "mini-assessment" and ctx["set"]["kind"] == "assessment"
    options = ctx["set"]["questions"]["discipline"]["options"]
    assert {"value": "esl", "label": "English as a Second Language"} in options
    assert ctx["discipline"]["id"] == "esl"
    # An assessment set carries its own result: about 3 of 3, through 1+3-1 = 3 of 1+5 = 6.
    assert ctx["assessment"]["score"] == {"about": 3, "through": 3, "for": 0}
    assert ctx["assessment"]["pct"] == {"about": 100, "through": 50, "for": 0}
    assert ctx["assessment"]["stage"] == "through"
    assert list(ctx["stages"]) == ["about", "through", "for"]
    assert ctx["today"] == "2026-11-22"


def test_a_plan_sees_its_attached_assessment(library: Library) -> None:
    plan = library.find_set("wbl-lesson-plan")
    attached = Attached(library.find_set("mini-assessment"), dict(ANSWERS))
    ctx = Renderer(library, date(2026, 1, 1)).context(Document(plan, {}, attached))
    assert ctx["assessment"]["set"]["id"] == "mini-assessment"
    assert ctx["assessment"]["stage"] == "through"
    assert ctx["discipline"]["id"] == "esl"  # from the assessment, the plan has none yet
    assert Renderer(library).context(Document(plan, {}))["assessment"] is None


def test_template_choice_order(library: Library, templates: Path) -> None:
    renderer = _renderer(library, templates)
    doc = _doc(library)
    assert renderer.template_name(doc) == "mini_report.md.j2"  # the set's
    doc.template = "saved.md.j2"
    assert renderer.template_name(doc) == "saved.md.j2"  # saved with the answers
    assert renderer.template_name(doc, "asked.md.j2") == "asked.md.j2"  # asked for
    plan = library.find_set("wbl-lesson-plan")
    assert renderer.template_name(Document(plan)) == "lesson_plan.md.j2"


def test_answer_text_is_data(library: Library, templates: Path) -> None:
    renderer = _renderer(library, templates, t_md="{{ answers.course_title }}|")
    out = renderer.render(
        _doc(library, course_title="{{ 7*7 }} {% include '/etc/passwd' %}"), "t.md.j2"
    )
    assert out == "{{ 7*7 }} {% include '/etc/passwd' %}|"


def test_no_autoescape_in_markdown_and_escaped_html(library: Library, templates: Path) -> None:
    renderer = _renderer(library, templates, t_md="---\nx: 1\n---\n# {{ answers.course_title }}\n")
    doc = _doc(library, course_title="Rise & <b>Shine</b>")
    assert renderer.render(doc, "t.md.j2") == "---\nx: 1\n---\n# Rise & <b>Shine</b>\n"
    html = renderer.render(doc, "t.md.j2", "html")
    assert html == "<h1>Rise &amp; &lt;b&gt;Shine&lt;/b&gt;</h1>\n"  # front matter dropped


def test_an_html_template_is_preferred_when_there_is_one(library: Library, templates: Path) -> None:
    renderer = _renderer(library, templates, t_md="# md", t_html="<p>{{ today }}</p>")
    assert renderer.render(_doc(library), "t.md.j2", "html") == "<p>2026-11-22</p>"


def test_templates_are_compiled_once(library: Library, templates: Path) -> None:
    renderer = _renderer(library, templates, t_md="{{ answers.course_title }}")
    first = renderer.env.get_template("t.md.j2")
    renderer.render(_doc(library), "t.md.j2")
    assert renderer.env.get_template("t.md.j2") is first


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("line one\n{% if %}\n", "t.md.j2:2: template error: "),
        ("\n\n{{ nothing_here }}\n", "t.md.j2:3: template error: 'nothing_here' is undefined"),
        ("{{ answers.course_title.__class__.__mro__ }}", "template error:"),
        ("{{ 1 / 0 }}", "t.md.j2:1: template error: division by zero"),
    ],
)
def test_template_errors_name_file_and_line(
    library: Library, templates: Path, source: str, expected: str
) -> None:
    renderer = _renderer(library, templates, t_md=source)
    with pytest.raises(BadInput) as exc:
        renderer.render(_doc(library), "t.md.j2")
    assert len(exc.value.problems) == 1
    message = str(exc.value)
    assert expected in message and message.startswith(str(templates))


def test_a_missing_template(library: Library, templates: Path) -> None:
    with pytest.raises(BadInput) as exc:
        _renderer(library, templates).render(_doc(library), "nope.md.j2")
    assert str(exc.value).startswith("nope.md.j2: template not found")


def test_display(library: Library) -> None:
    qset, catalogue = library.find_set("mini-assessment"), library.catalogue
    assert display(qset.question("placements"), True, catalogue) == "Yes"
    assert display(qset.question("speakers"), "gone", catalogue) == "gone"  # unknown: as is
    assert display(qset.question("discipline"), "esl", catalogue) == "English as a Second Language"
    assert display(None, "x", catalogue) == "x"


def test_markdown_to_html_keeps_tables_and_refuses_raw_html() -> None:
    html = markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>x</script>\n")
    assert "<table>" in html and "<td>1</td>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
