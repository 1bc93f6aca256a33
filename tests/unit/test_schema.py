"""The JSON Schema of wbl-questions/1 describes what the loader accepts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from wbl_tui.engine.schema import question_set_schema
from wbl_tui.errors import BadInput
from wbl_tui.model.questions import QUESTION_TYPES, STAGE_IDS, loads_question_set

MINI = (
    Path(__file__).resolve().parent.parent / "data" / "root" / "questions" / "mini-assessment.yaml"
)


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    value = question_set_schema()
    jsonschema.Draft202012Validator.check_schema(value)
    return value


def test_it_names_the_loaders_choices(schema: dict[str, Any]) -> None:
    question = schema["properties"]["sections"]["items"]["properties"]["questions"]["items"]
    assert question["properties"]["type"]["enum"] == list(QUESTION_TYPES)
    rule = schema["properties"]["results"]["properties"]["placement"]["items"]
    assert rule["properties"]["stage"]["enum"] == list(STAGE_IDS)
    assert schema["additionalProperties"] is False and question["additionalProperties"] is False


def _mini() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    return data


def _question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for s in data["sections"] for q in s["questions"] if q["id"] == qid)


def test_the_test_set_is_valid_for_both(schema: dict[str, Any]) -> None:
    jsonschema.validate(_mini(), schema)
    loads_question_set(yaml.safe_dump(_mini()), Path("m.yaml"))


def _break(how: str) -> dict[str, Any]:
    data = copy.deepcopy(_mini())
    if how == "no id":
        del data["id"]
    elif how == "bad set id":
        data["id"] = "Mini Set"
    elif how == "unknown top key":
        data["colour"] = "red"
    elif how == "unknown question key":
        _question(data, "speakers")["placehlder"] = "x"
    elif how == "unknown type":
        _question(data, "speakers")["type"] = "dropdown"
    elif how == "bad question id":
        _question(data, "speakers")["id"] = "Speakers"
    elif how in ("reserved id", "dunder id"):  # answers.popitem is the dict's method
        _question(data, "speakers")["id"] = "popitem" if how == "reserved id" else "__class__"
    elif how == "option without label":
        del _question(data, "speakers")["options"][0]["label"]
    elif how == "score not a number":
        _question(data, "speakers")["options"][0]["scores"] = {"about": "lots"}
    elif how == "score too large":
        _question(data, "speakers")["options"][0]["scores"] = {"about": 5000}
    elif how == "unknown stage":
        data["results"]["placement"][-1]["stage"] = "beyond"
    elif how == "no sections":
        data["sections"] = []
    elif how == "wrong format":
        data["format"] = "wbl-questions/2"
    elif how == "range of three":
        q = _question(data, "speakers")
        q.update(type="scale", range=[1, 2, 3])
        del q["options"]
    return data


BROKEN = [
    "no id",
    "bad set id",
    "unknown top key",
    "unknown question key",
    "unknown type",
    "bad question id",
    "reserved id",
    "dunder id",
    "option without label",
    "score not a number",
    "score too large",
    "unknown stage",
    "no sections",
    "wrong format",
    "range of three",
]


@pytest.mark.parametrize("how", BROKEN)
def test_loader_and_schema_both_reject(schema: dict[str, Any], how: str) -> None:
    data = _break(how)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    with pytest.raises(BadInput):
        loads_question_set(yaml.safe_dump(data, sort_keys=False), Path("m.yaml"))
