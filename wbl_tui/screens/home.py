"""Home: what the tool does, the unfinished drafts, and where to start."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wbl_tui.textsafe import one_line
from wbl_tui.widgets.key_footer import KeyFooter
from wbl_tui.widgets.title_header import TitleHeader

if TYPE_CHECKING:
    from wbl_tui.engine.workspace import DraftInfo

INTRO = (
    "Bring work-based learning into your course, from guest speakers and workplace tours "
    "to industry-judged projects, service learning and placements. Take a short "
    "self-assessment to see where your course sits on the continuum, then build a lesson "
    "plan you could hand to a colleague."
)

CHOICES = (
    ("assess", "Start the self-assessment", "about 10 minutes: where your course sits today"),
    ("plan", "Build a lesson plan", "a step-by-step wizard with a live preview"),
    ("open", "Open a saved plan or draft", "pick up a .answers.yaml or .md you saved"),
    ("sets", "Browse question sets", "the built-in sets and any your coordinator shared"),
)
DRAFT = "draft:"  # option ids of drafts: DRAFT + the draft's id


class HomeScreen(Screen[None]):
    """The first screen: the drafts to pick up, and the four ways in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "pick('assess')", "Assess", show=False),
        Binding("p", "pick('plan')", "Plan", show=False),
        Binding("o", "pick('open')", "Open", show=False),
        Binding("delete,d", "set_aside", "Set draft aside"),
    ]

    class Chosen(Message):
        """The person chose a way in: ``action`` is assess, plan, open, sets, resume or aside."""

        def __init__(self, action: str, draft_id: str | None = None) -> None:
            super().__init__()
            self.action = action
            self.draft_id = draft_id

    def __init__(self) -> None:
        super().__init__()
        self._drafts: tuple[DraftInfo, ...] = ()

    def compose(self) -> ComposeResult:
        yield TitleHeader()
        with Vertical(id="home"):
            yield Static("Work-based learning planner", id="home-title")
            yield Static(INTRO, id="home-intro")
            yield OptionList(*self._options(), id="home-menu")
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        self.query_one("#home-menu", OptionList).focus()

    def show_drafts(self, drafts: Sequence[DraftInfo]) -> None:
        """List ``drafts`` (unfinished work) above the ways in."""
        self._drafts = tuple(drafts)
        menu = self.query_one("#home-menu", OptionList)
        menu.set_options(self._options())
        menu.highlighted = 0
        self.refresh_bindings()

    def _options(self) -> list[Option]:
        options = [
            _option(
                DRAFT + d.id,
                f"Resume: {one_line(d.title, 60) or 'untitled'}",
                f"{one_line(d.set_title, 60)} · changed {when(d.changed)}",
            )
            for d in self._drafts
        ]
        options.extend(_option(*choice) for choice in CHOICES)
        return options

    def _highlighted_draft(self) -> str | None:
        menu = self.query_one("#home-menu", OptionList)
        if menu.highlighted is None or menu.highlighted >= menu.option_count:
            return None
        option_id = menu.get_option_at_index(menu.highlighted).id or ""
        return option_id.removeprefix(DRAFT) if option_id.startswith(DRAFT) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "set aside" only while a draft is highlighted."""
        if action == "set_aside":
            return self.is_mounted and self._highlighted_draft() is not None
        return True

    @on(OptionList.OptionHighlighted, "#home-menu")
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#home-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(DRAFT):
            self.post_message(self.Chosen("resume", option_id.removeprefix(DRAFT)))
        else:
            self.action_pick(option_id)

    def action_pick(self, choice: str) -> None:
        """Go where the person chose."""
        self.post_message(self.Chosen(choice))

    def action_set_aside(self) -> None:
        """Move the highlighted draft out of the list (kept in the drafts' "old" folder)."""
        draft_id = self._highlighted_draft()
        if draft_id is not None:
            self.post_message(self.Chosen("aside", draft_id))


def when(moment: datetime) -> str:
    """When a draft last changed, in the person's local time."""
    local = moment.astimezone() if moment.tzinfo else moment
    now = datetime.now(local.tzinfo)
    if local.date() == now.date():
        return f"today {local:%H:%M}"
    return f"{local:%d %b %Y %H:%M}"


def _option(key: str, title: str, detail: str) -> Option:
    prompt = Content.assemble(
        (one_line(title, 120), "bold"), "\n  ", (one_line(detail, 120), "dim")
    )
    return Option(prompt, id=key)
