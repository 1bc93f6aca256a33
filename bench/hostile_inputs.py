"""Issue 9's hostile inputs, timed as real ``wbl-tui`` processes (``python -m bench.hostile_inputs``).

Each is refused (or, for the pattern, decided) with one line and exit 2; the row is the
wall time and peak memory of the whole process, start-up included.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.table import Row, print_table

ROOT_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "root" / "questions"
HEAD = """format: wbl-questions/1
id: {id}
version: 1.0.0
kind: plan
title: A generated set
sections:
  - id: s
    title: Step
    questions:
"""


_MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(['/bin/sh', '-c', sys.argv[1]], capture_output=True).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _timed(command: str) -> tuple[float, float, int]:
    """Wall seconds, peak MB and exit code of a shell command (measured in its own parent)."""
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, command], capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - t
    code, peak_kb = done.stdout.split()
    return elapsed, int(peak_kb) / 1024, int(code)


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="wbl-hostile-"))
    wbl = f"{sys.executable} -m wbl_tui"
    try:
        answers = work / "huge.answers.yaml"
        items = ",".join("a" for _ in range(1_900_000))
        answers.write_text(
            "format: wbl-answers/1\nquestion_set: {id: mini-assessment, version: 1.0.0}\n"
            f"answers:\n  projects: [{items}]\n",
            encoding="utf-8",
        )
        options = work / "options.yaml"
        lines = [f"          - {{value: v{i}, label: Option {i}}}" for i in range(100_000)]
        options.write_text(
            HEAD.format(id="options")
            + "      - id: a\n        prompt: A\n        type: choice\n        options:\n"
            + "\n".join(lines)
            + "\n",
            encoding="utf-8",
        )
        questions = work / "questions"
        questions.mkdir()
        (questions / "redos.yaml").write_text(
            HEAD.format(id="redos")
            + "      - {id: a, prompt: A, type: text, validate: {pattern: '(a+)+$'}}\n",
            encoding="utf-8",
        )
        redos = work / "redos.answers.yaml"
        redos.write_text(
            "format: wbl-answers/1\nquestion_set: {id: redos, version: 1.0.0}\n"
            f"answers:\n  a: {'a' * 100_000}!\n",
            encoding="utf-8",
        )
        cases = [
            (
                "answers file, 1.9 M list items (3.8 MB)",
                f"{wbl} render --questions {ROOT_QUESTIONS} {answers} -o {work}/x.md",
                8.0,
            ),
            ("set with 100,000 options (4.8 MB)", f"{wbl} questions validate {options}", 13.0),
            ("render /dev/zero", f"{wbl} render /dev/zero", None),
            (
                "endless pipe into questions validate /dev/stdin",
                f"yes 'a: b' | {wbl} questions validate /dev/stdin",
                None,
            ),
            (
                "pattern (a+)+$ on 100,000 a's and '!'",
                f"{wbl} render --questions {questions} {redos} -o {work}/r.md",
                None,
            ),
        ]
        rows = []
        for what, command, before in cases:
            elapsed, peak, code = _timed(command)
            rows.append(
                Row(
                    f"{what}: exit {code}, peak {peak:.0f} MB",
                    elapsed,
                    "s",
                    before,
                    "issue 9 before" if before else "",
                    "exit 2, < 3 s",
                    code == 2 and elapsed < 3,
                )
            )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    print_table(run())
