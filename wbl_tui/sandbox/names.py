"""Which names an expression reads, found by parsing it (no compiling, no running)."""

from __future__ import annotations

from jinja2 import Environment, nodes
from jinja2.parser import Parser


def expression_names(env: Environment, source: str) -> tuple[set[str], set[str]]:
    """Parse an expression (TemplateSyntaxError if it is not one); the names it reads.

    Returns the bare names and the ``answers.x`` names. Parsing is all a load-time
    check needs; compiling to Python waits until the expression is first evaluated.
    """
    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        token = parser.stream.current
        parser.fail(f"unexpected {token.type} '{token.value}' after the expression", token.lineno)
    # find_all() yields only descendants: the expression itself may be the name
    # (``when: placements``) or the lookup (``when: answers.placements``).
    every = [expr, *expr.find_all(nodes.Node)]
    bare = {n.name for n in every if isinstance(n, nodes.Name) and n.ctx == "load"}
    via_answers = {
        g.attr
        for g in every
        if isinstance(g, nodes.Getattr)
        and isinstance(g.node, nodes.Name)
        and g.node.name == "answers"
    } | {
        str(g.arg.value)
        for g in every
        if isinstance(g, nodes.Getitem)
        and isinstance(g.node, nodes.Name)
        and g.node.name == "answers"
        and isinstance(g.arg, nodes.Const)
    }
    return bare, via_answers
