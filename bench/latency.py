"""Wizard latency with the live preview on: a keystroke, and a step change.

In-process and headless (``App.run_test``) at 120x40, so the preview sits beside the form.
``Pilot.press`` sleeps ~60 ms per key by design, so it cannot measure this: key events are
posted to the app the way the terminal driver posts them, and two hooks on the wizard screen
take the timestamps:

- *handled*: the app has recorded the new answer (``WblApp.changed`` is called from the
  wizard's handler; this is what the draft and the preview are made from);
- *drawn*: the first frame composed (``Screen._compositor_refresh``) that shows the new text
  or the new step. Textual draws at most every 1/60 s: after a change it waits for its frame
  timer (up to 16.7 ms) before composing, so this includes that wait. The same keystroke into
  a bare Textual ``Input`` is measured the same way as the baseline.

Keystrokes come in two series: a burst (20 ms apart: the cost of a key alone) and paced like
a person typing (0.1-0.4 s apart, seeded), where some keys land while the debounced preview
is being re-rendered on the event loop. Step changes (ctrl+n / ctrl+b) are timed after every
step has been mounted in the background.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input

from bench.gen import big_question_set
from bench.table import Row

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden"
SIZE = (120, 40)
BURST_KEYS = 200
PACED_KEYS = 100
STEPS = 60
TIMEOUT = 2.0  # seconds: a keystroke or step change not handled by then is counted as lost
FRAME = 1 / 60
BIG_SET = 300  # questions in the generated set (10 steps of 30)


@dataclass
class Series:
    """Latencies (seconds) of one kind of event, and how many never completed."""

    handled: list[float] = field(default_factory=list)
    drawn: list[float] = field(default_factory=list)
    lost: int = 0

    def record(self, start: float, handled: float | None, drawn: float | None) -> bool:
        """One event (its handled time and frame delay); False if either never came."""
        if handled is None or drawn is None:
            self.lost += 1
            return False
        self.handled.append(handled - start)
        self.drawn.append(drawn)
        return True


@dataclass
class Results:
    burst: Series
    paced: Series
    steps: Series
    preview: list[float]
    full_gc: list[float]
    bare: Series
    big: tuple[Series, Series, Series]  # burst, paced, steps on a generated 300-question set


def pct(values: list[float], q: float) -> float:
    """The q-th quantile (0-1) of values, nearest rank; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


class FrameHook:
    """Timestamps every frame a screen composes, with what ``probe`` reads at that moment."""

    def __init__(self, screen: Screen[Any], probe: Callable[[], object]) -> None:
        self.frames: list[tuple[float, object]] = []
        self.event = asyncio.Event()
        original = screen._compositor_refresh

        def refresh() -> None:
            original()
            self.frames.append((time.perf_counter(), probe()))
            self.event.set()

        screen._compositor_refresh = refresh  # type: ignore[method-assign]

    async def first_after(self, start: float, wanted: object, timeout: float) -> float | None:
        """Seconds from ``start`` to the first frame at which the probe reads ``wanted``."""
        deadline = time.perf_counter() + timeout
        while True:
            for t, seen in reversed(self.frames):
                if t < start:
                    break
                if seen == wanted:
                    return min(t2 for t2, s2 in self.frames if t2 >= start and s2 == wanted) - start
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            self.event.clear()
            try:
                await asyncio.wait_for(self.event.wait(), left)
            except TimeoutError:
                return None


async def _until(check: Callable[[], bool], timeout: float) -> float | None:
    """perf_counter() when check() first holds (polled each loop turn), None after timeout."""
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            return None
        await asyncio.sleep(0)
    return time.perf_counter()


class FullCollections:
    """Durations of the garbage collector's full (generation 2) collections while active."""

    def __init__(self) -> None:
        self.durations: list[float] = []
        self._start = 0.0

    def start(self) -> None:
        gc.callbacks.append(self._seen)

    def stop(self) -> None:
        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                self._start = time.perf_counter()
            else:
                self.durations.append(time.perf_counter() - self._start)


