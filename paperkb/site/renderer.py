"""The page renderer: Jinja environment, page records and the card cache shared by every page."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from paperkb.records.library import Library
from paperkb.records.model import Paper, Topic, TopicTitle
from paperkb.records.paths import read_regular_file
from paperkb.records.yamltree import MAX_BYTES
from paperkb.site import fragments, urls
from paperkb.site.all_rows import row_html
from paperkb.site.markup import escape
from paperkb.site.views import SiteContext, card_view, entry_view

from paperkb.site.speedups.build_cache import paper_key

if TYPE_CHECKING:
    from paperkb.site.speedups.build_cache import BuildCache
    from paperkb.site.speedups.card_store import CardStore

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_TEMPLATES = os.path.join(PROJECT_ROOT, "templates")
SITE_TITLE = ("Paper Notes", "论文笔记")
# Titles of the fixed pages (front matter and navigation), English and Chinese.
PAGE_TITLES = {
    urls.HOME: ("Home", "首页"), urls.ALL_PAPERS: ("All papers", "全部论文"),
    urls.QUEUE: ("Reading queue", "阅读队列"), urls.LONG_NOTES: ("Long notes", "详细笔记"),
    urls.TAGS: ("Tags", "标签"), urls.YEARS: ("Years", "年份"), urls.VENUES: ("Venues", "会议与期刊"),
    urls.STATS: ("Statistics", "统计"), "topics": ("Topics", "主题"), "browse": ("Browse", "浏览"),
}  # fmt: skip


@dataclass(frozen=True)
class SitePage:
    """One generated page: where it goes, its plain-text title, front matter and ready HTML body.

    The body is rendered when asked for (`chunks`), so a build holds one page's HTML at a time.
    """

    src_uri: str
    title: str
    front_matter: str  # "---\n...\n---\n"
    render: Callable[[], Iterator[str]]  # the body's HTML in pieces, front matter left out
    in_nav: bool = True
    toc: tuple[dict[str, Any], ...] = ()  # MkDocs toc tokens of the body's headings (long notes)

    def chunks(self) -> Iterator[str]:
        """The body in pieces, as rendered (leading blank lines dropped)."""
        return self.render()

    @property
    def body(self) -> str:
        """One raw HTML block: Markdown leaves it as it is."""
        return "".join(self.render()).strip() + "\n"

    @property
    def markdown(self) -> str:
        """The page as a Markdown file: front matter, a blank line, the HTML block at column 0."""
        return f"{self.front_matter}\n{self.body}"


def split_front_matter(pieces: Iterator[str]) -> tuple[str, Iterator[str]]:
    """The front matter at the start of `pieces` and an iterator over the rest (lstripped)."""
    head = ""
    for piece in pieces:
        head += piece
        end = head.find("\n---\n", 3)
        if end >= 0:
            rest = head[end + 5 :].lstrip()
            return head[: end + 5], itertools.chain([rest] if rest else [], pieces)
    raise ValueError("a page template wrote no front matter")


def front_matter_text(value: object) -> Markup:
    """A front-matter value: HTML-escaped unless it is Markup (material prints titles raw), then
    quoted for YAML."""
    text = str(value) if isinstance(value, Markup) else escape(value)
    return Markup(json.dumps(text, ensure_ascii=False))


def bilingual_title(en: str, zh: str) -> Markup:
    """A page or navigation title in both languages, as spans the language switch can hide; the
    browser tab shows `English · 中文` (material strips the tags there)."""
    return Markup(fragments.bilingual(en, zh))


def topic_title_html(title: TopicTitle) -> Markup:
    """A topic's page or navigation title: both languages, or the one it has."""
    if title.single is not None:
        return Markup(f'<span class="pkb-t">{fragments.escape(title.single)}</span>')
    return bilingual_title(title.shown_en, title.shown_zh)


def page_title(src_uri: str) -> Markup:
    """The bilingual title of a fixed page (PAGE_TITLES)."""
    return bilingual_title(*PAGE_TITLES[src_uri])


