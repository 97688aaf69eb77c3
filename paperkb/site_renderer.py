"""The page renderer: Jinja environment, page records and the card cache shared by every page."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from . import site_urls as urls
from .library import Library
from .markup import escape
from .model import Paper, Topic
from .views import SiteContext, card_view

DEFAULT_TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates")
SITE_TITLE = ("Paper Notes", "论文笔记")


@dataclass(frozen=True)
class SitePage:
    """One generated page: where it goes, its plain-text title, front matter and ready HTML body."""

    src_uri: str
    title: str
    front_matter: str  # "---\n...\n---\n"
    body: str  # one raw HTML block: Markdown leaves it as it is
    in_nav: bool = True

    @property
    def markdown(self) -> str:
        """The page as a Markdown file: front matter, a blank line, the HTML block at column 0."""
        return f"{self.front_matter}\n{self.body}"


def front_matter_text(value: object) -> Markup:
    """A front-matter value: HTML-escaped (material prints titles raw), then quoted for YAML."""
    return Markup(json.dumps(escape(value), ensure_ascii=False))


def make_environment(templates_dir: str = DEFAULT_TEMPLATES) -> jinja2.Environment:
    """Jinja for the page templates: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        auto_reload=False,  # one environment per build: no need to stat templates on every use
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["front_matter"] = front_matter_text
    return env


def topic_label(topic: Topic) -> str:
    """Both titles as plain text: `Face Swap · 换脸`."""
    return f"{topic.title.en} · {topic.title.zh}"


def read_long_notes(library: Library) -> dict[str, str]:
    """The text of every long note the library names (notes/<id>.md)."""
    notes = {}
    for paper_id, path in library.note_paths.items():
        with open(path, encoding="utf-8") as handle:
            notes[paper_id] = handle.read()
    return notes


class SiteRenderer:
    """Renders every page; each card's HTML is made once and reused on every page showing it."""

    def __init__(self, ctx: SiteContext, env: jinja2.Environment) -> None:
        self.ctx = ctx
        self.env = env
        self._cards: dict[tuple[str, bool], Markup] = {}
        self._card_template = env.get_template("_card.html.j2")
        self._macros = env.get_template("_macros.html.j2").module
        self._views: dict[str, dict] = {}

    def card_view(self, paper: Paper) -> dict:
        """What the card shows (computed once per paper)."""
        if paper.id not in self._views:
            self._views[paper.id] = card_view(self.ctx, paper)
        return self._views[paper.id]

    def card(self, paper: Paper, searchable: bool = True) -> Markup:
        """The card's HTML; `searchable=False` keeps a repeated card out of the search index."""
        key = (paper.id, searchable)
        if key not in self._cards:
            html = self._card_template.render(c=self.card_view(paper), searchable=searchable, m=self._macros)
            self._cards[key] = Markup(html.strip())
        return self._cards[key]

    def page(
        self, template: str, src_uri: str, title: str, in_nav: bool = True, **values: object
    ) -> SitePage:
        """Render `template` into the page at `src_uri`, with links made relative to it."""
        text = self.env.get_template(template).render(title=title, site_title=SITE_TITLE, **values)
        text = urls.finish_links(text, src_uri, self.ctx.directory_urls)
        end = text.index("\n---\n", 3) + 5
        return SitePage(src_uri, title, text[:end], text[end:].strip() + "\n", in_nav)

    def link(self, src_uri: str, anchor: str | None = None) -> str:
        """A link to another generated page, in this site's URL style."""
        return urls.link(src_uri, anchor, self.ctx.directory_urls)
