"""Answers files (``wbl-answers/1``): what an instructor answered, enough to re-open a plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from wbl_tui.errors import Problem
from wbl_tui.model.reader import Reader
from wbl_tui.model.yamlnodes import Mapping, Node, load_file

FORMAT = "wbl-answers/1"
# Values in one answers file: a plan has a few hundred; a set's options are its limit.
MAX_NODES = 50_000
KEYS = (
    "format",
    "question_set",
    "template",
    "saved",
    "answers",
    "assessment",
    "provenance",
    "extras",
)
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class SetRef:
    """Which question set (and version) the answers were given to."""

    id: str
    version: str


@dataclass(frozen=True, slots=True)
class RawAnswers:
    """Answers as written, by question id, still as nodes until a set gives them types."""

    set_ref: SetRef
    nodes: dict[str, Node] = field(default_factory=dict)
    version_at: Node | None = None  # where question_set.version is written


@dataclass(frozen=True, slots=True)
class AnswersFile:
    """A parsed answers file; values are typed later against the question set."""

    path: Path
    main: RawAnswers
    template: str | None = None
    saved: str | None = None
    assessment: RawAnswers | None = None
    # Where answers came from (CONTRACT.md "Answers files"): ids whose answer follows its
    # default, ids the person cleared; and the extra files chosen at the last save.
    defaults: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()
    extras: tuple[str, ...] = ()
    # Problems that do not stop the file being read (a key given twice: the first is
    # read), reported with the answers' problems so that a person fixes them all at once.
    problems: tuple[Problem, ...] = ()
    template_at: Node | None = None  # where ``template:`` is written


def load_answers_file(path: Path, *, format_optional: bool = False) -> AnswersFile:
    """Load an answers file, checking its shape (values are checked against the set later).

    ``format_optional`` reads a file that lacks its ``format:`` line (for a linter that
    reports that once and then checks the rest).
    """
    duplicates: list[Problem] = []
    root = load_file(path, MAX_NODES, duplicates)
    r = Reader(str(path))
    f = r.fields(
        root,
        "the answers file",
        KEYS,
        ("question_set", "answers") if format_optional else ("format", "question_set", "answers"),
    )
    if f is None:
        _stop(r, duplicates)
        raise AssertionError("unreachable")
    fmt = r.text(f.get("format"), "format")
    if fmt is not None and fmt != FORMAT:
        r.error(f["format"], f"format must be '{FORMAT}', not '{fmt}'")
        _stop(r, duplicates)
    main = _raw(r, f, "the answers file")
    assessment = None
    if "assessment" in f:
        af = r.fields(
            f["assessment"], "assessment", ("question_set", "answers"), ("question_set", "answers")
        )
        if af is not None:
            assessment = _raw(r, af, "assessment")
    template = r.text(f.get("template"), "template")
    saved = r.text(f.get("saved"), "saved", empty_ok=True)
    defaults: tuple[str, ...] = ()
    cleared: tuple[str, ...] = ()
    if "provenance" in f:
        pf = r.fields(f["provenance"], "provenance", ("defaults", "cleared")) or {}
        defaults = r.text_list(pf.get("defaults"), "provenance defaults")
        cleared = r.text_list(pf.get("cleared"), "provenance cleared")
    extras = r.text_list(f.get("extras"), "extras")
    _stop(r, duplicates)
    assert main is not None
    return AnswersFile(
        path,
        main,
        template,
        saved,
        assessment,
        defaults,
        cleared,
        extras,
        tuple(duplicates),
        f.get("template"),
    )


def _stop(r: Reader, duplicates: list[Problem]) -> None:
    """Raise with the shape's problems, if any, and the keys given twice beside them."""
    if r.problems:
        r.problems += duplicates
        r.raise_if_problems()


def _raw(r: Reader, f: dict[str, Node], what: str) -> RawAnswers | None:
    ref = None
    version_at = None
    if "question_set" in f:
        sf = r.fields(f["question_set"], "question_set", ("id", "version"), ("id", "version"))
        if sf is not None:
            sid = r.pattern_text(
                sf.get("id"), "question_set id", _ID, "use lower-case letters, digits and -"
            )
            version_at = sf.get("version")
            version = r.text(version_at, "question_set version")
            if sid and version:
                ref = SetRef(sid, version)
    nodes: dict[str, Node] = {}
    if "answers" in f:
        node = f["answers"]
        if isinstance(node, Mapping):
            nodes = {k.text: v for k, v in node.items}
        elif not (hasattr(node, "is_null") and node.is_null):
            r.error(node, f"answers in {what} must be a mapping of question ids to answers")
    return RawAnswers(ref, nodes, version_at) if ref else None
