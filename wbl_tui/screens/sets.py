"""Browse the question sets found on the search path, and start one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from wbl_tui.textsafe import one_line
from wbl_tui.widgets.key_footer import KeyFooter
from wbl_tui.widgets.title_header import TitleHeader

if TYPE_CHECKING:
    from wbl_tui.engine.library import SetInfo


class SetsScreen(Screen[None]):
    """Every set: id, version, kind, title and where it came from; Enter starts one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "home", "Home")]

    class Chosen(Message):
        """Start the set ``set_id``."""

        def __init__(self, set_id: str) -> None:
            super().__init__()
            self.set_id = set_id

    def __init__(self, sets: Sequence[SetInfo]) -> None:
        super().__init__()
        self.sets = tuple(sets)

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        with Vertical(id="sets"):
            yield Static(
                "Question sets on this computer. Press Enter on one to start it. Sets your "
                "coordinator shares go in your data folder or a folder named in WBL_TUI_PATH.",
                id="sets-intro",
            )
            yield DataTable(id="sets-table", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        table = self.query_one(DataTable)
        table.add_columns("Title", "Kind", "Id", "Version", "From")
        for info in self.sets:
            q = info.qset
            table.add_row(
                *(Text(one_line(v, 60)) for v in (q.title, q.kind, q.id, q.version, info.origin)),
                key=q.id,
            )
        table.focus()

    @on(DataTable.RowSelected)
    def _start(self, event: DataTable.RowSelected) -> None:
        set_id = event.row_key.value
        if set_id is not None:
            self.post_message(self.Chosen(set_id))

    def action_home(self) -> None:
        """Back to Home."""
        if self.is_active:
            self.dismiss()
