"""The Textual app: navigation and message handlers, nothing else.

Screens post messages; the app routes them, owns the screen stack and asks the engine's
Workspace for sessions, drafts and saves (``navigation`` holds the longer conversations).
Dialogs are awaited with ``push_screen_wait`` in workers, so nothing is pushed while a
dialog is dismissing; files are read and written in threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from wbl_tui import warmup
from wbl_tui.autosaver import Autosaver
from wbl_tui.commands import WblCommands
from wbl_tui.errors import WblError
from wbl_tui.hangup import Hangup
from wbl_tui.palette import guard_option_list_paging
from wbl_tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.session import Session
    from wbl_tui.engine.workspace import Workspace
    from wbl_tui.model.questions import QuestionSet
    from wbl_tui.paths import Settings
    from wbl_tui.screens.form import FormScreen
    from wbl_tui.screens.results import ResultsScreen
    from wbl_tui.screens.sets import SetsScreen

T = TypeVar("T")


class WblApp(App[int]):
    """wbl-tui: self-assessment, results, plan wizard, save and resume."""

    CSS_PATH = "app.tcss"
    TITLE = "wbl-tui"
    COMMANDS = App.COMMANDS | {WblCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        settings: Settings,
        library: Library,
        *,
        start: str = "home",
        qset: QuestionSet | None = None,
        document_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.library = library
        self.sessions: list[Session] = []  # open, oldest first; each has its own draft
        self.autosaver = Autosaver(self, lambda s: self.workspace.autosave(s))
        self.hangup = Hangup(self.flush_drafts, self._leave_now)
        self._start = (start, qset, document_path)
        self._nav = asyncio.Lock()
        self._quitting = False
        self._warmed = False  # the warm-up is scheduled (once)

    @cached_property
    def workspace(self) -> Workspace:
        """The engine's sessions, drafts and outputs."""
        from wbl_tui.engine.workspace import Workspace

        return Workspace(self.settings, self.library)

    def _ws(self) -> Workspace:
        return self.workspace  # (loaded in a worker thread, not at start-up)

    def on_mount(self) -> None:
        guard_option_list_paging()
        self.hangup.install()
        # Started straight into a form, Home is drawn only when the person goes there and
        # the warm-up waits for the form: both would slow its first frame.
        if not self._first_screen():
            self.push_screen(HomeScreen())
            self._schedule_warm_up()
            self.refresh_home()

    def _schedule_warm_up(self) -> None:
        self._warmed = True
        warmup.schedule(self)

    def on_unmount(self) -> None:
        self.hangup.uninstall()

    def _first_screen(self) -> bool:
        """Begin the session the command line asked for; False when it asked for Home."""
        start, qset, path = self._start
        if start in ("assess", "plan"):
            kind = "assessment" if start == "assess" else "plan"
            self.begin(lambda: self._ws().new_from_set(qset.id) if qset else self._ws().new(kind))
        elif start == "open" and path is not None:
            self.begin(lambda: self._ws().open(path))
        else:
            return False
        return True

    @work(group="nav")
    async def begin(self, make: Callable[[], Session], changed: bool = False) -> None:
        """Start the session ``make`` returns (in a thread) on a fresh stack above Home."""
        from wbl_tui.navigation import form_for

        async with self._nav:
            try:
                session = await asyncio.to_thread(make)
            except (WblError, OSError) as exc:
                from wbl_tui.screens.confirm import MessageModal

                if len(self.screen_stack) <= 1:  # started with this file: Home under the message
                    await self.push_screen(HomeScreen())
                await self.ask(MessageModal("Cannot open that", str(exc)))
                self.refresh_home()
                return
            await self._to_home()
            self.sessions.append(session)
            await self.push_screen(form_for(session, self.workspace))
            if changed:
                self.autosaver.changed(session)
            if not self._warmed:  # started straight into a form: warm the rest up now
                self._schedule_warm_up()

    async def _to_home(self, *, with_home: bool = False) -> None:
        """Close sessions and screens above Home, drafts written first (``with_home``: show it)."""
        self.flush_drafts()
        for session in self.sessions:
            self.workspace.close(session)
        self.sessions.clear()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            await self.screen.dismiss(None)
        if with_home and not isinstance(self.screen, HomeScreen):
            await self.push_screen(HomeScreen())

    async def ask(self, dialog: Screen[T]) -> T:
        """Show ``dialog`` and wait for its answer (from a worker), and for it to be gone."""
        result = await self.push_screen_wait(dialog)
        for _ in range(100):
            if not dialog.is_attached:
                break
            await asyncio.sleep(0.01)
        return result

    @work(group="home", exclusive=True)
    async def refresh_home(self) -> None:
        """List the unfinished drafts on Home."""
        drafts = await asyncio.to_thread(self.workspace.drafts)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_drafts(drafts)

    def on_home_screen_chosen(self, message: HomeScreen.Chosen) -> None:
        """Home: start, open, browse, resume or set a draft aside."""
        from wbl_tui.navigation import on_home

        on_home(self, message.action, message.draft_id)

    def on_sets_screen_chosen(self, message: SetsScreen.Chosen) -> None:
        """Start the set picked in the list of sets."""
        set_id = message.set_id
        self.begin(lambda: self.workspace.new_from_set(set_id))

    def on_form_screen_changed(self, message: FormScreen.Changed) -> None:
        """A change: the draft follows within a moment, written by a thread."""
        self.autosaver.changed(message.session)

    def on_form_screen_save_requested(self, message: FormScreen.SaveRequested) -> None:
        """The wizard (or assessment) asks to save."""
        self.save_flow(message.session)

    def on_results_screen_save_requested(self, message: ResultsScreen.SaveRequested) -> None:
        """Results asks to save the report."""
        self.save_flow(message.session)

    def on_form_screen_leave_requested(self, message: FormScreen.LeaveRequested) -> None:
        """Back to Home; the answers stay as a draft, listed there."""
        self.go_home()

    def on_form_screen_finished(self, message: FormScreen.Finished) -> None:
        """A finished self-assessment: show where the course sits."""
        from wbl_tui.screens.results import ResultsScreen

        self.autosaver.flush()
        if isinstance(self.screen, Screen) and not isinstance(self.screen, ResultsScreen):
            self.push_screen(ResultsScreen(message.session))

    def on_results_screen_build_plan(self, message: ResultsScreen.BuildPlan) -> None:
        """A plan that builds on the finished assessment."""
        assessment = message.session
        self.begin(lambda: self.workspace.plan_from(assessment), changed=True)

    @work(group="nav")
    async def go_home(self) -> None:
        """Back to Home, with its list of drafts brought up to date."""
        async with self._nav:
            await self._to_home(with_home=True)
        self.refresh_home()

    @work(group="dialog")
    async def save_flow(self, session: Session) -> None:
        """The save dialog, then the write in a thread; the dialog again if it fails."""
        from wbl_tui.navigation import save_session

        await save_session(self, session)

    @work(group="dialog")
    async def open_flow(self) -> None:
        """The open dialog, then the file opened in a thread; the dialog again on failure."""
        from wbl_tui.navigation import choose_file

        session = await choose_file(self)
        if session is not None:
            self.begin(lambda: session)

    def action_command_palette(self) -> None:
        """The command palette (with a guard for a Textual paging bug, see ``palette``)."""
        from wbl_tui.palette import Palette

        if self.use_command_palette and not any(isinstance(s, Palette) for s in self.screen_stack):
            self.push_screen(Palette())  # no id: one being dismissed may still be mounted

    def action_help(self) -> None:
        """Keys and the continuum."""
        from wbl_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit, asking first when some answers are not saved to a file."""
        if not self._quitting:
            self._quitting = True
            self.quit_flow()

    @work(group="quit")
    async def quit_flow(self) -> None:
        """Ask when there are unsaved answers, then close every session and exit."""
        from wbl_tui.navigation import quit_app

        try:
            await quit_app(self)
        finally:
            self._quitting = False

    def flush_drafts(self) -> None:
        """Write every open session's draft now (any thread)."""
        self.autosaver.flush(list(self.sessions))

    def _leave_now(self) -> None:
        """A signal or a lost terminal: exit soon (from any thread; drafts flushed already)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._start_exit)

    def _start_exit(self) -> None:
        from wbl_tui.navigation import drain_and_exit

        self.run_worker(drain_and_exit(self), group="exit")

    def watch_theme(self, theme: str) -> None:
        """Remember the chosen theme (written by a thread)."""
        if "workspace" in self.__dict__ and theme != self.workspace.config.theme:
            self.workspace.config.theme = theme
            self.run_worker(self.workspace.config.save, thread=True, group="config")


def run(
    settings: Settings,
    library: Library,
    *,
    start: str = "home",
    qset: QuestionSet | None = None,
    document_path: Path | None = None,
) -> int:
    """Run the TUI until the person quits; every draft is written whatever ends it."""
    app = WblApp(settings, library, start=start, qset=qset, document_path=document_path)
    try:
        app.run()
    finally:
        app.flush_drafts()
    return app.return_code or 0
