"""Save dialog: folder, name and extras; shows the engine's OutputPlan, asks up front.

Which files a save writes, and whether they exist, is the engine's ``OutputPlan``; this
dialog shows it as the person types, asks before creating a folder or replacing files,
and dismisses with the plan and those two answers. The app writes the files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from wbl_tui.errors import WblError
from wbl_tui.paths import expand_home, split_name
from wbl_tui.screens.confirm import ConfirmModal, Dialog, TextInput
from wbl_tui.textsafe import middle_cut, plain

if TYPE_CHECKING:
    from wbl_tui.engine.outputs import OutputPlan

# (folder, stem, extras) -> the files that save would write; raises WblError when it cannot.
Planner = Callable[[Path, str, frozenset[str]], "OutputPlan"]


@dataclass(frozen=True)
class SaveForm:
    """What the dialog shows: heading, folder, name, the extras offered and those ticked."""

    heading: str
    folder: Path
    stem: str
    offered: Sequence[tuple[str, str]]  # (extra, label)
    ticked: frozenset[str]
    error: str = ""


@dataclass(frozen=True)
class SaveChoice:
    """The person's answer: the files to write, and may a folder be made or files replaced.

    ``form`` holds what they typed, to show the dialog again after a failure.
    """

    plan: OutputPlan
    replace: bool
    make_folder: bool
    form: SaveForm


class SaveModal(Dialog[SaveChoice | None]):
    """Choose where to save; answered with a SaveChoice, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, form: SaveForm, planner: Planner) -> None:
        super().__init__()
        self.form = form
        self.planner = planner

    def compose(self) -> ComposeResult:
        form = self.form
        with Vertical(id="save", classes="dialog"):
            yield Static(form.heading, classes="dialog-title", markup=False)
            with VerticalScroll(id="save-body"):
                with Horizontal(classes="field-row"):
                    yield Label("Folder", classes="field-label")
                    yield TextInput(str(form.folder), id="folder")
                yield Static(
                    "That folder does not exist yet: Save offers to create it.", id="save-note"
                )
                with Horizontal(classes="field-row"):
                    yield Label("Name", classes="field-label")
                    yield TextInput(form.stem, id="name")
                for extra, label in form.offered:
                    yield Checkbox(label, extra in form.ticked, id=f"extra-{extra}")
                yield Static("", id="save-files", markup=False)
                yield Static(_warning(form.error), id="save-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="do-save", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        self._show_files()
        self.call_after_refresh(self._show_files)  # again when laid out: names cut to fit
        self.query_one("#name", Input).focus()

    def on_resize(self) -> None:
        """File names are cut to the dialog's width."""
        self._show_files()

    def _typed(self) -> tuple[str, str]:
        """Folder and name as typed, with a folder typed into Name moved to the folder."""
        return split_name(
            self.query_one("#folder", Input).value,
            self.query_one("#name", Input).value,
            self.form.stem,
        )

    @on(Input.Blurred, "#name")
    def move_folder_out_of_name(self) -> None:
        """A path typed in Name: its folder goes into Folder, its last part stays the name."""
        folder_input, name_input = self.query_one("#folder", Input), self.query_one("#name", Input)
        folder, stem = self._typed()
        if (folder, stem) != (folder_input.value, name_input.value):
            folder_input.value, name_input.value = folder, stem
            folder_input.cursor_position = 0  # then to its end, which was just typed:
            folder_input.cursor_position = len(folder)  # a first value does not scroll

    def _values(self) -> tuple[Path, str, frozenset[str]]:
        folder_text, stem_text = self._typed()
        folder = expand_home(folder_text.strip() or "~")
        stem = stem_text.strip()
        extras = frozenset(
            extra
            for extra, _label in self.form.offered
            if self.query_one(f"#extra-{extra}", Checkbox).value
        )
        return folder, stem, extras

    def _plan(self) -> OutputPlan | None:
        try:
            return self.planner(*self._values())
        except WblError as exc:
            self.query_one("#save-error", Static).update(_warning(str(exc)))
            return None

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _show_files(self) -> None:
        plan = self._plan()
        note = self.query_one("#save-note", Static)
        note.display = False
        if plan is None:
            self.query_one("#save-files", Static).update("")
            return
        self.query_one("#save-error", Static).update(_warning(self.form.error))
        # Under the folder, where it stays in sight when the list of files is long.
        note.display = missing = plan.missing_folder()
        width = self.query_one("#save-files", Static).content_region.width or 1000
        lines = [f"Saves in {plan.folder}:"]
        lines += [  # cut in the middle, not broken mid-word: the endings tell them apart
            f"  {middle_cut(f.path.name, width - len(f.label) - 6)}  ({f.label})"
            for f in plan.files
        ]
        if not missing and (existing := plan.conflicts()):
            names = ", ".join(p.name for p in existing)
            lines.append(f"Already there: {names}. Save asks before replacing.")
        self.query_one("#save-files", Static).update(plain("\n".join(lines)))

    @on(Input.Submitted)
    @on(Button.Pressed, "#do-save")
    def _save_pressed(self) -> None:
        self.confirm()

    @work(exclusive=True, group="save-dialog")
    async def confirm(self) -> None:
        """Ask about a missing folder and existing files, then answer with the choice."""
        self.move_folder_out_of_name()
        plan = self._plan()
        if plan is None:
            return
        make_folder = plan.missing_folder()
        if make_folder and not await self.app.push_screen_wait(
            ConfirmModal(
                f"There is no folder {plan.folder} yet.\n\nCreate it and save there?",
                yes="Create and save",
                no="Back",
            )
        ):
            return
        existing = [] if make_folder else plan.conflicts()
        if existing and not await self.app.push_screen_wait(
            ConfirmModal(
                "These files are already in that folder:\n  "
                + "\n  ".join(p.name for p in existing)
                + "\n\nReplace them?",
                yes="Replace",
                no="Keep them",
            )
        ):
            self.query_one("#save-error", Static).update(
                _warning("Nothing was replaced. Choose another name to keep both.")
            )
            return
        folder, stem, extras = self._values()
        form = SaveForm(self.form.heading, folder, stem, self.form.offered, extras)
        self.answer(SaveChoice(plan, bool(existing), make_folder, form))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.answer(None)


def _warning(message: str) -> str:
    return f"⚠ {plain(message)}" if message else ""
