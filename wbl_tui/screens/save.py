"""Save dialog: folder and name, optional extras, overwrite check, atomic write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from wbl_tui.engine.save import safe_filename
from wbl_tui.errors import AlreadyExists, WblError
from wbl_tui.screens.confirm import ConfirmModal


@dataclass(frozen=True, slots=True)
class SaveRequest:
    """What the user asked for: where, under what name, and which extra files."""

    folder: Path
    stem: str
    partner_brief: bool = False
    html: bool = False


# Builds the files of a request (path -> text); raises WblError when it cannot.
FileMaker = Callable[[SaveRequest], dict[Path, str]]
# Writes the files; ``overwrite`` says the user agreed to replace existing ones.
FileWriter = Callable[[dict[Path, str], bool], list[Path]]


class SaveModal(ModalScreen[list[Path] | None]):
    """Choose where to save; dismiss with the written paths, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        heading: str,
        folder: Path,
        stem: str,
        make_files: FileMaker,
        write_files: FileWriter,
        *,
        offer_brief: bool = False,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.heading = heading
        self.folder = folder
        self.stem = stem
        self.make_files = make_files
        self.write_files = write_files
        self.offer_brief = offer_brief

    def compose(self) -> ComposeResult:
        with Vertical(id="save", classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Label("Folder")
            yield Input(str(self.folder), id="folder")
            yield Label("File name")
            yield Input(self.stem, id="name")
            yield Static("", id="save-files", markup=False)
            if self.offer_brief:
                yield Checkbox("Also a one-page brief for the partner", id="brief")
            yield Checkbox("Also an HTML copy to paste into your LMS", id="html")
            yield Static("", id="save-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="do-save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_names()
        self.query_one("#name").focus()

    def _request(self) -> SaveRequest:
        folder = Path(self.query_one("#folder", Input).value.strip() or ".").expanduser().absolute()
        stem = safe_filename(self.query_one("#name", Input).value)
        brief = self.offer_brief and self.query_one("#brief", Checkbox).value
        return SaveRequest(folder, stem, brief, self.query_one("#html", Checkbox).value)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _show_names(self) -> None:
        request = self._request()
        names = [f"{request.stem}.md", f"{request.stem}.answers.yaml"]
        if request.partner_brief:
            names.append(f"{request.stem}.partner-brief.md")
        if request.html:
            names.append(f"{request.stem}.html")
        self.query_one("#save-files", Static).update("Writes " + ", ".join(names))

    @on(Input.Submitted)
    @on(Button.Pressed, "#do-save")
    def _save_pressed(self) -> None:
        self.save()

    @work(exclusive=True)
    async def save(self) -> None:
        """Build the files, confirm any overwrite, write them; stay open on failure."""
        request = self._request()
        if not request.folder.is_dir():
            self._error(f"There is no folder {request.folder}. Check the name, or create it.")
            return
        try:
            files = self.make_files(request)
        except WblError as exc:
            self._error(f"The plan could not be made: {exc}")
            return
        overwrite = False
        existing = [p.name for p in files if p.exists()]
        if existing:
            overwrite = await self.app.push_screen_wait(
                ConfirmModal(
                    "These files already exist in that folder:\n  "
                    + "\n  ".join(existing)
                    + "\nReplace them?",
                    yes="Replace",
                    no="Keep them",
                )
            )
            if not overwrite:
                self._error("Nothing was replaced. Choose another name to keep both.")
                return
        try:
            written = self.write_files(files, overwrite)
        except AlreadyExists as exc:
            self._error(f"{exc}. Choose another name.")
            return
        except WblError as exc:
            self._error(
                f"Could not save: {exc}. Nothing is lost: your answers are still here and "
                "in the draft."
            )
            return
        self.dismiss(written)

    def _error(self, message: str) -> None:
        self.query_one("#save-error", Static).update(f"⚠ {message}")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
