"""Helpers for the unit tests: question sets and catalogues written inline as YAML."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from wbl_tui.model.disciplines import Catalogue, parse_catalogue
from wbl_tui.model.questions import QuestionSet, loads_question_set
from wbl_tui.model.yamlnodes import load_text

HEADER = """\
format: wbl-questions/1
id: t
version: 1.0.0
kind: {kind}
title: Test set
"""

CATALOGUE = """\
format: wbl-disciplines/1
disciplines:
  - id: welding
    name: Welding
    aliases: [Welding Technology]
    industries: [manufacturing, construction]
    partner_examples: [a fabrication shop, the pipefitters' union]
    skills: [teamwork]
    activities:
      about:
        - {title: Shop tour, description: Visit a fabrication shop.}
        - {title: Welder speaks, description: A certified welder visits.}
      through:
        - {title: Repair project, description: Fix gates for a farm.}
      for:
        - {title: Apprenticeship, description: A union pre-apprenticeship.}
  - id: esl
    name: English as a Second Language
    aliases: [ESOL]
    activities:
      through:
        - {title: Hotel guide, description: Write a guide for a hotel.}
"""


@pytest.fixture
def make_set() -> Callable[..., QuestionSet]:
    """Build a QuestionSet from the YAML after the header (``sections:`` and what follows)."""

    def build(body: str, kind: str = "plan") -> QuestionSet:
        text = HEADER.format(kind=kind) + textwrap.dedent(body)
        return loads_question_set(text, Path("t.yaml"))

    return build


@pytest.fixture
def catalogue() -> Catalogue:
    """Two disciplines: welding with activities at every stage, ESL with one."""
    return parse_catalogue(load_text(CATALOGUE, "cat.yaml"), Path("cat.yaml"))
