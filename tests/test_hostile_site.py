"""The hostile fixture library built by the real `mkdocs build`: nothing runs, nothing leaks, no card breaks.

tests/fixtures/hostile holds one card per kind of attack (script tags, handler attributes, javascript: and
data: links, Jinja syntax, comments and stray closing tags, Markdown structure, front matter look-alikes,
attr_list syntax, pipes, bidirectional and zero-width characters, entities, resources from other hosts,
attribute break-outs, a hostile long note); hostile_library.py adds a record with a 100 KB note. The site is
built once per test process (the `hostile_site` fixture) and every page is parsed, not grepped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hostile_library import HOSTILE_FIXTURE, HOSTILE_SNIPPET, LONG_NOTE_BYTES, build_site

# Every paper card of the fixture (hostile_library adds the 100 KB record).
CARDS = [
    paper["id"] for paper in yaml.safe_load((HOSTILE_FIXTURE / "papers.yaml").read_text("utf-8"))["papers"]
]
CARDS.append("long-fields")
HOSTILE_TOPIC_CARDS = [card for card in CARDS if card != "calm-paper"]
PAGES = [
    "",
    "topics/hostile/",
    "topics/nested/",
    "topics/calm/",
    "all/",
    "queue/",
    "tags/",
    "years/",
    "venues/",
    "stats/",
    "papers/",
    "papers/long-note-host/",
]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "option"}
RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "formaction", "background", "ping"}
# Attributes a browser follows as a URL (a `title` may say "data: URLs" and run nothing).
URL_ATTRIBUTES = {"href", "xlink:href", "cite", "action", "formaction", "manifest", "icon"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
NOTE_CLASSES = {"pkb-note", "pkb-longnote"}  # their HTML comes from user Markdown (through nh3)
# What a note may hold: formatting, lists, tables, code, links and images without a source.
NOTE_ELEMENTS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "mark", "small", "code", "pre", "kbd", "samp", "var", "blockquote", "q", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "abbr", "span",
}  # fmt: skip


@dataclass
class Card:
    id: str
    depth: int
    parent: int
    text: list[str] = field(default_factory=list)


class PageScan(HTMLParser):
    """One pass over a page: its elements as a tree, scripts, attributes, cards and structural faults."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []  # (tag, element number)
        self.count = 0
        self.faults: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.scripts: list[dict[str, str]] = []
        self.cards: list[Card] = []
        self.open_cards: list[tuple[int, Card]] = []  # (stack depth, card)
        self.title = ""
        self._in_title = False
        self.note_depth = 0  # stack depth of the innermost open note container (0: none)
        self.note_elements: list[tuple[str, dict[str, str]]] = []  # what notes' HTML is made of

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag == "script":
            self.scripts.append({"src": values.get("src", ""), "body": ""})
        if tag == "title":
            self._in_title = True
        if tag == "h3" and self.open_cards and not self.open_cards[-1][1].id:
            self.open_cards[-1][1].id = values.get("id", "")
        if self.note_depth:
            self.note_elements.append((tag, values))
        if tag in VOID:
            return
        self.count += 1
        if not self.note_depth and NOTE_CLASSES & set(values.get("class", "").split()):
            self.note_depth = len(self.stack) + 1
        classes = values.get("class", "").split()
        if tag == "div" and ("pkb-card" in classes or "pkb-row" in classes):  # a card, or a row of all/
            card = Card(
                values.get("id", "") if "pkb-row" in classes else "",
                len(self.stack),
                self.stack[-1][1] if self.stack else 0,
            )
            self.cards.append(card)
            self.open_cards.append((len(self.stack), card))
        self.stack.append((tag, self.count))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend((tag, name, value or "") for name, value in attrs)
        if self.note_depth:
            self.note_elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in VOID:
            return
        open_tags = [name for name, _ in self.stack]
        if tag not in open_tags:
            self.faults.append(f"stray </{tag}>")
            return
        while self.stack and self.stack[-1][0] != tag:
            skipped = self.stack.pop()[0]
            if skipped not in OPTIONAL_END:
                self.faults.append(f"<{skipped}> closed by </{tag}>")
        self.stack.pop()
        if len(self.stack) < self.note_depth:
            self.note_depth = 0
        while self.open_cards and self.open_cards[-1][0] >= len(self.stack):
            self.open_cards.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts[-1]["body"] += data
        if self._in_title:
            self.title += data
        for _, card in self.open_cards:
            card.text.append(data)


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._scans: dict[str, PageScan] = {}

    def html(self, url: str) -> str:
        return (self.root / url / "index.html").read_text(encoding="utf-8")

    def content(self, url: str) -> str:
        """The generated part of a page (what the templates wrote), without material's chrome."""
        text = self.html(url)
        return text[text.index('<div class="pkb-page') : text.index("</article>")]

    def scan(self, url: str) -> PageScan:
        if url not in self._scans:
            self._scans[url] = scan(self.html(url))
        return self._scans[url]

    def card(self, url: str, card_id: str) -> Card:
        found = [card for card in self.scan(url).cards if card.id == card_id]
        assert len(found) == 1, f"{url}: card {card_id} found {len(found)} times"
        return found[0]


