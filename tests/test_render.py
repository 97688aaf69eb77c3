"""Pure rendering functions: safe note HTML, links, pages, nav, search terms and charts."""

from __future__ import annotations

import os
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperkb.records.library import Library, open_library
from paperkb.site import urls
from paperkb.site.markup import (
    NoteRenderer,
    is_plain_text,
    render_markdown,
    render_plain_paragraphs,
    safe_href,
    split_long_note,
)
from paperkb.site.render import build_nav, render_site, write_pages
from paperkb.site.renderer import bilingual_title, page_title
from paperkb.site.search_terms import (
    collect_search_terms,
    cut_known_words,
    han_words,
    render_user_dictionary,
    write_user_dictionary,
)
from paperkb.site.stats import render_progress_bars, render_year_bars, render_year_topic_heatmap, year_span
from paperkb.site.views import recently_added, status_counts

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "site", "papers.yaml")


@pytest.fixture(scope="module")
def library() -> Library:
    lib, diagnostics = open_library(FIXTURE)
    assert lib is not None, diagnostics
    return lib


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, str]:
    return {page.src_uri: page.markdown for page in render_site(library)}


# --- notes: Markdown once, then sanitised ---------------------------------------------------


@pytest.mark.parametrize(
    ("note", "forbidden"),
    [
        ("<script>alert(1)</script>ok", "alert"),
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](JaVaScRiPt:alert(1))", "alert"),
        ("[x](jav&#x61;script:alert(1))", "alert"),
        ("[x](data:text/html,<b>x</b>)", "data:"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<iframe src="https://example.org"></iframe>', "iframe"),
        ("<style>body{display:none}</style>", "display"),
        ('[a](https://example.org){ onclick="alert(1)" }', '" onclick='),
        ('<a href="https://example.org" onmouseover="x()">a</a>', "onmouseover"),
        ("[rel](../other/page)", "href"),
    ],
)
def test_note_markup_is_sanitised(note: str, forbidden: str) -> None:
    assert forbidden not in NoteRenderer().render(note)


def test_note_keeps_safe_markdown_and_template_text() -> None:
    html = NoteRenderer().render("**bold** [ok](https://example.org/x) {{ config }} {% raw %}\n\n- item")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org/x"' in html
    assert "{{ config }} {% raw %}" in html
    assert "<li>item</li>" in html


def test_note_cannot_close_the_card() -> None:
    html = NoteRenderer().render("</div></div>\n\n```\nunclosed fence")
    assert "</div>" not in html


def test_each_distinct_note_is_converted_once() -> None:
    renderer = NoteRenderer()
    for _ in range(3):
        renderer.render("*same* note")
        renderer.render("another")
    assert renderer.conversions == 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 换脸。,.:;'\"()-_*#1\nwhtps/@")), max_size=60))
def test_plain_text_shortcut_matches_markdown(text: str) -> None:
    if not is_plain_text(text):
        return
    full = NoteRenderer()._cleaner.clean(render_markdown(text)).rstrip("\n")
    assert render_plain_paragraphs(text) == full


def test_split_long_note_ignores_headings_in_code() -> None:
    note = split_long_note("intro\n\n```\n## English\n```\n\n## English\n\nhello\n\n## 中文\n\n你好\n")
    assert note.en == "hello"
    assert note.zh == "你好"
    assert "## English" in note.common and note.common.startswith("intro")


def test_safe_href_accepts_only_http() -> None:
    assert safe_href("https://arxiv.org/abs/1") == "https://arxiv.org/abs/1"
    for bad in ("javascript:alert(1)", "data:x", "//evil.org", 'https://a.org/"onclick', "", None):
        assert safe_href(bad) is None


# --- links and URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "directory", "url", "prefix"),
    [
        ("index.md", True, "", ""),
        ("all.md", True, "all/", "../"),
        ("topics/gan/index.md", True, "topics/gan/", "../../"),
        ("topics/face-swap.md", True, "topics/face-swap/", "../../"),
        ("topics/face-swap.md", False, "topics/face-swap.html", "../"),
        ("index.md", False, "index.html", ""),
    ],
)
def test_page_urls_follow_mkdocs(src: str, directory: bool, url: str, prefix: str) -> None:
    assert urls.page_url(src, directory) == url
    assert urls.root_prefix(src, directory) == prefix


