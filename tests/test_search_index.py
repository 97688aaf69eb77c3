"""The search entries the hook builds from the data (paperkb.site.search_index) on the fixture library."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from paperkb.records.library import Library, open_library
from paperkb.site.markup import NoteRenderer
from paperkb.site.render import render_site
from paperkb.site.renderer import read_long_notes
from paperkb.site.search_index import (
    SearchIndexBuilder,
    build_search_entries,
    html_search_text,
    user_dictionary,
)
from paperkb.site.search_terms import collect_search_terms, render_user_dictionary, write_user_dictionary
from paperkb.site.segment import HAN_RUN_RE, ZWSP, ChineseSegmenter
from paperkb.site.views import SiteContext
from paperkb.site.zensical_build import read_mkdocs_config

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"
TAG_RE = re.compile(r"</?[a-z]+>")


def site_separator() -> re.Pattern[str]:
    """The search separator of the site's mkdocs.yml (what the browser splits text with)."""
    plugins = read_mkdocs_config(str(REPO / "mkdocs.yml"))["plugins"]
    config = next(p["search"] for p in plugins if isinstance(p, dict) and "search" in p)
    return re.compile(config["separator"])


def tokens(text: str) -> set[str]:
    return {token for token in site_separator().split(TAG_RE.sub(" ", text)) if token}


@pytest.fixture(scope="module")
def library() -> Library:
    lib, diagnostics = open_library(str(FIXTURE))
    assert lib is not None, diagnostics
    return lib


@pytest.fixture(scope="module")
def jieba_with_terms(library: Library, tmp_path_factory: pytest.TempPathFactory):
    """jieba with the knowledge base's user dictionary, as the build sets it up."""
    import jieba

    words = render_user_dictionary(collect_search_terms(library))
    jieba.load_userdict(write_user_dictionary(words, str(tmp_path_factory.mktemp("jieba"))))
    return jieba


@pytest.fixture(scope="module")
def entries(library: Library, jieba_with_terms) -> dict[str, dict[str, str]]:
    found = build_search_entries(library)
    by_location = {entry["location"]: entry for entry in found}
    assert len(by_location) == len(found), "one entry per location"
    return by_location


def test_one_entry_per_paper_at_its_card(library: Library, entries: dict) -> None:
    for paper in library.papers:
        assert f"topics/{paper.topics[0]}/#{paper.id}" in entries
        assert not any(
            loc.endswith(f"#{paper.id}") and not loc.startswith(f"topics/{paper.topics[0]}/")
            for loc in entries
        )
    for paper_id in library.note_paths:
        assert f"papers/{paper_id}/" in entries
    assert not any(
        loc.startswith(("all/", "queue/", "tags/", "years/", "venues/", "stats/")) for loc in entries
    )


def test_each_entry_holds_title_words_and_chinese_words_as_tokens(
    library: Library, entries: dict, jieba_with_terms
) -> None:
    for paper in library.papers:
        entry = entries[f"topics/{paper.topics[0]}/#{paper.id}"]
        title_tokens = tokens(entry["title"])
        for word in re.findall(r"[A-Za-z0-9]+", paper.title):
            assert any(word in token for token in title_tokens), (paper.id, word)
        text_tokens = tokens(entry["text"])
        shown = re.sub(
            r"<[^>]+>", " ", NoteRenderer().render(paper.notes.en)
        )  # the note as the card shows it
        for word in re.findall(r"[A-Za-z]{4,}", shown)[:20]:
            assert any(word in token for token in text_tokens), (paper.id, word)
        for run in HAN_RUN_RE.findall(paper.notes.zh or ""):
            for word in jieba_with_terms.cut(run):
                assert word in text_tokens, (paper.id, word)
        assert ZWSP + ZWSP not in entry["text"] and not entry["text"].startswith(ZWSP)


