"""Random keys from Home across every screen, and bursts of keys that must all land.

Each seed starts from Home, reaches one screen by keys (the open dialog, the wizard, its
review, the save dialog, results, help, the palette) and then presses random keys in
small bursts; after every burst the app must be alive with no exception. The suite runs
a few thousand keys; ``WBL_TUI_RANDOM_KEYS=25000`` runs at least that many (a bench) and
prints the count (``WBL_TUI_RANDOM_FIRST_SEED`` picks other seeds for a second run beside it).
"""

from __future__ import annotations

import os
import random
import string
import time
from pathlib import Path

import pytest
import yaml
from pilot_keys import GOLDEN, golden_copy, home_app, key_event, on_screen, until
from textual.pilot import Pilot
from textual.widgets import Input

from wbl_tui.app import WblApp

SEEDS_IN_SUITE = 10  # one per route; ~60 s of suite time on a busy 2-core machine
KEYS_PER_SEED = 60
BURST = 12  # keys posted at once (as one read() of a fast typist or a paste), then a pause
KEYS = (
    list(string.ascii_letters + string.digits + " .,/-~")
    + ["enter"] * 6
    + ["escape"] * 3
    + ["tab"] * 6
    + ["shift+tab"] * 3
    + ["up", "down", "left", "right"] * 3
    + ["pageup", "pagedown", "home", "end", "backspace", "delete", "space"] * 2
    + ["ctrl+p", "ctrl+s", "ctrl+n", "ctrl+b", "f1", "f2", "ctrl+a", "ctrl+e", "ctrl+k"]
)
# How each seed reaches its screen from Home (keys; "@plan"/"@assessment" type a path).
ROUTES = {
    "home": [],
    "open dialog": ["o"],
    "wizard": ["o", "@plan", "enter"],
    "review": ["o", "@plan", "enter"] + ["ctrl+n"] * 14,
    "save dialog": ["o", "@plan", "enter", "ctrl+s"],
    "results": ["o", "@assessment", "enter"] + ["ctrl+n"] * 8,
    "help": ["f1"],
    "palette": ["ctrl+p"],
    "new plan": ["p"],
    "sets": ["down", "down", "down", "enter"],
}


def _files(home: Path) -> dict[str, str]:
    plan = golden_copy(
        "geography-service-learning.answers.yaml", home / "plans", "plan.answers.yaml"
    )
    data = yaml.safe_load((GOLDEN / "geography-service-learning.answers.yaml").read_text("utf-8"))
    assessment = home / "plans" / "self.answers.yaml"
    assessment.write_text(
        yaml.safe_dump({"format": data["format"], **data["assessment"]}), encoding="utf-8"
    )
    return {"@plan": str(plan), "@assessment": str(assessment)}


def _alive(app: WblApp) -> bool:
    """No exception; False once the app has ended the ordinary way (palette: Quit)."""
    assert app._exception is None, app._exception
    if app.is_running:
        return True
    assert app.return_code == 0, app.return_code
    return False


async def _walk(app: WblApp, pilot: Pilot[int], route: list[str], paths: dict[str, str]) -> None:
    for step in route:
        if step in paths:
            await pilot.press(*paths[step])
        else:
            await pilot.press(step)
        await pilot.pause(0.05)
        assert _alive(app)


async def _random_keys(seed: int, route: str, count: int) -> int:
    rng = random.Random(seed)
    paths = _files(Path.home())
    app = home_app()
    sent = 0
    async with app.run_test(size=rng.choice([(80, 24), (160, 50)])) as pilot:
        await on_screen(pilot, "HomeScreen")
        await _walk(app, pilot, ROUTES[route], paths)
        while sent < count and _alive(app):
            for _ in range(BURST):
                app.post_message(key_event(rng.choice(KEYS)))
            sent += BURST
            await pilot.pause()
        if _alive(app):
            await pilot.pause(0.3)
            _alive(app)
    return sent


@pytest.mark.parametrize("seed", range(SEEDS_IN_SUITE))
async def test_random_keys_never_break_the_app(seed: int) -> None:
    routes = list(ROUTES)
    await _random_keys(seed, routes[seed % len(routes)], KEYS_PER_SEED)


@pytest.mark.skipif(
    "WBL_TUI_RANDOM_KEYS" not in os.environ, reason="a bench: set WBL_TUI_RANDOM_KEYS"
)
async def test_random_keys_bench() -> None:
    wanted = int(os.environ["WBL_TUI_RANDOM_KEYS"])
    first = int(os.environ.get("WBL_TUI_RANDOM_FIRST_SEED", "1000"))  # runs side by side
    routes = list(ROUTES)
    sent = seed = 0
    failures: list[str] = []
    started = time.perf_counter()
    while sent < wanted:
        route = routes[seed % len(routes)]
        try:
            sent += await _random_keys(first + seed, route, 600)
        except Exception as exc:  # counted, named, and the run goes on
            failures.append(f"seed {first + seed} ({route}): {str(exc).splitlines()[0][:160]}")
        seed += 1
    took = time.perf_counter() - started
    print(f"\nrandom keys: {sent} keys over {seed} seeds, every screen, in {took:.0f} s;")
    print(f"{len(failures)} seeds failed" + "".join(f"\n  {f}" for f in failures))
    assert not failures


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_a_burst_of_keys_lands_whole_and_in_order(size: tuple[int, int]) -> None:
    app = home_app()
    typed = "~/plans/a-b_c/Course 101 (draft).answers.yaml"
    async with app.run_test(size=size) as pilot:
        await on_screen(pilot, "HomeScreen")
        await pilot.press("o")
        dialog = await on_screen(pilot, "OpenModal")
        field = dialog.query_one("#path", Input)
        for ch in typed + "XYZ":
            app.post_message(key_event(ch))
        for key in ["backspace"] * 3 + ["left"] * 5 + ["Q"] + ["end", "!"]:
            app.post_message(key_event(key))
        await until(pilot, lambda: field.value.endswith("!"), "every key")
        expected = typed[:-5] + "Q" + typed[-5:] + "!"
        assert field.value == expected
