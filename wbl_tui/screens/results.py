"""Results of a self-assessment: the course on the continuum, scores, and next steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static

from wbl_tui.engine.scoring import Result
from wbl_tui.engine.session import Session
from wbl_tui.model.continuum import STAGE_BY_ID
from wbl_tui.textsafe import one_line, plain
from wbl_tui.widgets.continuum_bar import ContinuumBar
from wbl_tui.widgets.key_footer import KeyFooter
from wbl_tui.widgets.title_header import TitleHeader

BAR = 20  # characters in a score bar


class ResultsScreen(Screen[None]):
    """Where the course sits, what that means, and what to try next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "plan", "Build a plan"),
        Binding("ctrl+s,s", "save", "Save report"),
        Binding("escape", "back", "Back to answers"),
    ]

    class BuildPlan(Message):
        """Start a plan that builds on this assessment."""

        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    class SaveRequested(Message):
        """Save the assessment's report (and its answers)."""

        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        result = session.result()
        assert result is not None  # an assessment always has a result
        self.result: Result = result

    def compose(self) -> ComposeResult:
        result, session = self.result, self.session
        stage = STAGE_BY_ID.get(result.stage or "")
        yield TitleHeader()
        with VerticalScroll(id="results"):
            if stage is None:
                yield Static("Your course is not placed yet", classes="results-heading")
            else:
                yield Static(
                    f"Your course today: {stage.label} ({stage.short})",
                    classes="results-heading",
                    markup=False,
                )
            yield ContinuumBar(result.stage, id="continuum")
            yield Static(_meaning(result), id="meaning", markup=False)
            yield Static("Scores", classes="results-subheading")
            yield Static(_scores(session, result), id="scores", markup=False)
            discipline = session.discipline
            heading = "Next steps" + (f" for {one_line(discipline.name)}" if discipline else "")
            yield Static(heading, classes="results-subheading", markup=False)
            yield from _next_steps(result)
        with Horizontal(id="results-actions", classes="buttons"):
            yield Button("Build a plan from this", id="plan", variant="primary")
            yield Button("Save report…", id="save")
            yield Button("Back to answers", id="back")
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self.is_active:  # closed by a key in the same burst: nothing to set up
            return
        self.query_one("#results").focus()

    @on(Button.Pressed, "#plan")
    def action_plan(self) -> None:
        """Start the wizard with this assessment attached."""
        self.post_message(self.BuildPlan(self.session))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save the assessment report as Markdown (and its answers)."""
        self.post_message(self.SaveRequested(self.session))

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Return to the questions to change an answer."""
        if self.is_active:
            self.dismiss()


def _meaning(result: Result) -> str:
    stage = STAGE_BY_ID.get(result.stage or "")
    if stage is None:
        return "Answer the questions about what your students do today to be placed."
    following = STAGE_BY_ID.get(result.next_stage or "")
    text = stage.description
    if following is not None:
        text += (
            f"\n\nA next step could be {following.short}: {following.label.lower()}. "
            f"{following.description}"
        )
    else:
        text += (
            "\n\nYour course already offers the deepest stage. Next steps are about reach "
            "and quality: every student taking part, and the experience assessed well."
        )
    return text


def _scores(session: Session, result: Result) -> str:
    width = max((len(one_line(s.label, 32)) for s in session.qset.scales), default=10)
    lines = []
    for scale in session.qset.scales:
        pct = result.pct.get(scale.id, 0.0)
        filled = round(pct / 100 * BAR)
        label = one_line(scale.label, 32).ljust(width)
        lines.append(f"{label}  {'█' * filled}{'░' * (BAR - filled)}  {round(pct):>3} %")
    return "\n".join(lines) or "This set has no scales."


def _next_steps(result: Result) -> Iterator[Static]:
    if not result.recommendations:
        yield Static("Choose your discipline in the first step to see activities for your field.")
        return
    for rec in result.recommendations:
        stage = STAGE_BY_ID.get(rec.stage)
        where = f" ({stage.short})" if stage else ""
        yield Static(f"• {one_line(rec.activity.title)}{where}", classes="rec-title", markup=False)
        if rec.activity.description:
            yield Static(plain(rec.activity.description), classes="rec-detail", markup=False)