@pytest.fixture(scope="module")
def site(hostile_site: Path) -> Site:
    return Site(hostile_site)


def built_pages(site: Site) -> list[str]:
    return sorted(p.parent.relative_to(site.root).as_posix() + "/" for p in site.root.rglob("index.html"))


# --- every page: structure intact, nothing that runs, nothing from another host -------------------


def check_structure(site: Site, url: str) -> None:
    page = site.scan(url)
    assert page.faults == [], page.faults[:5]
    assert [tag for tag, _ in page.stack] == [], "elements left open at the end of the page"
    content = scan(site.content(url) + "</article>")
    assert content.faults == ["stray </article>"], content.faults[:5]  # the cut leaves only that one


def check_no_script(site: Site, url: str) -> None:
    assert "<script" not in site.content(url).lower()
    for script in site.scan(url).scripts:
        assert "alert" not in script["body"], script["body"][:200]
        assert not re.match(r"^(?:[a-z]+:)?//", script["src"], re.IGNORECASE), script["src"]


# attributes whose value the browser shows as text; every other attribute must hold no script URL
TEXT_ATTRIBUTES = frozenset({"title", "alt", "aria-label", "data-title", "data-venue", "data-tags"})


def check_no_handlers_or_script_urls(site: Site, url: str) -> None:
    for tag, name, value in site.scan(url).attributes:
        assert not name.startswith("on"), f"<{tag} {name}={value!r}>"
        assert name not in ("srcdoc", "formaction", "ping"), (tag, name)
        assert name != "style" or not re.search(r"url\(|expression|script", value, re.IGNORECASE), value
        if name in TEXT_ATTRIBUTES or name.startswith("data-"):
            continue  # text (a paper titled "data: URLs"; inert data for scripts), never followed as a URL
        cleaned = re.sub(r"[\x00-\x20]", "", value)
        is_url = name in URL_ATTRIBUTES or name in RESOURCE_ATTRIBUTES
        assert not (is_url and BAD_SCHEME.match(cleaned)), f"<{tag} {name}={value!r}>"


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def check_no_other_host(site: Site, url: str) -> None:
    for tag, name, value in site.scan(url).attributes:
        if name in RESOURCE_ATTRIBUTES or (tag == "link" and name == "href"):
            assert not re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", value, re.IGNORECASE), (
                f"<{tag} {name}={value}>"
            )
        assert not (tag == "meta" and name == "http-equiv" and value.lower() == "refresh")
        assert tag not in ("base", "iframe", "object", "embed", "frame", "video", "audio"), tag
    notes = site.scan(url).note_elements
    assert {tag for tag, _ in notes} <= NOTE_ELEMENTS, {tag for tag, _ in notes} - NOTE_ELEMENTS
    assert not [attrs for tag, attrs in notes if tag == "img" and "src" in attrs]
    allowed = {"href", "title", "rel", "alt", "align", "start"}
    odd = [
        (tag, attrs)
        for tag, attrs in notes
        if (not _site_permalink(tag, attrs) and not set(attrs) - {"id"} <= allowed)
        or ("id" in attrs and not (tag in HEADINGS and attrs["id"].startswith("note-")))
    ]
    assert not odd, odd  # a note's only ids are its headings' own, made by the site


def _site_permalink(tag: str, attrs: dict[str, str]) -> bool:
    """The ¶ link the site adds to a long note's heading (to its own id), not anything of the note's."""
    return tag == "a" and attrs.get("class") == "headerlink" and attrs.get("href", "").startswith("#note-")


