"""The event-stream YAML reader: positions, text kept as written, bombs refused early."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from wbl_tui.errors import BadInput
from wbl_tui.model import yamlnodes
from wbl_tui.model.yamlnodes import Mapping, Scalar, Sequence, load_bytes, load_file, load_text


def _error(text: str) -> str:
    with pytest.raises(BadInput) as exc:
        load_text(text, "f.yaml")
    assert len(exc.value.problems) == 1
    return str(exc.value)


def test_nodes_carry_their_line_and_column() -> None:
    root = load_text("a: 1\nb:\n  - x\n  - {c: d}\n", "f.yaml")
    assert isinstance(root, Mapping)
    assert (root.line, root.col) == (1, 1)
    b = root.get("b")
    assert isinstance(b, Sequence)
    assert (b.line, b.col) == (3, 3)
    inner = b.items[1]
    assert isinstance(inner, Mapping)
    value = inner.get("c")
    assert isinstance(value, Scalar) and value.text == "d"
    assert (value.line, value.col) == (4, 9)  # "  - {c: d}": the d is the 9th character
    assert str(value.problem("bad")) == "f.yaml:4:9: bad"


@pytest.mark.parametrize("written", ["no", "yes", "on", "0123", "12:30", "1e3", "0x1F", "1_000"])
def test_scalars_stay_the_text_written(written: str) -> None:
    root = load_text(f"v: {written}\n", "f.yaml")
    assert isinstance(root, Mapping)
    value = root.get("v")
    assert isinstance(value, Scalar)
    assert value.text == written and value.plain


def test_quoted_and_null_scalars() -> None:
    root = load_text("a: ''\nb: ~\nc:\nd: 'null'\ne: null\n", "f.yaml")
    assert isinstance(root, Mapping)
    kinds = {k.text: v for k, v in root.items}
    assert isinstance(kinds["a"], Scalar) and not kinds["a"].is_null  # quoted: an empty string
    assert kinds["b"].kind == kinds["c"].kind == kinds["e"].kind == "nothing"
    assert kinds["d"].kind == "text"


def test_an_empty_file_is_one_null_scalar() -> None:
    root = load_text("", "f.yaml")
    assert isinstance(root, Scalar) and root.is_null


def test_duplicate_keys_are_refused_at_the_second() -> None:
    assert _error("a: 1\nb: 2\na: 3\n") == "f.yaml:3:1: duplicate key 'a'"


def test_merge_keys_are_refused() -> None:
    message = _error("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert message.startswith("f.yaml:3:") and "merge keys (<<) are not supported" in message


def test_anchors_for_reusing_an_options_list_stay_allowed() -> None:
    root = load_text("a: &opts [x, y]\nb: *opts\n", "f.yaml")
    assert isinstance(root, Mapping)
    a, b = root.get("a"), root.get("b")
    assert isinstance(b, Sequence) and b is a


def test_an_alias_bomb_is_refused_fast() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    start = time.perf_counter()
    message = _error("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1
    assert "alias bomb" in message and message.startswith("f.yaml:")


def test_an_unknown_alias_is_located() -> None:
    assert _error("a: *nowhere\n").startswith("f.yaml:1:4: unknown alias *nowhere")


def test_nesting_is_bounded() -> None:
    depth = yamlnodes.MAX_DEPTH
    load_text("[" * depth + "]" * depth, "f.yaml")
    message = _error("[" * (depth + 1) + "]" * (depth + 1))
    assert f"nested more than {depth} levels deep" in message
    assert message.startswith(f"f.yaml:1:{depth + 1}:")


def test_30000_nested_brackets_do_not_crash_the_parser() -> None:
    start = time.perf_counter()
    message = _error("[" * 30_000)
    assert time.perf_counter() - start < 1
    assert "nested more than" in message


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary", "!custom", "!!int"])
def test_tags_are_refused(tag: str) -> None:
    assert "YAML tags such as" in _error(f"a: {tag} x\n")


def test_only_one_document() -> None:
    message = _error("a: 1\n---\nb: 2\n")
    assert message.startswith("f.yaml:2:1: only one YAML document")


def test_broken_yaml_is_located() -> None:
    message = _error("a: [1, 2\nb: 3\n")
    assert message.startswith("f.yaml:") and "invalid YAML" in message
    assert message.split(":")[1].isdigit() and message.split(":")[2].isdigit()


def test_tabs_for_indentation_are_located() -> None:
    message = _error("a:\n\tb: 1\n")
    assert message.startswith("f.yaml:2:") and "invalid YAML" in message


def test_a_key_must_be_text() -> None:
    assert "a key must be plain text" in _error("? [a, b]\n: c\n")


def test_bytes_must_be_utf8_and_a_bom_is_fine() -> None:
    with pytest.raises(BadInput) as exc:
        load_bytes(b"a: 1\nb: \xff\n", "f.yaml")
    assert str(exc.value) == "f.yaml:2: not UTF-8 text"
    root = load_bytes("\ufeffa: é\n".encode(), "f.yaml")
    assert isinstance(root, Mapping) and root.get("a") is not None


def test_nul_and_control_characters_are_refused() -> None:
    assert "NUL character" in _error("a: b\x00\n")
    assert "is not allowed" in _error("a: b\x07\n")


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlnodes, "MAX_BYTES", 100)
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as exc:
        load_file(big)
    assert str(exc.value).startswith(f"{big}: file is ") and "the limit is" in str(exc.value)
    with pytest.raises(BadInput):
        load_bytes(b"#" * 101, "f.yaml")


def test_a_missing_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as exc:
        load_file(tmp_path / "nope.yaml")
    assert str(exc.value).startswith(f"{tmp_path / 'nope.yaml'}: cannot read:")
