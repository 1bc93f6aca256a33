"""The set's ``title_from``: which text answers name a plan; checked when the set loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from wbl_tui.errors import BadInput
from wbl_tui.model.questions import loads_question_set

SET = """\
format: wbl-questions/1
id: t
version: 1.0.0
kind: plan
title: Test set
title_from: {names}
sections:
  - id: s
    title: S
    questions:
      - {{id: course, prompt: Course, type: text}}
      - {{id: size, prompt: Size, type: number}}
      - {{id: what, prompt: What, type: text}}
"""


def test_title_from_is_read_in_order() -> None:
    qset = loads_question_set(SET.format(names="[what, course]"), Path("t.yaml"))
    assert qset.title_from == ("what", "course")


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            "[cours]",
            "t.yaml:6:14: title_from names 'cours', which is not a question "
            "(did you mean 'course'?)",
        ),
        (
            "[course, size]",
            "t.yaml:6:22: title_from names 'size', a number question, not a text one",
        ),
        ("course", "t.yaml:6:13: title_from must be a list, not text"),
    ],
)
def test_title_from_names_text_questions_of_the_set(names: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        loads_question_set(SET.format(names=names), Path("t.yaml"))
    assert str(caught.value) == message


def test_without_title_from_there_is_none() -> None:
    text = SET.format(names="[]").replace("title_from: []\n", "")
    assert loads_question_set(text, Path("t.yaml")).title_from == ()
