"""A bare Textual app with about as many widgets as wbl-tui's home screen: the baseline."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Footer, Header, Static


class BareApp(App[None]):
    """Header, a title, two paragraphs, five buttons, a footer."""

    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static("Bare Textual app", id="title")
            yield Static("A paragraph of text that says what the app does, about two lines long.")
            yield Static("Another paragraph: what to do next.")
            for label in ("First action", "Second action", "Third action", "Fourth action", "Quit"):
                yield Button(label)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "bare"


if __name__ == "__main__":
    BareApp().run()
