"""Reading golden answers files as the wizard would finish them: with defaults accepted.

The terse golden files hold only what a busy instructor types; every other question takes
its suggested default, in set order, exactly as the wizard fills it when the person walks
through each step and accepts what is there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document, read_document
from wbl_tui.engine.library import Library
from wbl_tui.errors import BadInput, Problem


def with_defaults(doc: Document, library: Library) -> Document:
    """``doc`` with every asked, unanswered question given its default, in order."""
    catalogue = library.catalogue
    answers = dict(doc.answers)
    result: dict[str, Any] | None = None
    if doc.assessment is not None:
        result = doc.assessment.result(catalogue).as_dict(doc.assessment.qset)
    for q in doc.qset.questions():
        if q.id in answers or not flow.visibility(doc.qset, answers)[q.id]:
            continue
        discipline = flow.discipline_of(doc.qset, answers, catalogue)
        value = flow.default_for(q, answers, discipline, result, catalogue)
        if not flow.is_empty(value) and flow.check(q, value, catalogue) is None:
            answers[q.id] = value
    return Document(doc.qset, answers, doc.assessment, doc.template)


def read_finished(path: Path, library: Library) -> Document:
    """A golden answers file, defaults accepted, checked as ``render`` checks it."""
    doc = with_defaults(read_document(path, library, strict=False), library)
    problems = flow.problems(doc.qset, doc.answers, library.catalogue)
    if problems:
        raise BadInput([Problem(str(path), f"{qid}: {msg}") for qid, msg in problems.items()])
    return doc
