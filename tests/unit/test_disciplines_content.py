"""The built-in discipline catalogue: every field the wizard and plans rely on is there."""

from __future__ import annotations

import pytest

from wbl_tui.model.disciplines import Catalogue, Discipline, load_catalogue
from wbl_tui.model.questions import STAGE_IDS
from wbl_tui.paths import builtin_dir

CATALOGUE_PATH = builtin_dir() / "questions" / "disciplines.yaml"

# The ids CONTRACT.md promises to the other built-in content (answers files store them).
REQUIRED_IDS = {
    "esl", "geography", "culinary-arts", "nursing", "allied-health",
    "early-childhood-education", "computer-science", "business", "accounting",
    "automotive", "welding", "construction", "agriculture", "graphic-design",
    "journalism", "english", "mathematics", "biology", "chemistry", "history",
    "psychology", "sociology", "public-safety", "hospitality",
}  # fmt: skip
SKILL_IDS = {
    "communication", "teamwork", "problem-solving", "critical-thinking", "leadership",
    "professionalism", "adaptability", "customer-service", "digital-literacy",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    """The built-in catalogue, loaded and validated by the engine's loader."""
    return load_catalogue(CATALOGUE_PATH)


def _all(catalogue: Catalogue) -> list[Discipline]:
    return list(catalogue)


def test_covers_at_least_24_disciplines_including_the_required_ids(catalogue: Catalogue) -> None:
    assert len(catalogue) >= 24
    assert not REQUIRED_IDS - set(catalogue.disciplines), "required disciplines are missing"


def test_every_discipline_has_activities_at_all_three_stages(catalogue: Catalogue) -> None:
    for d in _all(catalogue):
        for stage in STAGE_IDS:
            assert len(d.activities.get(stage, ())) >= 2, f"{d.id} has too few '{stage}' activities"


def test_skills_come_only_from_the_shared_ids(catalogue: Catalogue) -> None:
    for d in _all(catalogue):
        assert d.skills, f"{d.id} names no skills"
        assert set(d.skills) <= SKILL_IDS, f"{d.id}: unknown skills {set(d.skills) - SKILL_IDS}"
        # The wizard ticks these by default and advises two to four skills per activity.
        assert len(d.skills) <= 4, f"{d.id} stresses more than four skills"


def test_every_discipline_names_industries_and_partners(catalogue: Catalogue) -> None:
    for d in _all(catalogue):
        assert len(d.industries) >= 3, d.id
        assert len(d.partner_examples) >= 3, d.id


def test_activities_are_short_enough_for_pick_lists_and_plans(catalogue: Catalogue) -> None:
    for d in _all(catalogue):
        for stage, activities in d.activities.items():
            for a in activities:
                where = f"{d.id}/{stage}/{a.title}"
                assert 0 < len(a.title) <= 60, where
                assert 0 < len(a.description) <= 220, where
                assert a.duration and a.prep, f"{where} lacks a duration or prep"


def test_names_and_aliases_find_one_discipline_each(catalogue: Catalogue) -> None:
    seen: dict[str, str] = {}
    for d in _all(catalogue):
        for name in (d.name, *d.aliases):
            key = name.casefold()
            assert seen.setdefault(key, d.id) == d.id, f"'{name}' names {seen[key]} and {d.id}"
            assert catalogue.get(name) is d


def test_every_discipline_lists_what_students_under_18_may_not_do(catalogue: Catalogue) -> None:
    """Plans print this list as the rule of the day when minors work at a site."""
    for d in _all(catalogue):
        assert len(d.minors) >= 3, f"{d.id} lists too little minors guidance"
        for line in d.minors:
            assert 10 <= len(line) <= 140, f"{d.id}: {line!r}"
            assert not line.endswith("."), f"{d.id}: a list line, no full stop: {line!r}"
    hazardous = {"welding": "(HO 8)", "culinary-arts": "(HO 10)", "construction": "(HO 16)"}
    for did, order in hazardous.items():
        d = catalogue.get(did)
        assert d is not None and any(order in line for line in d.minors), did
