"""The user's preferences (the theme), kept in a small file in the platform's config folder.

``config.json`` in ``user_config_dir`` (``WBL_TUI_CONFIG_DIR`` overrides it). A missing or
unreadable file means the defaults: a preference never stops the program starting.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from wbl_tui.engine.save import write_atomic
from wbl_tui.errors import WblError

FILE = "config.json"


@dataclass
class Config:
    """Preferences, read at start and written when one changes."""

    folder: Path
    theme: str | None = None

    @property
    def path(self) -> Path:
        """The config file."""
        return self.folder / FILE

    @classmethod
    def load(cls, folder: Path) -> Config:
        """The preferences in ``folder`` (the defaults when there are none or they are broken)."""
        config = cls(folder)
        data: object = None
        with contextlib.suppress(OSError, ValueError):
            data = json.loads((folder / FILE).read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("theme"), str):
            config.theme = data["theme"]
        return config

    def save(self) -> bool:
        """Write the preferences; False (nothing raised) when the folder cannot be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(
                self.path, json.dumps({"theme": self.theme}, indent=2) + "\n", overwrite=True
            )
        except (OSError, WblError):
            return False
        return True
