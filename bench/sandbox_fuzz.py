"""Fuzz the sandbox: random method, attribute, filter and operator chains on text, bytes,
list and dict values of random sizes, through templates and ``when``/``default`` expressions.

Hypothesis draws the chains. Each one is rendered as a template through ``Renderer`` (the
``wbl-tui render`` path) and decided as a ``when`` and a ``{{ }}`` default through
``flow`` (the wizard's path). Before them a sweep calls every method of every kind of
value a template can hold with each number near a limit (``(1).to_bytes(10**9)`` built
1 GB that way, past the size checks). A template must render or end in one BadInput
line; an expression must give a value (false, no default) and raise nothing; and no
example may raise the process's peak memory by more than ``PEAK_MB``. Run it in a
process with an address-space limit (``python -m bench.sandbox_fuzz``, or the test in
tests/props): "out of memory" in a message means a value got past the checks to the OS.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as use_seed
from hypothesis import strategies as st
from markupsafe import Markup

from bench.table import Row
from wbl_tui.engine import flow
from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.errors import BadInput
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import loads_question_set
from wbl_tui.paths import make_settings
from wbl_tui.sandbox.environment import expression_sandbox
from wbl_tui.sandbox.limits import MAX_BITS, MAX_STRING, MAX_WIDTH

MINI = Path(__file__).resolve().parent.parent / "tests" / "data" / "root" / "questions"
# Numbers just past each limit, and far past them.
LIMITS = [MAX_WIDTH + 1, MAX_BITS + 1, MAX_STRING, MAX_STRING + 1, 2**31, 10**9, -1]
SIZES = st.sampled_from([0, 1, 2, 7, 100, 999, 1000, 99_999, 999_999, *LIMITS])
PEAK_MB = 256  # what one example may add to the peak memory of the process
CHARS = st.sampled_from(["x", "ab", " ", "\\t", "\\n", "{", "{0}", "%s", "%(a)s", "é", "ß", "ﬃ", "<&>", "\\x00", "\\U0010ffff"])  # fmt: skip
TEXT_METHODS = sorted(n for n in {*dir(str), *dir(bytes)} if not n.startswith("_"))
CONTAINER_METHODS = sorted(n for n in {*dir(list), *dir(dict)} if not n.startswith("_"))
DUNDERS = ["__class__", "__mro__", "__dict__", "__globals__", "__sizeof__", "__len__", "__mul__", "__add__", "__mod__", "__init__"]  # fmt: skip
FILTERS = ["length", "list", "string", "join", "upper", "title", "center", "indent", "wordwrap", "replace", "format", "tojson", "escape", "urlencode", "sum", "sort", "unique", "map", "batch", "slice", "reverse", "first", "last", "truncate", "wordcount", "urlize", "striptags", "trim", "int", "dictsort", "items", "attr", "xmlattr", "filesizeformat"]  # fmt: skip
ENCODINGS = st.sampled_from(["'utf-8'", "'utf-32'", "'punycode'", "'idna'", "'unicode_escape'", "'ascii', 'namereplace'", "'ascii', 'xmlcharrefreplace'"])  # fmt: skip


@st.composite
def texts(draw: st.DrawFn) -> str:
    return f"('{draw(CHARS)}' * {draw(SIZES)})"


def _methods(kind: type) -> list[str]:
    return sorted(n for n in dir(kind) if not n.startswith("_"))


KINDS = {"str": _methods(str), "bytes": _methods(bytes), "list": _methods(list), "dict": _methods(dict), "int": _methods(int), "markup": _methods(Markup)}  # fmt: skip
# One value of each kind a template can hold, and the methods it can call on it.
SWEPT = {"'a\\tb'": str, "'a\\tb'.encode()": bytes, "('<a>'|e)": Markup, "(1)": int, "(1.5)": float, "[1, 'a']": list, "(1, 'a')": tuple, "{'a': 1}": dict, "range(3)": range, "{'a': 1}.items()": type({}.items())}  # fmt: skip


@st.composite
def typed_values(draw: st.DrawFn) -> tuple[str, str]:
    """A Jinja expression for a text, bytes, list, dict or number of a random size; its kind."""
    text = draw(texts())
    n = draw(SIZES)
    return draw(
        st.sampled_from(
            [
                (text, "str"),
                (text, "str"),
                (f"{text}.encode()", "bytes"),
                (f"[{text}, {n}] * {draw(SIZES)}", "list"),
                (f"(range({n})|list)", "list"),
                (f"{{'a': {text}, 'b': {n}}}", "dict"),
                (f"dict(a={text})", "dict"),
                (f"{{97: {text}}}", "dict"),
                (str(n), "int"),
                (f"({draw(st.sampled_from([1, 255, 2**4000]))})", "int"),
                (f"({text}|e)", "markup"),
                ("answers", "dict"),
                ("cycler(1, 2)", "other"),
                ("namespace(a=1)", "other"),
            ]
        )
    )


def values() -> st.SearchStrategy[str]:
    """Just the expression of :func:`typed_values`."""
    return typed_values().map(lambda pair: pair[0])


KEYWORDS = ["wrapstring", "target", "rel", "end", "width", "indent", "fill_with", "d", "attribute", "first", "blank", "tabsize", "encoding", "errors", "sep", "count"]  # fmt: skip


@st.composite
def arguments(draw: st.DrawFn) -> str:
    """Up to three arguments and, now and then, one by name (wrapstring=, target=, …)."""
    pool = st.one_of(SIZES.map(str), texts(), values(), ENCODINGS)
    args = draw(st.lists(pool, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        args.append(f"{draw(st.sampled_from(KEYWORDS))}={draw(st.one_of(texts(), SIZES.map(str)))}")
    return ", ".join(args)


@st.composite
def links(draw: st.DrawFn) -> str:
    """One step of a chain: a call, an attribute, a filter, an operator or a subscript."""
    kind = draw(st.sampled_from(["method", "method", "attribute", "filter", "filter", "operator", "index"]))  # fmt: skip
    if kind == "method":
        name = draw(st.sampled_from(TEXT_METHODS + CONTAINER_METHODS))
        return f".{name}({draw(arguments())})"
    if kind == "attribute":
        return f".{draw(st.sampled_from(DUNDERS + TEXT_METHODS))}"
    if kind == "filter":
        args = draw(arguments())
        return f"|{draw(st.sampled_from(FILTERS))}" + (f"({args})" if args else "")
    if kind == "operator":
        return f" {draw(st.sampled_from(['*', '+', '%', '~', '**', '//']))} {draw(values())}"
    return draw(st.sampled_from(["[0]", f"[:{draw(SIZES)}]", "['a']", "[::-1]"]))


@st.composite
def chains(draw: st.DrawFn) -> str:
    """``(value)`` followed by one to four links, each wrapped so precedence is plain."""
    source, kind = draw(typed_values())
    if kind in KINDS and draw(st.booleans()):  # a method this value has, most of the time
        source = f"({source}.{draw(st.sampled_from(KINDS[kind]))}({draw(arguments())}))"
    for link in draw(st.lists(links(), min_size=0, max_size=4)):
        source = f"({source}{link})"
    return source


def sweep() -> list[str]:
    """Every method of every kind of value, called with each number near a limit."""
    return [
        f"{value}.{name}({n})"
        for value, kind in SWEPT.items()
        for name in (sorted(vars(Markup)) if kind is Markup else _methods(kind))
        if not name.startswith("_")
        for n in LIMITS
    ]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def _measured(chain: str, report: SandboxFuzzReport) -> Iterator[None]:
    """Note the slowest example, and fail one that raises the peak memory by PEAK_MB."""
    before, cpu = _peak_mb(), time.process_time()
    start = time.perf_counter()
    try:
        yield
    finally:
        report.slowest = max(report.slowest, time.perf_counter() - start)
        used = time.process_time() - cpu
        if used > report.slowest_cpu:
            report.slowest_cpu, report.slowest_example = used, chain
        step = _peak_mb() - before
        if step > report.peak_step_mb:
            report.peak_step_mb, report.peak_example = step, chain
        if step > PEAK_MB:
            report.failures.append(f"{chain}: raised the peak memory by {step:.0f} MB")


@dataclass
class SandboxFuzzReport:
    examples: int = 0
    swept: int = 0  # method calls of the sweep (template and when)
    rendered: int = 0
    refused: int = 0
    slowest: float = 0.0  # wall seconds of the slowest example (template + when + default)
    slowest_cpu: float = 0.0
    slowest_example: str = ""
    out_of_memory: int = 0
    failures: list[str] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    peak_example: str = ""  # the one that raised the peak most
    peak_step_mb: float = 0.0  # by how much


SET = """\
format: wbl-questions/1
id: fuzz
version: 1.0.0
kind: plan
title: Fuzz
sections:
  - id: s
    title: S
    questions:
      - {id: a, prompt: A, type: text, required: false}
      - {id: b, prompt: B, type: text, required: false, default: x}
