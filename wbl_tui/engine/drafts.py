"""Transitional: the single autosaved draft of earlier versions (see ``draftstore``).

The app moves to ``Workspace`` (one locked draft per session); until then this keeps
working, and ``DraftStore`` lists a draft left here like any other.

One draft at a time: ``draft.answers.yaml`` (an ordinary answers file, so it opens like
any other) and ``draft.json`` (where the user was). A draft the user sets aside is moved
to ``drafts/old/``, never deleted, so nothing typed is ever lost.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from wbl_tui.engine.save import write_atomic

# The YAML and model code load when a draft is read or written, not when the TUI
# only asks whether one exists.
if TYPE_CHECKING:
    from wbl_tui.engine.document import Document
    from wbl_tui.engine.library import Library

ANSWERS = "draft.answers.yaml"
META = "draft.json"
KEEP_OLD = 20


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft read back: the document, where it was saved (if ever) and the step."""

    document: Document
    saved_path: Path | None
    step: int
    when: datetime


class Drafts:
    """Write, read and set aside the draft in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def answers_path(self) -> Path:
        """The draft's answers file."""
        return self.folder / ANSWERS

    def exists(self) -> bool:
        """Whether a draft is waiting to be resumed."""
        return self.answers_path.is_file()

    def save(self, doc: Document, saved_path: Path | None = None, step: int = 0) -> None:
        """Write the draft atomically (meta first, so answers never point at stale meta)."""
        from wbl_tui.engine.document import dump_document

        self.folder.mkdir(parents=True, exist_ok=True)
        meta = {"saved_path": str(saved_path) if saved_path else None, "step": step}
        write_atomic(self.folder / META, json.dumps(meta), overwrite=True)
        write_atomic(self.answers_path, dump_document(doc), overwrite=True)

    def load(self, library: Library) -> Draft:
        """Read the draft back (its answers type-checked, not yet required to be complete)."""
        from wbl_tui.engine.document import read_document

        doc = read_document(self.answers_path, library, strict=False)
        meta: dict[str, object] = {}
        try:
            loaded = json.loads((self.folder / META).read_text(encoding="utf-8"))
            meta = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            pass  # the answers alone are enough to resume
        saved = meta.get("saved_path")
        step = meta.get("step")
        when = datetime.fromtimestamp(self.answers_path.stat().st_mtime, UTC)
        return Draft(
            doc,
            Path(saved) if isinstance(saved, str) else None,
            step if isinstance(step, int) else 0,
            when,
        )

    def set_aside(self) -> Path | None:
        """Move the draft to ``old/`` (keeping the newest few); return where it went."""
        if not self.exists():
            return None
        old = self.folder / "old"
        old.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = old / f"{stamp}.answers.yaml"
        os.replace(self.answers_path, target)
        (self.folder / META).unlink(missing_ok=True)
        for stale in sorted(old.glob("*.answers.yaml"))[:-KEEP_OLD]:
            stale.unlink(missing_ok=True)
        return target


def describe(draft: Draft) -> str:
    """A line that tells the user which draft this is."""
    from wbl_tui.engine.answers_state import title_parts

    doc = draft.document
    title = " — ".join(title_parts(doc)) or "untitled"
    return f"{doc.qset.title}: {title} (last change {draft.when:%Y-%m-%d %H:%M} UTC)"
