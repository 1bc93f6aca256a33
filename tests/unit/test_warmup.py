"""The start-up's pause of the garbage collector: on while the app runs, whatever happens."""

from __future__ import annotations

import gc
import time

import pytest

from wbl_tui import warmup


def test_the_collector_is_back_once_the_pause_is_over() -> None:
    with warmup.collector_paused(0.01):
        assert not gc.isenabled()
        for _ in range(500):  # the timer thread turns it back on (a liveness check, not speed)
            if gc.isenabled():
                break
            time.sleep(0.01)
        assert gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_back_when_the_app_ends_early() -> None:
    with pytest.raises(RuntimeError), warmup.collector_paused(60):
        assert not gc.isenabled()
        raise RuntimeError("the app stopped")
    assert gc.isenabled()
