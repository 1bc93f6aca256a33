"""The discipline catalogue (``wbl-disciplines/1``): industries, partners, skills, activities."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wbl_tui.model.questions import STAGE_IDS
from wbl_tui.model.reader import Reader
from wbl_tui.model.yamlnodes import Node, load_file

FORMAT = "wbl-disciplines/1"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
LEVELS = ("school", "college")  # an activity's optional `level`: who it suits only


@dataclass(frozen=True, slots=True)
class Activity:
    """A concrete activity a discipline can offer at one stage."""

    title: str
    description: str
    duration: str | None = None
    prep: str | None = None
    level: str | None = None  # "school" or "college" when it suits only those students

    def as_dict(self) -> dict[str, Any]:
        """The activity for templates."""
        return {
            "title": self.title,
            "description": self.description,
            "duration": self.duration,
            "prep": self.prep,
            "level": self.level,
        }


@dataclass(frozen=True, slots=True)
class Discipline:
    """One discipline and what WBL looks like in it."""

    id: str
    name: str
    source: Path
    aliases: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    partner_examples: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    # What students under 18 may not do in the field's workplaces (the rule of the day).
    minors: tuple[str, ...] = ()
    activities: Mapping[str, tuple[Activity, ...]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The discipline for templates."""
        return {
            "id": self.id,
            "name": self.name,
            "aliases": list(self.aliases),
            "industries": list(self.industries),
            "partner_examples": list(self.partner_examples),
            "skills": list(self.skills),
            "minors": list(self.minors),
            "activities": {s: [a.as_dict() for a in self.activities.get(s, ())] for s in STAGE_IDS},
        }


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Disciplines by id, merged from every root (the first root's entry wins)."""

    disciplines: Mapping[str, Discipline] = field(default_factory=dict)

    def get(self, discipline_id: object) -> Discipline | None:
        """The discipline with this id (or alias, case-insensitively), or None."""
        if not isinstance(discipline_id, str):
            return None
        if discipline_id in self.disciplines:
            return self.disciplines[discipline_id]
        wanted = discipline_id.casefold()
        for d in self.disciplines.values():
            if wanted == d.name.casefold() or wanted in (a.casefold() for a in d.aliases):
                return d
        return None

    def __iter__(self) -> Iterator[Discipline]:
        return iter(sorted(self.disciplines.values(), key=lambda d: d.name.casefold()))

    def __len__(self) -> int:
        return len(self.disciplines)

    @classmethod
    def merged(cls, catalogues: Iterable[Catalogue]) -> Catalogue:
        """Merge catalogues in search-path order: an id already present is not replaced."""
        merged: dict[str, Discipline] = {}
        for cat in catalogues:
            for d in cat.disciplines.values():
                merged.setdefault(d.id, d)
        return cls(merged)


def is_catalogue(root: Node) -> bool:
    """True when a parsed file declares the catalogue format."""
    from wbl_tui.model.yamlnodes import Mapping as MappingNode

    fmt = root.get("format") if isinstance(root, MappingNode) else None
    return getattr(fmt, "text", None) == FORMAT


def load_catalogue(path: Path) -> Catalogue:
    """Load and validate one catalogue file."""
    return parse_catalogue(load_file(path), path)


def parse_catalogue(root: Node, path: Path) -> Catalogue:
    """Validate parsed nodes as a discipline catalogue."""
    r = Reader(str(path))
    f = r.fields(root, "the catalogue", ("format", "disciplines"), ("format", "disciplines"))
    out: dict[str, Discipline] = {}
    if f is not None:
        fmt = r.text(f.get("format"), "format")
        if fmt is not None and fmt != FORMAT:
            r.error(f["format"], f"format must be '{FORMAT}', not '{fmt}'")
        for item in r.items(f["disciplines"], "disciplines") if "disciplines" in f else []:
            d = _discipline(r, item, path)
            if d is None:
                continue
            if d.id in out:
                r.error(item, f"discipline '{d.id}' is listed twice")
                continue
            out[d.id] = d
    r.raise_if_problems()
    return Catalogue(out)


def _discipline(r: Reader, node: Node, path: Path) -> Discipline | None:
    keys = (
        "id",
        "name",
        "aliases",
        "industries",
        "partner_examples",
        "skills",
        "minors",
        "activities",
    )
    f = r.fields(node, "a discipline", keys, ("id", "name"))
    if f is None:
        return None
    did = r.pattern_text(f.get("id"), "discipline id", _ID, "use lower-case letters, digits and -")
    name = r.text(f.get("name"), "name")
    activities: dict[str, tuple[Activity, ...]] = {}
    if "activities" in f:
        af = r.fields(f["activities"], "activities", STAGE_IDS) or {}
        for stage, items in af.items():
            activities[stage] = tuple(
                r.each(items, f"activities.{stage}", lambda n: _activity(r, n))
            )
    if not did or not name:
        return None
    return Discipline(
        id=did,
        name=name,
        source=path,
        aliases=r.text_list(f.get("aliases"), "aliases"),
        industries=r.text_list(f.get("industries"), "industries"),
        partner_examples=r.text_list(f.get("partner_examples"), "partner_examples"),
        skills=r.text_list(f.get("skills"), "skills"),
        minors=r.text_list(f.get("minors"), "minors"),
        activities=activities,
    )


def _activity(r: Reader, node: Node) -> Activity | None:
    f = r.fields(
        node,
        "an activity",
        ("title", "description", "duration", "prep", "level"),
        ("title", "description"),
    )
    if f is None:
        return None
    title, description = (
        r.text(f.get("title"), "title"),
        r.text(f.get("description"), "description"),
    )
    level = r.text(f.get("level"), "level")
    if level is not None and level not in LEVELS:
        r.error(f["level"], f"level must be one of {', '.join(LEVELS)}, not '{level}'")
    if title is None or description is None:
        return None
    return Activity(
        title,
        description,
        r.text(f.get("duration"), "duration"),
        r.text(f.get("prep"), "prep"),
        level if level in LEVELS else None,
    )
