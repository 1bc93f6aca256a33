"""Rendering is one function of (document, template, format) to text; it writes no files."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from jinja2 import Template, TemplateNotFound

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.memo import by_identity
from wbl_tui.engine.templates import RootsLoader, template_problem
from wbl_tui.engine.unfinished import placeholder, unfinished
from wbl_tui.errors import BadInput, Problem
from wbl_tui.model.continuum import STAGES
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import Answer, Question, QuestionSet
from wbl_tui.sandbox import Sandbox, describe
from wbl_tui.textsafe import clean

Format = Literal["md", "html"]
DEFAULT_TEMPLATES = {"plan": "lesson_plan.md.j2", "assessment": "assessment_report.md.j2"}
# The tests templates may use beyond Jinja's own: `x is unfinished` (holds "TBD", "?",
# "xx"…) and `x is placeholder` (nothing else).
TEMPLATE_TESTS = {"unfinished": unfinished, "placeholder": placeholder}
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n+", re.S)


class Renderer:
    """Renders documents; templates are compiled once per Renderer and reused."""

    def __init__(
        self,
        library: Library,
        today: date | None = None,
        extra_template_dirs: tuple[Path, ...] = (),
    ) -> None:
        self.library = library
        self.today = today
        self.env = Sandbox(RootsLoader([*extra_template_dirs, *library.template_dirs()]))
        self.env.tests.update(TEMPLATE_TESTS)

    # -- public ---------------------------------------------------------------------------

    def template_name(self, doc: Document, template: str | None = None) -> str:
        """Which template renders ``doc``: asked for, saved with it, the set's, or the kind's default."""
        return template or doc.template or doc.qset.template or DEFAULT_TEMPLATES[doc.qset.kind]

    def render(self, doc: Document, template: str | None = None, fmt: Format = "md") -> str:
        """The document rendered as Markdown (or an HTML fragment).

        Whatever a template builds, the text carries no escape sequence or control
        character other than tab and new line (SPEC: none reaches a terminal or a file).
        """
        name = self.full_name(self.template_name(doc, template), fmt)
        if template is None and doc.template:  # named by the answers file: say where
            missing = self.missing_template(doc, fmt=fmt)
            if missing is not None:
                raise BadInput(missing)
        context = self.context(doc)
        if fmt == "html" and name.endswith(".html.j2"):
            return clean(self._run(name, context))
        if fmt == "html":
            html_name = name.removesuffix(".j2").removesuffix(".md") + ".html.j2"
            if html_name != name and self._exists(html_name):
                return clean(self._run(html_name, context))
            return markdown_to_html(clean(self._run(name, context)))
        return clean(self._run(name, context))

    def full_name(self, name: str, fmt: Format = "md") -> str:
        """A template name given without its extension, completed.

        ``partner_brief`` is ``partner_brief.md.j2``, or ``partner_brief.html.j2`` for HTML
        where there is one; a name with an extension is taken as it is.
        """
        if name.endswith(".j2"):
            return name
        if fmt == "html" and self._exists(f"{name}.html.j2"):
            return f"{name}.html.j2"
        if name.endswith((".md", ".html")):
            return f"{name}.j2"
        return f"{name}.md.j2"

    def missing_template(
        self, doc: Document, template: str | None = None, fmt: Format = "md"
    ) -> Problem | None:
        """A problem when the template that would render ``doc`` is not found, else None.

        A template the answers file names is reported at its ``template:`` line.
        """
        name = self.full_name(self.template_name(doc, template), fmt)
        if self._exists(name):
            return None
        at = doc.template_at
        if template is None and doc.template and at is not None:
            return at.problem(f"template '{doc.template}' not found ({name}) in {self._folders()}")
        return Problem(name, f"template not found ({name}) in {self._folders()}")

    def context(self, doc: Document) -> dict[str, Any]:
        """The template context described in CONTRACT.md."""
        catalogue = self.library.catalogue
        answers = flow.effective(doc.qset, doc.answers)
        result = doc.result(catalogue)
        discipline = flow.discipline_of(doc.qset, answers, catalogue)
        if discipline is None and doc.assessment is not None:
            discipline = flow.discipline_of(doc.assessment.qset, doc.assessment.answers, catalogue)
        result_set = (
            doc.qset
            if doc.qset.kind == "assessment" or doc.assessment is None
            else doc.assessment.qset
        )
        return {
            "answers": answers,
            "labels": {
                qid: display(doc.qset.question(qid), v, catalogue) for qid, v in answers.items()
            },
            "set": set_view(doc.qset, catalogue),
            "discipline": discipline.as_dict() if discipline else None,
            "assessment": result.as_dict(result_set) if result else None,
            "stages": {s.id: s.as_dict() for s in STAGES},
            "today": (self.today or date.today()).isoformat(),
        }

    # -- internals ------------------------------------------------------------------------

    def _exists(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except TemplateNotFound:
            return False
        except Exception:  # exists but broken or unreadable: let _run report it
            return True
        return True

    def _folders(self) -> str:
        """The template folders searched, for a 'not found' message."""
        loader = self.env.loader
        return ", ".join(str(d) for d in loader.folders) if isinstance(loader, RootsLoader) else ""

    def _load(self, name: str) -> Template:
        try:
            return self.env.get_template(name)
        except TemplateNotFound as exc:
            raise BadInput(
                Problem(name, f"template not found ({exc.message}) in {self._folders()}")
            ) from None
        except Exception as exc:  # anything compiling it: still one line, naming the file
            raise BadInput(template_problem(exc, self._path(name))) from None

    def _path(self, name: str) -> str:
        """Where template ``name`` is read from (its name, if that cannot be told)."""
        loader = self.env.loader
        found = loader.find(name) if isinstance(loader, RootsLoader) else None
        return str(found[0]) if found else name

    def _run(self, name: str, context: dict[str, Any]) -> str:
        template = self._load(name)
        try:
            return self.env.render_bounded(template, context)
        except Exception as exc:  # whatever a template makes Python raise: one line
            # An included template's own error names that file.
            filename = getattr(exc, "filename", None) or template.filename or name
            line = _template_line(exc, filename)
            message = f"template error: {describe(exc)}"
            if filename != (template.filename or name):
                message += f" (included by {name})"
            raise BadInput(Problem(filename, message, line)) from None


def _template_line(exc: BaseException, filename: str) -> int | None:
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@by_identity(64)  # the same for every document of a set; templates cannot change it
def set_view(qset: QuestionSet, catalogue: Catalogue) -> dict[str, Any]:
    """The set's metadata and questions, as templates see them."""

    def question(q: Question) -> dict[str, Any]:
        return {
            "id": q.id,
            "prompt": q.prompt,
            "type": q.type,
            "help": q.help,
            "options": [
                {"value": o.value, "label": o.label} for o in flow.options_for(q, catalogue)
            ],
        }

    return {
        "id": qset.id,
        "version": qset.version,
        "kind": qset.kind,
        "title": qset.title,
        "description": qset.description,
        "author": qset.author,
        "template": qset.template,
        "scales": [{"id": s.id, "label": s.label} for s in qset.scales],
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "intro": s.intro,
                "questions": [question(q) for q in s.questions],
            }
            for s in qset.sections
        ],
        "questions": {q.id: question(q) for q in qset.questions()},
    }


def display(q: Question | None, value: Answer, catalogue: Catalogue) -> Any:
    """An answer as a person reads it: option labels, Yes/No, a scale point's label."""
    if q is None:
        return value
    if q.has_choices:
        labels = flow.choices(q, catalogue).labels
        if isinstance(value, list):
            return [labels.get(v, v) for v in value]
        return labels.get(str(value), value)
    if q.type == "boolean":
        return "Yes" if value else "No"
    if q.type == "scale" and isinstance(value, int) and value in q.labels:
        return f"{value} ({q.labels[value]})"
    return value


def markdown_to_html(markdown: str) -> str:
    """An HTML fragment from Markdown (front matter dropped), for pasting into an LMS page."""
    from markdown_it import MarkdownIt

    body = _FRONT_MATTER.sub("", markdown, count=1)
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return str(md.render(body))
