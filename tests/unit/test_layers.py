"""The layers, read from the source: model < engine < UI; no module imports one above it.

(Where Harlequin states this with import-linter, a short scan does it without a tool.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "wbl_tui"
UI = ("wbl_tui.app", "wbl_tui.screens", "wbl_tui.widgets", "wbl_tui.navigation", "textual")
ABOVE = {"model": ("wbl_tui.engine", "wbl_tui.cli", *UI), "engine": ("wbl_tui.cli", *UI)}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ABOVE))
def test_no_module_imports_a_layer_above_its_own(layer: str) -> None:
    wrong = {
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in sorted((PACKAGE / layer).glob("*.py"))
        for name in _imports(path)
        if name.startswith(ABOVE[layer])
    }
    assert not wrong, sorted(wrong)
