"""Count WBL opportunities across many answers files (``wbl-tui tally``).

Each file is read and checked exactly as ``render`` reads it (defaults applied); its set's
``tally:`` block says how many opportunities it gives and what it can be grouped by. The
per-file work (``count_file``) runs in worker processes; ``summarise`` then puts the
report together: totals, groups, duplicates, assessments, skipped files.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document, read_document
from wbl_tui.engine.library import Library
from wbl_tui.engine.memo import by_identity
from wbl_tui.errors import BadInput, Problem
from wbl_tui.model.disciplines import Discipline
from wbl_tui.model.tally import TallyExpression
from wbl_tui.textsafe import plain

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
Value = str | int | float | bool | None
Kind = Literal["plan", "assessment", "skipped"]


@dataclass(frozen=True, slots=True)
class Counted:
    """What one file gave: a plan's opportunities and fields, an assessment, or a problem."""

    file: str
    kind: Kind
    set_id: str = ""
    key: str = ""  # the same for two files with the same set id and the same answers
    opportunities: int = 0
    fields: dict[str, Value] = field(default_factory=dict)
    has_tally: bool = False
    problem: Problem | None = None
    more_problems: int = 0


def find_answers_files(paths: Iterable[Path]) -> list[Path]:
    """The files named, and every ``*.answers.yaml`` under the folders named, in order."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        batch = sorted(p for p in path.rglob("*.answers.yaml") if p.is_file())
        for p in batch if path.is_dir() else [path]:
            if p not in seen:
                seen.add(p)
                found.append(p)
    return found


def count_file(library: Library, path: Path) -> Counted:
    """Read, check and count one answers file (any problem makes it a skipped file)."""
    name = file_name(path)
    try:
        doc = read_document(path, library)
        return _count(doc, name, library)
    except BadInput as exc:
        first = exc.problems[0] if exc.problems else Problem(name, "cannot be read")
        return Counted(name, "skipped", problem=first, more_problems=len(exc.problems) - 1)


def file_name(path: Path) -> str:
    """``path`` as every format of the report names it: no control sequences in it."""
    return plain(path)


def _count(doc: Document, file: str, library: Library) -> Counted:
    qset = doc.qset
    answers = flow.effective(qset, doc.answers)
    key = hashlib.sha1(
        json.dumps([qset.id, answers], sort_keys=True, default=str).encode(), usedforsecurity=False
    ).hexdigest()
    if qset.kind == "assessment":
        return Counted(file, "assessment", qset.id, key)
    tally = qset.tally
    if tally is None:
        return Counted(file, "plan", qset.id, key)
    context = _context(doc, answers, library)
    opportunities = 0
    if tally.opportunities is not None:
        value = _evaluate(tally.opportunities, context, file, "opportunities")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _bad_value(tally.opportunities, file, "opportunities", value)
        opportunities = value
    fields = {
        name: _plain(_evaluate(expr, context, file, f"field '{name}'"))
        for name, expr in tally.fields
    }
    return Counted(file, "plan", qset.id, key, opportunities, fields, has_tally=True)


def _context(doc: Document, answers: dict[str, Any], library: Library) -> dict[str, Any]:
    """What tally expressions see: the answers as ``when`` sees them, plus ``discipline``."""
    seen: dict[str, Any] = {q.id: answers.get(q.id) for q in doc.qset.questions()}
    context = dict(seen)
    context["answers"] = seen
    discipline = flow.discipline_of(doc.qset, answers, library.catalogue)
    context["discipline"] = _discipline_view(discipline) if discipline else None
    return context


@by_identity(256)  # the same catalogue entry for many plans; expressions cannot change it
def _discipline_view(discipline: Discipline) -> dict[str, Any]:
    return discipline.as_dict()


@lru_cache(maxsize=256)
def _compiled(source: str) -> tuple[str | None, Any]:
    """A bare name (read straight from the context), or the compiled expression."""
    from wbl_tui.sandbox import expression_sandbox

    name = source.strip()
    if _NAME.fullmatch(name) and name not in ("none", "true", "false"):
        return name, None
    return None, expression_sandbox().compile_expression(source)


def _evaluate(expr: TallyExpression, context: dict[str, Any], file: str, what: str) -> Any:
    from wbl_tui.sandbox import describe, expression_sandbox

    name, compiled = _compiled(expr.source)
    if name is not None:  # most fields just name a question: no need to run Jinja
        return context.get(name)
    try:
        return expression_sandbox().evaluate(compiled, context)
    except flow.EXPRESSION_ERRORS as exc:  # as for `when`: anything it raises is its failure
        raise BadInput(
            Problem(
                file,
                f"the set's tally {what} ({expr.file}:{expr.line}:{expr.col}) "
                f"fails for this plan: {describe(exc)}",
            )
        ) from None


def _bad_value(expr: TallyExpression, file: str, what: str, value: Any) -> BadInput:
    shown = "nothing" if value is None else repr(value)[:40]
    return BadInput(
        Problem(
            file,
            f"the set's tally {what} ({expr.file}:{expr.line}:{expr.col}) gives {shown} "
            "for this plan, not a whole number of 0 or more",
        )
    )


def _plain(value: Any) -> Value:
    """A field's value as a report shows it: text, a number, yes/no or nothing.

    Text loses any control sequence here, so that no format can print one (SPEC
    2026-12-01): an expression can build one that no answer holds.
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        text = ", ".join(str(v) for v in value)
    elif isinstance(value, dict) and "name" in value:
        text = str(value["name"])
    else:
        text = str(value)
    return plain(text).strip() or None