def test_links_resolve_per_page() -> None:
    target = urls.link(urls.topic_src("face-swap"), "fsgan")
    assert urls.finish_links(target, "all.md") == "../topics/face-swap/#fsgan"
    assert urls.finish_links(target, "index.md") == "topics/face-swap/#fsgan"
    assert urls.finish_links(urls.link("index.md"), "topics/x.md") == "../.././"


def test_anchor_slugs_are_distinct() -> None:
    slugs = {urls.anchor_slug("tag", t) for t in ("gan", "GAN", "换脸", "g a n")}
    assert len(slugs) == 4
    assert urls.anchor_slug("tag", "gan") == "tag-gan"


# --- pages ------------------------------------------------------------------------------------


def test_every_page_kind_is_generated(library: Library, pages: dict[str, str]) -> None:
    expected = {"index.md", "all.md", "queue.md", "tags.md", "years.md", "venues.md", "stats.md"}
    expected |= {"papers/index.md", "papers/faceshifter.md", "papers/hostile-note.md"}
    expected |= {"topics/gan/index.md", "topics/stylegan-family.md", "topics/face-swap.md"}
    assert expected <= set(pages)
    assert len([p for p in pages if p.startswith("topics/")]) == len(library.topics)


def test_cards_are_raw_html_blocks_that_markdown_leaves_alone(
    library: Library, pages: dict[str, str]
) -> None:
    text = pages["all.md"]
    assert text.startswith("---\ntitle: ")
    body = text.split("\n---\n", 1)[1]
    assert body.startswith('\n<div class="pkb-page')  # a blank line, then the block at column 0
    html = markdown.Markdown(extensions=["toc", "attr_list"]).convert(body)
    assert html.count('class="pkb-row ') == len(library.papers)  # a compact row per paper
    assert "<script" not in html and "javascript:" not in html
    assert "{{ config }}" in html


def test_each_card_once_with_anchor_and_both_notes(library: Library, pages: dict[str, str]) -> None:
    for paper in library.papers:
        assert pages["all.md"].count(f'id="{paper.id}"') == 1
        topic_page = pages[urls.topic_src(paper.topics[0], bool(library.children.get(paper.topics[0])))]
        assert f'id="{paper.id}"' in topic_page
    assert 'data-lang="en"' in pages["all.md"] and 'data-lang="zh"' in pages["all.md"]
    assert "与人物无关的换脸" in pages["topics/face-swap.md"]


def _card_of(page: str, paper_id: str) -> str:
    start = page.index(f'id="{paper_id}"')
    return page[
        start : page.index('<div class="pkb-card ', start)
        if '<div class="pkb-card ' in page[start:]
        else None
    ]


def test_card_shows_arxiv_date_summary_source_and_missing_notes(pages: dict[str, str]) -> None:
    """The venue's year and the preprint's month apart; a summary labelled as not the notes."""
    pggan = _card_of(pages["topics/gan/index.md"], "pggan")
    assert 'href="../../years/#year-2018">2018</a>' in pggan
    assert 'title="first posted on arXiv · 首次发布于 arXiv">arXiv 2017-10</span>' in pggan
    assert '<div class="pkb-notes pkb-notes--empty"><span data-lang="en">No notes yet</span>' in pggan
    assert '<span data-lang="zh" lang="zh">暂无笔记</span>' in pggan
    label = pggan.index('<div class="pkb-summary__label"><span data-lang="en">Summary</span>')
    assert label < pggan.index("<p>Grows generator and discriminator progressively") < pggan.index("逐步增长")
    assert "not from the notes" in pggan and '<div class="pkb-note"' not in pggan
    assert '<small><span data-lang="en">Source</span>' in pggan
    assert "GAN reading list › Progressive training</small>" in pggan
    fsgan = _card_of(pages["topics/face-swap.md"], "fsgan")
    assert "No notes yet" not in fsgan and "pkb-summary" not in fsgan and "pkb-card__source" not in fsgan


