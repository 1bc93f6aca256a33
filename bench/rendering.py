"""Headless render of 1,000 answers files in one call, against a plain Jinja2 loop.

Ours: ``wbl-tui render *.answers.yaml --out-dir DIR``: read, validate, score, render in
the sandbox, write atomically. Timed twice, each time around ``main()`` in a fresh Python
process (modules imported, nothing loaded or cached yet): in one process (``--jobs 1``),
and as by default, shared out over one forked worker per CPU. Baseline: the same
template compiled once in a plain ``jinja2.Environment``, rendering the same 1,000
contexts (built beforehand) and writing each result with ``Path.write_text``, in one
process. Each of the three is the best of three interleaved rounds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bench.table import Row
from wbl_tui.engine.batch import default_jobs
from wbl_tui.engine.document import read_document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import TEMPLATE_TESTS, Renderer
from wbl_tui.paths import builtin_dir, make_settings

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "data" / "golden"
COUNT = 1000
ROUNDS = 3  # best of three, for each side


def plain_environment() -> Environment:
    """The baseline: a plain Jinja2 environment on the built-in templates (no sandbox)."""
    plain = Environment(
        loader=FileSystemLoader(builtin_dir() / "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    plain.tests.update(TEMPLATE_TESTS)  # the templates use them
    return plain


def make_answers(folder: Path, count: int = COUNT) -> list[Path]:
    """``count`` answers files, cycling through the golden ones with different titles."""
    sources = sorted(GOLDEN.glob("*.answers.yaml"))
    if not sources:
        raise SystemExit(f"no answers files in {GOLDEN}")
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sources]
    paths = []
    for i in range(count):
        doc = docs[i % len(docs)]
        doc["answers"]["course_title"] = (
            f"{str(doc['answers'].get('course_title', 'Course'))[:60]} (section {i})"
        )
        path = folder / f"plan-{i:04d}.answers.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


# Run in a fresh process: imports first, then only main() is timed.
_TIMED_MAIN = """
import sys, time
import wbl_tui.engine.batch, wbl_tui.engine.render, wbl_tui.engine.save
from wbl_tui.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
print(time.perf_counter() - start)
sys.exit(code)
"""


def _time_render(argv: list[str]) -> float:
    """Seconds ``main(argv)`` took in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _TIMED_MAIN, *argv], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"render failed with exit code {done.returncode}: {done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


def run() -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="wbl-bench-"))
    try:
        files = make_answers(work)
        library = Library(make_settings())
        renderer = Renderer(library)
        docs = [read_document(p, library) for p in files]
        name = renderer.template_name(docs[0])
        contexts = [renderer.context(d) for d in docs]
        template = plain_environment().get_template(name)

        def baseline(out: Path) -> float:
            t = time.perf_counter()
            for i, context in enumerate(contexts):
                (out / f"plan-{i:04d}.md").write_text(template.render(context), encoding="utf-8")
            return time.perf_counter() - t

        # Rounds interleave the three runs and each keeps its best: a busy moment on the
        # machine then slows one round, not one side of the comparison.
        timings: dict[int, list[float]] = {1: [], default_jobs(): []}
        base_times: list[float] = []
        for round_ in range(ROUNDS):
            for jobs, times in timings.items():
                out = work / f"out-{jobs}-{round_}"
                out.mkdir()
                argv = ["render", *map(str, files), "--out-dir", str(out), "--jobs", str(jobs)]
                times.append(_time_render(argv))
            base_out = work / f"plain-{round_}"
            base_out.mkdir()
            base_times.append(baseline(base_out))
        base = min(base_times)
        rows = []
        for jobs, times in timings.items():
            ours = min(times)
            how = "one process, --jobs 1" if jobs == 1 else f"{jobs} processes, the default here"
            rows.append(
                Row(
                    f"render {COUNT:,} answers files in one call (--out-dir; {how})",
                    ours,
                    "s",
                    base,
                    "plain Jinja2 loop, one process",
                    "<= 1.5x",
                    ours <= 1.5 * base,
                )
            )
        for jobs, times in timings.items():
            rows.append(
                Row(
                    f"render throughput ({'one process' if jobs == 1 else f'{jobs} processes'})",
                    COUNT / min(times),
                    "/s",
                    COUNT / base,
                    "plain Jinja2",
                    "",
                    None,
                )
            )
        return rows
    finally:
        shutil.rmtree(work, ignore_errors=True)
