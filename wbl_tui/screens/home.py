"""Home: what the tool does, and where to start."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from wbl_tui.textsafe import one_line
from wbl_tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from wbl_tui.app import WblApp

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


class HomeScreen(Screen[None]):
    """The first screen: a short introduction and the four ways in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "pick('assess')", "Assess", show=False),
        Binding("p", "pick('plan')", "Plan", show=False),
        Binding("o", "pick('open')", "Open", show=False),
    ]

    @property
    def wbl(self) -> WblApp:
        """The app, typed."""
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Work-based learning planner", id="home-title")
            yield Static(INTRO, id="home-intro")
            yield OptionList(id="home-menu")
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        self.refresh_menu()

    def refresh_menu(self) -> None:
        """List the ways in, with the waiting draft first when there is one."""
        menu = self.query_one("#home-menu", OptionList)
        options = []
        draft = self.wbl.draft_summary()
        if draft:
            options.append(_option("resume", "Resume where you left off", draft))
        options.extend(_option(*choice) for choice in CHOICES)
        menu.set_options(options)
        menu.highlighted = 0
        menu.focus()

    @on(OptionList.OptionSelected, "#home-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option.id or "")

    def action_pick(self, choice: str) -> None:
        """Go where the user chose."""
        app = self.wbl
        if choice == "assess":
            app.start_new("assessment")
        elif choice == "plan":
            app.start_new("plan")
        elif choice == "open":
            app.ask_open()
        elif choice == "sets":
            app.show_sets()
        elif choice == "resume":
            app.resume_draft()


def _option(key: str, title: str, detail: str) -> Option:
    prompt = Content.assemble((title, "bold"), "\n  ", (one_line(detail, 120), "dim"))
    return Option(prompt, id=key)
