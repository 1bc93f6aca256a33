"""The JSON Schema of ``wbl-questions/1``, for editors (yaml-language-server and others).

The loader is the authority (it also checks cross-references and expressions); this schema
describes the same shapes so that an editor can complete and flag keys as you type.
"""

from __future__ import annotations

from typing import Any

from wbl_tui.model.questions import (
    DUNDER,
    FORMAT,
    MAX_SCORE,
    OPTION_SOURCES,
    QUESTION_ID,
    QUESTION_TYPES,
    RESERVED_IDS,
    SET_ID,
    STAGE_IDS,
    SUGGESTION_SOURCES,
)
from wbl_tui.model.tally import FIELD_ID


def _obj(properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **extra,
    }


_TEXT = {"type": "string", "minLength": 1}


def question_set_schema() -> dict[str, Any]:
    """The schema as a JSON-ready dict."""
    option = _obj(
        {
            "value": _TEXT,
            "label": _TEXT,
            "help": _TEXT,
            "formerly": {"type": "array", "items": _TEXT},
            "scores": {
                "type": "object",
                "additionalProperties": {
                    "type": "number",
                    "minimum": -MAX_SCORE,
                    "maximum": MAX_SCORE,
                },
            },
        },
        ["value", "label"],
    )
    validate = _obj(
        {
            "min_length": {"type": "integer", "minimum": 0},
            "max_length": {"type": "integer", "minimum": 0},
            "pattern": {
                "type": "string",
                "description": "RE2 syntax (no backreferences or lookaround); the whole "
                "answer must match",
            },
            "min": {"type": "number"},
            "max": {"type": "number"},
            "integer": {"type": "boolean"},
            "min_items": {"type": "integer", "minimum": 0},
            "max_items": {"type": "integer", "minimum": 0},
            "exclusive": {"type": "array", "items": _TEXT},
        },
        [],
    )
    question = _obj(
        {
            "id": {
                "type": "string",
                "pattern": f"^{QUESTION_ID.pattern}$",
                # ``discipline`` is allowed for the catalogue question (the loader checks).
                "not": {
                    "anyOf": [
                        {"enum": sorted(RESERVED_IDS - {"discipline"})},
                        {"pattern": f"^{DUNDER.pattern}$"},
                    ]
                },
            },
            "prompt": {"type": "string"},
            "type": {"enum": list(QUESTION_TYPES)},
            "required": {"type": "boolean"},
            "placeholder": _TEXT,
            "help": _TEXT,
            "when": _TEXT,
            "validate": validate,
            "options": {"type": "array", "items": option, "minItems": 1},
            "options_from": {"enum": list(OPTION_SOURCES)},
            "suggest_from": {"enum": list(SUGGESTION_SOURCES)},
            "default": {"type": ["string", "number", "boolean", "array", "null"]},
            "range": {
                "type": "array",
                "items": {"type": "integer", "minimum": 0},
                "minItems": 2,
                "maxItems": 2,
            },
            "labels": {
                "type": "object",
                "propertyNames": {"pattern": "^[0-9]+$"},
                "additionalProperties": _TEXT,
            },
            "remember": {"type": "boolean"},
        },
        ["id", "prompt", "type"],
    )
    section = _obj(
        {
            "id": {"type": "string", "pattern": f"^{QUESTION_ID.pattern}$"},
            "title": _TEXT,
            "intro": _TEXT,
            "questions": {"type": "array", "items": question},
        },
        ["id", "title", "questions"],
    )
    rule = _obj({"when": _TEXT, "stage": {"enum": list(STAGE_IDS)}}, ["stage"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://wbl-tui.invalid/schemas/wbl-questions-1.json",
        "title": "wbl-tui question set (wbl-questions/1)",
        **_obj(
            {
                "format": {"const": FORMAT},
                "id": {"type": "string", "pattern": f"^{SET_ID.pattern}$"},
                "version": _TEXT,
                "kind": {"enum": ["assessment", "plan"]},
                "title": _TEXT,
                "description": _TEXT,
                "author": _TEXT,
                "template": _TEXT,
                "title_from": {
                    "type": "array",
                    "items": {"type": "string", "pattern": f"^{QUESTION_ID.pattern}$"},
                    "uniqueItems": True,
                },
                "scales": {
                    "type": "array",
                    "items": _obj(
                        {
                            "id": {"type": "string", "pattern": f"^{SET_ID.pattern}$"},
                            "label": _TEXT,
                        },
                        ["id", "label"],
                    ),
                },
                "sections": {"type": "array", "items": section, "minItems": 1},
                "tally": _obj(
                    {
                        "opportunities": {
                            **_TEXT,
                            "description": "expression: the plan's WBL opportunities, "
                            "a whole number >= 0",
                        },
                        "fields": {
                            "type": "object",
                            "propertyNames": {"pattern": f"^{FIELD_ID.pattern}$"},
                            "additionalProperties": _TEXT,
                            "description": "field name -> expression; what reports group by",
                        },
                    },
                    [],
                ),
                "results": _obj(
                    {"placement": {"type": "array", "items": rule, "minItems": 1}}, ["placement"]
                ),
            },
            ["format", "id", "version", "kind", "title", "sections"],
        ),
    }
