"""The discipline catalogue: reading, lookup by id, name or alias, merging over roots."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbl_tui.errors import BadInput
from wbl_tui.model.disciplines import (
    Catalogue,
    is_catalogue,
    load_catalogue,
    parse_catalogue,
)
from wbl_tui.model.yamlnodes import load_text


def _parse(text: str, name: str = "cat.yaml") -> Catalogue:
    return parse_catalogue(load_text(text, name), Path(name))


def _problems(text: str) -> list[str]:
    with pytest.raises(BadInput) as exc:
        _parse(text)
    return [str(p) for p in exc.value.problems]


def test_a_discipline_is_read_in_full(catalogue: Catalogue) -> None:
    welding = catalogue.get("welding")
    assert welding is not None
    assert welding.name == "Welding" and welding.source == Path("cat.yaml")
    assert welding.aliases == ("Welding Technology",)
    assert welding.industries == ("manufacturing", "construction")
    assert welding.partner_examples == ("a fabrication shop", "the pipefitters' union")
    assert welding.skills == ("teamwork",)
    assert [a.title for a in welding.activities["about"]] == ["Shop tour", "Welder speaks"]
    tour = welding.activities["about"][0]
    assert tour.description == "Visit a fabrication shop." and tour.duration is None


def test_as_dict_lists_every_stage(catalogue: Catalogue) -> None:
    esl = catalogue.get("esl")
    assert esl is not None
    view = esl.as_dict()
    assert view["activities"] == {
        "about": [],
        "through": [
            {
                "title": "Hotel guide",
                "description": "Write a guide for a hotel.",
                "duration": None,
                "prep": None,
                "level": None,
            }
        ],
        "for": [],
    }
    assert view["aliases"] == ["ESOL"] and view["industries"] == []


@pytest.mark.parametrize("key", ["esl", "ESOL", "esol", "english as a second language"])
def test_get_by_id_alias_or_name(catalogue: Catalogue, key: str) -> None:
    found = catalogue.get(key)
    assert found is not None and found.id == "esl"


@pytest.mark.parametrize("key", ["nursing", "", None, 3, ["esl"]])
def test_get_unknown(catalogue: Catalogue, key: object) -> None:
    assert catalogue.get(key) is None


def test_iteration_is_by_name(catalogue: Catalogue) -> None:
    assert [d.id for d in catalogue] == ["esl", "welding"]  # English… before Welding
    assert len(catalogue) == 2


def test_merge_keeps_the_first_roots_entry(catalogue: Catalogue) -> None:
    user = _parse(
        "format: wbl-disciplines/1\n"
        "disciplines:\n  - {id: welding, name: Welding (our shop)}\n  - {id: nursing, name: Nursing}\n",
        "user.yaml",
    )
    merged = Catalogue.merged([user, catalogue])
    assert len(merged) == 3
    welding = merged.get("welding")
    assert welding is not None and welding.name == "Welding (our shop)"
    assert welding.source == Path("user.yaml")
    assert Catalogue.merged([catalogue, user]).get("welding").name == "Welding"  # type: ignore[union-attr]


def test_is_catalogue() -> None:
    assert is_catalogue(load_text("format: wbl-disciplines/1\n", "c.yaml"))
    assert not is_catalogue(load_text("format: wbl-questions/1\n", "c.yaml"))
    assert not is_catalogue(load_text("- format: wbl-disciplines/1\n", "c.yaml"))


def test_load_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("format: wbl-disciplines/1\ndisciplines: []\n", encoding="utf-8")
    assert len(load_catalogue(path)) == 0


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - {id: a, name: A}\n  - {id: a, name: B}\n",
            "cat.yaml:4:5: discipline 'a' is listed twice",
        ),
        ("  - {id: Welding, name: W}\n", "cat.yaml:3:10: discipline id 'Welding' is not valid"),
        ("  - {id: a}\n", "cat.yaml:3:5: a discipline is missing the required key 'name'"),
        ("  - {id: a, name: A, industrys: [x]}\n", "(did you mean 'industries'?)"),
        (
            "  - {id: a, name: A, skills: teamwork}\n",
            "cat.yaml:3:30: skills must be a list, not text",
        ),
        ("  - {id: a, name: A, activities: {beyond: []}}\n", "unknown key 'beyond' in activities"),
        (
            "  - {id: a, name: A, activities: {about: [{title: T}]}}\n",
            "an activity is missing the required key 'description'",
        ),
        (
            "  - {id: a, name: A, activities: {about: {title: T}}}\n",
            "activities.about must be a list, not a mapping",
        ),
        ("  - {id: a, name: A, aliases: [[x]]}\n", "each item of aliases must be text, not a list"),
    ],
)
def test_catalogue_mistakes(body: str, expected: str) -> None:
    problems = _problems("format: wbl-disciplines/1\ndisciplines:\n" + body)
    assert any(expected in p for p in problems), problems


def test_wrong_format_and_missing_list() -> None:
    assert _problems("format: wbl-disciplines/9\n") == [
        "cat.yaml:1:1: the catalogue is missing the required key 'disciplines'",
        "cat.yaml:1:9: format must be 'wbl-disciplines/1', not 'wbl-disciplines/9'",
    ]
