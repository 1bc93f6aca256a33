"""The sandbox for templates and expressions from shared files, split by concern.

``limits`` (what a run may spend, how big a value is), ``methods`` (what each operator
and text method may build), ``filters`` (Jinja's filters, checked), ``names`` (which
names an expression reads) and ``environment`` (the Jinja environment that routes every
call through them). Importers use the names below.
"""

from __future__ import annotations

from jinja2.exceptions import TemplateError

from wbl_tui.sandbox.environment import Sandbox, describe, expression_sandbox
from wbl_tui.sandbox.limits import MAX_SECONDS, OutOfAllowance

__all__ = [
    "MAX_SECONDS",
    "OutOfAllowance",
    "Sandbox",
    "TemplateError",
    "describe",
    "expression_sandbox",
]
