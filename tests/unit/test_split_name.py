"""A path typed where the save dialog asks for a name: folder and name, nothing lost."""

from __future__ import annotations

from wbl_tui.paths import split_name


def test_a_plain_name_is_left_alone() -> None:
    assert split_name("~/plans", " esl-120 ", "x") == ("~/plans", " esl-120 ")


def test_a_full_path_gives_its_folder_and_its_last_part() -> None:
    assert split_name("~/plans", "/tmp/nw/plans/geog", "x") == ("/tmp/nw/plans", "geog")
    assert split_name("~/plans", "~/geog/plan", "x") == ("~/geog", "plan")


def test_a_relative_folder_goes_inside_the_folder_shown() -> None:
    assert split_name("/srv/plans", "geog/plan", "x") == ("/srv/plans/geog", "plan")


def test_a_folder_alone_keeps_the_suggested_name() -> None:
    assert split_name("~/plans", "/tmp/nw/", "geog-105") == ("/tmp/nw", "geog-105")
    assert split_name("~/plans", "~", "geog-105") == ("~", "geog-105")
    assert split_name("~/plans", "/", "geog-105") == ("/", "geog-105")
