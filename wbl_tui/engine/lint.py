"""``wbl-tui questions validate``: check any wbl-tui file and say what is wrong, where."""

from __future__ import annotations

from pathlib import Path

from wbl_tui.engine.library import Library
from wbl_tui.engine.templates import template_problem, template_text
from wbl_tui.errors import BadInput, Problem
from wbl_tui.model import answers, disciplines, questions
from wbl_tui.model.inputfile import read_capped
from wbl_tui.model.yamlnodes import Mapping, load_file
from wbl_tui.sandbox import Sandbox

FORMATS = (questions.FORMAT, disciplines.FORMAT, answers.FORMAT)


def lint_file(path: Path, library: Library) -> tuple[list[Problem], str]:
    """The problems of one file (empty when valid) and a one-line summary of what it is."""
    try:
        if path.name.endswith(".j2"):
            return _lint_template(path)
        duplicates: list[Problem] = []  # an answers file reports them with its answers'
        root = load_file(path, duplicates=duplicates)
        fmt = root.get("format") if isinstance(root, Mapping) else None
        kind = getattr(fmt, "text", None)
        if kind == answers.FORMAT or (fmt is None and _looks_like_answers(root)):
            return _lint_answers(path, library, missing_format=fmt is None)
        if duplicates:
            return duplicates, ""
        if kind == disciplines.FORMAT:
            cat = disciplines.parse_catalogue(root, path)
            return [], f"discipline catalogue, {len(cat)} disciplines"
        if kind != questions.FORMAT and fmt is not None:
            hint = ", ".join(FORMATS)
            return [fmt.problem(f"unknown format '{kind}'; expected one of {hint}")], ""
        qset = questions.parse_question_set(root, path)
        count = sum(1 for _ in qset.questions())
        problems = _check_template(qset, path, library)
        return (
            problems,
            f"{qset.kind} set {qset.ref}, {len(qset.sections)} sections, {count} questions",
        )
    except BadInput as exc:
        return exc.problems, ""


def _lint_answers(path: Path, library: Library, missing_format: bool) -> tuple[list[Problem], str]:
    """An answers file checked against its set, as ``render`` checks it (every problem)."""
    from wbl_tui.engine.document import read_document

    found = []
    if missing_format:
        found.append(
            Problem(str(path), f"no 'format: {answers.FORMAT}' line: add it at the top", 1, 1)
        )
    try:
        doc = read_document(path, library, format_optional=True)
    except BadInput as exc:
        return found + exc.problems, ""
    if doc.template:  # the template it names must be there, as render needs it
        from wbl_tui.engine.render import Renderer

        missing = Renderer(library).missing_template(doc)
        if missing is not None:
            found.append(missing)
    return found, f"answers to {doc.qset.ref}, {len(doc.answers)} answered"


def _looks_like_answers(root: object) -> bool:
    """An answers file that lacks its ``format:`` line (it names a set and has answers)."""
    return isinstance(root, Mapping) and (
        root.get("question_set") is not None or root.get("answers") is not None
    )


def _lint_template(path: Path) -> tuple[list[Problem], str]:
    data = read_capped(path)
    try:  # compiled, not only parsed: Python's limits on the code Jinja makes count too
        Sandbox().compile(template_text(data, path.name, path), path.name, str(path))
    except Exception as exc:
        return [template_problem(exc, str(path))], ""
    return [], "template"


def _check_template(qset: questions.QuestionSet, path: Path, library: Library) -> list[Problem]:
    if not qset.template:
        return []
    folders = [path.resolve().parent.parent / "templates", *library.template_dirs()]
    if any((folder / qset.template).is_file() for folder in folders):
        return []
    return [Problem(str(path), f"template '{qset.template}' is not in any template folder")]
