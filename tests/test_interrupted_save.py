"""An interrupted save never leaves a truncated plan: the old file or the new one, whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from wbl_tui.engine import save
from wbl_tui.errors import WriteFailed

OLD = "old plan\n" * 1000
NEW = "new plan, much longer\n" * 200_000  # ~4.4 MB: a kill can land mid-write


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_a_failed_write_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "plan.md"
    target.write_text(OLD, encoding="utf-8")

    def boom(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(save.os, "fsync", boom)
    elif failing == "replace":
        monkeypatch.setattr(save.os, "replace", boom)
    else:
        real_fdopen = os.fdopen

        def fdopen(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            handle = real_fdopen(*args, **kwargs)  # type: ignore[arg-type]
            handle.write = boom  # type: ignore[method-assign]
            return handle

        monkeypatch.setattr(save.os, "fdopen", fdopen)
    with pytest.raises(WriteFailed, match="No space left"):
        save.write_atomic(target, NEW, overwrite=True)
    assert target.read_text(encoding="utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_sigkill_at_any_moment_leaves_old_or_new_never_half(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    writer = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from wbl_tui.engine.save import write_atomic
        print("ready", flush=True)
        write_atomic(Path({str(target)!r}), "new plan, much longer\\n" * 200_000, overwrite=True)
        """
    )
    outcomes = set()
    for attempt in range(12):
        target.write_text(OLD, encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, env=os.environ
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # imported and about to write
        time.sleep(0.002 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = target.read_text(encoding="utf-8")
        assert text in (OLD, NEW), f"truncated plan after a kill ({len(text)} characters)"
        outcomes.add("new" if text == NEW else "old")
    assert "old" in outcomes  # some kills did land mid-save


def test_thirty_kills_at_random_moments_of_a_large_save(tmp_path: Path) -> None:
    """Kills spread over the whole save (start, write, fsync, rename): never half a plan."""
    target = tmp_path / "plan.md"
    start = time.perf_counter()
    save.write_atomic(tmp_path / "timing.md", NEW)
    took = time.perf_counter() - start
    (tmp_path / "timing.md").unlink()
    writer = textwrap.dedent(
        f"""
        from pathlib import Path
        from wbl_tui.engine.save import write_atomic
        text = "new plan, much longer\\n" * 200_000
        print("ready", flush=True)
        write_atomic(Path({str(target)!r}), text, overwrite=True)
        print("done", flush=True)
        """
    )
    rng = random.Random(5)
    outcomes = []
    for _ in range(30):
        target.write_text(OLD, encoding="utf-8")
        proc = subprocess.Popen(
            [sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, env=os.environ
        )
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(rng.uniform(0, took * 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = target.read_text(encoding="utf-8")
        assert text in (OLD, NEW), f"truncated plan after a kill ({len(text)} characters)"
        outcomes.append(text == NEW)
        # Whatever is left beside it is a hidden temp file, never a second plan.
        assert all(p.name.startswith(".plan.md.") for p in tmp_path.iterdir() if p != target)
    assert not all(outcomes)  # some kills landed before the rename