async def _measure_wizard(
    questions: int | None = None,
) -> tuple[Series, Series, Series, list[float], list[float]]:
    """The wizard on a golden plan, or on a generated set of ``questions`` questions."""
    from wbl_tui.app import WblApp
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.workspace import Workspace
    from wbl_tui.paths import make_settings
    from wbl_tui.screens.form import FormScreen

    scratch = Path(tempfile.mkdtemp(prefix="wbl-bench-latency-"))  # no draft to offer
    env = {
        **os.environ,
        "WBL_TUI_STATE_DIR": str(scratch / "state"),
        "WBL_TUI_DATA_DIR": str(scratch / "data"),
    }
    if questions is not None:
        (scratch / "root" / "questions").mkdir(parents=True)
        big_question_set(scratch / "root" / "questions" / "big.yaml", questions, per_section=30)
        env["WBL_TUI_PATH"] = str(scratch / "root")
    settings = make_settings(env=env)
    library = Library(settings)
    workspace = Workspace(settings, library)
    if questions is None:
        session = workspace.open(GOLDEN / "esl-guest-speakers.answers.yaml")
    else:
        session = workspace.new_from_set("big-set")
    app = WblApp(settings, library)
    burst, paced, steps = Series(), Series(), Series()
    preview: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        screen = FormScreen(session, workspace.render_preview)
        await app.push_screen(screen)
        sections = len(session.sections)
        built = await _until(lambda: len(screen._built) == sections, 120.0)
        if built is None:  # every step mounted in the background
            raise RuntimeError("the steps were not all mounted within 120 s")
        await pilot.pause(0.5)
        if not screen.query_one("#preview").display:
            raise RuntimeError("the preview is not on at 120 columns")

        original_update = screen.update_preview

        def timed_update() -> None:
            t = time.perf_counter()
            original_update()
            preview.append(time.perf_counter() - t)

        screen.update_preview = timed_update

        field = next(  # the first one-line text answer of the step on screen
            f.query_one("#control", Input)
            for f in screen.query(".question")
            if f.display and f.parent is not None and f.parent.display and f.query("Input")
        )
        field.cursor_blink = False  # no frames of its own
        field.focus()
        field.cursor_position = len(field.value)
        original_title = field.value
        await pilot.pause(0.5)
        hook = FrameHook(screen, lambda: (field.value, screen.current))
        session = screen.session

        qid = field.parent.id.removeprefix("q-") if field.parent and field.parent.id else ""

        def recorded() -> object:
            return session.answers.get(qid)

        async def keys(series: Series, n: int, gap: Callable[[], float]) -> None:
            # frames carry (value, step); a keystroke wants (new value, same step)
            for i in range(n):
                char = "abcdefghij"[i % 10]
                wanted = field.value + char
                start = time.perf_counter()
                app.post_message(events.Key(char, char))
                handled = await _until(lambda w=wanted: recorded() == w, TIMEOUT)  # type: ignore[misc]
                drawn = await hook.first_after(start, (wanted, screen.current), TIMEOUT)
                if not series.record(start, handled, drawn):
                    field.value = wanted
                await asyncio.sleep(gap())

        collections = FullCollections()
        collections.start()
        await keys(burst, BURST_KEYS, lambda: 0.02)
        await pilot.pause(0.6)
        rng = random.Random(5)
        await keys(paced, PACED_KEYS, lambda: rng.uniform(0.1, 0.4))
        # Back to a title that passes its check (at most 120 characters), or Next would stop.
        field.value = original_title
        await pilot.pause(0.6)

        first = screen.current
        for i in range(STEPS):
            key = "ctrl+n" if i % 2 == 0 else "ctrl+b"
            before = screen.current
            start = time.perf_counter()
            app.post_message(events.Key(key, None))
            handled = await _until(lambda b=before: screen.current != b, TIMEOUT)  # type: ignore[misc]
            target = screen.current
            drawn = await hook.first_after(start, (field.value, target), TIMEOUT)
            steps.record(start, handled, drawn)
            await asyncio.sleep(0.05)
        collections.stop()
        if screen.current not in (first, first + 1):
            raise RuntimeError("ctrl+n / ctrl+b did not move between two steps")
    return burst, paced, steps, preview, collections.durations


