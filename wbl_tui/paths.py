"""Where things live: the search path of roots, the user's data and state folders.

Only this module knows where the built-in ``questions/`` and ``templates/`` are, installed
(inside the wheel, as ``wbl_tui/_data``) or from a source checkout.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

APP_NAME = "wbl-tui"


@dataclass(frozen=True, slots=True)
class Root:
    """One place to look for question sets, catalogues and templates."""

    origin: str  # "--questions", "WBL_TUI_PATH", "user", "built-in"
    questions: Path | None
    templates: Path | None


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the program needs to know about the machine, decided once at start."""

    roots: tuple[Root, ...]
    state_dir: Path
    data_dir: Path
    cache_dir: Path | None = None  # None: do not cache parsed files
    config_dir: Path | None = None  # None: the platform's (or WBL_TUI_CONFIG_DIR)


def builtin_dir() -> Path:
    """The folder holding the built-in ``questions/`` and ``templates/``."""
    packaged = Path(__file__).resolve().parent / "_data"
    if (packaged / "questions").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent  # a source checkout


def user_data_dir(env: Mapping[str, str]) -> Path:
    """The user's data folder (a root like the built-in one)."""
    if env.get("WBL_TUI_DATA_DIR"):
        return Path(env["WBL_TUI_DATA_DIR"])
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_state_dir(env: Mapping[str, str]) -> Path:
    """Where autosaved drafts go."""
    if env.get("WBL_TUI_STATE_DIR"):
        return Path(env["WBL_TUI_STATE_DIR"])
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False)


def user_config_dir(env: Mapping[str, str]) -> Path:
    """Where the user's preferences (the theme) are kept."""
    if env.get("WBL_TUI_CONFIG_DIR"):
        return Path(env["WBL_TUI_CONFIG_DIR"])
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def documents_dir() -> Path:
    """The user's documents folder (``~/Documents`` or the platform's own)."""
    from platformdirs import user_documents_path

    return user_documents_path()


def user_cache_dir(env: Mapping[str, str]) -> Path:
    """Where parsed question sets are cached, keyed by their content."""
    if env.get("WBL_TUI_CACHE_DIR"):
        return Path(env["WBL_TUI_CACHE_DIR"])
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def _root(origin: str, base: Path) -> Root:
    return Root(origin, base / "questions", base / "templates")


def questions_root(folder: Path) -> Root | None:
    """A ``--questions`` folder as a root; None when it holds neither sets nor ``questions/``.

    A folder of sets (``.yaml`` files) is searched itself; a root holding ``questions/`` and
    ``templates/`` is read as the roots on WBL_TUI_PATH are.
    """
    try:
        holds_sets = any(p.suffix in (".yaml", ".yml") for p in folder.iterdir())
    except OSError:
        holds_sets = False
    if holds_sets:
        return Root("--questions", folder, None)
    if (folder / "questions").is_dir():
        return _root("--questions", folder)
    return None


def make_settings(
    questions_dirs: Sequence[Path] = (),
    templates_dirs: Sequence[Path] = (),
    env: Mapping[str, str] | None = None,
) -> Settings:
    """The search path: options first, then WBL_TUI_PATH, the user's data dir, built-in."""
    env = os.environ if env is None else env
    roots = [questions_root(Path(d)) or Root("--questions", Path(d), None) for d in questions_dirs]
    roots += [Root("--templates", None, Path(d)) for d in templates_dirs]
    roots += [
        _root("WBL_TUI_PATH", Path(p)) for p in env.get("WBL_TUI_PATH", "").split(os.pathsep) if p
    ]
    data = user_data_dir(env)
    roots += [_root("user", data), _root("built-in", builtin_dir())]
    return Settings(
        tuple(roots), user_state_dir(env), data, user_cache_dir(env), user_config_dir(env)
    )


def fixed_today(env: Mapping[str, str] | None = None) -> date | None:
    """A fixed date from SOURCE_DATE_EPOCH (reproducible output), else None for today."""
    epoch = (os.environ if env is None else env).get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit() and len(epoch) <= 12:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).date()
        except (ValueError, OverflowError, OSError):  # a year past 9999
            return None
    return None


def expand_home(path: str | Path) -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded; BadInput if no such user."""
    from wbl_tui.errors import BadInput, Problem

    try:
        return Path(path).expanduser()
    except RuntimeError:  # "~name" where no user is called name (or no home at all)
        first = str(path).split("/", 1)[0]
        raise BadInput(
            Problem(
                str(path), f"'{first}' is no home folder on this computer; write the path in full"
            )
        ) from None


def split_name(folder: str, name: str, default_stem: str) -> tuple[str, str]:
    """A file name typed as a path, as (folder, name), both as typed (``~`` kept).

    ``~/plans/x`` or ``/tmp/plans/x`` in Name means the folder ``~/plans`` and the name
    ``x``; ``plans/x`` is the folder ``plans`` inside ``folder``. A path that ends in a
    separator (or is ``~`` alone) names only a folder: the name is then ``default_stem``.
    A name with no folder in it comes back as it is.
    """
    text = name.strip()
    seps = "/" + os.sep + (os.altsep or "")
    if not text.startswith("~") and not any(sep in text for sep in seps):
        return folder, name
    cut = max(text.rfind(sep) for sep in seps)
    head, stem = (text[: cut + 1], text[cut + 1 :]) if cut >= 0 else (text, "")
    head = head.rstrip(seps) or head  # "/" stays the root
    if not (head.startswith("~") or Path(head).is_absolute()):
        head = str(Path(folder.strip() or "~") / head)
    return head, stem.strip() or default_stem
