"""Wizard latency with the live preview on: a keystroke, and a step change.

In-process, headless, 120x40 so the preview sits beside the form. Key events are posted
straight to the focused input (``Pilot.press`` sleeps ~60 ms per key by design, so it
cannot measure this); a keystroke is timed until the session holds the new answer
("handled") and until every message queue is empty again ("settled": what the next frame
is drawn from). Step changes are timed until settled too, after the background mounting
of every step is done.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from textual import events
from textual.widgets import Input

from bench.table import Row
from wbl_tui.app import WblApp
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.paths import make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden"
KEYS = 300
STEPS = 60


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


async def _measure() -> tuple[list[float], list[float], list[float]]:
    state = tempfile.mkdtemp(prefix="wbl-bench-state-")  # no draft to offer
    settings = make_settings(env={**os.environ, "WBL_TUI_STATE_DIR": state})
    library = Library(settings)
    path = GOLDEN / "esl-guest-speakers.answers.yaml"
    doc = read_document(path, library, strict=False)
    app = WblApp(settings, library, start="open", document=doc, document_path=path)
    handled: list[float] = []
    settled: list[float] = []
    steps: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await asyncio.sleep(5)  # let every step mount in the background
        await pilot.pause()
        screen = app.screen
        session = screen.session  # type: ignore[attr-defined]
        field = screen.query_one("#q-course_title #control", Input)
        field.focus()
        await pilot.pause()
        for i in range(KEYS):
            char = "abcdefghij"[i % 10]
            before = session.answers.get("course_title")
            start = time.perf_counter()
            field.post_message(events.Key(char, char))
            while session.answers.get("course_title") == before:
                await asyncio.sleep(0)
            handled.append(time.perf_counter() - start)
            await pilot.pause()  # queues empty, CPU idle, frame composed
            settled.append(time.perf_counter() - start)
        for i in range(STEPS):
            start = time.perf_counter()
            if i % 2 == 0:
                screen.action_next()  # type: ignore[attr-defined]
            else:
                screen.action_back()  # type: ignore[attr-defined]
            await pilot.pause()
            steps.append(time.perf_counter() - start)
    return handled, settled, steps


def run() -> list[Row]:
    handled, settled, steps = asyncio.run(_measure())
    frame = 1 / 60
    return [
        Row(
            "keystroke with live preview, handled (p95)",
            _p95(handled),
            "s",
            frame,
            "one frame at 60 Hz",
            "p95 < 16 ms",
            _p95(handled) < frame,
        ),
        Row(
            "keystroke with live preview, settled (p95)",
            _p95(settled),
            "s",
            frame,
            "one frame at 60 Hz",
            "p95 < 16 ms",
            _p95(settled) < frame,
        ),
        Row(
            f"keystroke: median {statistics.median(settled) * 1000:.1f} ms, max",
            max(settled),
            "s",
        ),
        Row(
            "step change (Next/Back) in the wizard, settled (p95)",
            _p95(steps),
            "s",
            frame,
            "one frame at 60 Hz",
            "p95 < 16 ms",
            _p95(steps) < frame,
        ),
    ]


if __name__ == "__main__":
    from bench.table import print_table

    print_table(run())