"""


class _Harness:
    """The real paths a chain goes through, set up once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        env = {"WBL_TUI_DATA_DIR": str(folder / "none"), "WBL_TUI_CACHE_DIR": str(folder / "c")}
        self.library = Library(make_settings([MINI], [], env))
        self.renderer = Renderer(self.library, date(2026, 11, 22), (folder,))
        self.doc = Document(self.library.find_set("mini-assessment"), {"course_title": "ESL"})
        self.question = loads_question_set(SET, Path("fuzz.yaml")).question("b")
        self.count = 0

    def run(self, chain: str, report: SandboxFuzzReport) -> None:
        """A chain as a template, two ``when``s and a default, measured."""
        self.count += 1
        name = f"f{self.count}.md.j2"
        (self.folder / name).write_text(f"{{{{ {chain} }}}}\n", encoding="utf-8")
        with _measured(chain, report):
            self._template(chain, lambda: self.renderer.render(self.doc, name), report)
            self._expressions(chain, report)
        (self.folder / name).unlink()

    def call(self, call: str, report: SandboxFuzzReport) -> None:
        """One call of the sweep, as a template (straight through the sandbox) and a ``when``."""
        env = self.renderer.env
        with _measured(call, report):
            try:
                env.render_bounded(env.from_string(f"{{{{ {call} }}}}"), {})
                report.rendered += 1
            except MemoryError:
                report.out_of_memory += 1
            except Exception:  # a refusal; Renderer makes it one line (tested above)
                report.refused += 1
            self._when(call, report)
        report.swept += 1

    def _template(self, chain: str, render: Callable[[], Any], report: SandboxFuzzReport) -> None:
        try:
            render()
            report.rendered += 1
        except BadInput as exc:
            report.refused += 1
            message = str(exc)
            if "\n" in message or len(exc.problems) != 1:
                report.failures.append(f"template {chain}: not one line: {message:.300}")
            report.out_of_memory += "out of memory" in message
        except Exception as exc:  # the fuzzer must see every escape
            report.failures.append(f"template {chain}: {type(exc).__name__}: {exc!s:.200}")

    def _when(self, chain: str, report: SandboxFuzzReport) -> None:
        try:
            flow.evaluate(f"({chain})|length > 0", {"answers": {}})
        except Exception as exc:
            report.failures.append(f"expression {chain}: {type(exc).__name__}: {exc!s:.200}")

    def _expressions(self, chain: str, report: SandboxFuzzReport) -> None:
        answers: dict[str, Any] = {"a": "x"}
        try:
            flow.evaluate(f"({chain})|length > 0", {"answers": answers, **answers})
            flow.evaluate(chain, {"answers": answers, **answers})
            if self.question is not None:
                question = dataclasses.replace(self.question, default=f"{{{{ {chain} }}}}")
                flow.default_for(question, answers, None, None, Catalogue())
        except Exception as exc:
            report.failures.append(f"expression {chain}: {type(exc).__name__}: {exc!s:.200}")


