"""The environment a benchmarked ``wbl-tui`` runs in: a terminal, and bytecode caching on.

A pip-installed program has its modules compiled to bytecode; this machine's shell sets
PYTHONDONTWRITEBYTECODE, which would make every timed start compile our modules from
source (about 0.2 s, more for the paths that import more). The children keep their
bytecode under the bench's own folder instead (PYTHONPYCACHEPREFIX), written by the
warm-up run each bench makes before it times anything.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def terminal_env(**extra: str) -> dict[str, str]:
    """``os.environ`` for a child in an 80x24 xterm, with bytecode cached as installed."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        TERM="xterm-256color",
        COLUMNS="80",
        LINES="24",
        PYTHONPYCACHEPREFIX=str(Path(tempfile.gettempdir()) / "wbl-bench-pycache"),
    )
    env.update(extra)
    return env
