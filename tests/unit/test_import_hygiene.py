"""The model and engine never import Textual: the core runs headless (STYLE.md, point 1)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap


def test_engine_and_cli_import_without_textual() -> None:
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import wbl_tui.engine, wbl_tui.model
        for package in (wbl_tui.engine, wbl_tui.model):
            for info in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package.__name__}.{info.name}")
        import wbl_tui.cli, wbl_tui.sandbox, wbl_tui.paths, wbl_tui.textsafe
        from wbl_tui.cli import main
        assert main(["questions", "list"]) == 0
        leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        assert not leaked, leaked
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert out.returncode == 0, out.stderr
