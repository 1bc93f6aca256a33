"""A tally report as text: a terminal table, Markdown, CSV, JSON, or HTML with a bar chart."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from html import escape
from typing import Literal

from wbl_tui.engine.tally import Report, Value, skipped_line
from wbl_tui.textsafe import one_line

Format = Literal["table", "md", "csv", "json", "html"]
FORMATS: tuple[Format, ...] = ("table", "md", "csv", "json", "html")
# What ``-o``'s extension says the report is (.txt, or none: the table).
SUFFIXES: dict[str, Format] = {
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}
ALL = "all plans"  # the one group's name when the report is not grouped
TITLE = "WBL opportunities"


def format_report(report: Report, fmt: Format, per_plan: bool = False) -> str:
    """The report in ``fmt``."""
    if fmt == "json":
        return json.dumps(report.as_json(per_plan), indent=2, ensure_ascii=False) + "\n"
    head, rows = _rows(report, per_plan)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(head)
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])
        return out.getvalue()
    if fmt == "md":
        return _markdown(report, head, rows)
    if fmt == "html":
        return _html(report, head, rows, per_plan)
    return _table(report, head, rows)


# What a spreadsheet takes for the start of a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Value) -> Value:
    """A value as a CSV cell, never a formula a spreadsheet would run.

    Text starting like a formula gets a leading ``'``, so answers files on a shared
    drive cannot put one into a report that is opened in Excel.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _columns(report: Report, per_plan: bool) -> tuple[str, ...]:
    return (report.by or report.field_names) if per_plan else report.by


class Count(int):
    """A number of plans or opportunities: shown like the totals (``80,200``), in CSV as is."""


def _rows(report: Report, per_plan: bool) -> tuple[list[str], list[list[Value]]]:
    """The header and rows: one per group, or one per plan."""
    names = _columns(report, per_plan)
    if per_plan:
        head = ["file", *names, "opportunities"]
        rows: list[list[Value]] = [
            [c.file, *(c.fields.get(n) for n in names), Count(c.opportunities)]
            for c in report.per_plan
        ]
        return head, rows
    counts = [[Count(g.plans), Count(g.opportunities)] for g in report.groups]
    if not report.by:
        return ["plans", "opportunities"], [[*c] for c in counts]
    head = [*names, "plans", "opportunities"]
    return head, [[*g.values, *c] for g, c in zip(report.groups, counts, strict=True)]


TABLE_CELL = 80  # the terminal table shortens longer values; the reports handed on never do


def _cell(value: Value, limit: int | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Count):
        return f"{value:,}"
    return one_line(value, limit)


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _n(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _summary(report: Report) -> str:
    return (
        f"{_n(report.plans, 'plan', 'plans')}, "
        f"{_n(report.opportunities, 'WBL opportunity', 'WBL opportunities')}; "
        f"{_n(report.assessments, 'self-assessment', 'self-assessments')} counted apart"
    )


def _notes(report: Report) -> list[tuple[str, list[str]]]:
    """The lists under the table: duplicates, plans with nothing to count, skipped files."""
    notes = []
    if report.duplicates:
        notes.append(
            (
                "Duplicates (same set and answers, counted once)",
                [" = ".join(one_line(f, None) for f in files) for files in report.duplicates],
            )
        )
    if report.no_tally:
        notes.append(
            (
                "Plans whose question set has no tally: block (0 opportunities)",
                list(report.no_tally),
            )
        )
    if report.skipped:
        notes.append(
            (
                "Skipped (could not be read or checked)",
                [one_line(skipped_line(s), None) for s in report.skipped],
            )
        )
    return notes


def _table(report: Report, head: list[str], rows: list[list[Value]]) -> str:
    cells = [[h.upper() for h in head], *[[_cell(v, TABLE_CELL) for v in row] for row in rows]]
    numeric = [all(isinstance(r[i], int) for r in rows) and rows != [] for i in range(len(head))]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    lines = [
        "  ".join(
            c[i].rjust(widths[i]) if numeric[i] else c[i].ljust(widths[i]) for i in range(len(c))
        ).rstrip()
        for c in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    out = [_summary(report), "", *lines] if rows else [_summary(report)]  # no plans: one line
    for title, items in _notes(report):
        out += ["", f"{title}:", *(f"  {item}" for item in items)]
    return "\n".join(out) + "\n"


def _md_cell(value: Value) -> str:
    return _cell(value).replace("\\", "\\\\").replace("|", "\\|")


def _markdown(report: Report, head: list[str], rows: list[list[Value]]) -> str:
    out = [f"# {TITLE}", "", _summary(report) + "."]
    if rows:  # no plans: the summary says it all
        numeric = [h in ("plans", "opportunities") for h in head]
        out.append("")
        out.append("| " + " | ".join(_title(h) for h in head) + " |")
        out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
        out += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    if report.by and len(rows) > 1 and head[-2:] == ["plans", "opportunities"]:
        blank = [""] * (len(head) - 3)
        total = ["**Total**", *blank, f"**{report.plans:,}**", f"**{report.opportunities:,}**"]
        out.append("| " + " | ".join(total) + " |")
    for title, items in _notes(report):
        out += ["", f"{title}:", "", *(f"- {_md_cell(item)}" for item in items)]
    return "\n".join(out) + "\n"


def _html(report: Report, head: list[str], rows: list[list[Value]], per_plan: bool) -> str:
    out = [
        '<section class="wbl-tally">',
        f"<h2>{TITLE}</h2>",
        f"<p>{escape(_summary(report))}.</p>",
    ]
    if rows:  # no plans: the summary says it all
        if not per_plan:
            out.append(bar_chart(report))
        out.append("<table>")
        out.append(
            "<thead><tr>" + "".join(f"<th>{escape(_title(h))}</th>" for h in head) + "</tr></thead>"
        )
        out.append("<tbody>")
        out += [
            "<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows
        ]
        out += ["</tbody>", "</table>"]
    for title, items in _notes(report):
        out.append(f"<p>{escape(title)}:</p>")
        out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    out.append("</section>")
    return "\n".join(out) + "\n"


def _label(values: Sequence[Value]) -> str:
    return " · ".join(_cell(v) for v in values) if values else ALL


def bar_chart(report: Report, width: int = 640, bar_height: int = 22) -> str:
    """An inline SVG bar chart of opportunities per group (largest first)."""
    groups = report.groups
    label_width, gap = 240, 6
    top = max((g.opportunities for g in groups), default=0) or 1
    room = width - label_width - 80
    height = max(1, len(groups)) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
        f"<title>{TITLE} per group</title>",
    ]
    for i, g in enumerate(groups):
        y = gap + i * (bar_height + gap)
        label = _label(g.values)
        short = escape(one_line(label, 36))  # what fits beside the bar; the tooltip is whole
        bar = max(1, round(room * g.opportunities / top)) if g.opportunities else 0
        text_y = y + bar_height * 0.7
        parts += [
            f'<text x="{label_width - 8}" y="{text_y:.0f}" text-anchor="end">{short}</text>',
            f'<rect x="{label_width}" y="{y}" width="{bar}" height="{bar_height}" fill="#3b6ea5">'
            f"<title>{escape(label)}: {_n(g.opportunities, 'opportunity', 'opportunities')} "
            f"in {_n(g.plans, 'plan', 'plans')}</title></rect>",
            f'<text x="{label_width + bar + 6}" y="{text_y:.0f}">{g.opportunities:,}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
