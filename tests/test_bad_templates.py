"""Hostile and broken templates from issue 9 through the real ``wbl-tui render`` process.

Each runs as its own process under an address-space limit (so building a big value ends
in MemoryError, which would show in the message, instead of taking the machine's
memory): exit 2, exactly one line naming the template and its line, no traceback, nothing
written. ``tests/test_bad_inputs.py`` also runs every template in the folder in-process.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
TEMPLATES = DATA / "bad" / "templates"
ROOT_QUESTIONS = DATA / "root" / "questions"
MINI_ANSWERS = DATA / "mini.answers.yaml"
MEMORY = 1 << 30  # address space a render process may use

# template -> (the file the line names, its line, a fragment of the message)
CASES = {
    "tpl-bytes-center.md.j2": (None, 3, "width"),
    "tpl-bytes-repeat.md.j2": (None, 3, "too large"),
    "tpl-bytes-expandtabs.md.j2": (None, 3, "expandtabs"),
    "tpl-bytes-ljust.md.j2": (None, 3, "width"),
    "tpl-translate-long.md.j2": (None, 3, "translate"),
    "tpl-format-many-fields.md.j2": (None, 3, "fields"),
    "tpl-format-fields-width.md.j2": (None, 3, "too large"),
    "tpl-percent-fields-width.md.j2": (None, 3, "too large"),
    "tpl-dict-grown-in-loop.md.j2": (None, 3, "too large"),
    "tpl-list-doubled-in-loop.md.j2": (None, 3, "too large"),
    "tpl-format-keyerror.md.j2": (None, 3, "no value for 'a'"),
    "tpl-format-indexerror.md.j2": (None, 3, "index"),
    "tpl-percent-keyerror.md.j2": (None, 3, "no value for 'a'"),
    "tpl-cycler-empty.md.j2": (None, 3, "at least one item"),
    "tpl-encode-punycode.md.j2": (None, 3, "not allowed"),
    "tpl-upper-grows.md.j2": (None, 3, "too large"),
    "tpl-syntax-warning.md.j2": (None, 3, "not subscriptable"),  # no SyntaxWarning line
    "tpl-cp1252.md.j2": (None, 3, "not UTF-8 text (byte 0xe9)"),
    "tpl-include-cp1252.md.j2": ("tpl-part-cp1252.md.j2", 1, "not UTF-8 text (byte 0x93)"),
    # issue 9, second pass: refused from the arguments, before a value is built (F1)
    "tpl-int-to-bytes.md.j2": (None, 3, "to_bytes"),
    "tpl-int-to-bytes-by-name.md.j2": (None, 3, "to_bytes"),
    "tpl-markup-center.md.j2": (None, 3, "width"),
    "tpl-number-from-filter.md.j2": (None, 3, "number that large"),
    "tpl-number-literal-huge.md.j2": (None, 3, "number that large"),
    # nesting that would overflow the C stack when hashed or iterated (F4: SIGSEGV)
    "tpl-tuple-nested-deep.md.j2": (None, 3, "nested more than 100 deep"),
    "tpl-generators-nested-deep.md.j2": (None, 3, "nested more than 100 deep"),
    "tpl-varargs-nested-deep.md.j2": (None, 3, "nested more than 100 deep"),
    # values kept alive in each call of a recursive macro, charged by memory (F5)
    "tpl-lists-kept-in-recursion.md.j2": (None, 3, "built more than"),
    "tpl-slices-kept-in-recursion.md.j2": (None, 3, "built more than"),
}


def _command() -> list[str]:
    script = Path(sys.executable).with_name("wbl-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wbl_tui"]


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _render(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(), *argv],
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a speed check
        env={**os.environ, "WBL_TUI_CACHE_DIR": str(cwd / "cache")},
        cwd=cwd,
        preexec_fn=_limited,
    )


def test_every_case_has_its_template() -> None:
    assert set(CASES) <= {p.name for p in TEMPLATES.glob("*.j2")}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_template_is_one_line_through_the_real_command(name: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = ["render", "--questions", str(ROOT_QUESTIONS), "--templates", str(TEMPLATES)]
    argv += ["--template", name, str(MINI_ANSWERS), "--out-dir", str(out_dir)]
    result = _render(argv, tmp_path)
    output = result.stdout + result.stderr
    lines = [line for line in output.splitlines() if line.strip()]
    named, line, fragment = CASES[name]
    assert result.returncode == 2, output
    assert "Traceback" not in output and len(lines) == 1, output
    assert lines[0].startswith(f"{TEMPLATES / (named or name)}:{line}: template error: "), output
    assert fragment in lines[0], output
    assert "out of memory" not in output
    assert not any(out_dir.iterdir())


@pytest.mark.slow
def test_a_template_too_long_to_compile_is_refused_at_its_line(tmp_path: Path) -> None:
    """14,000 empty macros (465 KB, under the size cap) took 13 s to compile (F7)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    macros = "".join(f"{{% macro m{i}() %}}{{% endmacro %}}\n" for i in range(14_000))
    (folder / "macros.md.j2").write_text(macros, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = ["render", "--questions", str(ROOT_QUESTIONS), "--templates", str(folder)]
    argv += ["--template", "macros.md.j2", str(MINI_ANSWERS), "--out-dir", str(out_dir)]
    result = _render(argv, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    line = 20_000 // 9 + 1  # nine tokens a macro, one macro a line
    assert output == (
        f"{folder / 'macros.md.j2'}:{line}: template error: "
        "the template is too long to compile (more than 20,000 tokens)\n"
    )
    assert not any(out_dir.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("marks", [1, 2, 3])  # F12: an editor may add one to one it kept
def test_a_template_with_a_byte_order_mark_renders_without_it(tmp_path: Path, marks: int) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    text = "\ufeff" * marks + "---\nkind: plan\n---\n# {{ set.title }}\n"
    (folder / "bom.md.j2").write_bytes(text.encode())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    argv = ["render", "--questions", str(ROOT_QUESTIONS), "--templates", str(folder)]
    argv += ["--template", "bom.md.j2", str(MINI_ANSWERS), "--out-dir", str(out_dir)]
    result = _render([*argv, "--format", "html"], tmp_path)
    assert result.returncode == 0, result.stderr
    (html,) = out_dir.iterdir()
    text = html.read_text(encoding="utf-8")
    assert "\ufeff" not in text and "<h2>" not in text and "kind: plan" not in text
    assert text.startswith("<h1>")
