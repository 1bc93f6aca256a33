"""Fuzz the YAML loader and ``when`` expressions with random and mutated inputs.

Every input must end in a loaded set or a BadInput (never another exception), within a
time bound, and the process's memory must stay bounded. ``run(n)`` is used both by
``make bench`` (100,000+ inputs) and by a short run in the test suite.
"""

from __future__ import annotations

import random
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

from wbl_tui.engine import flow
from wbl_tui.errors import BadInput
from wbl_tui.model.questions import loads_question_set
from wbl_tui.model.yamlnodes import load_bytes

SEEDS = [
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "root"
    / "questions"
    / "mini-assessment.yaml",
    *sorted((Path(__file__).resolve().parent.parent / "questions").glob("*.yaml")),
]
YAML_BITS = [
    "&a ",
    "*a",
    "<<: ",
    "[",
    "]",
    "{",
    "}",
    "!!python/object ",
    "%YAML 1.1\n",
    "---\n",
    "? ",
    ": ",
    "- ",
    "\t",
    "'",
    '"',
    "|\n",
    ">-\n",
    "#",
    "~",
    "no",
    "0123",
    "12:30",
    "\x00",
    "\ufeff",
    "\n  ",
    "\\u0000",
    "&b [*a, *a, *a, *a]",
    "{{ 7*7 }}",
]
EXPR_BITS = [
    "q0",
    "q1",
    "answers",
    ".",
    "q0.__class__",
    "__mro__",
    "|",
    "length",
    "upper",
    "(",
    ")",
    "[",
    "]",
    "==",
    "!=",
    "and",
    "or",
    "not",
    "in",
    "is",
    "defined",
    "none",
    "true",
    "'x'",
    '"y"',
    "1",
    "10",
    "**",
    "*",
    "~",
    "+",
    "range",
    "(10**9)",
    "lipsum",
    "cycler",
    "%",
    "'%9999d'",
    ",",
    "if",
    "else",
    "{",
    "}",
    ":",
    "self",
    "loop",
    "namespace",
    "dict",
    "join",
    "map",
    "attribute='__class__'",
    "(" * 400,
    "[" * 400,
    "not " * 400,
    "-" * 400,
]
SET_HEAD = """format: wbl-questions/1
id: fuzz
version: '1'
kind: plan
title: Fuzz
sections:
  - id: s
    title: S
    questions:
      - {id: q0, prompt: P, type: text, required: false}
      - {id: q1, prompt: P, type: choice, options: [{value: a, label: A}], required: false}
      - id: q2
        prompt: P
        type: text
        when: %s
"""


@dataclass
class FuzzReport:
    inputs: int = 0
    accepted: int = 0
    refused: int = 0
    slowest: float = 0.0
    failures: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0


def _mutate(rng: random.Random, data: str) -> str:
    chars = list(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        pos = rng.randrange(len(chars) + 1)
        if op < 0.4:
            chars[pos:pos] = rng.choice(YAML_BITS)
        elif op < 0.6 and chars:
            del chars[pos : pos + rng.randint(1, 20)]
        elif op < 0.8 and chars:
            start = rng.randrange(len(chars))
            chars[pos:pos] = chars[start : start + rng.randint(1, 80)]
        else:
            chars[pos:pos] = chr(rng.randrange(0, 0x2FF))
    return "".join(chars)


def _expression(rng: random.Random) -> str:
    return " ".join(rng.choice(EXPR_BITS) for _ in range(rng.randint(1, 12)))


def _check(report: FuzzReport, label: str, fn: object, bound: float) -> None:
    report.inputs += 1
    start = time.perf_counter()
    try:
        fn()  # type: ignore[operator]
        report.accepted += 1
    except BadInput as exc:
        report.refused += 1
        if not exc.problems or any("\n" in str(p) for p in exc.problems):
            report.failures.append(f"{label}: error not one line per problem: {exc!s:.200}")
    except Exception as exc:  # a fuzzer must see every escape
        report.failures.append(f"{label}: {type(exc).__name__}: {exc!s:.200}")
    elapsed = time.perf_counter() - start
    report.slowest = max(report.slowest, elapsed)
    if elapsed > bound:
        report.failures.append(f"{label}: took {elapsed:.2f} s")


def run(n: int, seed: int = 0, bound: float = 3.0) -> FuzzReport:
    """Fuzz ``n`` inputs: a third random bytes, a third mutated sets, a third expressions."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS if p.is_file()]
    report = FuzzReport()
    context = {"q0": "x", "q1": "a", "answers": {"q0": "x", "q1": "a"}}
    for i in range(n):
        kind = i % 3
        if kind == 0:
            blob = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
            _check(report, f"bytes#{i}", lambda blob=blob: load_bytes(blob, "fuzz.yaml"), bound)
        elif kind == 1:
            text = _mutate(rng, rng.choice(seeds))
            _check(
                report,
                f"mutated#{i}",
                lambda text=text: loads_question_set(text, Path("fuzz.yaml")),
                bound,
            )
        else:
            expr = _expression(rng)
            text = SET_HEAD % _yaml_string(expr)

            def both(text: str = text, expr: str = expr) -> None:
                try:
                    loads_question_set(text, Path("fuzz.yaml"))
                finally:
                    flow.evaluate(expr, context)  # must never raise, whatever the text

            _check(report, f"expr#{i} {expr!r}", both, bound)
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