def make_environment(
    templates_dir: str = DEFAULT_TEMPLATES, bytecode_cache: jinja2.BytecodeCache | None = None
) -> jinja2.Environment:
    """Jinja for the page templates: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        auto_reload=False,  # one environment per build: no need to stat templates on every use
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache,
    )
    env.filters["front_matter"] = front_matter_text
    return env


def topic_label(topic: Topic) -> str:
    """Both titles as plain text: `Face Swap · 换脸`."""
    return topic.title.single or f"{topic.title.en} · {topic.title.zh}"


def read_long_notes(library: Library) -> dict[str, str]:
    """The text of every long note the library names (notes/<id>.md)."""
    notes = {}
    for paper_id, path in library.note_paths.items():
        raw, problem = read_regular_file(path, MAX_BYTES, follow=False)  # checked by validate; still
        if raw is None:  # never follow a link or block on a FIFO put there since
            raise OSError(f"{path}: cannot read the note: {problem}")
        notes[paper_id] = raw.decode("utf-8-sig").replace("\r\n", "\n")
    return notes


class SiteRenderer:
    """Renders every page; each card's and list entry's HTML is made once and reused on every page.

    `fast`: make cards and entries with paperkb.site.fragments (same HTML as the stock templates, much
    faster) instead of the templates; only right when the templates are the stock ones.
    `search_marks=False` leaves out the data-search-exclude marks that steer material's search
    parser (the hook indexes the pages from the data instead), so a card is the same everywhere.
    """

    def __init__(
        self,
        ctx: SiteContext,
        env: jinja2.Environment,
        fast: bool = False,
        search_marks: bool = True,
        cache: BuildCache | None = None,
        templates_version: str = "",
        store: CardStore | None = None,
    ) -> None:
        self.ctx = ctx
        self.store = store  # cards kept on disk between one-off builds (without search marks)
        self.env = env
        self.fast = fast
        self.search_marks = search_marks
        self.cache = cache  # cards kept across `mkdocs serve` rebuilds
        self._version = (fast, search_marks, templates_version)
        self._cards: dict[tuple[str, bool], Markup] = {}
        self._entries: dict[str, Markup] = {}
        self._card_template = env.get_template("_card.html.j2")
        self._macros = env.get_template("_macros.html.j2").module
        self._views: dict[str, dict[str, Any]] = {}
        self._rows: dict[str, str] = {}  # all-papers rows, made with the cards from the same view

    def card_view(self, paper: Paper) -> dict[str, Any]:
        """What the card shows (computed once per paper)."""
        if paper.id not in self._views:
            self._views[paper.id] = card_view(self.ctx, paper)
        return self._views[paper.id]

    def card(self, paper: Paper, searchable: bool = True) -> Markup:
        """The card's HTML; `searchable=False` keeps a repeated card out of material's index."""
        key = (paper.id, searchable or not self.search_marks)
        html = self._cards.get(key)
        if html is None:
            kept = (self.cache.key(self.ctx, paper), key[1], self._version) if self.cache else None
            html = self.cache.cards.get(kept) if self.cache else None
            if html is None:
                html = Markup(self._render_card(paper, key[1]))
                if self.cache:
                    self.cache.cards.put(kept, html)
            self._cards[key] = html
        return html

    def _render_card(self, paper: Paper, searchable: bool) -> str:
        if self.store is None or self.search_marks:
            return self._make_card(paper, searchable)
        digest = self.store.digest(paper_key(self.ctx, paper))
        stored = self.store.get(digest)
        if stored is None:
            html = self._make_card(paper, searchable)
            row = self._rows.get(paper.id) or row_html(entry_view(self.ctx, paper), self.card_view(paper))
            stored = (html, row, self.ctx.bibtex(paper))
            self.store.put(digest, stored)
        self._rows.setdefault(paper.id, stored[1])
        self.ctx.bibtex_entries.setdefault(paper.id, stored[2])
        return stored[0]

    def _make_card(self, paper: Paper, searchable: bool) -> str:
        view = card_view(self.ctx, paper)  # not kept: a card needs its view once, and its row
        if paper.id not in self._rows:
            self._rows[paper.id] = row_html(entry_view(self.ctx, paper), view)
        if self.fast:
            html = fragments.card_html(view, searchable)
        else:
            html = self._card_template.render(c=view, searchable=searchable, m=self._macros).strip()
        return html if self.search_marks else html.replace(fragments.SEARCH_EXCLUDE, "")

    def row(self, paper: Paper) -> str:
        """The paper's row on the all-papers page: the one made with its card, else made now."""
        row = self._rows.pop(paper.id, None)
        return row if row is not None else row_html(entry_view(self.ctx, paper), self.card_view(paper))

    def entry(self, paper: Paper) -> Markup:
        """The paper's one-line entry in lists (tags, years, venues, queue, home)."""
        html = self._entries.get(paper.id)
        if html is None:
            view = entry_view(self.ctx, paper)
            html = Markup(fragments.entry_html(view)) if self.fast else self._macros.entry(view)  # type: ignore[attr-defined]
            self._entries[paper.id] = html
        return html

    def page(
        self,
        template: str,
        src_uri: str,
        title: str,
        in_nav: bool = True,
        toc: tuple[dict[str, Any], ...] = (),
        **values: object,
    ) -> SitePage:
        """The page at `src_uri` from `template`, links made relative to it; rendered on demand."""
        compiled = self.env.get_template(template)
        context = {"title": title, "site_title": SITE_TITLE, **values}
        prefix = urls.root_prefix(src_uri, self.ctx.directory_urls)

        def pieces() -> Iterator[str]:
            for piece in compiled.generate(context):
                yield str(piece).replace(urls.ROOT, prefix)  # a Markup piece would escape the rest

        head = split_front_matter(pieces())[0]

        def body() -> Iterator[str]:
            return split_front_matter(pieces())[1]

        return SitePage(src_uri, title, head, body, in_nav, toc)

    def link(self, src_uri: str, anchor: str | None = None) -> str:
        """A link to another generated page, in this site's URL style."""
        return urls.link(src_uri, anchor, self.ctx.directory_urls)
