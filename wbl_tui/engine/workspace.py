"""The engine side of the app: starting sessions, their drafts, saving, previews, config.

The UI asks a ``Workspace`` for sessions (a new one of a kind or set, a plan building on
an assessment, a saved file, a draft) and hands them back to autosave, save and close.
Every file the app writes is decided here or in ``outputs``; nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui.engine.config import Config
from wbl_tui.engine.draftstore import DraftInfo, DraftStore
from wbl_tui.engine.save import write_atomic
from wbl_tui.errors import WblError
from wbl_tui.paths import expand_home
from wbl_tui.textsafe import one_line

# The engine's models (YAML, Jinja) load when a session starts, not when Home lists drafts.
if TYPE_CHECKING:
    from wbl_tui.engine.document import Document
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.outputs import OutputPlan, OutputRole
    from wbl_tui.engine.render import Renderer
    from wbl_tui.engine.session import Session
    from wbl_tui.model.questions import Answer
    from wbl_tui.paths import Settings

__all__ = ["DraftInfo", "InUse", "Workspace"]

STATE_FILE = "workspace.json"  # in the state folder: the last folder, remembered answers
DEFAULT_FOLDER = "wbl-plans"  # inside the user's documents folder


class InUse(WblError):
    """The draft is open in another wbl-tui (its lock is held by a live process)."""


class Workspace:
    """Sessions, drafts, saves and previews for one run of the program."""

    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.store = DraftStore(settings.state_dir / "drafts")
        self._write_lock = threading.Lock()  # autosaves come from worker threads

    @cached_property
    def renderer(self) -> Renderer:
        """One renderer for the run: templates compile once."""
        from wbl_tui.engine.render import Renderer
        from wbl_tui.paths import fixed_today

        return Renderer(self.library, fixed_today())

    @cached_property
    def config(self) -> Config:
        """The user's preferences (the theme)."""
        from wbl_tui.paths import user_config_dir

        return Config.load(self.settings.config_dir or user_config_dir(os.environ))

    def warm_up(self) -> None:
        """Do now, in a worker thread while Home is read, what starting a session does first.

        Loads the sets and catalogue, imports Jinja and compiles the default sets' ``when``
        expressions, templated defaults and templates, so that the first question of a
        wizard appears at once. Nothing that fails here is reported: a session reports it.
        """
        from wbl_tui.engine import answers_state, flow
        from wbl_tui.engine.document import Document
        from wbl_tui.engine.session import Session

        with contextlib.suppress(WblError, OSError):
            self.library.sets()
            for kind in ("plan", "assessment"):
                qset = self.library.default_set(kind)
                session = Session(Document(qset), self.library.catalogue)
                answers_state.default_inputs(qset)
                session.enter_step(session.first_step())
                for q in answers_state.computed_defaults(qset):
                    flow.default_for(q, {}, None, None, self.library.catalogue)
                self.renderer.env.get_template(self.renderer.template_name(session.doc))

    # -- starting sessions ---------------------------------------------------------------------

    def new(self, kind: str) -> Session:
        """A new session of the default set of ``kind`` ('plan' or 'assessment')."""
        from wbl_tui.engine.document import Document

        return self._started(Document(self.library.default_set(kind)))

    def new_from_set(self, set_id: str) -> Session:
        """A new session of the set ``set_id`` (or a set file's path)."""
        from wbl_tui.engine.document import Document

        return self._started(Document(self.library.find_set(set_id)))

    def plan_from(self, assessment: Session) -> Session:
        """A new plan that builds on a finished self-assessment (its answers attached)."""
        from wbl_tui.engine.document import Document

        doc = Document(self.library.default_set("plan"), {}, assessment.attached())
        session = self._started(doc)
        session.dirty = True  # it carries the assessment: worth a draft at once
        return session

    def open(self, path: Path) -> Session:
        """A saved answers file (or the ``.md``/``.html`` beside one), to go on editing."""
        from wbl_tui.engine.document import read_document
        from wbl_tui.engine.outputs import answers_beside

        path = expand_home(path)
        answers = answers_beside(path)
        if answers != path and not answers.is_file():
            read_document(path, self.library, strict=False)  # says what is missing
        doc = read_document(answers, self.library, strict=False)
        self.remember_folder(answers.parent)
        return self._started(doc, answers)

    def drafts(self) -> list[DraftInfo]:
        """The unfinished drafts no running instance holds, most recent first."""
        listed = self.store.listing()
        return [self._titled(d) if not d.set_title else d for d in listed]

    def resume(self, draft_id: str) -> Session:
        """The draft's session, locked for this process (InUse if another one holds it)."""
        from wbl_tui.engine import answers_state
        from wbl_tui.engine.document import read_document
        from wbl_tui.engine.session import Session

        if not self.store.lock(draft_id):
            raise InUse(f"this draft is open in another wbl-tui ({self._path(draft_id)})")
        try:
            doc = read_document(self._path(draft_id), self.library, strict=False)
        except BaseException:
            self.store.unlock(draft_id)
            raise
        answers_state.clean_answers(doc)
        meta = self.store.meta(draft_id)
        saved, step = meta.get("saved_path"), meta.get("step")
        session = Session(
            doc,
            self.library.catalogue,
            Path(saved) if isinstance(saved, str) else None,
            session_id=draft_id,
            step=step if isinstance(step, int) and step >= 0 else 0,
        )
        session.dirty = not self._as_saved(doc, session.path)
        return session

    def _as_saved(self, doc: Document, path: Path | None) -> bool:
        """Whether ``doc`` holds just what the answers file at ``path`` holds."""
        from wbl_tui.engine.document import read_document

        if path is None:
            return False
        try:
            saved = read_document(path, self.library, strict=False)
        except (WblError, OSError):
            return False
        answersets = [
            (d.answers, d.assessment.answers if d.assessment else None) for d in (doc, saved)
        ]
        same = answersets[0] == answersets[1] and doc.qset is saved.qset
        return same and (doc.defaults, doc.cleared) == (saved.defaults, saved.cleared)

    def set_aside(self, draft_id: str) -> Path | None:
        """Move a draft no one holds to ``drafts/old`` (never deleted); where it went."""
        if not self.store.holds(draft_id) and not self.store.lock(draft_id):
            raise InUse(f"this draft is open in another wbl-tui ({self._path(draft_id)})")
        try:
            return self.store.set_aside(draft_id)
        finally:
            self.store.forget(draft_id)

    def _started(self, doc: Document, path: Path | None = None) -> Session:
        from wbl_tui.engine import answers_state
        from wbl_tui.engine.session import Session

        answers_state.clean_answers(doc)
        remembered = self._remembered(doc) if path is None else None
        session = Session(doc, self.library.catalogue, path, remembered=remembered)
        with contextlib.suppress(OSError, WblError):  # no drafts folder: autosave says so
            self._own(session)
        return session

    def _own(self, session: Session) -> None:
        """Lock the session's draft, or give the session a new id if another holds it."""
        from wbl_tui.engine import answers_state

        for _ in range(20):
            if self.store.lock(session.id, tries=1):
                return
            session.id = answers_state.new_id()
        raise WblError(f"cannot lock a draft in {self.store.folder}")

    def _path(self, draft_id: str) -> Path:
        return self.store.answers_path(draft_id)

    def _titled(self, info: DraftInfo) -> DraftInfo:
        """A draft whose meta says nothing (an old one): titles read from its answers."""
        from wbl_tui.engine import answers_state
        from wbl_tui.engine.document import read_document

        try:
            doc = read_document(info.path, self.library, strict=False)
        except WblError:
            return info
        title = " — ".join(answers_state.title_parts(doc)) or "untitled"
        return DraftInfo(info.id, title, one_line(doc.qset.title, 120), info.changed, info.path)

    # -- drafts --------------------------------------------------------------------------------

    def autosave(self, session: Session) -> None:
        """Write the session's own draft from a snapshot (safe in a worker thread)."""
        from wbl_tui.engine import answers_state
        from wbl_tui.engine.document import dump_document

        snapshot = session.snapshot()
        with self._write_lock:
            if not self.store.holds(session.id):
                self._own(session)
            meta = {
                "id": session.id,
                "step": session.step,
                "saved_path": str(session.path) if session.path else None,
                "set_id": snapshot.qset.id,
                "set_title": snapshot.qset.title,
                "title": " — ".join(answers_state.title_parts(snapshot)),
                "changed": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            self.store.write(session.id, dump_document(snapshot), meta)

    def close(self, session: Session) -> None:
        """The session ends: saved and clean, its draft goes; else it is kept. Lock released."""
        with self._write_lock:
            if session.path is not None and not session.dirty:
                self.store.drop(session.id)
        if session.dirty:
            with contextlib.suppress(WblError, OSError):
                self.autosave(session)
        with self._write_lock:
            self.store.forget(session.id)

    # -- saving --------------------------------------------------------------------------------

    def default_folder(self) -> Path:
        """Where a save proposes to go: the last folder used, else ~/Documents/wbl-plans."""
        last = self._state().get("last_folder")
        if isinstance(last, str) and Path(last).is_dir():
            return Path(last)
        from wbl_tui.paths import documents_dir

        return documents_dir() / DEFAULT_FOLDER

    def remember_folder(self, folder: Path) -> None:
        """Note ``folder`` as the last one used (a failure to note it is ignored)."""
        state = self._state()
        state["last_folder"] = str(Path(folder).absolute())  # (expanded by the caller)
        self._write_state(state)

    def _remembered(self, doc: Document) -> dict[str, Answer]:
        """The last saved answers to the set's ``remember`` questions (term, institution…)."""
        kept = self._state().get("remembered")
        answers = kept.get(doc.qset.id) if isinstance(kept, dict) else None
        if not isinstance(answers, dict):
            return {}
        wanted = {q.id for q in doc.qset.questions() if q.remember}
        return {k: v for k, v in answers.items() if k in wanted}

    def _remember_answers(self, doc: Document) -> None:
        """Keep the answers to ``remember`` questions as defaults for the next new session."""
        asked = [q for q in doc.qset.questions() if q.remember]
        if not asked:
            return
        state = self._state()
        kept = state.get("remembered")
        kept = kept if isinstance(kept, dict) else {}
        mine = {
            q.id: doc.answers[q.id] for q in asked if doc.answers.get(q.id) not in (None, "", [])
        }
        if mine:
            kept[doc.qset.id] = mine
        else:
            kept.pop(doc.qset.id, None)
        state["remembered"] = kept
        self._write_state(state)

    def _write_state(self, state: dict[str, object]) -> None:
        with contextlib.suppress(OSError, WblError):
            self.settings.state_dir.mkdir(parents=True, exist_ok=True)
            # Preferences (the last folder, remembered answers): not worth waiting for the
            # disk on the way to a re-opened plan's first question.
            path = self.settings.state_dir / STATE_FILE
            write_atomic(path, json.dumps(state), overwrite=True, durable=False)

    def _state(self) -> dict[str, object]:
        with contextlib.suppress(OSError, ValueError):
            data = json.loads((self.settings.state_dir / STATE_FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict):
                return data
        return {}

    def extras(self, session: Session) -> list[OutputRole]:
        """The extra files a save of this session may add (role, label), for the dialog."""
        from wbl_tui.engine.outputs import extras_for

        return extras_for(session.qset.kind)

    def suggested_stem(self, session: Session) -> str:
        """The file name a first save proposes: from the set's title answers, or the set title."""
        from wbl_tui.engine import answers_state
        from wbl_tui.engine.save import safe_filename

        if session.path is not None:
            return session.path.name.removesuffix(".answers.yaml")
        parts = answers_state.title_parts(session.doc)
        fallback = safe_filename(session.qset.title, session.qset.id)
        if not parts:
            return fallback
        if session.qset.kind == "assessment":
            parts.append("self-assessment")
        return safe_filename(" ".join(parts), fallback)

    def output_plan(
        self, session: Session, folder: Path, stem: str, extras: frozenset[str]
    ) -> OutputPlan:
        """Every file a save of the session now would write (rendered when written)."""
        from wbl_tui.engine.outputs import document_outputs

        folder = expand_home(folder)
        return document_outputs(self.renderer, session.snapshot(), folder, stem, extras)

    def save(
        self, session: Session, plan: OutputPlan, *, replace: bool, make_folder: bool
    ) -> list[Path]:
        """Write the plan's files; then the session is saved there and its draft goes."""
        written = plan.write(replace=replace, make_folder=make_folder)
        answers = plan.path("answers")
        if answers is not None:
            session.path = answers
        session.extras = frozenset(f.role for f in plan.files if f.role not in ("plan", "answers"))
        session.dirty = False
        self.remember_folder(plan.folder)
        self._remember_answers(session.doc)
        with self._write_lock:
            self.store.drop(session.id)
        return written

    # -- preview -------------------------------------------------------------------------------

    def render_preview(self, doc: Document) -> str:
        """The plan as Markdown; if rendering fails for any reason, a message saying why."""
        try:
            return self.renderer.render(doc)
        except WblError as exc:
            return f"**The preview cannot be shown.**\n\n{_quoted(str(exc))}"
        except Exception as exc:
            return f"**The preview cannot be shown** ({type(exc).__name__}).\n\n{_quoted(str(exc))}"


def _quoted(text: str) -> str:
    from wbl_tui.textsafe import plain

    return "\n".join(f"    {line}" for line in plain(text).splitlines()) or "    (no details)"