class BareInputApp(App[None]):
    """The baseline: one Textual Input and nothing else."""

    def compose(self) -> ComposeResult:
        yield Input(id="bare")


async def _measure_bare() -> Series:
    app = BareInputApp()
    series = Series()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one("#bare", Input)
        field.cursor_blink = False
        field.focus()
        await pilot.pause(0.3)
        hook = FrameHook(app.screen, lambda: field.value)
        for i in range(BURST_KEYS):
            char = "abcdefghij"[i % 10]
            wanted = field.value + char
            start = time.perf_counter()
            app.post_message(events.Key(char, char))
            handled = await _until(lambda w=wanted: field.value == w, TIMEOUT)  # type: ignore[misc]
            drawn = await hook.first_after(start, wanted, TIMEOUT)
            series.record(start, handled, drawn)
            await asyncio.sleep(0.02)
    return series


def measure() -> Results:
    burst, paced, steps, preview, full_gc = asyncio.run(_measure_wizard())
    bare = asyncio.run(_measure_bare())
    big_burst, big_paced, big_steps, _, _ = asyncio.run(_measure_wizard(BIG_SET))
    return Results(burst, paced, steps, preview, full_gc, bare, (big_burst, big_paced, big_steps))


def _spread(values: list[float], lost: int) -> str:
    ms = [v * 1000 for v in values]
    text = f"n={len(ms)}, p50 {pct(ms, 0.5):.1f} / p95 {pct(ms, 0.95):.1f} / max {max(ms or [0]):.1f} ms"
    return text + (f", {lost} lost" if lost else "")


def run() -> list[Row]:
    r = measure()
    rows: list[Row] = []
    bare_drawn = pct(r.bare.drawn, 0.95)
    for name, s in (("burst, 20 ms apart", r.burst), ("paced 0.1-0.4 s", r.paced)):
        p95 = pct(s.handled, 0.95)
        rows.append(
            Row(
                f"keystroke with live preview ({name}) -> answer recorded, p95 "
                f"[{_spread(s.handled, s.lost)}]",
                p95,
                "s",
                FRAME,
                "one frame at 60 Hz",
                "p95 < 16 ms",
                p95 < FRAME and not s.lost,
            )
        )
        rows.append(
            Row(
                f"keystroke ({name}) -> next frame drawn, p95 [{_spread(s.drawn, s.lost)}]",
                pct(s.drawn, 0.95),
                "s",
                bare_drawn,
                "bare Textual Input, same measure",
            )
        )
    rows.append(
        Row(
            f"step change ctrl+n/ctrl+b -> step switched, p95 [{_spread(r.steps.handled, r.steps.lost)}]",
            pct(r.steps.handled, 0.95),
            "s",
            FRAME,
            "one frame at 60 Hz",
            "p95 < 16 ms",
            pct(r.steps.handled, 0.95) < FRAME and not r.steps.lost,
        )
    )
    rows.append(
        Row(
            f"step change -> next frame drawn, p95 [{_spread(r.steps.drawn, r.steps.lost)}]",
            pct(r.steps.drawn, 0.95),
            "s",
        )
    )
    big_burst, _big_paced, big_steps = r.big
    for name, series in (("keystroke, burst", big_burst), ("step change", big_steps)):
        p95 = pct(series.handled, 0.95)
        rows.append(
            Row(
                f"{BIG_SET}-question set: {name} -> handled, p95 "
                f"[{_spread(series.handled, series.lost)}]",
                p95,
                "s",
                FRAME,
                "one frame at 60 Hz",
                "p95 < 16 ms",
                p95 < FRAME and not series.lost,
            )
        )
    rows.append(
        Row(
            f"preview re-render after a pause in typing, on the event loop, p95 "
            f"[{_spread(r.preview, 0)}]",
            pct(r.preview, 0.95),
            "s",
        )
    )
    rows.append(
        Row(
            f"full garbage collections while typing and moving between steps, longest "
            f"[{_spread(r.full_gc, 0)}]",
            max(r.full_gc, default=0.0),
            "s",
        )
    )
    return rows


if __name__ == "__main__":
    from bench.table import print_table

    print_table(run())