def test_the_knowledge_base_words_are_whole_tokens(entries: dict) -> None:
    assert {"换脸", "重演"} <= tokens(entries["topics/face-swap/#fsgan"]["text"])
    assert "遮挡" in tokens(entries["topics/face-swap/#faceshifter"]["text"])
    assert "超分" in tokens(entries["topics/super-resolution/#gfpgan"]["text"])
    assert "换脸" in tokens(entries["topics/face-swap/"]["title"])


def test_user_text_stays_escaped(entries: dict) -> None:
    text = entries["topics/misc/#hostile-note"]["text"]
    assert "<script" not in text and "&lt;script&gt;" in text and "<img" not in text


def test_paper_entries_match_what_material_parses_from_the_cards(library: Library, entries: dict) -> None:
    """material's own parser, run on the topic pages as they were indexed before, finds the same."""
    from material.plugins.search.plugin import SearchIndex

    index = SearchIndex(lang=["en"], separator=site_separator().pattern, pipeline=[], fields={})
    for page in render_site(library):
        if not page.src_uri.startswith("topics/"):
            continue
        url = page.src_uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
        meta = {"title": page.title}
        index.add_entry_from_context(
            SimpleNamespace(meta=meta, content=page.body, toc=[], url=url, title=page.title)
        )
    parsed = {entry["location"]: entry for entry in index.entries if "#" in entry["location"]}
    assert parsed.keys() == {loc for loc in entries if "/#" in loc}
    for location, entry in parsed.items():
        # material keeps a second space after text that sits outside any <p> (a raw HTML block)
        assert _spaced(entries[location]) == _spaced(entry), location


def _spaced(entry: dict) -> dict:
    return {key: re.sub(" {2,}", " ", value) for key, value in entry.items()}


def test_each_text_is_cut_once(library: Library, jieba_with_terms) -> None:
    builder = SearchIndexBuilder(ChineseSegmenter())
    ctx = SiteContext(library, NoteRenderer(), True, read_long_notes(library))
    first = list(builder.entries(ctx))
    cuts = builder.segmenter.cuts
    assert cuts > 0
    assert list(builder.entries(ctx)) == first and builder.segmenter.cuts == cuts


def test_han_runs_are_material_s() -> None:
    bre = pytest.importorskip("backrefs.bre")
    material = bre.compile(r"[\p{script: Han}]+", bre.UNICODE)
    assert HAN_RUN_RE.pattern == material.pattern


def test_html_search_text_keeps_material_s_tags() -> None:
    html = '<h2>Net</h2>\n<p>A <a href="x" title="a>b">link</a> &amp; <strong>b</strong></p>\n<pre><code>x  =\n1</code></pre>'
    assert html_search_text(html) == "Net <p>A link &amp; b</p> <pre><code>x  =\n1</code></pre>"


def test_rjieba_cuts_as_jieba_does(library: Library, jieba_with_terms) -> None:
    """The fast cutter gives jieba's words, on these notes and on the repository's own."""
    pytest.importorskip("rjieba")
    from paperkb.site.segment import read_user_dictionary, rjieba_cutter

    cutter = rjieba_cutter(read_user_dictionary(user_dictionary(library)))
    assert cutter is not None
    texts = [REPO.joinpath("papers.yaml").read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(REPO.glob("notes/*.md"))]
    texts += [paper.notes.zh or "" for paper in library.papers]
    runs = [run for text in texts for run in HAN_RUN_RE.findall(text)]
    assert len(runs) > 100
    for run in runs:
        assert cutter(run) == list(jieba_with_terms.cut(run)), run


def test_entries_are_the_same_with_jieba(library: Library, entries: dict) -> None:
    builder = SearchIndexBuilder(ChineseSegmenter(prefer_rjieba=False))
    builder.segmenter.use_dictionary(user_dictionary(library))
    ctx = SiteContext(library, NoteRenderer(), True, read_long_notes(library))
    assert {entry["location"]: entry for entry in builder.entries(ctx)} == entries
    assert builder.segmenter.backend == "jieba"
