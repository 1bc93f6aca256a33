"""Golden files: realistic plans render exactly as committed.

Two kinds of answers files live in ``tests/data/golden``:

- ``NAME.answers.yaml``: six rich plans, every question answered, most with a
  self-assessment attached;
- ``terse/NAME.answers.yaml``: plans as a busy instructor writes them, only what a person
  types (short phrases, some "TBD"), every suggested default accepted.

For each, the lesson plan (Markdown and HTML) and the partner brief are compared with the
``expected/`` folder beside it, and for the rich ones the report of the attached
self-assessment too. After an intended change to a template, a question set or the
discipline catalogue, regenerate them and read the diff before committing:

    WBL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden.py
"""

from __future__ import annotations

import itertools
import os
import re
from datetime import date
from pathlib import Path

import pytest
from golden_support import read_finished

from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden"
TERSE = GOLDEN / "terse"
NAMES = sorted(p.name.removesuffix(".answers.yaml") for p in GOLDEN.glob("*.answers.yaml"))
TERSE_NAMES = sorted(p.name.removesuffix(".answers.yaml") for p in TERSE.glob("*.answers.yaml"))
TODAY = date(2026, 11, 22)
UPDATE = os.environ.get("WBL_UPDATE_GOLDEN") == "1"

# output file suffix -> (which document, template, format)
OUTPUTS = {
    ".md": ("plan", None, "md"),
    ".html": ("plan", None, "html"),
    ".partner_brief.md": ("plan", "partner_brief.md.j2", "md"),
    ".assessment.md": ("assessment", None, "md"),
}
CASES = [(GOLDEN, n, s) for n in NAMES for s in OUTPUTS] + [
    (TERSE, n, s) for n in TERSE_NAMES for s in OUTPUTS if s != ".assessment.md"
]


def _id(case: tuple[Path, str, str]) -> str:
    folder, name, suffix = case
    return f"{'terse/' if folder == TERSE else ''}{name}{suffix}"


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    library = Library(make_settings(env={"WBL_TUI_DATA_DIR": "/nonexistent/wbl-tui-test"}))
    return Renderer(library, today=TODAY)


def _render(renderer: Renderer, folder: Path, name: str, suffix: str) -> str:
    which, template, fmt = OUTPUTS[suffix]
    doc = read_finished(folder / f"{name}.answers.yaml", renderer.library)
    if which == "assessment":
        assert doc.assessment is not None, f"{name} has no attached assessment"
        doc = Document(doc.assessment.qset, doc.assessment.answers)
    return renderer.render(doc, template, fmt)  # type: ignore[arg-type]


def test_the_six_rich_golden_plans_are_there() -> None:
    assert NAMES == [
        "cs-client-project",
        "culinary-competition",
        "ece-practicum",
        "esl-guest-speakers",
        "geography-service-learning",
        "nursing-clinical",
    ]


def test_at_least_eight_terse_plans_in_new_situations(renderer: Renderer) -> None:
    assert len(TERSE_NAMES) >= 8
    docs = [read_finished(TERSE / f"{n}.answers.yaml", renderer.library) for n in TERSE_NAMES]
    situations = {
        "a paid placement": lambda a: a.get("paid") is True,
        "minors in a hazardous workplace": lambda a: (
            a.get("minors") is True
            and a.get("discipline") in ("welding", "culinary-arts", "construction")
            and "off_site" in (a.get("setting"), a.get("a2_setting"))
        ),
        "a virtual event": lambda a: a.get("setting") == "online",
        "a client project": lambda a: a.get("through_kind") == "client",
        "two activities in one plan": lambda a: a.get("second_activity") is True,
    }
    for situation, holds in situations.items():
        assert any(holds(d.answers) for d in docs), f"no terse plan for {situation}"
    disciplines = {d.answers["discipline"] for d in docs}
    assert len(disciplines) >= 7, "terse plans should span disciplines"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_rendering_matches_the_committed_file(
    renderer: Renderer, case: tuple[Path, str, str]
) -> None:
    folder, name, suffix = case
    text = _render(renderer, folder, name, suffix)
    expected = folder / "expected" / f"{name}{suffix}"
    if UPDATE:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert expected.is_file(), f"missing {expected}; run with WBL_UPDATE_GOLDEN=1"
    assert text == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", [c for c in CASES if c[2].endswith(".md")], ids=_id)
def test_markdown_reads_as_a_finished_document(
    renderer: Renderer, case: tuple[Path, str, str]
) -> None:
    text = _render(renderer, *case)
    lines = text.splitlines()
    assert lines[0] == "---" and "question_set: " in text and f"date: {TODAY}" in text
    assert not re.search(r"\bNone\b|Undefined|\[\]|\{\}", text), "a missing value leaked"
    if case[0] == TERSE:  # (a rich plan quotes Jinja on purpose: answers are data)
        assert not re.search(r"\{%|\{\{", text), "an unrendered default leaked"
    assert "\n\n\n" not in text, "double blank line"
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert not re.search(r" +$", text, re.M), "trailing spaces"
    # No empty sections: a heading is followed by text, not straight by another heading
    # of the same or a higher level.
    headings = [
        (i, len(ln) - len(ln.lstrip("#"))) for i, ln in enumerate(lines) if ln.startswith("#")
    ]
    for (i, level), (j, next_level) in itertools.pairwise(headings):
        between = [ln for ln in lines[i + 1 : j] if ln.strip()]
        assert between or next_level > level, f"empty section: {lines[i]!r}"
    # Tables keep two cells per row (a '|' in an answer is escaped).
    for ln in lines:
        if ln.startswith("| ") and ln.count("|") - ln.count("\\|") > 5:
            pytest.fail(f"table row with too many cells: {ln}")


@pytest.mark.parametrize("case", [c for c in CASES if c[2] == ".html"], ids=_id)
def test_html_is_a_plain_fragment(renderer: Renderer, case: tuple[Path, str, str]) -> None:
    html = _render(renderer, *case)
    assert html.lstrip().startswith("<h1>")
    for banned in ("<html", "<head", "<body", "<script", "<style", "style=", "<link"):
        assert banned not in html.lower(), banned


def test_answer_text_is_data(renderer: Renderer) -> None:
    """Jinja-like text and HTML typed by an instructor come out as typed (escaped in HTML)."""
    md = _render(renderer, GOLDEN, "cs-client-project", ".md")
    assert "{{ item.name }}" in md
    html = _render(renderer, GOLDEN, "cs-client-project", ".html")
    assert "{{ item.name }}" in html
    assert "&lt;script&gt;" in html and "Rise &amp; Shine" in html


def test_sections_without_answers_are_left_out(renderer: Renderer) -> None:
    doc = read_finished(GOLDEN / "esl-guest-speakers.answers.yaml", renderer.library)
    keep = {"course_title", "discipline", "activity_title", "stage"}
    bare = Document(doc.qset, {k: v for k, v in doc.answers.items() if k in keep})
    text = renderer.render(bare)
    assert re.findall(r"^## .*", text, re.M) == [
        "## Where this sits on the work-based learning continuum"
    ]
    brief = renderer.render(bare, "partner_brief.md.j2")
    assert "## Why it matters" not in brief and "## Key dates" not in brief
