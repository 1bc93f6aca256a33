"""A plan or assessment in progress: a set, its answers and an attached assessment.

Reading an answers file types every answer against its set and checks it exactly as the
wizard does; writing one produces YAML that reads back the same (strings quoted where
YAML 1.1 would misread them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wbl_tui.engine import flow
from wbl_tui.engine.library import Library
from wbl_tui.errors import BadInput, Problem
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import Answer, QuestionSet

# Reading answers files and scoring load when first used: a new plan's first question
# needs neither (``wbl-tui plan`` shows it sooner).
if TYPE_CHECKING:
    from wbl_tui.engine.scoring import Result
    from wbl_tui.model.answers import RawAnswers
    from wbl_tui.model.yamlnodes import Node


@dataclass
class Attached:
    """A self-assessment a plan builds on."""

    qset: QuestionSet
    answers: dict[str, Answer] = field(default_factory=dict)

    def result(self, catalogue: Catalogue) -> Result:
        """Scores and placement, recomputed."""
        from wbl_tui.engine.scoring import assess

        return assess(self.qset, self.answers, catalogue)


@dataclass
class Document:
    """Everything needed to render, save and re-open one plan or assessment report."""

    qset: QuestionSet
    answers: dict[str, Answer] = field(default_factory=dict)
    assessment: Attached | None = None
    template: str | None = None
    # Provenance (CONTRACT.md "Answers files"): answers that follow their default until a
    # person edits them, and answers a person cleared (never defaulted again).
    defaults: set[str] = field(default_factory=set)
    cleared: set[str] = field(default_factory=set)
    extras: frozenset[str] = frozenset()  # extra files chosen at the last save
    # Where the answers file names its template, so a template that is not found is
    # reported there (file:line:col).
    template_at: Node | None = field(default=None, compare=False, repr=False)

    def result(self, catalogue: Catalogue) -> Result | None:
        """The assessment result this document carries: its own, or the attached one's."""
        if self.qset.kind == "assessment":
            from wbl_tui.engine.scoring import assess

            return assess(self.qset, self.answers, catalogue)
        return self.assessment.result(catalogue) if self.assessment else None


def read_document(
    path: Path, library: Library, *, strict: bool = True, format_optional: bool = False
) -> Document:
    """Load an answers file (or the one beside a saved ``.md``) as a Document.

    ``strict`` checks every answer as the wizard would (for rendering); otherwise only the
    types are checked, so an unfinished draft can be re-opened.
    """
    from wbl_tui.engine.answers_check import check_answers, version_problem
    from wbl_tui.model.answers import load_answers_file

    if path.suffix in (".md", ".html"):
        sibling = path.with_name(path.name.rsplit(".", 1)[0] + ".answers.yaml")
        if not sibling.is_file():
            raise BadInput(Problem(str(path), f"no answers file beside it ({sibling.name})"))
        path = sibling
    data = load_answers_file(path, format_optional=format_optional)
    catalogue = library.catalogue
    problems: list[Problem] = list(data.problems)
    attached = None
    if data.assessment is not None:
        a_set = _resolve(library, data.assessment, path)
        found = version_problem(data.assessment, a_set, path, "assessment: ")
        if found is None:
            a_answers, found_all = check_answers(
                a_set, data.assessment, catalogue, path, strict=strict, part="assessment: "
            )
            problems += found_all
            if not found_all:
                attached = Attached(a_set, a_answers)
        else:
            problems.append(found)
    main_set = _resolve(library, data.main, path)
    answers: dict[str, Answer] = {}
    found = version_problem(data.main, main_set, path)
    if found is None:

        def assessment_view() -> dict[str, Any] | None:
            if attached is None:
                return None
            return attached.result(catalogue).as_dict(attached.qset)

        answers, found_all = check_answers(
            main_set,
            data.main,
            catalogue,
            path,
            strict=strict,
            assessment=assessment_view,
            cleared=frozenset(data.cleared),
            # an attached assessment with problems gives no defaults until it is fixed
            unavailable=frozenset({"assessment"} if data.assessment and not attached else ()),
        )
        problems += found_all
    else:
        problems.append(found)
    if problems:
        raise BadInput(sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.col or 0)))
    known = {q.id for q in main_set.questions()}
    return Document(
        main_set,
        answers,
        attached,
        data.template,
        defaults=known.intersection(data.defaults),
        cleared=known.intersection(data.cleared).difference(answers),
        extras=frozenset(data.extras),
        template_at=data.template_at,
    )


def _resolve(library: Library, raw: RawAnswers, path: Path) -> QuestionSet:
    ref = raw.set_ref.id
    try:
        return library.find_set(ref)
    except BadInput as exc:
        first, more = exc.problems[0], len(exc.problems) - 1
        if first.file == ref:  # no file holds the set
            reason = f"is not installed: {first.message}"
        else:  # a file that would be the set does not load: where, as `validate` says
            reason = f"does not load: {first}" + (f" (and {more} more)" if more else "")
        raise BadInput(Problem(str(path), f"question set '{ref}' {reason}")) from None


def dump_document(doc: Document, saved: datetime | None = None) -> str:
    """The answers file for ``doc`` (every answer kept, even to questions now hidden)."""
    from wbl_tui.model.answers import FORMAT

    saved = saved or datetime.now(UTC)
    data: dict[str, Any] = {
        "format": FORMAT,
        "question_set": {"id": doc.qset.id, "version": doc.qset.version},
    }
    if doc.template:
        data["template"] = doc.template
    data["saved"] = saved.strftime("%Y-%m-%dT%H:%M:%SZ")
    data["answers"] = _ordered(doc.qset, doc.answers)
    if doc.assessment is not None:
        data["assessment"] = {
            "question_set": {"id": doc.assessment.qset.id, "version": doc.assessment.qset.version},
            "answers": _ordered(doc.assessment.qset, doc.assessment.answers),
        }
    if doc.defaults or doc.cleared:
        order = [q.id for q in doc.qset.questions()]
        data["provenance"] = {
            key: [qid for qid in order if qid in ids]
            for key, ids in (("defaults", doc.defaults), ("cleared", doc.cleared))
            if ids
        }
    if doc.extras:
        data["extras"] = sorted(doc.extras)
    import yaml  # (not on the way to the first question: drafts are written later)

    # The C dumper when PyYAML has it: drafts are written while the user types.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


def _ordered(qset: QuestionSet, answers: dict[str, Answer]) -> dict[str, Answer]:
    return {q.id: answers[q.id] for q in qset.questions() if not flow.is_empty(answers.get(q.id))}
