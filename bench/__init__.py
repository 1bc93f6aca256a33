"""Benchmarks for wbl-tui: ``make bench`` prints figures and ratios against baselines."""