def test_repeated_cards_are_kept_out_of_search(pages: dict[str, str]) -> None:
    assert 'id="fsgan" data-search-exclude' in pages["topics/reenactment.md"]
    assert 'id="fsgan" data-search-exclude' not in pages["topics/face-swap.md"]
    assert "search:\n  exclude: true" in pages["all.md"]
    assert "exclude" not in pages["topics/face-swap.md"].split("\n---\n")[0]


def test_titles_are_escaped_in_front_matter_and_body(pages: dict[str, str]) -> None:
    page = pages["papers/hostile-note.md"]
    assert page.startswith('---\ntitle: "&lt;i&gt;Hostile&lt;/i&gt;"\n')
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold" not in page
    assert "\x1a" not in "".join(pages.values())


def test_related_and_back_links_point_to_first_topic(pages: dict[str, str]) -> None:
    face_swap = pages["topics/face-swap.md"]
    assert (
        '<span data-lang="zh" lang="zh">相关</span>: <a href="../../topics/face-swap/#faceshifter"'
        in face_swap
    )
    assert (
        '<span data-lang="zh" lang="zh">被引用</span>: <a href="../../topics/face-swap/#fsgan"' in face_swap
    )


def test_queue_holds_only_unread(pages: dict[str, str]) -> None:
    queue = pages["queue.md"]
    assert "FaceShifter" in queue and "GFPGAN" in queue
    assert "StyleGAN</strong>" not in queue


def test_recently_added_prefers_dates_then_file_order(library: Library) -> None:
    order = [p.id for p in recently_added(library, limit=4)]
    assert order[:2] == ["gfpgan", "fsgan"]
    assert order[2] == "hostile-note"
    assert status_counts(library.papers)["total"] == len(library.papers)


def test_recently_added_lists_papers_only(library: Library, tmp_path) -> None:
    assert "ffhq-dataset" not in [p.id for p in recently_added(library)]  # a dataset
    papers = tmp_path / "papers.yaml"
    papers.write_text(
        "topics:\n  - {id: misc, title: {en: Misc, zh: 其他}}\npapers:\n"
        "  - {id: real, title: A Real Paper, topics: [misc]}\n"
        "  - {id: tool, kind: website, title: A Notebook Viewer, topics: [misc]}\n"
        "  - {id: unknown, title: Unidentified paper, topics: [misc], tags: [needs-title]}\n",
        encoding="utf-8",
    )
    small, diagnostics = open_library(str(papers))
    assert small is not None, diagnostics
    assert [p.id for p in recently_added(small)] == ["real"]


def test_nav_nests_topics(library: Library) -> None:
    topics = build_nav(library)[1][bilingual_title("Topics", "主题")]
    gan_title = bilingual_title("Generative Adversarial Networks", "生成对抗网络")
    children = next(item for item in topics if gan_title in item)[gan_title]
    assert children[0] == "topics/gan/index.md"
    assert {bilingual_title("StyleGAN Family", "StyleGAN 系列"): "topics/stylegan-family.md"} in children
    # titles are HTML (material prints them raw): user text in them is escaped
    assert any(
        '<span data-lang="en">Other &lt;Topics&gt; &amp; Odds</span>' in title
        for item in topics
        for title in item
    )


def test_write_pages(tmp_path, library: Library) -> None:
    written = write_pages(render_site(library), str(tmp_path))
    assert (tmp_path / "topics" / "gan" / "index.md").is_file()
    assert len(written) == len(set(written))


# --- search terms -----------------------------------------------------------------------------


def test_han_words_cut_titles_into_short_words() -> None:
    assert han_words("超分辨率与人脸修复") == ["超分辨率", "人脸", "修复"]
    assert han_words("StyleGAN 系列") == ["系列"]
    assert cut_known_words("人脸质量评估", {"人脸"}) == ["人脸", "质量", "评估"]


def test_user_dictionary(tmp_path, library: Library) -> None:
    words = collect_search_terms(library)
    assert {"换脸", "重演", "超分", "人脸"} <= set(words)
    text = render_user_dictionary(words)
    assert all(re.fullmatch(r"\S+ \d+", line) for line in text.splitlines())
    first = write_user_dictionary(text, str(tmp_path))
    assert write_user_dictionary(text, str(tmp_path)) == first
    assert Path(first).read_text(encoding="utf-8") == text


