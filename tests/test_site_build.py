"""Build the fixture knowledge base into a real site (once) and check the HTML and the search index."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from paperkb.records.library import Library, open_library

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"


class Built:
    def __init__(self, root: Path, log: str) -> None:
        self.root = root
        self.log = log

    def html(self, url: str) -> str:
        return (self.root / url / "index.html").read_text(encoding="utf-8")

    def content(self, url: str) -> str:
        """The generated part of a page (what the templates wrote), without material's chrome."""
        text = self.html(url)
        return text[text.index('<div class="pkb-page') : text.index("</article>")]


class _EventHandlers(HTMLParser):
    """Every on* attribute of every element, as a browser would parse the tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.extend(f"<{tag} {name}>" for name, _ in attrs if name.startswith("on"))


def event_handlers(html: str) -> list[str]:
    parser = _EventHandlers()
    parser.feed(html)
    parser.close()
    return parser.found


def docs_listing() -> list[str]:
    return sorted(str(p.relative_to(REPO / "docs")) for p in (REPO / "docs").rglob("*"))


@pytest.fixture(scope="session")
def library() -> Library:
    lib, diagnostics = open_library(str(FIXTURE))
    assert lib is not None, diagnostics
    return lib


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = tmp_path_factory.mktemp("site")
    before = docs_listing()
    env = {**os.environ, "PAPERKB_PAPERS": str(FIXTURE), "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(REPO / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert docs_listing() == before, "the build wrote into docs/"
    return Built(site, result.stderr)


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def anchors(html: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(html)
    return parser


def test_build_is_clean(built: Built) -> None:
    assert "WARNING" not in built.log
    assert not (REPO / "docs" / "index.md").exists()


def test_every_paper_on_its_topic_pages_and_all_papers(built: Built, library: Library) -> None:
    everything = built.content("all")
    for paper in library.papers:
        assert everything.count(f'id="{paper.id}"') == 1
        for topic in paper.topics:
            assert f'id="{paper.id}"' in built.content(f"topics/{topic}")
    assert everything.count('class="pkb-row ') == len(library.papers)  # a compact row each


def test_both_languages_on_cards(built: Built) -> None:
    page = built.content("topics/face-swap")
    assert "Subject-agnostic face swapping and reenactment" in page
    assert "与人物无关的换脸与人脸重演模型" in page
    # the topic's description and two cards
    assert page.count('class="pkb-note" data-lang="en"') == page.count('class="pkb-note" data-lang="zh"') == 3


def test_related_back_links_and_long_note_link(built: Built) -> None:
    page = built.content("topics/face-swap")
    assert '<span data-lang="zh" lang="zh">相关</span>: <a href="../../topics/face-swap/#faceshifter"' in page
    assert '<span data-lang="zh" lang="zh">被引用</span>: <a href="../../topics/face-swap/#fsgan"' in page
    assert 'href="../../papers/faceshifter/"' in page
    assert 'href="https://arxiv.org/abs/1908.05932"' in page


def test_ids_unique_and_internal_links_resolve(built: Built) -> None:
    pages = [p.parent.relative_to(built.root).as_posix() for p in built.root.rglob("index.html")]
    ids = {page: anchors(built.html(page)).ids for page in pages}
    for page, page_ids in ids.items():
        assert len(page_ids) == len(set(page_ids)), f"duplicate ids on {page}"
    checked = 0
    for page in pages:
        if 'class="pkb-page' not in built.html(page):
            continue
        for href in anchors(built.content(page)).hrefs:
            parts = urlsplit(href)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), href
                continue
            target = os.path.normpath(os.path.join(page, unquote(parts.path))) if parts.path else page
            target = "" if target == "." else target
            exists = (built.root / target / "index.html").is_file() or (built.root / target).is_file()
            assert exists, f"{page}: broken link {href}"
            if parts.fragment:
                assert parts.fragment in ids[target], f"{page}: missing anchor {href}"
            checked += 1
    assert checked > 100


def test_hostile_note_is_inert_and_literal(built: Built) -> None:
    for url in ("topics/misc", "all", "papers/hostile-note"):
        page = built.content(url)
        assert "<script" not in page and "javascript:" not in page and "data:text" not in page
        assert not event_handlers(page), url
        assert "&lt;b&gt;bold&lt;/b&gt;" in page
    card = built.content("topics/misc")
    assert "{{ config }}" in card and "{{ config.site_name }}" in card
    assert "<h4>A heading inside a note</h4>" in card  # stayed inside the card's note
    assert card.count('<div class="pkb-card ') == 1 and card.rstrip().endswith("</div>")
    assert "<title>&lt;i&gt;Hostile&lt;/i&gt; - " in built.html("papers/hostile-note")


def test_long_note_page_splits_languages(built: Built) -> None:
    page = built.content("papers/faceshifter")
    assert re.search(r'data-lang="en"[^>]*>\s*<p>FaceShifter swaps faces in two stages', page)
    assert re.search(r'data-lang="zh"[^>]*>\s*<p>FaceShifter 分两阶段换脸', page)
    hostile = built.content("papers/hostile-note")
    assert "this heading is inside a code block" in hostile
    assert "front matter in a note" in hostile  # shown as text, not taken as the page's front matter


def test_queue_lists_only_unread(built: Built) -> None:
    page = built.content("queue")
    for paper_id in ("faceshifter", "gfpgan", "pggan", "hostile-note"):
        assert f"#{paper_id}" in page
    for paper_id in ("fsgan", "stylegan", "ffhq-dataset"):
        assert f"#{paper_id}" not in page


def test_indexes_by_tag_year_venue(built: Built) -> None:
    assert 'id="tag-occlusion"' in built.content("tags")
    years = built.content("years")
    assert years.index('id="year-2021"') < years.index('id="year-2019"') < years.index('id="year-unknown"')
    assert "No venue" in built.content("venues")


def test_stats_are_inline_svg(built: Built) -> None:
    page = built.content("stats")
    assert page.count('<svg class="pkb-chart"') == 4
    assert "<rect" in page and "<script" not in page


def test_home_has_counts_tree_and_recent(built: Built) -> None:
    page = built.content("")
    assert "Generative Adversarial Networks" in page and "生成对抗网络" in page
    assert 'href="topics/stylegan-family/"' in page
    assert page.index("GFPGAN") < page.index("FSGAN")  # newest `added` first


class _NavTree(HTMLParser):
    """For each link in the primary nav, the chain of <li> elements around it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[int] = []
        self.count = 0
        self.links: dict[str, list[int]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.count += 1
            self.stack.append(self.count)
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.setdefault(href, list(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.stack:
            self.stack.pop()


def test_nav_nests_subtopics(built: Built) -> None:
    html = built.html("")
    sidebar = html[html.index('class="md-nav md-nav--primary') : html.index('class="pkb-page')]
    tree = _NavTree()
    tree.feed(sidebar)
    gan, child = tree.links["topics/gan/"], tree.links["topics/stylegan-family/"]
    assert len(child) > len(gan) and child[: len(gan)] == gan  # the subtopic sits inside the topic's item


def test_search_index(built: Built) -> None:
    index = json.loads((built.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    assert separator.split("换脸\u200b重演") == ["换脸", "重演"]
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert "topics/face-swap/#fsgan" in docs and "topics/face-swap/#faceshifter" in docs
    assert not any(loc.startswith(("all/", "queue/", "tags/")) for loc in docs)
    assert not any(loc.endswith("#fsgan") and loc != "topics/face-swap/#fsgan" for loc in docs)
    tokens = separator.split(docs["topics/face-swap/#fsgan"]["text"])
    assert "换脸" in tokens  # whole, thanks to the user dictionary (jieba alone cuts 的换脸与 into 换/脸)
    assert "遮挡" in separator.split(docs["topics/face-swap/#faceshifter"]["text"])
    assert "超分" in separator.split(docs["topics/super-resolution/#gfpgan"]["text"])


def test_each_card_shows_its_bibtex_and_the_site_offers_the_whole_file(
    built: Built, library: Library
) -> None:
    import bibtexparser

    from paperkb.exporters.bibtex import bibtex_entry_for

    for paper in library.papers:
        page = built.content(f"topics/{paper.topics[0]}")
        start = page.index(f'id="{paper.id}"')
        card = page[start : page.index("</details>", start)]
        entry = bibtex_entry_for(paper)
        assert f"@{entry.split('{', 1)[0][1:]}{{{paper.id}," in card.replace("&#34;", '"')
    download = (built.root / "papers.bib").read_text(encoding="utf-8")
    parsed = bibtexparser.parse_string(download)
    assert sorted(entry.key for entry in parsed.entries) == sorted(p.id for p in library.papers)
    assert 'href="papers.bib" download' in built.html("")


def test_every_page_has_one_h1(built: Built) -> None:
    pages = sorted(built.root.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count("<h1") == 1, (page, re.findall(r"<h1[^>]*>[^<]*", html))
        assert "paperkb:generated-body" not in html
