"""Render the whole site from a Library: the pages (Markdown with ready HTML blocks) and the nav.

Pure functions: the MkDocs hook and `paperkb generate` both call them.
"""

from __future__ import annotations

from paperkb.writing.output_file import write_inside

import os

import jinja2

from paperkb.site import fragments
from paperkb.site import urls
from paperkb.site.speedups.build_cache import BuildCache
from paperkb.site.speedups.card_store import CardStore
from paperkb.records.library import Library
from paperkb.site.markup import NoteRenderer, escape
from paperkb.records.model import Topic
from paperkb.site.pages import PAGE_BUILDERS
from paperkb.site.renderer import (
    DEFAULT_TEMPLATES,
    SitePage,
    SiteRenderer,
    make_environment,
    read_long_notes,
    bilingual_title,
    topic_title_html,
    page_title,
)
from paperkb.site.views import SiteContext

NavItem = dict[str, "str | list[NavItem | str]"]
BROWSE_PAGES = (urls.ALL_PAPERS, urls.QUEUE, urls.LONG_NOTES, urls.TAGS, urls.YEARS, urls.VENUES)


def render_site(
    library: Library,
    notes: NoteRenderer | None = None,
    templates_dir: str = DEFAULT_TEMPLATES,
    directory_urls: bool = True,
    long_notes: dict[str, str] | None = None,
    search_marks: bool = True,
    ctx: SiteContext | None = None,
    cache: BuildCache | None = None,
    bytecode_cache: jinja2.BytecodeCache | None = None,
    store: CardStore | None = None,
) -> list[SitePage]:
    """Every page of the site (bodies rendered on demand); each note converted, each card made once.

    Cards and list entries come from paperkb.site.fragments when `templates_dir` holds the stock card
    and macro templates, else from the templates. `search_marks`: see SiteRenderer. A given `ctx`
    (shared with the caller) replaces `notes`, `directory_urls` and `long_notes`; a `cache` keeps
    the cards for the next build (`mkdocs serve`); a `store` keeps them on disk (one-off builds).
    """
    if ctx is None:
        long_notes = read_long_notes(library) if long_notes is None else long_notes
        ctx = SiteContext(library, notes or NoteRenderer(), directory_urls, long_notes)
    fast = fragments.matches_templates(templates_dir)
    version = fragments.templates_digest(templates_dir) if cache and not fast else ""
    env = make_environment(templates_dir, bytecode_cache)
    if store is not None:
        store.version += f" {fast} {fragments.templates_digest(templates_dir) if not fast else ''}"
    renderer = SiteRenderer(ctx, env, fast, search_marks, cache, version, store)
    pages: list[SitePage] = []
    for build in PAGE_BUILDERS:
        pages.extend(build(renderer))
    return pages


def _topic_nav(library: Library, topic: Topic) -> NavItem | str:
    children = library.children.get(topic.id, [])
    label = topic_title_html(topic.title)  # material prints nav titles as HTML
    if not children:
        return {label: urls.topic_src(topic.id, has_children=False)}
    # The section's own page comes first, untitled: with navigation.indexes it becomes the section link.
    return {
        label: [
            urls.topic_src(topic.id, has_children=True),
            *(_topic_nav(library, child) for child in children),
        ]
    }


def build_nav(library: Library) -> list[NavItem]:
    """The site navigation; topics nest as the taxonomy nests (long notes are listed on a page)."""
    topics: list[NavItem] = []
    if urls.topics_in_nav(len(library.topics)):
        topics = [{page_title("topics"): [_topic_nav(library, topic) for topic in library.children.get(None, [])]}]
    return [
        {page_title(urls.HOME): urls.HOME},
        *topics,
        {page_title("browse"): [{page_title(src): src} for src in BROWSE_PAGES]},
        {page_title(urls.STATS): urls.STATS},
    ]


def write_pages(pages: list[SitePage], out_dir: str) -> list[str]:
    """Write each page's Markdown under `out_dir`, never through a link out of it (OutputRefused);
    return the paths written."""
    os.makedirs(out_dir, exist_ok=True)
    return [write_inside(out_dir, page.src_uri, page.markdown.encode("utf-8")) for page in pages]
