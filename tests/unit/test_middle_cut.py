"""Long names cut in the middle keep both ends."""

from __future__ import annotations

from wbl_tui.textsafe import middle_cut

NAME = "geog-105-introduction-to-gis-gis-mapping-for-a-local-nonprofit.partner-brief.md"


def test_a_long_name_keeps_its_start_and_its_ending() -> None:
    cut = middle_cut(NAME, 40)
    assert len(cut) == 40 and "…" in cut
    assert cut.startswith("geog-105-") and cut.endswith("partner-brief.md")


def test_a_name_that_fits_is_left_alone() -> None:
    assert middle_cut("x.md", 4) == "x.md"
    assert middle_cut(NAME, 2) == NAME  # no room for a useful cut