# -- the report ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Group:
    """One row of a grouped report: the fields' values, its plans and opportunities."""

    values: tuple[Value, ...]
    plans: int
    opportunities: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``tally`` prints, in every format."""

    by: tuple[str, ...]
    plans: int
    opportunities: int
    assessments: int
    groups: tuple[Group, ...]
    per_plan: tuple[Counted, ...]  # the plans counted, in file order (duplicates left out)
    duplicates: tuple[tuple[str, ...], ...]
    skipped: tuple[Counted, ...]
    no_tally: tuple[str, ...]
    field_names: tuple[str, ...]  # every field the counted plans' sets define

    def as_json(self, per_plan: bool = False) -> dict[str, Any]:
        """The JSON object SPEC describes (plus ``per_plan`` when asked for)."""
        data: dict[str, Any] = {
            "plans": self.plans,
            "opportunities": self.opportunities,
            "assessments": self.assessments,
            "by": list(self.by),
            "groups": [
                {
                    **dict(zip(self.by, g.values, strict=True)),
                    "plans": g.plans,
                    "opportunities": g.opportunities,
                }
                for g in self.groups
            ],
            "duplicates": [list(d) for d in self.duplicates],
            "skipped": [{"file": s.file, "error": skipped_error(s)} for s in self.skipped],
            "no_tally": list(self.no_tally),
        }
        if per_plan:
            data["per_plan"] = [
                {"file": c.file, **c.fields, "opportunities": c.opportunities}
                for c in self.per_plan
            ]
        return data


def skipped_error(c: Counted) -> str:
    """Why a file was skipped, in one line, with ``line:col`` where there is a place."""
    assert c.problem is not None
    p = c.problem
    where = f"{p.line}:{p.col}: " if p.line is not None and p.col is not None else ""
    where = f"{p.line}: " if p.line is not None and p.col is None else where
    return plain(f"{where}{p.message}{_more(c)}")


def skipped_line(c: Counted) -> str:
    """``file:line:col: why``, as standard error and the report's list both say it."""
    assert c.problem is not None
    return plain(f"{c.problem}{_more(c)}")


def _more(c: Counted) -> str:
    return f" (and {c.more_problems} more)" if c.more_problems else ""


def summarise(counted: Sequence[Counted], by: Sequence[str] = ()) -> Report:
    """Put the per-file counts together: duplicates once, assessments apart, groups."""
    first_of: dict[str, list[str]] = {}
    kept: list[Counted] = []
    skipped: list[Counted] = []
    for c in counted:
        if c.kind == "skipped":
            skipped.append(c)
            continue
        same = first_of.setdefault(c.key, [])
        same.append(c.file)
        if len(same) == 1:
            kept.append(c)
    plans = [c for c in kept if c.kind == "plan"]
    names: dict[str, None] = {}
    for c in plans:
        names.update(dict.fromkeys(c.fields))
    unknown = [f for f in by if f not in names]
    if unknown and plans:
        known = ", ".join(names) or "none: no counted plan's set has a tally: block"
        raise BadInput(f"--by {', '.join(unknown)}: not a tally field (the fields are: {known})")
    totals: dict[tuple[Value, ...], list[int]] = {}
    for c in plans:
        row = totals.setdefault(tuple(c.fields.get(f) for f in by), [0, 0])
        row[0] += 1
        row[1] += c.opportunities
    groups = sorted(
        (Group(values, n, m) for values, (n, m) in totals.items()),
        key=lambda g: (-g.opportunities, -g.plans, [_sort_key(v) for v in g.values]),
    )
    return Report(
        by=tuple(by),
        plans=len(plans),
        opportunities=sum(c.opportunities for c in plans),
        assessments=sum(1 for c in kept if c.kind == "assessment"),
        groups=tuple(groups),
        per_plan=tuple(plans),
        duplicates=tuple(tuple(files) for files in first_of.values() if len(files) > 1),
        skipped=tuple(skipped),
        no_tally=tuple(c.file for c in plans if not c.has_tally),
        field_names=tuple(names),
    )


def _sort_key(value: Value) -> tuple[int, str]:
    return (1, "") if value is None else (0, str(value).casefold())
