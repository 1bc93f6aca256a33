"""Find question sets, catalogues and templates on the search path (first root wins)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui.errors import BadInput, Problem
from wbl_tui.paths import expand_home

# The parsers (YAML, models) load on first use: the TUI's Home needs none of them.
if TYPE_CHECKING:
    from wbl_tui.model.disciplines import Catalogue
    from wbl_tui.model.questions import QuestionSet
    from wbl_tui.paths import Settings


@dataclass(frozen=True, slots=True)
class SetInfo:
    """A set found on the search path."""

    qset: QuestionSet
    origin: str
    rank: int = 0  # its root's place on the search path (0: first)


class Library:
    """The sets, catalogue and template folders one run of the program can see."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.problems: list[Problem] = []  # files on the path that did not load
        self._broken: list[tuple[int, Path]] = []  # those files, by their root's rank
        # Sets named by their file (``--questions my-set.yaml``): found by id from then on.
        self._named: dict[str, QuestionSet] = {}

    def _yaml_files(self) -> list[tuple[Path, str, int]]:
        files: list[tuple[Path, str, int]] = []
        for rank, root in enumerate(self.settings.roots):
            if root.questions is not None and root.questions.is_dir():
                found = sorted(p for p in root.questions.iterdir() if p.suffix in (".yaml", ".yml"))
                files += [(p, root.origin, rank) for p in found if p.is_file()]
        return files

    @cached_property
    def _loaded(self) -> tuple[list[SetInfo], list[Catalogue]]:
        from wbl_tui.engine.filecache import load_parsed
        from wbl_tui.model.disciplines import Catalogue

        sets: list[SetInfo] = []
        catalogues: list[Catalogue] = []
        for path, origin, rank in self._yaml_files():
            try:
                parsed = load_parsed(path, self.settings.cache_dir)
            except BadInput as exc:
                self.problems += exc.problems
                self._broken.append((rank, path))
                continue
            if isinstance(parsed, Catalogue):
                catalogues.append(parsed)
            else:
                sets.append(SetInfo(parsed, origin, rank))
        return sets, catalogues

    def sets(self) -> list[SetInfo]:
        """Every valid set on the path, one per id (the first root's wins)."""
        winners: dict[str, SetInfo] = {}
        for info in self._loaded[0]:
            winners.setdefault(info.qset.id, info)
        return list(winners.values())

    @cached_property
    def catalogue(self) -> Catalogue:
        """The discipline catalogue, merged over the path."""
        from wbl_tui.model.disciplines import Catalogue

        return Catalogue.merged(self._loaded[1])

    def find_set(self, ref: str, kind: str | None = None) -> QuestionSet:
        """A set by id or by path to its YAML file; BadInput if there is none."""
        from wbl_tui.engine.filecache import load_parsed
        from wbl_tui.model.questions import QuestionSet
        from wbl_tui.model.reader import did_you_mean

        path = expand_home(ref)
        if ref.endswith((".yaml", ".yml")) or path.is_file() or "/" in ref:
            if not path.is_file():
                raise BadInput(Problem(ref, "no such file"))
            parsed = load_parsed(path, self.settings.cache_dir)
            if not isinstance(parsed, QuestionSet):
                raise BadInput(Problem(ref, "this is a discipline catalogue, not a question set"))
            self._named[parsed.id] = qset = parsed
        elif ref in self._named:
            qset = self._named[ref]
        else:
            ids = {info.qset.id: info for info in self.sets()}
            if ref not in ids:
                bad = [p for p in self.problems if ref in p.file]
                if bad:
                    raise BadInput(bad)
                hint = did_you_mean(ref, ids)
                raise BadInput(
                    Problem(
                        ref, f"no question set with this id{hint}; see 'wbl-tui questions list'"
                    )
                )
            self._check_not_shadowing(ref, ids[ref].rank)
            qset = ids[ref].qset
        if kind is not None and qset.kind != kind:
            raise BadInput(
                Problem(
                    str(qset.source),
                    f"'{qset.id}' is {_a(qset.kind)} {qset.kind} set, not {_a(kind)} {kind} set",
                )
            )
        return qset

    def _check_not_shadowing(self, ref: str, rank: int) -> None:
        """Refuse a set when a file named for it, earlier on the path, does not load.

        That file is the one meant (a set being edited, in ``--questions``): using the
        built-in set of the same id instead would be silently using another set.
        """
        meant = {str(path) for r, path in self._broken if r < rank and path.stem == ref}
        if meant:
            raise BadInput([p for p in self.problems if p.file in meant])

    def default_set(self, kind: str) -> QuestionSet:
        """The set used when none is named: the built-in one of that kind, else the first found."""
        preferred = {"assessment": "continuum-self-assessment", "plan": "wbl-lesson-plan"}[kind]
        candidates = [i.qset for i in self.sets() if i.qset.kind == kind]
        for qset in candidates:
            if qset.id == preferred:
                return qset
        if not candidates:
            raise BadInput(f"no {kind} question set found on the search path")
        return candidates[0]

    def template_dirs(self) -> list[Path]:
        """Template folders, in search order."""
        return [
            r.templates
            for r in self.settings.roots
            if r.templates is not None and r.templates.is_dir()
        ]


def _a(word: str) -> str:
    """The article for ``word`` (an assessment, a plan)."""
    return "an" if word[:1] in "aeiou" else "a"
