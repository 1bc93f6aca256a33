"""Answers that look unfinished: "TBD", "?", "xx", "tbc" typed as a placeholder.

A busy instructor writes "Contact: TBD" meaning to come back to it. Templates mark such
answers in the plan (the ``unfinished`` and ``placeholder`` tests) instead of printing
them as if they were settled; the Review step can list them as "to finish" (not blocking).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from wbl_tui.model.questions import Answer, Question

# A placeholder word or mark anywhere in an answer: TBD/TBC/TBA/TODO, "to be confirmed"
# and the like, "xx" or more x's (as in "$xx/hr"), and two or more question marks.
_TOKEN = re.compile(
    r"(?<![\w])(?:tb[dca]|todo|to\s+be\s+(?:confirmed|determined|decided|arranged|announced)"
    r"|not\s+sure\s+yet|x{2,})(?![\w])|\?{2,}|(?:^|[\s:(])\?(?=$|[\s)])",
    re.IGNORECASE | re.MULTILINE,
)
# An answer that is nothing but a placeholder (punctuation and "etc." aside).
_ONLY = re.compile(
    r"[\s\-–—:.,;!()]*(?:(?:tb[dca]|todo|to\s+be\s+(?:confirmed|determined|decided|arranged|"
    r"announced)|not\s+sure(?:\s+yet)?|unknown|x{2,}|\?+|n/?k)[\s\-–—:.,;!()?]*)+",
    re.IGNORECASE,
)
_MAX = 20_000  # longer text is checked on its first characters only


def unfinished(value: object) -> bool:
    """True when a text answer (or any item of a list) holds a placeholder like TBD or "?"."""
    if isinstance(value, str):
        return bool(_TOKEN.search(value[:_MAX])) or placeholder(value)
    if isinstance(value, list | tuple):
        return any(unfinished(v) for v in value)
    return False


def placeholder(value: object) -> bool:
    """True when a text answer is nothing but a placeholder ("TBD", "?", "xx", "tbc.")."""
    return isinstance(value, str) and bool(value.strip()) and bool(_ONLY.fullmatch(value[:_MAX]))


def unfinished_answers(
    questions: Iterable[Question], answers: Mapping[str, Answer]
) -> list[Question]:
    """The questions (in order) whose answers look unfinished: the Review step's "to finish"."""
    return [q for q in questions if unfinished(answers.get(q.id))]