def run(examples: int, seed: int = 0) -> SandboxFuzzReport:
    """The sweep, then ``examples`` chains each through a template, two whens and a default."""
    report = SandboxFuzzReport()
    # Every expression is run, however many came before (the reserve is tested in tests/unit).
    expression_sandbox().reserve = None
    with tempfile.TemporaryDirectory() as tmp:
        harness = _Harness(Path(tmp))
        for call in sweep():
            harness.call(call, report)

        @use_seed(seed)
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(chains())
        def fuzz(chain: str) -> None:
            report.examples += 1
            harness.run(chain, report)

        fuzz()
    report.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return report


def rows(examples: int = 1000, memory_mb: int = 1536) -> list[Row]:
    """``make bench``: a run in its own memory-limited process, as table rows."""
    command = [sys.executable, "-W", "ignore", "-m", "bench.sandbox_fuzz", "--json"]
    command += ["--examples", str(examples), "--memory-mb", str(memory_mb)]
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    report = SandboxFuzzReport(**json.loads(out.stdout.splitlines()[-1]))
    for failure in report.failures[:20]:
        print("sandbox fuzz failure:", failure, file=sys.stderr)
    clean = not report.failures and not report.out_of_memory
    what = f"sandbox fuzz: {report.swept:,} calls near limits, {report.examples:,} chains x (template, 2 whens, default)"
    return [
        Row(f"{what}, slowest (CPU)", report.slowest_cpu, "s", None, "", "no traceback, < 3 s", clean and report.slowest_cpu < 3),
        Row(f"sandbox fuzz: whole run ({report.refused:,} refused, {report.rendered:,} rendered)", elapsed, "s"),
        Row(f"sandbox fuzz: peak memory (limit {memory_mb} MB)", report.peak_rss_mb, "MB", None, "", "never at the limit", clean),
        Row(f"sandbox fuzz: most one example added to the peak ({report.peak_example[:40]})", report.peak_step_mb, "MB", None, "", f"< {PEAK_MB} MB", report.peak_step_mb < PEAK_MB),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--memory-mb", type=int, default=1536, help="address-space limit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    limit = args.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    start = time.perf_counter()
    report = run(args.examples, args.seed)
    elapsed = time.perf_counter() - start
    if args.json:
        print(json.dumps(asdict(report)))
    else:
        print(
            f"sandbox fuzz: {report.swept:,} method calls near the limits and "
            f"{report.examples:,} chains x (template, 2 whens, default) in "
            f"{elapsed:.1f} s; {report.rendered:,} rendered, {report.refused:,} refused; "
            f"slowest example {report.slowest:.2f} s wall / {report.slowest_cpu:.2f} s CPU "
            f"({report.slowest_example[:80]}); peak RSS {report.peak_rss_mb:.0f} MB under a "
            f"{args.memory_mb} MB limit, at most +{report.peak_step_mb:.0f} MB in one example "
            f"({report.peak_example[:80]}); "
            f"{report.out_of_memory} reached the OS limit; {len(report.failures)} failures"
        )
        for failure in report.failures[:20]:
            print("  " + failure)
    return 1 if report.failures or report.out_of_memory else 0


if __name__ == "__main__":
    sys.exit(main())
