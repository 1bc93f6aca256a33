"""What the app does for each choice: Home's ways in, open, save and the palette.

Split from ``app.py`` so that it stays navigation only; everything here runs on the
event loop and hands file work to threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from wbl_tui.commands import PaletteCommand
from wbl_tui.errors import WblError
from wbl_tui.textsafe import plain

if TYPE_CHECKING:
    from wbl_tui.app import WblApp
    from wbl_tui.engine.session import Session
    from wbl_tui.engine.workspace import Workspace
    from wbl_tui.screens.form import FormScreen

QUIT_UNSAVED = (
    "Your latest answers are not saved to a file yet. They are kept as a draft: Home lists "
    "it the next time you start wbl-tui.\n\nQuit now?"
)


DRAIN = 0.5  # seconds at most for keys already read to land before a signalled exit


async def drain_and_exit(app: WblApp) -> None:
    """After a signal or a lost terminal: let keys already read land, write drafts, exit.

    The hangup watchdog ends the process if this cannot (a stuck loop or output).
    """
    from textual._wait import wait_for_idle

    await wait_for_idle(0.02, DRAIN)
    app.flush_drafts()
    app.exit(0)


async def quit_app(app: WblApp) -> None:
    """Ask first when some answers are not saved to a file; then close sessions and exit."""
    from wbl_tui.screens.confirm import ConfirmModal

    app.flush_drafts()
    if any(s.dirty for s in app.sessions) and not await app.ask(
        ConfirmModal(QUIT_UNSAVED, yes="Quit", no="Keep working")
    ):
        return
    for session in app.sessions:
        app.workspace.close(session)
    app.exit(0)


def form_for(session: Session, workspace: Workspace) -> FormScreen:
    """The question screen for ``session`` (it opens at the step the person was on)."""
    from wbl_tui.screens.form import FormScreen

    return FormScreen(session, workspace.render_preview)


def on_home(app: WblApp, action: str, draft_id: str | None) -> None:
    """Act on a choice made on Home."""
    ws = app.workspace
    if action in ("assess", "plan"):
        kind = "assessment" if action == "assess" else "plan"
        app.begin(lambda: ws.new(kind))
    elif action == "open":
        app.open_flow()
    elif action == "sets":
        from wbl_tui.screens.sets import SetsScreen

        app.push_screen(SetsScreen(app.library.sets()))
    elif action == "resume" and draft_id is not None:
        app.begin(lambda: ws.resume(draft_id))
    elif action == "aside" and draft_id is not None:
        set_aside(app, draft_id)


def set_aside(app: WblApp, draft_id: str) -> None:
    """Move a draft out of Home's list (kept in the drafts' "old" folder), in a thread."""

    def work() -> None:
        try:
            app.workspace.set_aside(draft_id)
        except (WblError, OSError) as exc:
            app.call_from_thread(app.notify, f"Cannot set it aside: {exc}", markup=False)
            return
        app.call_from_thread(app.notify, "Draft set aside. It is kept in the drafts' old folder.")
        app.call_from_thread(app.refresh_home)

    app.run_worker(work, thread=True, group="aside", exit_on_error=False)


async def choose_file(app: WblApp) -> Session | None:
    """The open dialog until a file opens (read in a thread) or the person cancels."""
    from wbl_tui.screens.open_file import OpenModal

    ws = app.workspace
    typed = error = ""
    while True:
        path = await app.ask(OpenModal(_existing(ws.default_folder()), openable, typed, error))
        if path is None:
            return None
        try:
            if not path.is_file():
                raise WblError(f"There is no file {path}.")
            return await asyncio.to_thread(ws.open, path)
        except (WblError, OSError) as exc:
            typed, error = str(path), str(exc)


async def save_session(app: WblApp, session: Session) -> None:
    """The save dialog until the files are written (in a thread) or the person cancels."""
    from wbl_tui.screens.save import SaveForm, SaveModal

    ws = app.workspace
    is_plan = session.qset.kind == "plan"
    offered = [(r.role, f"Also {r.label}") for r in ws.extras(session)]
    form = SaveForm(
        "Save your plan" if is_plan else "Save your self-assessment report",
        session.path.parent if session.path else ws.default_folder(),
        ws.suggested_stem(session),
        offered,
        frozenset(session.extras),
    )
    while True:
        planner = lambda folder, stem, extras: ws.output_plan(session, folder, stem, extras)  # noqa: E731
        choice = await app.ask(SaveModal(form, planner))
        if choice is None:
            return
        try:
            written = await asyncio.to_thread(
                ws.save,
                session,
                choice.plan,
                replace=choice.replace,
                make_folder=choice.make_folder,
            )
            break
        except (WblError, OSError) as exc:
            form = replace(
                choice.form,
                error=f"Could not save: {exc}. Nothing is lost: your answers are still here "
                "and in the draft.",
            )
    app.autosaver.forget(session)
    for screen in app.screen_stack:
        saved = getattr(screen, "saved", None)
        if getattr(screen, "session", None) is session and callable(saved):
            saved()
    from wbl_tui.screens.confirm import MessageModal

    await app.ask(MessageModal("Saved", "Your files are saved:\n" + "\n".join(map(str, written))))


def palette_commands(app: WblApp, screen: Screen[Any]) -> Iterator[PaletteCommand]:
    """The app's commands that make sense over ``screen`` (the palette's own list)."""
    session = getattr(screen, "session", None)
    if session is not None and screen.query("#nav"):
        yield PaletteCommand("Save", "save the plan or report", _on(app, screen, "save"))
        yield PaletteCommand(
            "Preview", "show or hide the preview", _on(app, screen, "toggle_preview")
        )
        # Numbered as the progress line counts them: a step that asks nothing is not offered.
        live = [i for i in range(len(session.sections)) if not session.is_skipped(i)]
        for number, i in enumerate(live, start=1):
            title = plain(session.sections[i].title)
            yield PaletteCommand(
                f"Go to step {number}: {title}", "jump to that step", _jump(screen, i)
            )
    yield PaletteCommand("Open a saved plan", "open a .answers.yaml or plan file", app.open_flow)
    yield PaletteCommand(
        "New plan", "start the lesson-plan wizard", lambda: on_home(app, "plan", None)
    )
    yield PaletteCommand(
        "Self-assessment",
        "start the continuum self-assessment",
        lambda: on_home(app, "assess", None),
    )
    yield PaletteCommand("Help", "keys and the continuum", app.action_help)


def _on(app: WblApp, screen: Screen[Any], action: str) -> Any:
    async def run() -> None:
        if screen.is_attached:
            await app.run_action(action, screen)

    return run


def _jump(screen: Screen[Any], index: int) -> Any:
    def run() -> None:
        from wbl_tui.widgets.step_list import StepList

        if screen.is_attached:
            screen.post_message(StepList.Jump(index))

    return run


def _existing(folder: Path) -> Path:
    """``folder``, or its nearest ancestor that exists (where the open dialog's tree starts)."""
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def openable(path: Path) -> bool:
    """Whether the open dialog lists ``path``: a file a save writes that opens again."""
    from wbl_tui.engine.outputs import ROLES

    return path.name.endswith(tuple(role.suffix for role in ROLES.values()))
