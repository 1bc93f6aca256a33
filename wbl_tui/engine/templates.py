"""Load templates from the search path without ever leaving a template folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path

MAX_TEMPLATE_BYTES = 512 * 1024


def _unchanged(path: Path) -> Callable[[], bool]:
    """A check that ``path`` has not changed since now (Jinja's ``uptodate``)."""
    mtime = os.path.getmtime(path)
    return lambda: os.path.exists(path) and os.path.getmtime(path) == mtime


class RootsLoader(BaseLoader):
    """Find ``name`` in the first folder that has it; refuse ``..``, absolute paths and symlink escapes."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = [Path(f) for f in folders]

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """Read a template's source from the first folder holding it."""
        pieces = split_template_path(template)  # raises TemplateNotFound on '..'
        for folder in self.folders:
            base = folder.resolve()
            candidate = folder.joinpath(*pieces)
            try:
                real = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if not real.is_relative_to(base) or not real.is_file():
                continue
            if real.stat().st_size > MAX_TEMPLATE_BYTES:
                raise TemplateNotFound(f"{template} is larger than {MAX_TEMPLATE_BYTES // 1024} KB")
            source = real.read_text(encoding="utf-8")
            return source, str(candidate), _unchanged(real)
        raise TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        """Every template name on the path (first folder wins)."""
        names: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                names |= {
                    p.relative_to(folder).as_posix() for p in folder.rglob("*.j2") if p.is_file()
                }
        return sorted(names)
