"""Read YAML written by someone else: safely, at bounded cost, keeping every value's place.

PyYAML's loaders are unsafe on hostile input even in "safe" mode: merge-key and alias bombs
expand to gigabytes, and deep nesting crashes the C composer. So we walk the *event*
stream ourselves (C parser where available), refuse a file as soon as it is too large, too
deep or expands to too many nodes, and build small position-carrying nodes. Scalars stay
text: the typed readers decide what ``no`` or ``0123`` means from what the field expects,
so nothing is silently turned into a boolean or a number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui.errors import BadInput, Problem
from wbl_tui.model.inputfile import MAX_BYTES, check_size, read_capped
from wbl_tui.textsafe import clean

if TYPE_CHECKING:
    import yaml  # imported when a file is parsed: a start from the parse cache needs none

MAX_DEPTH = 64
# Values in one file, counted with every alias expanded, and items in one list or
# mapping. The built-in discipline catalogue has about 3,300 values and no list longer
# than 30; a generated 10,000-question set (bench/) about 234,000. Each value costs
# microseconds to build, so a list of millions (or an alias bomb) is refused within a
# second instead of after many. Answers files get a lower total (see answers.py).
MAX_NODES = 500_000
MAX_ITEMS = 10_000

_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass(slots=True, eq=False)
class Node:
    """A YAML node and where it starts (1-based line and column)."""

    file: str
    line: int
    col: int

    def problem(self, message: str) -> Problem:
        """A problem located at this node."""
        return Problem(self.file, message, self.line, self.col)

    @property
    def kind(self) -> str:
        """What this node is, in words for error messages."""
        return "a value"


@dataclass(slots=True, eq=False)
class Scalar(Node):
    """A scalar, kept as the text that was written."""

    text: str = ""
    plain: bool = True

    @property
    def is_null(self) -> bool:
        """True for an empty plain value, ``~`` or ``null``."""
        return self.plain and self.text in _NULLS

    @property
    def kind(self) -> str:
        """What this node is, in words for error messages."""
        return "nothing" if self.is_null else "text"


@dataclass(slots=True, eq=False)
class Sequence(Node):
    """A list of nodes."""

    items: list[Node] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """What this node is, in words for error messages."""
        return "a list"


@dataclass(slots=True, eq=False)
class Mapping(Node):
    """A mapping from scalar keys to nodes, in file order, duplicates refused."""

    items: list[tuple[Scalar, Node]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """What this node is, in words for error messages."""
        return "a mapping"

    def get(self, key: str) -> Node | None:
        """The value under ``key``, or None."""
        for k, v in self.items:
            if k.text == key:
                return v
        return None


def load_file(
    path: Path, max_nodes: int | None = None, duplicates: list[Problem] | None = None
) -> Node:
    """Read and parse a YAML file; raise BadInput naming ``file:line:col`` on any problem.

    With a ``duplicates`` list, a key given twice in one mapping is recorded there and its
    second value left out, instead of stopping: the caller reports it beside the file's
    other problems.
    """
    return load_bytes(read_capped(path), str(path), max_nodes, duplicates)


def load_bytes(
    data: bytes, name: str, max_nodes: int | None = None, duplicates: list[Problem] | None = None
) -> Node:
    """Parse YAML bytes (UTF-8) that came from ``name``."""
    check_size(len(data), name, MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BadInput(Problem(name, "not UTF-8 text", line)) from None
    return load_text(text, name, max_nodes, duplicates)


def load_text(
    text: str, name: str, max_nodes: int | None = None, duplicates: list[Problem] | None = None
) -> Node:
    """Parse one YAML document from text; refuse bombs and deep nesting early."""
    if "\x00" in text:
        raise BadInput(Problem(name, "contains a NUL character; is this a binary file?"))
    import yaml

    try:
        composer = _Composer(name, MAX_NODES if max_nodes is None else max_nodes, duplicates)
        return composer.compose(yaml.parse(text, Loader=loader()))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in message:  # libyaml's own limit, met while scanning ahead
            message = f"nested more than {MAX_DEPTH} levels deep"
        if mark is None:
            raise BadInput(Problem(name, f"invalid YAML: {message}")) from None
        raise BadInput(
            Problem(name, f"invalid YAML: {message}", mark.line + 1, mark.column + 1)
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - text.rfind("\n", 0, exc.position)
        message = f"invalid YAML: character {exc.character:#06x} is not allowed"
        raise BadInput(Problem(name, message, line, col)) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BadInput(Problem(name, f"invalid YAML: {first}")) from None


def loader() -> type[yaml.SafeLoader]:
    """PyYAML's C parser (~10x faster) where libyaml is there, else the pure Python one."""
    import yaml

    found: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return found


