"""Issue 9: endless and huge input, a damaged parse cache, control characters in text."""

from __future__ import annotations

import contextlib
import copyreg
import io
import os
import pickle
import threading
from pathlib import Path

import pytest

from wbl_tui.engine import filecache
from wbl_tui.errors import BadInput
from wbl_tui.model import yamlnodes
from wbl_tui.model.inputfile import read_capped
from wbl_tui.model.questions import QuestionSet
from wbl_tui.model.yamlnodes import Mapping, Scalar, load_file, load_text
from wbl_tui.textsafe import clean

REPO = Path(__file__).resolve().parents[2]
PLAN_SET = REPO / "questions" / "wbl-lesson-plan.yaml"


def test_an_endless_device_is_read_only_up_to_the_cap() -> None:
    with pytest.raises(BadInput) as err:
        read_capped(Path("/dev/zero"))
    assert str(err.value) == "/dev/zero: file is too large; the limit is 8 MB"


def test_an_endless_pipe_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:  # writes until the reader goes away (closing flushes: inside too)
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as pipe:
            while not stop.is_set():
                pipe.write(b"key: value\n" * 1000)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with pytest.raises(BadInput, match="too large"):
            load_file(fifo)
    finally:
        stop.set()
        writer.join(timeout=10)
    assert not writer.is_alive()


def test_a_folder_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="cannot read"):
        read_capped(tmp_path)


def test_a_huge_list_is_refused_by_count_before_it_is_built() -> None:
    text = "answers: [" + ",".join("a" for _ in range(1_900_000)) + "]\n"
    with pytest.raises(BadInput) as err:
        load_text(text, "big.yaml")
    problem = err.value.problems[0]
    assert str(problem) == "big.yaml:1:10: more than 10,000 items in one list"


def test_many_lists_are_refused_by_their_total() -> None:
    inner = "[" + ",".join("a" for _ in range(9_000)) + "]"
    text = "[" + ",".join(inner for _ in range(60)) + "]\n"  # 540,000 values
    with pytest.raises(BadInput, match="more than 500,000 values in one file"):
        load_text(text, "many.yaml")


def test_an_answers_file_has_a_lower_total(tmp_path: Path) -> None:
    from wbl_tui.model.answers import load_answers_file

    lists = "\n".join(f"  q{n}: [" + ",".join("a" for _ in range(9_000)) + "]" for n in range(6))
    path = tmp_path / "big.answers.yaml"
    path.write_text(
        "format: wbl-answers/1\nquestion_set: {id: x, version: 1.0.0}\nanswers:\n" + lists,
        encoding="utf-8",
    )
    with pytest.raises(BadInput, match="more than 50,000 values in one file"):
        load_answers_file(path)


def test_the_built_in_files_are_far_below_the_count() -> None:
    for path in (REPO / "questions").glob("*.yaml"):
        composer = yamlnodes._Composer(str(path))
        import yaml

        composer.compose(yaml.parse(path.read_text(encoding="utf-8"), Loader=yamlnodes.loader()))
        assert composer.total < yamlnodes.MAX_NODES / 10, path


