"""Back and Next under the questions: Textual's Button look, without its stylesheet.

Textual's Button carries about 7 KB of CSS (nine variants in three styles), parsed and
matched the first time a Button is shown. For the wizard that is its first frame, and it
cost about 20 ms of CPU before the first question appeared. This button draws the default
and primary looks only, with the same rules, and presses the same way (Enter, a click).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

ACTIVE_EFFECT = 0.2  # seconds the pressed look lasts, as Textual's


class NavButton(Widget, can_focus=True):
    """A focusable label; Enter or a click posts :class:`NavButton.Pressed`."""

    DEFAULT_CSS = """
    NavButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border: none;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;
        &:disabled {
            text-opacity: 0.6;
            pointer: not-allowed;
        }
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            border-top: tall $surface;
            background: $surface-darken-1;
        }
        &.-active {
            background: $surface;
            border-bottom: tall $surface-lighten-1;
            border-top: tall $surface-darken-1;
            tint: $background 30%;
        }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            border-top: tall $primary-lighten-3;
            border-bottom: tall $primary-darken-3;
            &:hover {
                background: $primary-darken-2;
                border-top: tall $primary;
            }
            &.-active {
                background: $primary;
                border-bottom: tall $primary-lighten-3;
                border-top: tall $primary-darken-3;
            }
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "press", "Press", show=False)]

    class Pressed(Message):
        """The button was pressed."""

        def __init__(self, button: NavButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> NavButton:
            """The button (so ``@on(NavButton.Pressed, "#next")`` selects by id)."""
            return self.button

    def __init__(self, label: str, *, id: str, primary: bool = False) -> None:
        super().__init__(id=id, classes="-primary" if primary else "")
        self._label = Content(label)

    @property
    def label(self) -> str:
        """The text on the button."""
        return self._label.plain

    @label.setter
    def label(self, text: str) -> None:
        if text != self._label.plain:
            self._label = Content(text)
            self.refresh(layout=True)

    def render(self) -> Content:
        return self._label

    def get_content_width(self, container: object, viewport: object) -> int:
        return self._label.cell_length + 2

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()

    def action_press(self) -> None:
        """Press it, unless it is disabled, hidden, or still showing the last press."""
        if self.disabled or not self.display or self.has_class("-active"):
            return
        self.add_class("-active")
        self.set_timer(ACTIVE_EFFECT, lambda: self.remove_class("-active"))
        self.post_message(self.Pressed(self))
