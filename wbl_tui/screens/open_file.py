"""Open dialog: type the path of a saved plan (its .answers.yaml or .md) or pick it in a tree.

The dialog only chooses: it dismisses with the path, and the app opens it. When the file
cannot be opened the app shows the dialog again with the reason and the path typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DirectoryTree, Input, Label, Static, Tree
from textual.widgets.directory_tree import DirEntry
from textual.widgets.tree import TreeNode

from wbl_tui.errors import WblError
from wbl_tui.paths import expand_home
from wbl_tui.screens.confirm import Dialog, TextInput
from wbl_tui.textsafe import cut_points, plain


class PlanTree(DirectoryTree):
    """Folders and the files ``openable`` accepts; nothing hidden, nothing else."""

    def __init__(self, path: Path, openable: Callable[[Path], bool], *, id: str) -> None:
        super().__init__(path, id=id)
        self.openable = openable

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Keep what can be opened."""
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or self.openable(p))]

    def render_label(self, node: TreeNode[DirEntry], base_style: Style, style: Style) -> Text:
        """The label, cut in the middle when too wide, so the ending stays in sight.

        One plan's files share a long stem and differ only at the end (``.md``,
        ``.answers.yaml``, ``.partner-brief.md``); cut at the right they look the same.
        """
        label = super().render_label(node, base_style, style)
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet
            return label
        depth = 0
        parent = node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        over = label.cell_len - (width - depth * self.guide_depth)
        name = len(str(node.label))
        if over <= 0 or name - over < 12:  # fits, or too little room to be worth a cut
            return label
        head, tail = cut_points(name, name - over)
        start = len(label.plain) - name  # the icon before the name
        return Text.assemble(label[: start + head], "…", label[len(label.plain) - tail :])


class OpenModal(Dialog[Path | None]):
    """Choose a file: dismissed with its path (``~`` expanded), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, folder: Path, openable: Callable[[Path], bool], typed: str = "", error: str = ""
    ) -> None:
        super().__init__()
        self.folder = folder
        self.openable = openable
        self.typed = typed
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="open", classes="dialog"):
            yield Static("Open a saved plan or draft", classes="dialog-title")
            yield Label("File (type a path, or pick one below)")
            yield TextInput(self.typed, placeholder="e.g. ~/plans/esl-120.answers.yaml", id="path")
            yield PlanTree(self.folder, self.openable, id="tree")
            yield Static(_warning(self.error), id="open-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open", id="do-open", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        self.query_one("#path", Input).focus()

    @on(Tree.NodeHighlighted, "#tree")
    def _show_highlighted_file(self, event: Tree.NodeHighlighted[DirEntry]) -> None:
        """A file under the highlight goes into the File field, whole: Enter opens it."""
        entry = event.node.data
        if entry is not None and not event.node.allow_expand:
            path = self.query_one("#path", Input)
            path.value = str(entry.path)
            # Scrolled to the end, which tells one plan's files apart. Moved there in two
            # steps: the Input does not scroll for the first value it is given.
            path.cursor_position = 0
            path.cursor_position = len(path.value)

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        if self.openable(event.path):
            self.answer(event.path)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#do-open")
    def _open(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#open-error", Static).update(
                _warning("Type a path or pick a file in the list.")
            )
            return
        try:
            path = expand_home(text)
        except WblError as exc:
            self.query_one("#open-error", Static).update(_warning(str(exc)))
            return
        self.answer(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without opening."""
        self.answer(None)


def _warning(message: str) -> str:
    return f"⚠ {plain(message)}" if message else ""
