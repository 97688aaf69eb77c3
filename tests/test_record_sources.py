"""A record's `source` names a real place in the original notes under sources/."""

from __future__ import annotations

import glob
import os

import pytest

from paperkb.records.library import Library, open_library

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEPARATOR = " › "
SOURCES_SEPARATOR = "; "  # a record listed in several notes files names each place


@pytest.fixture(scope="module")
def library() -> Library:
    library, diagnostics = open_library(os.path.join(ROOT, "papers.yaml"))
    assert library is not None, [d.format() for d in diagnostics]
    return library


def read_seed(number: str) -> str | None:
    """The text of sources/<number>_*.txt, or None when no such file exists."""
    paths = glob.glob(os.path.join(ROOT, "sources", f"{number}_*.txt"))
    if len(paths) != 1:
        return None
    with open(paths[0], encoding="utf-8") as handle:
        return handle.read()


def find_unknown_headings(source: str) -> list[str]:
    """The parts of a source path ('004 Title › Section') that its seed file does not contain."""
    number, _, path = source.partition(" ")
    text = read_seed(number) if len(number) == 3 and number.isdigit() else None
    if text is None:
        return [f"no sources/{number}_*.txt"]
    return [part for part in path.split(SEPARATOR) if not part or part not in text]


def find_unknown_places(sources: str) -> list[str]:
    """The unknown headings of every place named in a source ('000 A › B; 002 C › D')."""
    return [part for source in sources.split(SOURCES_SEPARATOR) for part in find_unknown_headings(source)]


def test_every_source_path_is_found_in_its_seed(library: Library) -> None:
    wrong = {p.id: find_unknown_places(p.source) for p in library.papers if p.source}
    assert {key: parts for key, parts in wrong.items() if parts} == {}


def test_a_made_up_heading_is_reported() -> None:
    assert find_unknown_headings("003 GAN Applications › Video Synthesis") == []
    assert find_unknown_headings("003 GAN Applications › Audio Synthesis") == ["Audio Synthesis"]
    assert find_unknown_headings("009 Nothing") == ["no sources/009_*.txt"]


def test_each_of_several_places_is_checked() -> None:
    assert find_unknown_places("000 Self Using Note › Detection; 002 PaperList › Lip reading") == []
    assert find_unknown_places("000 Self Using Note › Detection; 002 PaperList › Lip writing") == [
        "Lip writing"
    ]
