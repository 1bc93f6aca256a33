"""``python -m bench``: run every benchmark on this machine and print one table."""

from __future__ import annotations

import platform
import sys
import time

from bench import fuzz, latency, loading, memory, rendering, sandbox_fuzz, screens, startup, tally
from bench.table import Row, print_table


def main() -> int:
    print(
        f"wbl-tui benchmarks — Python {platform.python_version()} on {platform.machine()}, "
        f"{platform.system()}; one run, same machine\n"
    )
    rows: list[Row] = []
    modules = (
        ("start-up", startup),
        ("screen changes", screens),
        ("latency", latency),
        ("memory", memory),
        ("loading", loading),
        ("rendering", rendering),
        ("tally", tally),
    )
    for name, module in modules:
        print(f"running {name}…", file=sys.stderr)
        rows += module.run()
    print("running fuzz (100,002 inputs)…", file=sys.stderr)
    t = time.perf_counter()
    report = fuzz.run(100_002)
    elapsed = time.perf_counter() - t
    rows.append(
        Row(
            f"fuzz: {report.inputs:,} random/mutated YAML and expressions",
            report.slowest,
            "s",
            None,
            "",
            "no crash, each < 3 s",
            not report.failures,
        )
    )
    rows.append(
        Row(
            f"fuzz: whole run ({report.refused:,} refused, {report.accepted:,} accepted)",
            elapsed,
            "s",
        )
    )
    rows.append(
        Row(
            "fuzz: peak memory of the fuzzing process",
            report.peak_rss_mb,
            "MB",
            None,
            "",
            "bounded",
            report.peak_rss_mb < 500,
        )
    )
    for failure in report.failures[:20]:
        print("fuzz failure:", failure, file=sys.stderr)
    print("running sandbox fuzz (1,000 chains, memory-limited process)…", file=sys.stderr)
    rows += sandbox_fuzz.rows(1000)
    print_table(rows)
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