PAGE_CHECKS = (check_structure, check_no_script, check_no_handlers_or_script_urls, check_no_other_host)


@pytest.mark.parametrize("check", PAGE_CHECKS, ids=[check.__name__[6:] for check in PAGE_CHECKS])
@pytest.mark.parametrize("url", PAGES)
def test_page(site: Site, url: str, check: Callable[[Site, str], None]) -> None:
    check(site, url)


def test_every_built_page_is_checked(site: Site) -> None:
    built = built_pages(site)
    assert {page or "./" for page in PAGES} <= set(built)
    for url in set(built) - {page or "./" for page in PAGES}:  # pages added since this list was written
        for check in PAGE_CHECKS:
            check(site, url)


def test_notes_are_recognised(site: Site) -> None:
    tags = {tag for tag, _ in site.scan("topics/hostile/").note_elements}
    assert {"a", "img", "table", "h4", "hr", "p"} <= tags  # so the checks above have something to check
    assert not tags & {"h1", "h2", "h3"}  # a note's headings rank below its card's title


# --- every card: a sibling of the others, showing its own text ------------------------------------


@pytest.mark.parametrize("url", ["topics/hostile/", "all/"])
def test_cards_are_siblings_at_one_depth(site: Site, url: str) -> None:
    cards = site.scan(url).cards
    expected = HOSTILE_TOPIC_CARDS if url == "topics/hostile/" else CARDS
    assert sorted(card.id for card in cards) == sorted(expected)
    if url == "topics/hostile/":
        assert len({(card.depth, card.parent) for card in cards}) == 1, [(c.id, c.depth) for c in cards]
    else:  # one container per topic group, every card at the same depth
        assert len({card.depth for card in cards}) == 1


@pytest.mark.parametrize("card_id", CARDS)
def test_card_shows_its_own_text(site: Site, card_id: str) -> None:
    url = "topics/calm/" if card_id == "calm-paper" else "topics/hostile/"
    for page in (url, "all/"):
        text = "".join(site.card(page, card_id).text)
        assert f"CANARY-{card_id}" in text, f"{page}: {text[-300:]}"


def test_title_markup_is_shown_as_text(site: Site) -> None:
    text = "".join(site.card("topics/hostile/", "script-tags").text)
    assert "<script>alert('title')</script> Script title" in text
    assert "<script>alert('author')</script>, Ada Lovelace" in text
    breakout = "".join(site.card("topics/hostile/", "attribute-breakout").text)
    assert "\"><script>alert('breakout')</script> ' onmouseover='alert(1)" in breakout
    related = [v for t, n, v in site.scan("topics/hostile/").attributes if t == "a" and n == "title"]
    assert "<script>alert('title')</script> Script title" in related  # a whole attribute value


def test_template_syntax_is_shown_literally(site: Site) -> None:
    text = "".join(site.card("topics/hostile/", "jinja-syntax").text)
    assert "{{ config }} {% raw %} {{ 7*7 }} title" in text
    assert "{{ config }} and {{ config.site_name }} and {{ 7*7 }} stay literal." in text
    assert "{% raw %} {% endraw %} {% include 'base.html' %} {# a comment #}" in text
    for url in PAGES:
        html = site.html(url)
        assert "uid=" not in html  # `os.popen('id')` never ran
        assert "Paper Notes · 论文笔记 and" not in html  # {{ config.site_name }} was never filled in


def test_unicode_controls_are_kept_as_written(site: Site) -> None:
    text = "".join(site.card("topics/hostile/", "unicode-tricks").text)
    assert "\u202eexe.evil\u202c fs\u200bgan zero\u200dwidth" in text
    assert "Right-to-left \u202eoverride\u202c and zero\u200bwidth text." in text


def test_markdown_structure_stays_inside_the_note(site: Site) -> None:
    page = site.content("topics/hostile/")
    card = page[page.index('id="markdown-structure"') : page.index('id="front-matter-note"')]
    assert "<h4>A heading inside a note</h4>" in card and "<hr>" in card
    front = page[page.index('id="front-matter-note"') : page.index('id="attr-list"')]
    assert "title: pwned" in front and "Body after the fake front matter." in front


