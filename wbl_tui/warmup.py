"""Work done early, in a thread, so that the first question appears at once.

While the person reads Home (or once a form started from the command line is up): the
theme, the modules of the form and preview, the sets, catalogue and templates. Before
that, while the first screen is built, the garbage collector waits.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wbl_tui.app import WblApp

DELAY = 0.3  # seconds: after the first frame
# Start-up makes tens of thousands of objects that live as long as the app (modules,
# classes, widgets), and the garbage collector walked them again and again before the
# first question was drawn (~35 ms of a ~480 ms start): it is off that long, no longer.
GC_PAUSE = 1.0  # seconds from the command line read (the first screen takes ~0.45 s)
MODULES = (
    "wbl_tui.engine.workspace",
    "wbl_tui.screens.form",
    "wbl_tui.navigation",
    "wbl_tui.widgets.lazy_controls",  # text areas, tick lists and radio buttons
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


@contextmanager
def collector_paused(seconds: float = GC_PAUSE) -> Iterator[None]:
    """The garbage collector off for the first ``seconds`` of the block (the start-up)."""
    gc.disable()
    timer = threading.Timer(seconds, gc.enable)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        gc.enable()
