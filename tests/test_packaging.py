"""`pip install .` gives a `wbl-tui` whose built-in sets and templates are inside the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "wbl-tui"
    # Build from a copy so that the build never touches the working tree.
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", ".*_cache", ".hypothesis", "__pycache__", "tests"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
    )
    (found,) = out.glob("wbl_tui-*.whl")
    return found


def test_wheel_carries_the_built_in_sets_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "wbl_tui/_data/questions/continuum-self-assessment.yaml",
        "wbl_tui/_data/questions/wbl-lesson-plan.yaml",
        "wbl_tui/_data/questions/disciplines.yaml",
        "wbl_tui/_data/templates/lesson_plan.md.j2",
        "wbl_tui/_data/templates/assessment_report.md.j2",
        "wbl_tui/app.tcss",
    ):
        assert name in names, name


@pytest.mark.slow
def test_pip_install_into_a_new_venv_gives_a_working_command(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True)
    env = {**os.environ, "PATH": f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(
        ["wbl-tui", "questions", "list"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert "continuum-self-assessment" in out.stdout
    assert "wbl-lesson-plan" in out.stdout
    assert "built-in" in out.stdout
    assert str(env_dir) in out.stdout  # from the installed wheel, not the source tree
