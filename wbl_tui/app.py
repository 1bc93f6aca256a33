"""The Textual app: which screen comes next, the session in progress, and its draft.

The app holds no decisions of its own: sessions, scores and rendering come from the
engine; screens show them. It owns the draft, so that nothing typed is ever lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import signal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from wbl_tui.errors import WblError
from wbl_tui.screens.home import HomeScreen

# Everything else (the engine, Jinja, YAML, the other screens) is imported where it is
# first needed, and warmed up in a thread once Home is drawn: start-up stays close to a
# bare Textual app's.
if TYPE_CHECKING:
    from textual.timer import Timer

    from wbl_tui.engine.document import Document
    from wbl_tui.engine.drafts import Drafts
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.render import Renderer
    from wbl_tui.engine.session import Session
    from wbl_tui.model.questions import QuestionSet
    from wbl_tui.paths import Settings

WARM_UP_DELAY = 0.3  # seconds after start-up
WARM_UP = (
    "wbl_tui.engine.session",
    "wbl_tui.engine.drafts",
    "wbl_tui.engine.render",
    "wbl_tui.screens.form",
    "wbl_tui.screens.results",
    "wbl_tui.screens.save",
    "wbl_tui.screens.confirm",
)

AUTOSAVE_DELAY = 0.4  # seconds: the most typing a kill can lose is this plus one write


class WblApp(App[int]):
    """wbl-tui: self-assessment, results, plan wizard, save and resume."""

    CSS_PATH = "app.tcss"
    TITLE = "wbl-tui"
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
        document: Document | None = None,
        document_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.library = library
        self.drafts_folder = settings.state_dir / "drafts"
        self.session: Session | None = None
        self.last_folder = Path.cwd()
        self._start = (start, qset, document, document_path)
        self._pending: tuple[Session, int] | None = None
        self._autosave_timer: Timer | None = None
        self._draft_warned = False

    @cached_property
    def renderer(self) -> Renderer:
        """One renderer for the session: templates compile once."""
        from wbl_tui.engine.render import Renderer
        from wbl_tui.paths import fixed_today

        return Renderer(self.library, fixed_today())

    @cached_property
    def drafts(self) -> Drafts:
        """The autosaved draft in the user's state folder."""
        from wbl_tui.engine.drafts import Drafts

        return Drafts(self.drafts_folder)

    def has_draft(self) -> bool:
        """Whether a draft is waiting (checked without loading the engine)."""
        from wbl_tui.engine.drafts import ANSWERS

        return (self.drafts_folder / ANSWERS).is_file()

    # -- start ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self._signalled)
        self.push_screen(HomeScreen())
        self.call_after_refresh(self._first_screen)
        # After the first frames, so the warm-up never delays Home.
        self.set_timer(WARM_UP_DELAY, self._warm_up)

    def _warm_up(self) -> None:
        self.run_worker(_warm_up, thread=True, exit_on_error=False)

    def _first_screen(self) -> None:
        if self.has_draft():
            from wbl_tui.screens.confirm import ConfirmModal

            summary = self.draft_summary() or "an unfinished session"

            def answered(resume: bool | None) -> None:
                if resume:
                    self.resume_draft()
                else:
                    self._set_draft_aside()
                    self._go_to_start()

            self.push_screen(
                ConfirmModal(
                    f"You have unfinished work:\n{summary}\n\nPick up where you left off?",
                    yes="Resume",
                    no="Not now",
                ),
                answered,
            )
        else:
            self._go_to_start()

    def _go_to_start(self) -> None:
        start, qset, document, document_path = self._start
        if start not in ("assess", "plan", "open"):
            self._refresh_home()
            return
        from wbl_tui.engine.document import Document
        from wbl_tui.engine.session import Session
        from wbl_tui.screens.confirm import MessageModal

        try:
            if start in ("assess", "plan"):
                kind = "assessment" if start == "assess" else "plan"
                chosen = qset if qset is not None else self.library.default_set(kind)
                self._begin(Session(Document(chosen), self.library.catalogue))
            elif start == "open" and document is not None:
                self._begin(Session(document, self.library.catalogue, _answers_path(document_path)))
        except WblError as exc:
            self.push_screen(MessageModal("Cannot start", str(exc)))

    def _refresh_home(self) -> None:
        if isinstance(self.screen, HomeScreen):
            self.screen.refresh_menu()

    # -- sessions ------------------------------------------------------------------------------

    def start_new(self, kind: str) -> None:
        """Start the default set of ``kind`` with no answers."""
        from wbl_tui.engine.document import Document
        from wbl_tui.engine.session import Session
        from wbl_tui.screens.confirm import MessageModal

        try:
            qset = self.library.default_set(kind)
        except WblError as exc:
            self.push_screen(MessageModal("No question set", str(exc)))
            return
        self._set_draft_aside()
        self._begin(Session(Document(qset), self.library.catalogue))

    def start_new_set(self, set_id: str) -> None:
        """Start the set ``set_id`` (from the sets screen)."""
        from wbl_tui.engine.document import Document
        from wbl_tui.engine.session import Session
        from wbl_tui.screens.confirm import MessageModal

        try:
            qset = self.library.find_set(set_id)
        except WblError as exc:
            self.push_screen(MessageModal("Cannot open that set", str(exc)))
            return
        self._set_draft_aside()
        self._begin(Session(Document(qset), self.library.catalogue))

    def start_plan_from(self, assessment: Session) -> None:
        """A new plan that builds on a finished self-assessment."""
        from wbl_tui.engine.document import Document
        from wbl_tui.engine.session import Session
        from wbl_tui.screens.confirm import MessageModal

        try:
            qset = self.library.default_set("plan")
        except WblError as exc:
            self.push_screen(MessageModal("No plan question set", str(exc)))
            return
        doc = Document(qset, {}, assessment.attached())
        self._begin(Session(doc, self.library.catalogue))
        self.changed(self.session, 0)  # type: ignore[arg-type]

    def open_path(self, path: Path) -> None:
        """Open a saved plan or draft (raises WblError, shown by the dialog, if it cannot)."""
        from wbl_tui.engine.document import read_document
        from wbl_tui.engine.session import Session

        doc = read_document(path, self.library, strict=False)
        self._set_draft_aside()
        self.last_folder = path.parent
        self._begin(Session(doc, self.library.catalogue, _answers_path(path)))

    def resume_draft(self) -> None:
        """Continue the autosaved session."""
        from wbl_tui.engine.session import Session
        from wbl_tui.screens.confirm import MessageModal

        try:
            draft = self.drafts.load(self.library)
        except WblError as exc:
            self.push_screen(
                MessageModal(
                    "The draft cannot be opened",
                    f"{exc}\n\nIt is kept, untouched, at {self.drafts.answers_path}.",
                )
            )
            return
        session = Session(draft.document, self.library.catalogue, draft.saved_path)
        session.dirty = True
        self._begin(session, draft.step)

    def _begin(self, session: Session, step: int | None = None) -> None:
        from wbl_tui.screens.form import FormScreen

        self._to_home()
        self.session = session
        if session.path is not None:
            self.last_folder = session.path.parent
        self.push_screen(FormScreen(session, step))

    def leave_session(self) -> None:
        """Back to Home, keeping the answers as a draft."""
        self.flush_draft()
        self.session = None
        self._to_home()
        self._refresh_home()

    def _to_home(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def show_results(self, session: Session) -> None:
        """Show where the finished self-assessment places the course."""
        from wbl_tui.screens.results import ResultsScreen

        self.flush_draft()
        self.push_screen(ResultsScreen(session))

    def draft_summary(self) -> str | None:
        """One line about the waiting draft, or None when there is none."""
        if not self.has_draft():
            return None
        from wbl_tui.engine.drafts import describe

        try:
            return describe(self.drafts.load(self.library))
        except WblError:
            return f"a draft that cannot be read right now ({self.drafts.answers_path})"

    # -- drafts --------------------------------------------------------------------------------

    def changed(self, session: Session, step: int) -> None:
        """Note a change; the draft is written within AUTOSAVE_DELAY seconds."""
        self._pending = (session, step)
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.flush_draft)

    def flush_draft(self) -> None:
        """Write the pending draft now (atomic; a failure is reported, never raised)."""
        self._autosave_timer = None
        pending, self._pending = self._pending, None
        if pending is None:
            return
        session, step = pending
        try:
            self.drafts.save(session.doc, session.path, step)
        except (WblError, OSError) as exc:
            if not self._draft_warned:
                self._draft_warned = True
                self.notify(
                    f"Cannot write the draft in {self.drafts.folder}: {exc}",
                    severity="error",
                    timeout=8,
                    markup=False,
                )

    def _set_draft_aside(self) -> None:
        self.flush_draft()
        if not self.has_draft():
            return
        with contextlib.suppress(OSError):  # left in place: offered next time, never lost
            self.drafts.set_aside()

    # -- save and open -------------------------------------------------------------------------

    def ask_save(self, session: Session) -> None:
        """The save dialog for this session's plan or report."""
        from wbl_tui.engine.document import dump_document
        from wbl_tui.engine.save import safe_filename, write_all
        from wbl_tui.screens.confirm import MessageModal
        from wbl_tui.screens.form import FormScreen
        from wbl_tui.screens.save import SaveModal, SaveRequest

        doc = session.doc
        is_plan = doc.qset.kind == "plan"
        answers = doc.answers
        title = " ".join(
            str(answers[k]) for k in ("course_title", "activity_title") if answers.get(k)
        )
        if not is_plan:
            title = f"{title} self-assessment".strip()
        stem = session.path.name.removesuffix(".answers.yaml") if session.path else None
        renderer = self.renderer

        def make_files(request: SaveRequest) -> dict[Path, str]:
            base = request.folder / request.stem
            files = {
                base.with_name(f"{request.stem}.md"): renderer.render(doc),
                base.with_name(f"{request.stem}.answers.yaml"): dump_document(doc),
            }
            if request.partner_brief:
                files[base.with_name(f"{request.stem}.partner-brief.md")] = renderer.render(
                    doc, "partner_brief.md.j2"
                )
            if request.html:
                files[base.with_name(f"{request.stem}.html")] = renderer.render(doc, fmt="html")
            return files

        def write_files(files: dict[Path, str], overwrite: bool) -> list[Path]:
            return write_all(files, overwrite=overwrite)

        def saved(written: list[Path] | None) -> None:
            if not written:
                return
            session.path = next(p for p in written if p.name.endswith(".answers.yaml"))
            session.dirty = False
            self.last_folder = session.path.parent
            self._pending = None
            self._set_draft_aside()
            if isinstance(self.screen, FormScreen):
                self.screen.refresh_after_save()
            self.push_screen(
                MessageModal("Saved", "Your files are saved:\n" + "\n".join(map(str, written)))
            )

        self.push_screen(
            SaveModal(
                "Save your plan" if is_plan else "Save your self-assessment report",
                self.last_folder,
                stem or safe_filename(title, "wbl-plan" if is_plan else "wbl-assessment"),
                make_files,
                write_files,
                offer_brief=is_plan,
            ),
            saved,
        )

    def ask_open(self) -> None:
        """The open dialog."""
        from wbl_tui.screens.open_file import OpenModal

        self.push_screen(OpenModal(self.last_folder, self.open_path))

    def show_sets(self) -> None:
        """The list of question sets."""
        from wbl_tui.screens.sets import SetsScreen

        self.push_screen(SetsScreen())

    # -- help, quit, signals -------------------------------------------------------------------

    def action_help(self) -> None:
        """Keys and the continuum."""
        from wbl_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit, asking first when there are answers not saved as a plan."""
        from wbl_tui.screens.confirm import ConfirmModal

        self.flush_draft()
        if self.session is None or not self.session.dirty:
            self.exit(0)
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit(0)

        self.push_screen(
            ConfirmModal(
                "Your latest answers are not saved as a plan yet. They are kept as a draft, "
                "and wbl-tui offers it the next time you start.\n\nQuit now?",
                yes="Quit",
                no="Keep working",
            ),
            answered,
        )

    def _signalled(self) -> None:
        """SIGTERM or SIGHUP: keep the draft, then exit so the terminal is restored."""
        self.flush_draft()
        self.exit(0)


def _warm_up() -> None:
    """Import what the next screens need while the user reads Home."""
    for name in WARM_UP:
        importlib.import_module(name)


def _answers_path(path: Path | None) -> Path | None:
    if path is None:
        return None
    if path.name.endswith(".answers.yaml"):
        return path
    return path.with_name(path.name.rsplit(".", 1)[0] + ".answers.yaml")


def run(
    settings: Settings,
    library: Library,
    *,
    start: str = "home",
    qset: QuestionSet | None = None,
    document: Document | None = None,
    document_path: Path | None = None,
) -> int:
    """Run the TUI until the user quits; the draft is written whatever ends it."""
    app = WblApp(
        settings, library, start=start, qset=qset, document=document, document_path=document_path
    )
    try:
        app.run()
    finally:
        app.flush_draft()
    return app.return_code or 0
