"""The sandbox's own machinery: its method table, the hooks Jinja must route through, the
allowances, failing expressions and the template files it reads.

Outcomes only: an allowance of zero seconds stands in for "the clock ran out", so nothing
here depends on how fast or loaded the machine is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from markupsafe import Markup

from wbl_tui.engine import flow
from wbl_tui.engine.document import Document
from wbl_tui.engine.library import Library
from wbl_tui.engine.render import Renderer
from wbl_tui.errors import BadInput
from wbl_tui.model.disciplines import Catalogue
from wbl_tui.model.questions import QuestionSet
from wbl_tui.paths import make_settings
from wbl_tui.sandbox import OutOfAllowance, Sandbox, describe
from wbl_tui.sandbox.environment import expression_sandbox
from wbl_tui.sandbox.limits import EXPRESSION, Allowance, OutOfReserve, Reserve
from wbl_tui.sandbox.methods import known_methods

MINI = Path(__file__).resolve().parent.parent / "data" / "root"


# Every kind of value a template can hold, or build, or be given.
VALUES: list[Any] = ["", b"", Markup(""), 0, True, 0.0, [], (), {}, set(), frozenset(), range(1)]
VALUES += [{}.keys(), {}.values(), {}.items()]


def test_every_method_a_template_can_call_is_classified() -> None:
    # A new Python may add a method that builds something big: it must be looked at.
    env = Sandbox()
    callable_ = {
        f"{type(value).__name__}.{name}"
        for value in VALUES
        for name in dir(value)
        if not name.startswith("_")
        and callable(getattr(value, name))
        and env.is_safe_attribute(value, name, getattr(value, name))
    }
    assert {m for m in callable_ if m.split(".")[1] not in known_methods()} == set()
    assert len(callable_) > 150


def test_jinja_is_the_pinned_minor_version() -> None:
    assert version("jinja2").startswith("3.1.")


def test_jinja_routes_every_kind_of_operation_through_the_hooks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If a new Jinja compiled any of these without the hooks, the limits would not apply."""
    seen: list[str] = []

    def spy(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(original)  # keeps Jinja's pass_eval_context mark
        def hook(*args: Any, **kwargs: Any) -> Any:
            seen.append(name)
            return original(*args, **kwargs)

        return hook

    env = Sandbox()
    for hook in ("call", "getattr", "getitem", "call_binop"):
        monkeypatch.setattr(env, hook, spy(hook, getattr(env, hook)))
    for name in ("__wbl_iter", "__wbl_concat", "__wbl_built"):
        env.globals[name] = spy(name, env.globals[name])
    env.filters["length"] = spy("filter", env.filters["length"])
    source = (
        "{% set t = 'ab' %}{{ t.upper() }}{{ t[0] }}{{ t * 2 }}{{ t|length }}"
        "{% for c in t %}{{ c ~ t }}{% endfor %}{{ [t, 1]|length }}"
    )
    assert env.render_bounded(env.from_string(source), {}) == "ABaabab2aabbab2"
    assert set(seen) >= {
        "call",
        "getattr",
        "getitem",
        "call_binop",
        "__wbl_iter",
        "__wbl_concat",
        "__wbl_built",
        "filter",
    }


def test_a_zero_second_allowance_stops_a_loop_by_the_clock() -> None:
    env = Sandbox(allowance=Allowance(seconds=0.0, iterations=10**6, built=10**7))
    template = env.from_string("{% for i in range(1000) %}{{ i|string }}{% endfor %}")
    with pytest.raises(OutOfAllowance, match="took longer than 0 s"):
        env.render_bounded(template, {})


def test_iterations_and_what_is_built_are_counted() -> None:
    env = Sandbox(allowance=Allowance(seconds=60, iterations=500, built=10_000))
    with pytest.raises(OutOfAllowance, match="more than 500 loop iterations"):
        env.render_bounded(env.from_string("{% for i in range(1000) %}{% endfor %}"), {})
    with pytest.raises(OutOfAllowance, match="built more than 10,000"):
        env.render_bounded(
            env.from_string("{% for i in range(100) %}{{ 'x' * 999 }}{% endfor %}"), {}
        )


def test_an_expression_that_hit_a_limit_is_not_run_again() -> None:
    env = Sandbox(allowance=EXPRESSION, sticky=True)
    compiled = env.compile_expression("('x' * 10**9)|length")
    with pytest.raises(SecurityError, match="too large"):
        env.evaluate(compiled, {})
    with pytest.raises(OutOfAllowance, match="not run again"):
        env.evaluate(compiled, {})
    assert env.evaluate(env.compile_expression("1 + 1"), {}) == 2


def test_a_list_is_charged_by_the_memory_its_items_take() -> None:
    """A recursive macro keeping ``s.split()`` in each call reached 2.3 GB (issue 9, F5)."""
    env = Sandbox(allowance=Allowance(seconds=60, iterations=10**6, built=1_000_000))
    one = "{% set l = ('ab ' * 10000).split() %}"  # 10,000 items: about 560,000 bytes
    assert env.render_bounded(env.from_string(one), {}) == ""
    with pytest.raises(OutOfAllowance, match="built more than 1,000,000 bytes"):
        env.render_bounded(env.from_string(one + "{% set m = l[1:] %}"), {})  # a slice copies


def test_expressions_draw_their_time_from_one_reserve() -> None:
    reserve = Reserve(capacity=1.0, rate=0.0)
    env = Sandbox(allowance=EXPRESSION, sticky=True, reserve=reserve)
    compiled = env.compile_expression("'x'.upper() == 'X'")
    assert env.evaluate(compiled, {}) is True
    assert reserve.level < 1.0  # what the run took
    reserve.level = 0.0  # as slow expressions would leave it
    with pytest.raises(OutOfReserve, match="not run"):
        env.evaluate(compiled, {})
    reserve.level = 1.0  # filled again: not this expression's fault, so it runs again
    assert env.evaluate(compiled, {}) is True


def test_a_run_is_stopped_when_the_reserve_runs_out_and_tried_again_later() -> None:
    reserve = Reserve(capacity=1e-9, rate=0.0)
    env = Sandbox(allowance=EXPRESSION, sticky=True, reserve=reserve)
    compiled = env.compile_expression("(range(10000)|map('center', 3)|list|length) > 0")
    with pytest.raises(OutOfReserve, match="share of time; stopped"):
        env.evaluate(compiled, {})
    reserve.capacity = reserve.level = 1.0
    assert env.evaluate(compiled, {}) is True


def test_a_when_refused_by_the_reserve_reads_as_false(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixty slow ``when``s in a shared set took 10 s; together they now get one reserve."""
    monkeypatch.setattr(expression_sandbox(), "reserve", Reserve(capacity=0.0, rate=0.0))
    assert flow.evaluate("'x'.upper() == 'X'", {}) is False


def test_a_template_too_long_to_compile_names_its_line() -> None:
    env = Sandbox()
    with pytest.raises(TemplateSyntaxError, match="more than 20,000 tokens") as info:
        env.from_string("{{ 1 }}\n" * 10_000)  # four tokens a line
    assert info.value.lineno == 5001


class _Boom:
    """An answer whose comparison raises what running out of memory would."""

    def __eq__(self, other: object) -> bool:
        raise MemoryError

    __hash__ = object.__hash__


@pytest.mark.parametrize(
    "source", ["a == 1", "cycler().next()", "'{a}'.format(b=1)", "'{0}'.format()"]
)
def test_a_when_that_raises_anything_reads_as_false(source: str) -> None:
    assert flow.evaluate(source, {"a": _Boom()}) is False


def test_a_default_that_raises_anything_gives_no_default(
    make_set: Callable[..., QuestionSet], catalogue: Catalogue
) -> None:
    qset = make_set(
        """\
        sections:
          - id: s
            title: S
            questions:
              - {id: a, prompt: A, type: text}
              - {id: b, prompt: B, type: text, default: "{{ cycler().next() }}{{ a }}"}
        """
    )
    q = qset.question("b")
    assert q is not None
    assert flow.default_for(q, {"a": "x"}, None, None, catalogue) is None


def test_describe_is_one_short_line() -> None:
    assert describe(KeyError("x" * 10_000)).startswith("no value for 'xxx")
    assert len(describe(KeyError("x" * 10_000))) <= 200
    assert describe(ValueError("two\nlines")) == "two lines"
    assert describe(MemoryError()) == "out of memory"
    assert describe(RuntimeError()) == "RuntimeError"


# -- template files ---------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path) -> Library:
    env = {"WBL_TUI_DATA_DIR": str(tmp_path / "none"), "WBL_TUI_CACHE_DIR": str(tmp_path / "c")}
    return Library(make_settings([MINI / "questions"], [], env))


def _render(library: Library, folder: Path, name: str, fmt: str = "md") -> str:
    doc = Document(library.find_set("mini-assessment"), {"course_title": "ESL 120"})
    return Renderer(library, date(2026, 11, 22), (folder,)).render(doc, name, fmt)  # type: ignore[arg-type]


def test_a_byte_order_mark_is_dropped(library: Library, tmp_path: Path) -> None:
    (tmp_path / "bom.md.j2").write_bytes("\ufeff---\nx: 1\n---\n# {{ today }}\n".encode())
    assert _render(library, tmp_path, "bom.md.j2") == "---\nx: 1\n---\n# 2026-11-22\n"
    assert _render(library, tmp_path, "bom.md.j2", "html") == "<h1>2026-11-22</h1>\n"


def test_a_template_that_is_not_utf8_is_named_at_its_line(library: Library, tmp_path: Path) -> None:
    (tmp_path / "cp.md.j2").write_bytes("# Plan\n\nCaf\u00e9 {{ today }}\n".encode("cp1252"))
    with pytest.raises(BadInput) as info:
        _render(library, tmp_path, "cp.md.j2")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'cp.md.j2'}:3: template error: not UTF-8")
    assert "\n" not in message


def test_an_included_template_that_is_not_utf8_is_named(library: Library, tmp_path: Path) -> None:
    (tmp_path / "main.md.j2").write_text("{% include 'part.md.j2' %}", encoding="utf-8")
    (tmp_path / "part.md.j2").write_bytes(b"\x93quoted\x94\n")
    with pytest.raises(BadInput) as info:
        _render(library, tmp_path, "main.md.j2")
    assert str(info.value).startswith(f"{tmp_path / 'part.md.j2'}:1: template error: not UTF-8")


def test_a_shared_nested_list_is_sized_once_per_node(monkeypatch: pytest.MonkeyPatch) -> None:
    """``[l, l]`` doubled in a loop prints 2**n items: its size must not take 2**n steps."""
    from wbl_tui.sandbox import limits

    calls = 0
    original = limits.size

    def counting(value: Any) -> int:
        nonlocal calls
        calls += 1
        return original(value)

    monkeypatch.setattr(limits, "size", counting)
    env = Sandbox()
    source = "{% set ns = namespace(l=[]) %}{% for i in range(100) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}"
    with pytest.raises(SecurityError, match="too large"):
        env.render_bounded(env.from_string(source), {})
    assert calls < 10_000