# -- the parse cache ----------------------------------------------------------------------


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "parsed").glob("*.pickle"))


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle",
        b"\x80\x05K\x01.",  # a pickle of the wrong thing (an int)
        pickle.dumps({"id": "x"}),
        b"\x80\x05\x95\xff\xff\xff\xff",  # truncated
        b"\x80\x05cbuiltins\nValueError\n)R.",  # a pickle that raises when loaded
        b"\x80\x04cbuiltins\nexit\n)R.",  # SystemExit, which is no Exception (F10)
        b"\x80\x04cos\ngetcwd\n)R.",  # any call but the model's classes is refused
        b"\x80\x04cwbl_tui.model.questions\nQuestionSet\n)\x81.",  # hollow: no fields
    ],
)
def test_a_damaged_cache_entry_is_ignored_and_rebuilt(tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    first = filecache.load_parsed(PLAN_SET, cache)
    (entry,) = _entries(cache)
    entry.write_bytes(damage)
    again = filecache.load_parsed(PLAN_SET, cache)
    assert isinstance(again, QuestionSet) and again.id == first.id
    assert isinstance(pickle.loads(entry.read_bytes()), QuestionSet)  # rebuilt


def _hollow_tally(qset: QuestionSet) -> bytes:
    """A pickle of ``qset`` whose tally block was built and never filled in."""
    from wbl_tui.model.tally import Tally

    class Hollow(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            return (copyreg.__newobj__, (Tally,)) if type(obj) is Tally else NotImplemented

    out = io.BytesIO()
    Hollow(out, protocol=pickle.HIGHEST_PROTOCOL).dump(qset)
    return out.getvalue()


def test_a_cache_entry_with_a_hollow_object_deep_inside_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = filecache.load_parsed(PLAN_SET, cache)
    assert first.tally is not None
    (entry,) = _entries(cache)
    entry.write_bytes(_hollow_tally(first))
    again = filecache.load_parsed(PLAN_SET, cache)
    assert again.tally is not None and again.tally.field_names == first.tally.field_names


@pytest.mark.parametrize("how", ["link", "padded"])
def test_a_cache_entry_that_is_a_link_or_too_big_is_not_read(tmp_path: Path, how: str) -> None:
    """Issue 9 F10: an entry linked to /dev/zero read until MemoryError, and 30 MB of
    pickle took 2 GB; a link is not followed and nothing past a size cap is read."""
    cache = tmp_path / "cache"
    filecache.load_parsed(PLAN_SET, cache)
    (entry,) = _entries(cache)
    good = entry.read_bytes()
    if how == "link":  # to a good entry, so that only not following it can tell
        (tmp_path / "elsewhere").write_bytes(good)
        entry.unlink()
        entry.symlink_to(tmp_path / "elsewhere")
    else:  # a pickle ends at its STOP: what follows would be read for nothing
        entry.write_bytes(good + b"\0" * (4 * PLAN_SET.stat().st_size + (64 << 10)))
    filecache.load_parsed(PLAN_SET, cache)
    assert not entry.is_symlink() and entry.read_bytes() == good  # rebuilt


def test_the_cache_key_follows_the_model_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    filecache.load_parsed(PLAN_SET, cache)
    monkeypatch.setattr(filecache, "model_fingerprint", lambda: "a changed model")
    filecache.load_parsed(PLAN_SET, cache)
    assert len(_entries(cache)) == 2


def test_the_fingerprint_covers_every_model_module() -> None:
    model = {
        f"wbl_tui.model.{p.stem}"
        for p in (REPO / "wbl_tui" / "model").glob("*.py")
        if p.stem != "__init__"
    }
    assert model <= set(filecache._FINGERPRINTED)


# -- control characters -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("a\x1b]0;retitled\x07b", "ab"),  # OSC 0: window title
        ("see \x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\", "see here"),  # OSC 8
        ("x\x1b[2Jy\x1b[31mz", "xyz"),  # CSI: clear screen, colour
        ("c1\x9b2J and \x9d0;t\x9c", "c12J and 0;t"),  # C1 controls
        ("bell\x07 del\x7f nul\x00 cr\r", "bell del nul cr"),
        ("tab\tand\nnew line", "tab\tand\nnew line"),
        ("lone \x1b] keeps the rest", "lone ] keeps the rest"),
        ("é — ü", "é — ü"),
    ],
)
def test_clean(text: str, kept: str) -> None:
    assert clean(text) == kept


def test_text_from_a_file_is_cleaned_at_load() -> None:
    root = load_text('title: "Plan\\e]0;owned\\a \\e[2J"\nlist: ["\\x9b1m"]\n', "f.yaml")
    assert isinstance(root, Mapping)
    title = root.get("title")
    assert isinstance(title, Scalar) and title.text == "Plan "


def test_rendered_text_carries_no_control_sequences(tmp_path: Path) -> None:
    from datetime import date

    from wbl_tui.engine.document import Document
    from wbl_tui.engine.library import Library
    from wbl_tui.engine.render import Renderer
    from wbl_tui.paths import make_settings

    mini = REPO / "tests" / "data" / "root"
    env = {"WBL_TUI_DATA_DIR": str(tmp_path / "none"), "WBL_TUI_CACHE_DIR": str(tmp_path / "c")}
    library = Library(make_settings([mini / "questions"], [], env))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.md.j2").write_text(
        '# {{ answers.course_title }}\n{{ "\\x1b[2J" }}\tend\n', encoding="utf-8"
    )
    typed = "ESL\x1b]0;owned\x07 120\x9b"  # as if typed or pasted in the TUI
    doc = Document(library.find_set("mini-assessment"), {"course_title": typed})
    renderer = Renderer(library, date(2026, 11, 22), (templates,))
    assert renderer.render(doc, "t.md.j2") == "# ESL 120\n\tend\n"
    assert "\x1b" not in renderer.render(doc, "t.md.j2", "html")
