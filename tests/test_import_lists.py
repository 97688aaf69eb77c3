"""Real paper lists from public repositories (tests/fixtures/lists) import as their golden files say."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paperkb.cli import main
from paperkb.importers.bibtex import read_bibtex
from paperkb.importers.markdown_list import read_markdown
from paperkb.importers.topics import TopicBook
from paperkb.records.library import open_library

LISTS = Path(__file__).parent / "fixtures" / "lists"
SOURCES = sorted(p for p in LISTS.iterdir() if p.suffix in (".md", ".bib") and p.name != "README.md")
FIELDS = ("arxiv", "venue", "year", "authors")
MARKUP = ("](", "**", "`", "<", "http://", "https://", "[[")


def _imported(path: Path) -> list[dict[str, Any]]:
    if path.suffix == ".bib":
        incoming, _, _ = read_bibtex(str(path), {})
    else:
        incoming = read_markdown(str(path), TopicBook([]), None, None).incoming
    return [item.draft for item in incoming]


def test_the_corpus_is_a_dozen_lists_with_their_sources_named() -> None:
    assert len(SOURCES) >= 12
    readme = (LISTS / "README.md").read_text(encoding="utf-8")
    for path in SOURCES:
        assert path.name in readme and (LISTS / "golden" / f"{path.name}.json").exists()


@pytest.mark.parametrize("path", SOURCES, ids=[path.name for path in SOURCES])
def test_a_list_gives_the_records_of_its_golden_file(path: Path) -> None:
    golden = json.loads((LISTS / "golden" / f"{path.name}.json").read_text(encoding="utf-8"))["records"]
    records = _imported(path)
    assert [record["title"] for record in records] == [
        entry["title"] for entry in golden
    ]  # no junk, none lost
    for record, entry in zip(records, golden, strict=True):
        assert not any(mark in record["title"] for mark in MARKUP), record["title"]
        for field in FIELDS:
            assert record.get(field) == entry.get(field), (record["title"], field)


@pytest.mark.parametrize("path", SOURCES, ids=[path.name for path in SOURCES])
def test_a_list_imports_into_a_new_library(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("topics: []\npapers: []\n", encoding="utf-8")
    kind = "bibtex" if path.suffix == ".bib" else "markdown"
    assert main(["import", kind, str(path), "--papers", str(papers)]) == 0, capsys.readouterr().err
    library, problems = open_library(str(papers))
    assert library is not None, problems
    assert library.topics and all(paper.topics for paper in library.papers)
    assert len(library.papers) >= len(_imported(path)) - 1  # a list may name one paper twice
