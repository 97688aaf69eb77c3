"""The positioned YAML reader: encodings, limits, and what it refuses."""

from __future__ import annotations

import re
import time

import pytest

from paperkb.records.yamltree import MAX_DEPTH, PosDict, PosList, parse_yaml_bytes, parse_yaml_text

RECORD = "papers:\n  - id: fsgan\n    title: 换脸 FSGAN\n"


def messages(document) -> list[str]:
    return [d.format() for d in document.diagnostics]


def test_bom_and_crlf_read_like_plain_utf8():
    plain = parse_yaml_bytes(RECORD.encode(), "p.yaml")
    bom_crlf = parse_yaml_bytes(b"\xef\xbb\xbf" + RECORD.replace("\n", "\r\n").encode(), "p.yaml")
    assert plain.diagnostics == bom_crlf.diagnostics == []
    assert plain.data == bom_crlf.data
    assert bom_crlf.data["papers"][0].value_pos["title"] == (3, 12)


def test_block_scalar_with_crlf_has_no_carriage_returns():
    text = "note: |\r\n  line one\r\n  line two\r\n"
    document = parse_yaml_bytes(text.encode(), "p.yaml")
    assert document.data["note"] == "line one\nline two\n"


def test_invalid_utf8_names_line_and_byte():
    raw = b"a: ok\nb: caf" + b"\xe9\n"
    assert messages(parse_yaml_bytes(raw, "p.yaml")) == [
        "p.yaml:2:7: error: invalid UTF-8 byte 0xe9; save the file as UTF-8 (it looks like another encoding)"
    ]


def test_empty_file_is_none_without_problems():
    document = parse_yaml_bytes(b"", "p.yaml")
    assert document.data is None and document.diagnostics == []


def test_positions_are_one_based_for_keys_values_and_items():
    document = parse_yaml_text("a:\n  - x\n  - {b: 1}\n", "p.yaml")
    root = document.data
    assert isinstance(root, PosDict) and root.key_pos["a"] == (1, 1)
    items = root["a"]
    assert isinstance(items, PosList) and items.item_pos == [(2, 5), (3, 5)]
    assert items[1].value_pos["b"] == (3, 9)


def test_billion_laughs_is_refused_at_the_first_anchor_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ",".join([f"*a{level - 1}"] * 9) + "]")
    started = time.perf_counter()
    document = parse_yaml_text("\n".join(lines), "bomb.yaml")
    assert time.perf_counter() - started < 5  # a generous bound: expansion would take hours
    assert document.data is None
    assert "anchors and aliases" in messages(document)[0]


def test_self_referencing_alias_is_refused():
    document = parse_yaml_text("a: &x [*x]\n", "p.yaml")
    assert "anchors and aliases" in messages(document)[0]


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_is_refused_before_libyaml_recurses(opener):
    text = opener * 50_000
    document = parse_yaml_text(text, "deep.yaml")
    [message] = messages(document)
    # Our own limit fires at level 65; libyaml 0.2.6 may refuse first, at its own limit of 1,000 levels.
    assert re.fullmatch(r"deep\.yaml:1:(\d+): error: nesting deeper than 64 levels; .*indentation", message)
    column = int(message.split(":")[2])
    assert column in (MAX_DEPTH * len(opener) + 1, 1000 * len(opener) + 1)


def test_file_larger_than_the_limit_is_refused(monkeypatch):
    import paperkb.records.yamltree as yamltree

    monkeypatch.setattr(yamltree, "MAX_BYTES", 1000)
    document = yamltree.parse_yaml_bytes(b"a: b\n" * 300, "big.yaml")
    assert document.data is None
    assert "the limit is" in messages(document)[0]


def test_second_document_is_refused():
    document = parse_yaml_text("a: 1\n---\nb: 2\n", "p.yaml")
    assert messages(document) == [
        "p.yaml:2:1: error: more than one YAML document in the file; remove the '---' line; keep one document"
    ]


def test_complex_key_is_refused():
    document = parse_yaml_text("? [a, b]\n: c\n", "p.yaml")
    assert "mapping key must be a plain word" in messages(document)[0]
