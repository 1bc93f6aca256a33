"""``render`` formats for coordinators: Word, a whole HTML page, template names, new folders."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from wbl_tui.cli import main

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
ESL = GOLDEN / "esl-guest-speakers.answers.yaml"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_docx_keeps_headings_lists_tables_and_bold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "plan.docx"
    target.parent.mkdir()
    code, _, err = run(["render", str(ESL), "--format", "docx", "-o", str(target)], capsys)
    assert code == 0, err
    assert [p.name for p in target.parent.iterdir()] == ["plan.docx"]  # no temp file left
    doc = Document(str(target))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Head")]
    assert headings[0] == ("Heading 1", "Guest speakers from local employers")
    assert ("Heading 2", "Course and learners") in headings
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert "Course: ESL 040 — Intermediate English for Work" in bullets
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "Course:" in bold
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    skills = next(t for t in tables if t[0][0] == "Skill")
    assert skills[1] == [
        "Communication",
        "Question card check during the talk; summary paragraph graded with the Unit 4 "
        "writing rubric",
    ]
    schedule = next(t for t in tables if t[0][0] == "When")
    assert schedule[3] == ["Feb 17", "Employer panel (6:30–7:30 pm)"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "---" not in text and "question_set:" not in text  # no front matter
    assert doc.core_properties.title == "Guest speakers from local employers"


def test_docx_needs_a_file_and_is_loaded_only_when_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["render", str(ESL), "--format", "docx"], capsys)
    assert code == 2 and "-o FILE.docx" in err and out == ""
    probe = (
        "import sys; from wbl_tui.cli import main; main(['render', sys.argv[1]]);"
        "assert 'docx' not in sys.modules, 'docx imported'"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(ESL)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.decls: list[str] = []
        self.tags: list[str] = []
        self.meta: list[dict[str, str | None]] = []
        self.inside: list[str] = []
        self.title = ""

    def handle_decl(self, decl: str) -> None:
        self.decls.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.inside.append(tag)
        if tag == "meta":
            self.meta.append(dict(attrs))
            self.inside.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if self.inside and self.inside[-1] == "title":
            self.title += data


def test_standalone_html_is_a_whole_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.html"
    argv = ["render", str(ESL), "--format", "html", "--standalone", "-o", str(target)]
    assert run(argv, capsys)[0] == 0
    raw = target.read_bytes()
    assert "—".encode() in raw  # UTF-8, as declared
    page = _Page()
    page.feed(raw.decode("utf-8"))
    assert page.decls == ["DOCTYPE html"]
    assert page.tags[:3] == ["html", "head", "meta"]
    assert {"charset": "utf-8"} in page.meta
    assert page.title == "Guest speakers from local employers"
    assert "body" in page.tags and "h1" in page.tags
    # without --standalone: the fragment, as before
    code, out, _ = run(["render", str(ESL), "--format", "html"], capsys)
    assert code == 0 and "<!DOCTYPE" not in out and "<head>" not in out
    code, _, err = run(["render", str(ESL), "--standalone"], capsys)
    assert code == 2 and "--format html" in err


def test_out_dir_is_created_and_templates_need_no_extension(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "new" / "folder"
    files = [str(p) for p in sorted(GOLDEN.glob("*.answers.yaml"))[:2]]
    code, _, err = run(["render", *files, "--out-dir", str(out_dir)], capsys)
    assert code == 0, err
    assert len(list(out_dir.glob("*.md"))) == 2
    code, out, err = run(["render", str(ESL), "--template", "partner_brief"], capsys)
    assert code == 0, err
    assert 'title: "Partner brief: ' in out
    code, short, _ = run(
        ["render", str(ESL), "--template", "lesson_plan", "--format", "html"], capsys
    )
    code, full, _ = run(
        ["render", str(ESL), "--template", "lesson_plan.md.j2", "--format", "html"], capsys
    )
    # The built-in plan has no HTML template: its Markdown is converted, whatever the name.
    assert code == 0 and short == full
    code, _, err = run(["render", str(ESL), "--template", "no_such_brief"], capsys)
    assert code == 2 and "no_such_brief.md.j2" in err


def test_the_command_line_offers_every_output_format() -> None:
    from wbl_tui.cli import build_parser
    from wbl_tui.engine.formats import OUTPUT_FORMATS

    args = build_parser().parse_args(["render", "x.answers.yaml", "--format", "docx"])
    assert args.format == "docx"
    for fmt in OUTPUT_FORMATS:
        assert build_parser().parse_args(["render", "x", "--format", fmt]).format == fmt
