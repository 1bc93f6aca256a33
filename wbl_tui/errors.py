"""The error classes of wbl-tui; the CLI maps them to exit codes in one place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a user's file, at a place in it (1-based line and column)."""

    file: str
    message: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


class WblError(Exception):
    """Base of every error wbl-tui raises on purpose; its message is shown as it is."""

    exit_code = 1


class BadInput(WblError):
    """The user's input (a file, an argument, an answer) is wrong: exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("wbl-tui", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class WriteFailed(WblError):
    """A file could not be written (read-only folder, disk full): exit code 1."""

    exit_code = 1

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: cannot write: {reason}")


class AlreadyExists(WblError):
    """Saving would replace a file and the user has not said that is fine: exit code 2."""

    exit_code = 2

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path}: already exists (use --force to replace it)")


class MissingFolder(WblError):
    """Saving into a folder that does not exist, without being asked to create it: exit 2."""

    exit_code = 2

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path}: no such folder")