def test_old_user_dictionaries_are_removed_when_a_new_one_is_written(tmp_path) -> None:
    old, recent = tmp_path / "jieba-user-0000000000000000.txt", tmp_path / "jieba-user-1111111111111111.txt"
    other = tmp_path / "notes.txt"
    for path in (old, recent, other):
        path.write_text("换脸 100\n", encoding="utf-8")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    current = Path(write_user_dictionary("超分 100\n", str(tmp_path)))
    assert current.is_file() and recent.is_file() and other.is_file()
    assert not old.exists()
    os.utime(current, (hours_ago, hours_ago))
    assert write_user_dictionary("超分 100\n", str(tmp_path)) == str(current)  # reused, and marked in use
    assert current.stat().st_mtime > hours_ago + 3000


# --- charts -----------------------------------------------------------------------------------


def test_charts_are_valid_svg(library: Library) -> None:
    years = year_span(library.papers)
    assert years == [2018, 2019, 2020, 2021]  # 2020 has no paper: shown empty
    rows = [(t.title.en, library.papers_by_topic.get(t.id, [])) for t in library.topics]
    for svg in (
        render_year_topic_heatmap(rows, years),
        render_year_bars(library.papers, years),
        render_progress_bars(rows),
    ):
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert root.findall(".//{http://www.w3.org/2000/svg}rect")
        # as wide as the page, never so narrow that its 12px labels shrink below about 10px
        assert root.get("width") == "100%"
        least = float(root.get("style", "").removeprefix("min-width: ").removesuffix("px"))
        assert least >= 0.8 * float(root.get("viewBox", "").split()[2]) - 1
    assert "Other &lt;Topics&gt;" in render_progress_bars(rows)
    bars = ET.fromstring(render_year_bars(library.papers, years))
    labels = [t.text for t in bars.iter("{http://www.w3.org/2000/svg}text") if t.text and t.text.isdigit()]
    assert {"2018", "2019", "2020", "2021"} <= set(labels)  # every year on the axis, 2020 too


def test_chart_labels_follow_the_language_switch(library: Library) -> None:
    rows = [((t.title.en, t.title.zh), library.papers_by_topic.get(t.id, [])) for t in library.topics]
    svg = render_progress_bars(rows)
    assert '<tspan data-lang="en">Face Swap</tspan>' in svg and '<tspan data-lang="zh">换脸</tspan>' in svg


def test_note_headings_rank_below_where_the_note_sits() -> None:
    from paperkb.site.markup import NoteRenderer, lower_headings

    notes = NoteRenderer()
    text = "# Top\n\n## Middle\n\n###### Deepest\n\n```\n<h1>in code</h1>\n```\n"
    html = notes.render(text, top=4)
    assert "<h4>Top</h4>" in html and "<h5>Middle</h5>" in html and "<h6>Deepest</h6>" in html
    assert "&lt;h1&gt;in code&lt;/h1&gt;" in html  # code is text, not a heading
    assert notes.render(text).startswith("<h1>Top</h1>")  # the search index reads it unshifted
    assert lower_headings("<h3>Network</h3><p>x</p>", 2) == "<h3>Network</h3><p>x</p>"  # already below
    assert lower_headings('<h1 id="a">A</h1>', 3) == '<h3 id="a">A</h3>'
    assert notes.render("plain text", top=4) == "<p>plain text</p>"


def test_many_topics_leave_the_navigation(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit the topics are listed on the home page only: every page carried the whole
    navigation, so 1,200 flat topics took 56 s and 441 MB to build."""
    topics = page_title("topics")
    assert topics in [next(iter(item)) for item in build_nav(library)]
    monkeypatch.setattr(urls, "NAV_TOPICS_LIMIT", len(library.topics) - 1)
    assert topics not in [next(iter(item)) for item in build_nav(library)]
    pages = render_site(library)
    topic_pages = [page for page in pages if page.src_uri.startswith("topics/")]
    assert topic_pages and not any(page.in_nav for page in topic_pages)
    home = next(page for page in pages if page.src_uri == urls.HOME).markdown
    assert all(f'href="topics/{topic.id}/"' in home for topic in library.topics)
