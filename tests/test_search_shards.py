"""The search term files: material's tokenizer replayed in Python, files written and placed."""

from __future__ import annotations

import json
from pathlib import Path

from paperkb.site.search_shards import (
    field_terms,
    js_separator,
    place_shards,
    text_sections,
    write_shards,
)

SITE_SEPARATOR = "[\\s\\u200b\\u3000\\-、。，．？！；]+"
CONFIG = {"lang": ["en"], "separator": SITE_SEPARATOR, "pipeline": ["stopWordFilter"],
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}  # fmt: skip


def test_separator_reads_as_javascript_does() -> None:
    separator = js_separator(SITE_SEPARATOR)
    assert separator is not None
    assert separator.split("a\ufeffb\u200bc\x1cd") == ["a", "b", "c\x1cd"]  # JavaScript's \s
    assert js_separator("(?<=a)b") is None and js_separator("\\p{L}") is None


def test_text_is_split_from_tags_as_material_extracts_it() -> None:
    assert list(text_sections("<p>Hello world</p> <p>x</p>")) == ["Hello world", " ", "x"]
    assert list(text_sections("a<b<c>d")) == ["a", "<b", "d"]  # a '<' inside text starts over


def test_terms_are_lower_cased_counted_and_stop_words_dropped() -> None:
    separator = js_separator(SITE_SEPARATOR)
    assert separator is not None
    terms = field_terms("The <b>Face</b> face-swap of 人脸\u200b换脸", separator)
    assert terms == {"face": 2, "swap": 1, "人脸": 1, "换脸": 1}


def index_with(*docs: dict[str, str]) -> dict:
    return {"config": CONFIG, "docs": list(docs)}


def test_term_files_hold_every_posting(tmp_path: Path) -> None:
    docs = [
        {"location": "a/", "title": "Face swap", "text": "face"},
        {"location": "a/#x", "title": "X", "text": "swap"},
    ]
    assert write_shards(str(tmp_path), index_with(*docs)) == 1
    terms = json.loads((tmp_path / "shards" / "terms.json").read_text(encoding="utf-8"))
    assert terms["documents"] == 2 and terms["shards"] == [["face", "swap", "x"]]
    assert terms["index"] == [[0, 1, 2]]  # the order lunr's builder meets them
    postings = json.loads((tmp_path / "shards" / "0.json").read_text(encoding="utf-8"))
    assert postings["face"] == {"title": [0, 1], "text": [0, 1]}
    assert postings["swap"] == {"title": [0, 1], "text": [1, 1]}


def test_no_term_files_where_the_worker_could_not_use_them(tmp_path: Path) -> None:
    same_place = [{"location": "a/", "title": "A", "text": ""}, {"location": "a/", "title": "B", "text": ""}]
    assert write_shards(str(tmp_path), index_with(*same_place)) == 0
    stemmed = {"config": {**CONFIG, "pipeline": ["stemmer", "stopWordFilter"]}, "docs": []}
    (tmp_path / "search_index.json").write_text(json.dumps(stemmed), encoding="utf-8")
    assert place_shards(str(tmp_path), None, stemmed["config"], 0, None) == 0
    assert not (tmp_path / "shards").exists()


def test_prepared_files_are_moved_when_material_indexed_nothing(tmp_path: Path) -> None:
    prepared = tmp_path / "child"
    write_shards(str(prepared), index_with({"location": "a/", "title": "Face", "text": ""}))
    site = tmp_path / "site"
    site.mkdir()
    (site / "search_index.json").write_text(json.dumps(index_with()), encoding="utf-8")
    planned = {"separator": SITE_SEPARATOR, "pipeline": ["stopWordFilter"], "fields": CONFIG["fields"]}
    assert place_shards(str(site), str(prepared / "shards"), CONFIG, 0, planned) == 1
    assert (site / "shards" / "0.json").is_file() and not (prepared / "shards").exists()
