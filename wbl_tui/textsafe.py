"""Text from shared files shown in a terminal: no escape sequences, no control characters.

A question set written by someone else must not be able to retitle, clear or otherwise
drive the user's terminal, so everything it says is passed through :func:`plain` first.
"""

from __future__ import annotations

import re

# CSI/OSC/other escape sequences first, then any remaining C0/C1 control character.
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-_])?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` as a string with escape sequences and control characters removed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def one_line(text: object, limit: int = 200) -> str:
    """``plain`` text on one line, shortened with an ellipsis past ``limit`` characters."""
    line = " ".join(plain(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
