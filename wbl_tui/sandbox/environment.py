"""The Jinja environment for everything that comes from shared files.

Templates and ``when``/``default`` expressions are written by people we do not know. The
immutable sandbox stops attribute escapes (``__class__``, ``__globals__``); this class
routes every call, filter, operator, loop, ``~`` and list or dict literal through the
checks in ``limits``, ``methods`` and ``filters``, so a hostile template ends in one
TemplateError and a hostile expression in false.
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from types import BuiltinMethodType, MethodType
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from wbl_tui.sandbox import limits
from wbl_tui.sandbox.guards import (
    GLOBALS,
    GuardedIterable,
    bounded_concat,
    built,
    describe,
    finalize,
    route_through_guards,
)
from wbl_tui.sandbox.limits import (
    EXPRESSION,
    MAX_OUTPUT,
    MAX_TOKENS,
    RESERVE,
    TEMPLATE,
    Allowance,
    OutOfAllowance,
    OutOfReserve,
    Reserve,
    admit,
    check_size,
    step,
)
from wbl_tui.sandbox.methods import check_binop, check_filled, check_format_string, check_method
from wbl_tui.sandbox.names import expression_names

_DICT_ATTRIBUTES = frozenset(dir(dict))
_MAX_REMEMBERED = 4096  # (type, attribute) safety decisions kept


def _is_text_method(func: MethodType) -> bool:
    """A method of Markup (which wraps str's in Python, out of the built-ins' way)."""
    owner = func.__self__
    return isinstance(owner, str) or (isinstance(owner, type) and issubclass(owner, str))


def _at_most(tokens: Iterable[Token], name: str | None, filename: str | None) -> Iterator[Token]:
    """The tokens of a template, refused past MAX_TOKENS: compiling takes time per token."""
    for count, token in enumerate(tokens, 1):
        if count > MAX_TOKENS:
            raise TemplateSyntaxError(
                f"the template is too long to compile (more than {MAX_TOKENS:,} tokens)",
                token.lineno,
                name,
                filename,
            )
        yield token


def _call_plain(context: Any, func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call a macro, a built-in method or one of our guards as ``Context.call`` would.

    None of them can be marked unsafe (a template cannot set attributes) nor asks to be
    passed the context, so only the loop bookkeeping is dropped and StopIteration turned
    into an undefined value, as Jinja does.
    """
    kwargs.pop("_loop_vars", None)
    kwargs.pop("_block_vars", None)
    try:
        return func(*args, **kwargs)
    except StopIteration:
        return context.environment.undefined(
            "value was undefined because a callable raised a StopIteration exception"
        )


class Sandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox with StrictUndefined and resource limits; no autoescape (Markdown).

    ``allowance`` is what one render or expression may spend; with a ``reserve``, each
    run also draws its time from it (see limits.Reserve). With ``sticky``, an expression
    that hit a limit (its allowance, a size, an unsafe attribute) is not run again: it
    fails at once, so a shared set's hostile ``when`` costs its allowance once.
    """

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    concat = staticmethod(bounded_concat)

    def __init__(
        self,
        loader: BaseLoader | None = None,
        allowance: Allowance = TEMPLATE,
        sticky: bool = False,
        reserve: Reserve | None = None,
    ) -> None:
        super().__init__(
            loader=loader,
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=-1,
            finalize=finalize,
        )
        self.allowance = allowance
        self.reserve = reserve
        self._exhausted: weakref.WeakSet[Any] | None = weakref.WeakSet() if sticky else None
        self.globals.pop("lipsum", None)
        self.globals.update(GLOBALS)
        from wbl_tui.sandbox.filters import guarded_filters

        self.filters.update(guarded_filters())
        self._safe_attributes: dict[tuple[type, str], bool] = {}

    # -- the hooks Jinja routes every operator, call and attribute through -----------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Apply a binary operator, refusing results that would be huge."""
        step()
        check_binop(operator, left, right)
        return admit(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call a function from a template: its cost checked first, its result counted."""
        step()
        kind = type(__obj)
        if kind is Macro or __obj is GuardedIterable or __obj is built:
            return _call_plain(__context, __obj, args, kwargs)
        if kind is BuiltinMethodType or (kind is MethodType and _is_text_method(__obj)):
            args = check_method(__obj.__self__, __obj.__name__, args, kwargs)
            return admit(_call_plain(__context, __obj, args, kwargs))
        return admit(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: a dict's key straight away, anything else as Jinja looks it up."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            # A dict has no attributes but its methods: Jinja would look the key up after
            # getattr() failed, and templates read context dicts this way all the time.
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's decision, remembered: it depends only on the type of ``obj`` and the name."""
        key = (type(obj), attr)
        safe = self._safe_attributes.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if len(self._safe_attributes) >= _MAX_REMEMBERED:
                self._safe_attributes.clear()
            self._safe_attributes[key] = safe
        return safe

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Check a format string's fields when ``str.format`` is looked up, its filling when called."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__
        fields, extra = check_format_string(fmt)

        def checked(*args: Any, **kwargs: Any) -> str:
            values = (*args, *kwargs.values())
            if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                values = tuple(args[0].values())
            check_filled(fmt, fields, extra, values)
            return wrapped(*args, **kwargs)

        return checked

    def _tokenize(
        self, source: str, name: str | None, filename: str | None = None, state: str | None = None
    ) -> TokenStream:
        """Jinja's tokens, at most MAX_TOKENS of them (a 465 KB template took 13 s)."""
        stream = super()._tokenize(source, name, filename, state)
        return TokenStream(_at_most(stream, name, filename), name, filename)

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        """Route loops, ``~`` and computed literals through the guards, everywhere."""
        route_through_guards(source, name, filename)
        return str(super()._generate(source, name, filename, defer_init))

    def _compile(self, source: str, filename: str) -> Any:
        """Compile the generated Python quietly: ``{{ 5[::-1] }}`` would print a SyntaxWarning."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return super()._compile(source, filename)

    # -- bounded runs ----------------------------------------------------------------------

    def render_bounded(self, template: Any, context: dict[str, Any]) -> str:
        """Render ``template`` within the allowance and the output limit."""
        token = self._start(template)
        try:
            parts: list[str] = []
            total = 0
            for chunk in template.generate(context):
                total += len(chunk)
                if total > MAX_OUTPUT:
                    raise SecurityError(f"output is larger than {MAX_OUTPUT:,} characters; stopped")
                parts.append(chunk)
            return "".join(parts)
        except OutOfReserve:  # not this template's doing: it may run again later
            raise
        except SecurityError:  # a limit: the same run would hit it again
            self._remember(template)
            raise
        finally:
            self._stop(token)

    def evaluate(self, compiled: Callable[..., Any], context: dict[str, Any]) -> Any:
        """Evaluate a compiled expression within the allowance."""
        token = self._start(compiled)
        try:
            value = compiled(**context)
            if not isinstance(value, str):
                check_size(value)  # what is done with it next (bool, str) stays small
            return value
        except OutOfReserve:  # not this expression's doing: it may run again later
            raise
        except SecurityError:  # a limit: the same run would hit it again
            self._remember(compiled)
            raise
        finally:
            self._stop(token)

    def _start(self, what: Any) -> Any:
        if self._exhausted is not None and what in self._exhausted:
            raise OutOfAllowance("it stopped at a limit before; not run again")
        if self.reserve is None:
            return limits.start(self.allowance)
        left = self.reserve.available()
        if left <= 0:
            raise OutOfReserve("expressions took more than their share of time; not run")
        return limits.start(self.allowance, min(left, self.allowance.seconds))

    def _stop(self, token: Any) -> None:
        budget = limits.stop(token)
        if self.reserve is not None and budget is not None:
            self.reserve.spend(budget.used())

    def _remember(self, what: Any) -> None:
        if self._exhausted is not None:
            self._exhausted.add(what)

    def expression_names(self, source: str) -> tuple[set[str], set[str]]:
        """Parse an expression (TemplateSyntaxError if it is not one); the names it reads."""
        return expression_names(self, source)


_shared: Sandbox | None = None


def expression_sandbox() -> Sandbox:
    """The process-wide sandbox for ``when``, ``default`` and ``tally`` expressions."""
    global _shared
    if _shared is None:
        _shared = Sandbox(allowance=EXPRESSION, sticky=True, reserve=Reserve(*RESERVE))
    return _shared


__all__ = ["Sandbox", "TemplateError", "describe", "expression_sandbox"]
