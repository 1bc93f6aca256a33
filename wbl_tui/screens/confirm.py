"""Dialogs: the base every modal shares, a yes/no question and a message to acknowledge."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wbl_tui.textsafe import plain
from wbl_tui.widgets.controls import KeysInOrder

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """A modal that answers once.

    A second Enter (or a key after Escape) must not pop the screen beneath it, which is
    what ``dismiss`` would do when called twice.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="dialog-screen")
        self._answered = False

    def answer(self, result: T) -> None:
        """Dismiss with ``result``, once, and only while this dialog is on top."""
        if self._answered or not self.is_active:
            return
        self._answered = True
        self.dismiss(result)


class ConfirmModal(Dialog[bool]):
    """Ask a question; answered True for ``yes``, False for ``no`` or Escape."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "no", "Cancel")]

    def __init__(self, message: str, yes: str = "Yes", no: str = "Cancel") -> None:
        super().__init__()
        self.message, self.yes, self.no = plain(message), yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.message, markup=False, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        self.query_one("#yes").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.answer(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        """Answer no."""
        self.answer(False)


class MessageModal(Dialog[None]):
    """Tell the person something that must not vanish like a toast (e.g. where files went)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "ok", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.heading, self.message = plain(title), plain(message)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading, markup=False, classes="dialog-title")
            yield Static(self.message, markup=False, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button("OK", id="ok", variant="primary")

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        self.query_one("#ok").focus()

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        """Close the message."""
        self.answer(None)


class TextInput(KeysInOrder, Input):
    """A one-line field whose keys land in the order they were typed, however fast."""
