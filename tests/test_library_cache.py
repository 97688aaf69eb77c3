"""The checked library kept in the cache folder: reused only while papers.yaml, the notes folder,
the date and paperkb's code are the same; a library with errors is never kept."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from paperkb.records.library import Library, open_library
from paperkb.site.render import render_site
from paperkb.site.speedups import library_cache
from paperkb.site.speedups.card_store import CardStore

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "site"


def copy_fixture(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    return tmp_path / "kb" / "papers.yaml"


def refuse_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: str) -> None:
        raise AssertionError(f"{path} was checked again")

    monkeypatch.setattr(library_cache, "open_library", refuse)


def test_a_library_checked_before_is_read_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers, cache = copy_fixture(tmp_path), str(tmp_path / "cache")
    first, diagnostics = library_cache.open_library_cached(str(papers), cache)
    assert isinstance(first, Library) and len(list(Path(cache).glob("library-*.pickle"))) == 1
    refuse_checking(monkeypatch)
    second, again = library_cache.open_library_cached(str(papers), cache)
    assert second is not None and second is not first
    assert [p.model_dump() for p in second.papers] == [p.model_dump() for p in first.papers]
    assert second.note_paths == first.note_paths and second.paper_lines == first.paper_lines
    assert [d.format() for d in again] == [d.format() for d in diagnostics]


@pytest.mark.parametrize("change", ["papers", "note", "new note", "date"])
def test_any_change_of_what_the_check_reads_checks_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    papers, cache = copy_fixture(tmp_path), str(tmp_path / "cache")
    library_cache.open_library_cached(str(papers), cache)
    notes = papers.parent / "notes"
    if change == "papers":
        papers.write_text(papers.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    elif change == "note":
        note = next(notes.glob("*.md"))
        note.write_text(note.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    elif change == "new note":
        (notes / "not-a-paper.md").write_text("# Orphan\n", encoding="utf-8")
    else:
        monkeypatch.setattr(library_cache, "today", lambda: dt.date.today() + dt.timedelta(days=400))
    checked: list[str] = []
    monkeypatch.setattr(
        library_cache, "open_library", lambda path: checked.append(path) or open_library(path)
    )
    library, diagnostics = library_cache.open_library_cached(str(papers), cache)
    assert checked == [str(papers)] and library is not None
    if change == "new note":  # what a fresh check finds is reported, not the stored warnings
        assert any("not-a-paper.md" in d.format() for d in diagnostics)


def test_a_library_with_errors_is_not_kept(tmp_path: Path) -> None:
    papers, cache = copy_fixture(tmp_path), tmp_path / "cache"
    papers.write_text(papers.read_text(encoding="utf-8") + "\nnot: [valid\n", encoding="utf-8")
    library, diagnostics = library_cache.open_library_cached(str(papers), str(cache))
    assert library is None and diagnostics
    assert not list(cache.glob("library-*.pickle"))


def test_a_broken_stored_file_is_checked_again(tmp_path: Path) -> None:
    papers, cache = copy_fixture(tmp_path), tmp_path / "cache"
    library_cache.open_library_cached(str(papers), str(cache))
    (stored,) = cache.glob("library-*.pickle")
    stored.write_bytes(b"not a pickle")
    library, _ = library_cache.open_library_cached(str(papers), str(cache))
    assert library is not None and os.path.getsize(stored) > 100


def render_bodies(papers: Path, store: CardStore | None) -> list[str]:
    library, _ = open_library(str(papers))
    assert library is not None
    pages = render_site(library, search_marks=False, store=store)
    if store is not None:
        store.save()
    return [page.body for page in pages]


def test_stored_cards_make_the_same_pages_and_an_edit_remakes_only_its_cards(tmp_path: Path) -> None:
    papers, cache = copy_fixture(tmp_path), str(tmp_path / "cache")
    first = CardStore(cache, str(papers), "v1")
    assert render_bodies(papers, first) == render_bodies(papers, None)
    assert first.made > 1 and list(Path(cache).glob("cards-*.pickle"))
    again = CardStore(cache, str(papers), "v1")
    assert render_bodies(papers, again) == render_bodies(papers, None) and again.made == 0
    text = papers.read_text(encoding="utf-8")
    papers.write_text(text.replace('title: "FSGAN:', 'title: "FSGAN, edited:', 1), encoding="utf-8")
    edited = CardStore(cache, str(papers), "v1")
    assert render_bodies(papers, edited) == render_bodies(papers, None)
    assert 1 <= edited.made < first.made
    other_version = CardStore(cache, str(papers), "v2")
    render_bodies(papers, other_version)
    assert other_version.made > edited.made