def test_hundred_kilobyte_note_is_rendered_whole(site: Site) -> None:
    html = site.content("topics/hostile/")
    start = html.index('id="long-fields"')
    card = html[start : html.index("</details>", start)]
    repeats = LONG_NOTE_BYTES // len(HOSTILE_SNIPPET) + 1
    # each line starts with <script>, so (as on GitHub) it is an HTML block: its link stays text
    assert card.count("[ok](https://example.org/ok)") == repeats
    assert card.count("{{ config }}") >= repeats
    assert ("Long " + "title " * 2000).strip() in "".join(site.card("topics/hostile/", "long-fields").text)


# --- page titles, the long note page, the search index --------------------------------------------


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "topics/hostile/",
            "<script>alert('topic')</script> Hostile & <b>odd</b> | {{ config }} · "
            "<img src=x onerror=alert('话题')>恶意",
        ),
        ("topics/nested/", "{{ config.site_name }} | {% raw %} nested · </div></nav></li>子话题"),
        ("papers/long-note-host/", "A paper whose long note is hostile"),
    ],
)
def test_page_titles_are_escaped(site: Site, url: str, title: str) -> None:
    assert site.scan(url).title == f"{title} - Paper Notes · 论文笔记"


def test_hostile_long_note_page(site: Site) -> None:
    page = site.content("papers/long-note-host/")
    for canary in ("LONG-CANARY-COMMON", "LONG-CANARY-EN", "LONG-CANARY-ZH"):
        assert canary in page
    assert "template: evil.html" in page  # the look-alike front matter is shown, not obeyed
    assert "a heading inside a fence does not start a section" in page
    zh_part = page.index('class="pkb-longnote" data-lang="zh"')
    assert page.index("LONG-CANARY-EN") < zh_part < page.index("LONG-CANARY-ZH")


def test_search_index_holds_escaped_text(site: Site) -> None:
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [doc["title"] + doc["text"] for doc in index["docs"]]
    assert not any(re.search(r"<(?:script|img|svg|iframe)", text, re.IGNORECASE) for text in texts)
    assert any("&lt;script&gt;alert(" in text for text in texts)
    locations = {doc["location"] for doc in index["docs"]}
    assert {f"topics/hostile/#{card}" for card in HOSTILE_TOPIC_CARDS} <= locations


# --- long-note files that must stop the build, with a diagnostic and no traceback ----------------

MINIMAL = (
    "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n  - id: p\n    title: P\n    topics: [t]\n"
)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # a link out of notes/ would publish any file the builder can read (a key, /etc/passwd)
        (
            "link-out-of-notes",
            "papers.yaml:5:9: error: long note 'notes/p.md' cannot be used: notes/p.md is a symbolic link",
        ),
        # used to pass validation, then crash the build with a UnicodeDecodeError
        ("latin-1-note", "notes/p.md:2:4: error: invalid UTF-8 byte 0xe9"),
    ],
)
def test_bad_long_note_stops_the_build(tmp_path: Path, case: str, expected: str) -> None:
    library = tmp_path / "library"
    (library / "notes").mkdir(parents=True)
    (library / "papers.yaml").write_text(MINIMAL, encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT\n", encoding="utf-8")
    note = library / "notes" / "p.md"
    if case == "link-out-of-notes":
        note.symlink_to(secret)
    else:
        note.write_bytes("## English\ncaf\xe9\n".encode("latin-1"))
    result = build_site(library / "papers.yaml", tmp_path / "site")
    assert result.returncode != 0
    assert expected in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    built = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert not [p for p in built if b"SECRET-CONTENT" in p.read_bytes()]


# --- link labels name the host a link really goes to --------------------------------------------


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://github.com/owner/repo/", "github.com/owner/repo"),
        ("https://github.com\u202e/owner/repo", "github.com\\u202e/owner/repo"),  # not a valid host
        ("https://github.com/\u202eoper/kcah", "github.com/\\u202eoper/kcah"),  # showed "hack/repo"
        ("https://g\u0456thub.com/owner/repo", "xn--gthub-n2e.com/owner/repo"),  # Cyrillic і
        ("https://github.com@evil.example/owner/repo", "evil.example/owner/repo"),
        ("https://github.com\u200b.evil.example/x", "github.com.evil.example/x"),  # IDNA drops it
    ],
)
def test_code_link_labels_show_the_real_host(url: str, label: str) -> None:
    from paperkb.records.model import Paper
    from paperkb.site.views import code_views

    paper = Paper.model_validate({"id": "p", "title": "P", "topics": ["t"], "code": [{"url": url}]})
    views = code_views(paper)
    assert views and views[0]["label"] == label
