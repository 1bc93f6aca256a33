"""A short fuzz run in the suite (``make bench`` runs 100,000+ inputs)."""

from __future__ import annotations

from bench.fuzz import run


def test_fuzzed_inputs_load_or_fail_cleanly_and_quickly() -> None:
    report = run(3000, seed=7, bound=3.0)
    assert report.failures == []
    assert report.inputs == 3000
    assert report.refused > 0 and report.accepted > 0
    assert report.peak_rss_mb < 500
