"""Work done early, in a thread, so that the first question appears at once.

While the person reads Home (or once a form started from the command line is up): the
theme, the modules of the form and preview, the sets, catalogue and templates.
"""

from __future__ import annotations

import importlib
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wbl_tui.app import WblApp

DELAY = 0.3  # seconds: after the first frame
MODULES = (
    "wbl_tui.engine.workspace",
    "wbl_tui.screens.form",
    "wbl_tui.navigation",
    "rich.markdown",  # the preview's
)


def schedule(app: WblApp) -> None:
    """Warm up in a worker thread a moment from now."""
    run = partial(app.run_worker, partial(_warm_up, app), thread=True, exit_on_error=False)
    app.set_timer(DELAY, run)


def _warm_up(app: WblApp) -> None:
    if (theme := app.workspace.config.theme) and theme in app.available_themes:
        app.call_from_thread(setattr, app, "theme", theme)
    for name in MODULES:
        importlib.import_module(name)
    app.workspace.warm_up()
