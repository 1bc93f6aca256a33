"""A picture of the continuum: three stages in a row, the course's place marked."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from wbl_tui.model.continuum import STAGES


class ContinuumBar(Widget):
    """ABOUT → THROUGH → FOR, with the placed stage filled and pointed at."""

    DEFAULT_CSS = """
    ContinuumBar { height: 4; }
    """

    stage: reactive[str | None] = reactive(None)

    def __init__(self, stage: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ContinuumBar.stage, stage)

    def render(self) -> RenderableType:
        width = max(self.size.width, 30)
        cell = (width - 2 * 3) // 3
        names, bars, marks = Text(), Text(), Text()
        for i, stage in enumerate(STAGES):
            here = stage.id == self.stage
            name = stage.short.upper() if here else stage.short
            names.append(name[:cell].center(cell), style="bold" if here else "")
            bars.append(("█" if here else "░") * cell, style="reverse" if here else "dim")
            marks.append(("▲ your course" if here else "")[:cell].center(cell), style="bold")
            if i < len(STAGES) - 1:
                names.append("   ")
                bars.append(" → ")
                marks.append("   ")
        return Group(names, bars, bars, marks)
