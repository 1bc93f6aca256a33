"""One row per measurement: what, ours, baseline, ratio, goal, verdict."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    what: str
    ours: float
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    goal: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.0f} {unit}"


def print_table(rows: list[Row]) -> None:
    head = ("measurement", "wbl-tui", "baseline", "ratio", "goal", "met")
    cells = [head]
    for r in rows:
        base = f"{fmt(r.baseline, r.unit)} ({r.baseline_what})" if r.baseline is not None else "-"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        met = {True: "yes", False: "NO", None: "-"}[r.met]
        cells.append((r.what, fmt(r.ours, r.unit), base, ratio, r.goal, met))
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]
    for n, c in enumerate(cells):
        print("  ".join(x.ljust(widths[i]) for i, x in enumerate(c)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
