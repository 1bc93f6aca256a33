"""Open dialog: pick a saved plan (its .answers.yaml or .md) or a draft to continue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Label, Static

from wbl_tui.errors import WblError


class PlanTree(DirectoryTree):
    """Folders, answers files and Markdown plans; nothing hidden, nothing else."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        """Keep what can be opened."""
        return [
            p
            for p in paths
            if not p.name.startswith(".")
            and (p.is_dir() or p.name.endswith((".answers.yaml", ".md")))
        ]


class OpenModal(ModalScreen[bool]):
    """Choose a file; ``opener`` opens it (raising WblError to say why it cannot)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path, opener: Callable[[Path], None]) -> None:
        super().__init__(classes="dialog-screen")
        self.folder = folder
        self.opener = opener

    def compose(self) -> ComposeResult:
        with Vertical(id="open", classes="dialog"):
            yield Static("Open a saved plan or draft", classes="dialog-title")
            yield Label("File (type a path, or pick one below)")
            yield Input(placeholder="e.g. ~/plans/esl-120.answers.yaml", id="path")
            yield PlanTree(self.folder, id="tree")
            yield Static("", id="open-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open", id="do-open", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self._open()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#do-open")
    def _open(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._error("Type a path or pick a file.")
            return
        path = Path(text).expanduser()
        if not path.is_file():
            self._error(f"There is no file {path}.")
            return
        try:
            self.opener(path)
        except WblError as exc:
            self._error(str(exc))
            return
        self.dismiss(True)

    def _error(self, message: str) -> None:
        self.query_one("#open-error", Static).update(f"⚠ {message}")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without opening."""
        self.dismiss(False)