def _position(event: yaml.Event) -> tuple[int, int]:
    """The 1-based line and column where an event starts."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


@dataclass(slots=True)
class _Frame:
    """An open collection while its events stream past."""

    node: Mapping | Sequence
    anchor: str | None
    size: int = 1  # nodes inside, aliases expanded
    key: Scalar | None = None  # a mapping key waiting for its value
    keys: set[str] = field(default_factory=set)  # keys seen, to refuse duplicates in O(1)
    drop: bool = False  # the waiting key is a duplicate: its value is left out


class _Composer:
    """Build nodes from parser events, counting depth and expanded size as it goes."""

    def __init__(
        self, name: str, max_nodes: int | None = None, duplicates: list[Problem] | None = None
    ) -> None:
        self.name = name
        self.max_nodes = MAX_NODES if max_nodes is None else max_nodes
        self.duplicates = duplicates
        self.anchors: dict[str, tuple[Node, int]] = {}
        self.total = 0

    def _fail(self, event: yaml.Event, message: str) -> BadInput:
        line, col = _position(event)
        return BadInput(Problem(self.name, message, line, col))

    def _count(self, event: yaml.Event, n: int) -> None:
        self.total += n
        if self.total > self.max_nodes:
            what = "once aliases are expanded (alias bomb?)" if self.anchors else "in one file"
            raise self._fail(event, f"more than {self.max_nodes:,} values {what}")

    def _check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag not in _PLAIN_TAGS:
            raise self._fail(event, f"YAML tags such as {tag} are not allowed")

    def compose(self, events: Iterable[yaml.Event]) -> Node:
        """The root node of the one document in ``events``."""
        import yaml

        stack: list[_Frame] = []
        root: Node | None = None
        documents = 0
        for event in events:
            node: Node
            size = 1
            if isinstance(event, yaml.ScalarEvent):
                self._check_tag(event)
                line, col = _position(event)
                plain = not event.style and event.tag is None
                node = Scalar(self.name, line, col, clean(event.value), plain)
                self._count(event, 1)
                if event.anchor:
                    self.anchors[event.anchor] = (node, 1)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise self._fail(event, f"unknown alias *{event.anchor}")
                node, size = self.anchors[event.anchor]
                self._count(event, size)
            elif isinstance(event, yaml.CollectionStartEvent):
                self._check_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise self._fail(event, f"nested more than {MAX_DEPTH} levels deep")
                line, col = _position(event)
                cls = Mapping if isinstance(event, yaml.MappingStartEvent) else Sequence
                stack.append(_Frame(cls(self.name, line, col), event.anchor))
                self._count(event, 1)
                continue
            elif isinstance(event, yaml.CollectionEndEvent):
                frame = stack.pop()
                node, size = frame.node, frame.size
                if frame.anchor:
                    self.anchors[frame.anchor] = (node, size)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self._fail(event, "only one YAML document is allowed in a file")
                continue
            else:
                continue
            if stack:
                self._attach(stack[-1], node, size, event)
            else:
                root = node
        return root if root is not None else Scalar(self.name, 1, 1, "", True)

    def _attach(self, frame: _Frame, node: Node, size: int, event: yaml.Event) -> None:
        frame.size += size
        parent = frame.node
        if len(parent.items) >= MAX_ITEMS:
            what = "items in one list" if isinstance(parent, Sequence) else "keys in one mapping"
            raise BadInput(parent.problem(f"more than {MAX_ITEMS:,} {what}"))
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif frame.key is not None:
            if not frame.drop:
                parent.items.append((frame.key, node))
            frame.key, frame.drop = None, False
        elif not isinstance(node, Scalar):
            raise self._fail(event, "a key must be plain text, not a list or mapping")
        elif node.text == "<<" and node.plain:
            raise self._fail(
                event,
                "merge keys (<<) are not supported; repeat the keys or alias the whole value",
            )
        elif node.text in frame.keys:
            problem = node.problem(f"duplicate key '{node.text}'")
            if self.duplicates is None:
                raise BadInput(problem)
            self.duplicates.append(problem)
            frame.key, frame.drop = node, True
        else:
            frame.keys.add(node.text)
            frame.key = node
