"""A plan set's ``tally:`` block: what ``wbl-tui tally`` counts in each plan, and by what.

The block holds expressions over the answers (the names ``when`` sees, plus ``discipline``,
the catalogue entry of the chosen discipline). They are checked when the set loads, with
``file:line:col``, like every other expression of a set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from wbl_tui.model.reader import Reader
from wbl_tui.model.yamlnodes import Mapping, Node

FIELD_ID = re.compile(r"[a-z_][a-z0-9_]*")
# Names a report already uses for its own columns and keys.
RESERVED_FIELDS = ("plans", "opportunities", "file", "assessments")
# Names a tally expression may read besides the set's questions.
TALLY_NAMES = frozenset({"answers", "none", "true", "false", "discipline"})

# (node, what, allowed names) -> None: records any problem on the reader.
CheckExpression = Callable[[Node, str, set[str]], None]


@dataclass(frozen=True, slots=True)
class TallyExpression:
    """One expression of the block, and where it was written (for a bad value at run time)."""

    source: str
    file: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Tally:
    """What a plan counts (``opportunities``) and the fields a report can group by."""

    opportunities: TallyExpression | None = None
    fields: tuple[tuple[str, TallyExpression], ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        """The field names, in the order the set gives them."""
        return tuple(name for name, _ in self.fields)


def parse_tally(reader: Reader, node: Node, check: CheckExpression) -> Tally | None:
    """Read a ``tally:`` block; problems go to ``reader`` (with their places)."""
    f = reader.fields(node, "tally", ("opportunities", "fields"))
    if f is None:
        return None
    opportunities = _expression(reader, f.get("opportunities"), "tally opportunities", check)
    fields: list[tuple[str, TallyExpression]] = []
    if "fields" in f:
        fnode = f["fields"]
        if not isinstance(fnode, Mapping):
            reader.error(fnode, "tally fields must map field names to expressions")
        else:
            for key, value in fnode.items:
                name = key.text
                if not FIELD_ID.fullmatch(name):
                    reader.error(key, f"tally field '{name}' is not valid: use a-z, 0-9 and _")
                    continue
                if name in RESERVED_FIELDS:
                    reader.error(key, f"tally field '{name}' is a name the report uses itself")
                    continue
                expression = _expression(reader, value, f"tally field '{name}'", check)
                if expression is not None:
                    fields.append((name, expression))
    return Tally(opportunities, tuple(fields))


def _expression(
    reader: Reader, node: Node | None, what: str, check: CheckExpression
) -> TallyExpression | None:
    if node is None:
        return None
    source = reader.text(node, what)
    if source is None:
        return None
    before = len(reader.problems)
    check(node, what, set(TALLY_NAMES))
    if len(reader.problems) > before:
        return None
    return TallyExpression(source, node.file, node.line, node.col)
