"""Load templates from the search path without ever leaving a template folder.

Templates are UTF-8; byte order marks at the start are dropped, however many an editor
added (they would otherwise be copied into every plan, and hide the front matter from the
HTML conversion).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound, TemplateSyntaxError
from jinja2.loaders import split_template_path

from wbl_tui.errors import Problem
from wbl_tui.sandbox import describe

MAX_TEMPLATE_BYTES = 512 * 1024


def _unchanged(path: Path) -> Callable[[], bool]:
    """A check that ``path`` has not changed since now (Jinja's ``uptodate``)."""
    mtime = os.path.getmtime(path)
    return lambda: os.path.exists(path) and os.path.getmtime(path) == mtime


def template_text(data: bytes, name: str, path: Path) -> str:
    """A template's text: UTF-8 with leading byte order marks dropped, or a syntax error at the bad byte."""
    try:
        return data.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TemplateSyntaxError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the template as UTF-8",
            line,
            name,
            str(path),
        ) from None


def template_problem(exc: Exception, path: str) -> Problem:
    """Why the template at ``path`` does not compile, at its line where Jinja knows it."""
    if isinstance(exc, TemplateSyntaxError):
        return Problem(exc.filename or path, f"template error: {exc.message}", exc.lineno)
    if isinstance(exc, SyntaxError):  # Python's limits on the code Jinja made: no line of ours
        return Problem(path, f"template error: nested too deeply ({exc.msg})")
    if isinstance(exc, RecursionError):
        return Problem(path, "template error: nested too deeply")
    return Problem(path, f"template error: {describe(exc)}")


class RootsLoader(BaseLoader):
    """Find ``name`` in the first folder that has it; refuse ``..``, absolute paths and symlink escapes."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [Path(f) for f in folders]

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Read a template's source from the first folder holding it."""
        found = self.find(template)
        if found is None:
            raise TemplateNotFound(template)
        candidate, real = found
        if real.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateNotFound(f"{template} is larger than {MAX_TEMPLATE_BYTES // 1024} KB")
        return (
            template_text(real.read_bytes(), template, candidate),
            str(candidate),
            _unchanged(real),
        )

    def find(self, template: str) -> tuple[Path, Path] | None:
        """The path of ``template`` in the first folder holding it, and the file it is."""
        pieces = split_template_path(template)  # raises TemplateNotFound on '..'
        for folder in self.folders:
            base = folder.resolve()
            candidate = folder.joinpath(*pieces)
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if real.is_relative_to(base) and real.is_file():
                return candidate, real
        return None

    def list_templates(self) -> list[str]:
        """Every template name on the path (first folder wins)."""
        names: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                names |= {
                    p.relative_to(folder).as_posix() for p in folder.rglob("*.j2") if p.is_file()
                }
        return sorted(names)
