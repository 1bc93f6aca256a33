"""What compiled templates call instead of Python's own loops, joins and literals.

``route_through_guards`` rewrites a parsed template so that every ``for`` loop walks a
``_GuardedIterable``, every ``~`` goes through ``guarded_concat``, and every list, tuple or
dict literal with something computed in it, every slice and every value stored in a
namespace through ``built``; the environment installs these as globals and gives them to Jinja as
``concat`` and ``finalize``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from jinja2 import nodes, pass_eval_context
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.nodes import EvalContext
from jinja2.runtime import markup_join, str_join

from wbl_tui.sandbox import limits
from wbl_tui.sandbox.limits import MAX_BITS, MAX_OUTPUT, MAX_RANGE, admit, check_size, step

_SIZED = frozenset({list, tuple, dict, str, range})  # built-in containers, length fixed


def bounded_concat(parts: Iterable[str]) -> str:
    """``environment.concat``: what ``{% set %}`` blocks, macros and filter blocks capture."""
    parts = list(parts)
    total = sum(map(len, parts))
    if total > MAX_OUTPUT:
        raise SecurityError(f"a captured block is larger than {MAX_OUTPUT:,} characters")
    limits.charge(total)  # kept in a namespace, many captured blocks would add up
    return "".join(parts)


@pass_eval_context
def guarded_concat(eval_ctx: EvalContext, *pieces: Any) -> str:
    """The ``~`` operator, refused when its pieces add up to more than MAX_STRING."""
    step()
    check_size(*pieces)
    joined = markup_join(pieces) if eval_ctx.autoescape else str_join(pieces)
    return cast(str, admit(joined))


def built(value: Any) -> Any:
    """A computed literal, a slice, or a value stored in a namespace: counted like any value.

    A namespace is the one thing that outlives a loop's step, so what is stored there
    (``varargs`` of a macro, say, a tuple no hook built) is what could pile up.
    """
    step()
    return admit(value)


def finalize(value: Any) -> Any:
    """Every ``{{ … }}`` output: refuse a value that would print huge before ``str()`` builds it."""
    if not isinstance(value, str):
        check_size(value)
    return value


class GuardedIterable:
    """Wraps what a ``for`` loop walks, counting iterations against the budget."""

    __slots__ = ("_inner",)

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __len__(self) -> int:
        return len(self._inner)

    def __iter__(self) -> Iterator[Any]:
        inner = self._inner
        if type(inner) in _SIZED:
            # Templates cannot change a container, so the loop's length is known: charge
            # it up front rather than count each step (loops run over small lists a lot).
            limits.spend(len(inner))
            return iter(inner)
        return self._counted(inner)

    @staticmethod
    def _counted(inner: Iterable[Any]) -> Iterator[Any]:
        for item in inner:
            limits.spend(1)
            yield item


def safe_range(*args: int) -> range:
    """``range`` for templates: at most MAX_RANGE numbers."""
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise SecurityError(f"range() is limited to {MAX_RANGE:,} items in templates")
    return rng


GLOBALS = {
    "range": safe_range,
    "__wbl_iter": GuardedIterable,
    "__wbl_concat": guarded_concat,
    "__wbl_built": built,
}


def _is_built(node: Any) -> bool:
    """A list, dict or (loaded) tuple literal that is not a constant, or a slice (a copy).

    (Jinja compiles a slice to plain Python, past ``environment.getitem``.)
    """
    if isinstance(node, nodes.Getitem):
        return isinstance(node.arg, nodes.Slice)
    if not isinstance(node, nodes.List | nodes.Dict | nodes.Tuple):
        return False
    if isinstance(node, nodes.Tuple) and node.ctx != "load":
        return False
    try:
        node.as_const()
    except Exception:
        return True
    return False


def _guard(name: str, node: nodes.Node) -> nodes.Call:
    expr = cast(nodes.Expr, node)
    return nodes.Call(nodes.Name(name, "load"), [expr], [], None, None, lineno=node.lineno)


def route_through_guards(source: nodes.Template, name: str | None, filename: str | None) -> None:
    """Rewrite ``source`` in place so loops, ``~``, computed literals and stores call the guards.

    A whole-number literal over MAX_BITS (``0xfff…`` is read in linear time) is refused.
    """
    for const in source.find_all(nodes.Const):
        if type(const.value) is int and const.value.bit_length() > MAX_BITS:
            raise TemplateSyntaxError(
                "a number that large is not allowed in a template", const.lineno, name, filename
            )
    for parent in [source, *source.find_all(nodes.Node)]:
        for field in parent.fields:
            value = getattr(parent, field, None)
            if isinstance(value, nodes.Node) and _is_built(value):
                setattr(parent, field, _guard("__wbl_built", value))
            elif isinstance(value, list):
                value[:] = [_guard("__wbl_built", v) if _is_built(v) else v for v in value]
    for loop in source.find_all(nodes.For):
        loop.iter = _guard("__wbl_iter", loop.iter)
    for assign in source.find_all(nodes.Assign):
        if isinstance(assign.target, nodes.NSRef):
            assign.node = _guard("__wbl_built", assign.node)
    for concat in list(source.find_all(nodes.Concat)):
        call = nodes.Call(
            nodes.Name("__wbl_concat", "load"), concat.nodes, [], None, None, lineno=concat.lineno
        )
        concat.nodes = [call]


def describe(exc: BaseException) -> str:
    """One short line saying what went wrong in a template or expression."""
    if isinstance(exc, TemplateError):
        text = exc.message or type(exc).__name__
    elif isinstance(exc, RecursionError):
        text = "recursion too deep"
    elif isinstance(exc, MemoryError):
        text = "out of memory"
    elif isinstance(exc, KeyError) and exc.args:  # '{a}'.format(b=1), '%(a)s' % {}
        text = f"no value for {exc.args[0]!r}"
    else:
        text = str(exc) or type(exc).__name__
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"
