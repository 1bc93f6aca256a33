"""wbl-tui: plan work-based learning for any course, in the terminal."""

__version__ = "0.1.0"
