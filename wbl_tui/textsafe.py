"""Text from shared files shown in a terminal: no escape sequences, no control characters.

A question set written by someone else must not be able to retitle, clear or otherwise
drive the user's terminal, so everything it says is passed through :func:`plain` first.
Text that is kept (answers, set and catalogue texts, rendered plans) goes through
:func:`clean`: the same, except that tabs and new lines stay and the invisible format
characters of bidirectional text, which a person may mean, are left alone.
"""

from __future__ import annotations

import re

# CSI/OSC/other escape sequences first, then any remaining C0/C1 control character.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_])?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# For kept text: whole CSI and terminated OSC sequences (titles, links), then C0 controls
# but tab and new line, DEL and C1 controls. A lone ESC goes and what followed it stays,
# so a stray one cannot swallow the rest of an answer.
_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)")
_REMOVED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """``text`` as a string with escape sequences and control characters removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def clean(text: str) -> str:
    """``text`` without escape sequences and control characters other than tab and new line.

    Text without any control character (nearly all of it) is returned as it is, at the
    cost of one scan.
    """
    if _REMOVED.search(text) is None:
        return text
    return _REMOVED.sub("", _SEQUENCES.sub("", text))


def one_line(text: object, limit: int | None = 200) -> str:
    """``plain`` text on one line, shortened with an ellipsis past ``limit`` characters.

    ``limit`` None keeps it whole (a report handed on names files and values in full).
    """
    line = " ".join(plain(text).split())
    return line if limit is None or len(line) <= limit else line[: limit - 1] + "…"


def middle_cut(text: str, width: int) -> str:
    """``text`` shortened to ``width`` characters by an ellipsis in its middle.

    Both ends stay readable: the start of a long file name and its ending (``.md``,
    ``.answers.yaml``, ``.partner-brief.md``), which is what tells such names apart.
    """
    if len(text) <= width or width < 3:
        return text
    head, tail = cut_points(len(text), width)
    return text[:head] + "…" + text[len(text) - tail :]


def cut_points(length: int, width: int) -> tuple[int, int]:
    """How many characters :func:`middle_cut` keeps before and after its ellipsis."""
    kept = max(0, min(length, width) - 1)
    return kept - kept // 2, kept // 2
