"""Where each generated page lives, and links between pages that work at any depth.

URLs follow MkDocs' rules for `use_directory_urls`. Links are written with a placeholder root that
`finish_links` turns into the right number of `../` for the page at hand, so a card's HTML is the
same on every page that shows it. Only section pages are named index.md: material's
navigation.indexes makes an index.md the link of the section it opens.
"""

from __future__ import annotations

import functools
import hashlib
import re

ROOT = "\x1aroot\x1a"  # never in user text: the loader refuses control characters, raw or escaped

HOME = "index.md"
ALL_PAPERS = "all.md"
QUEUE = "queue.md"
TAGS = "tags.md"
YEARS = "years.md"
VENUES = "venues.md"
STATS = "stats.md"
BIBTEX_FILE = "papers.bib"  # the whole knowledge base as BibTeX, for download
LONG_NOTES = "papers/index.md"
# material renders the whole navigation into every page: with N topics in it, a build costs N x N.
# Past this many topics they leave the navigation (the home page's topic table lists them all), and
# their pages share one rendering of it (speedups/nav_reuse.py). Measured: bench/README.md.
NAV_TOPICS_LIMIT = 300


def topics_in_nav(topic_count: int) -> bool:
    """Whether the topics are listed in the site navigation (see NAV_TOPICS_LIMIT)."""
    return topic_count <= NAV_TOPICS_LIMIT


def topic_src(topic_id: str, has_children: bool = False) -> str:
    """Source path of a topic's page (URL topics/<id>/); a topic with subtopics opens a section."""
    return f"topics/{topic_id}/index.md" if has_children else f"topics/{topic_id}.md"


def long_note_src(paper_id: str) -> str:
    """Source path of a paper's long-note page (URL papers/<id>/)."""
    return f"papers/{paper_id}.md"


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The page's URL relative to the site root, as MkDocs makes it ('' for the home page)."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else f"{stem}/"


def link(src_uri: str, anchor: str | None = None, directory_urls: bool = True) -> str:
    """A link to the page at `src_uri` (and `anchor`), relative to the placeholder root."""
    path = page_url(src_uri, directory_urls) or "./"
    return ROOT + path + (f"#{anchor}" if anchor else "")


def root_prefix(src_uri: str, directory_urls: bool = True) -> str:
    """The relative path from the page at `src_uri` back to the site root."""
    return "../" * page_url(src_uri, directory_urls).count("/")


def finish_links(text: str, src_uri: str, directory_urls: bool = True) -> str:
    """Replace the placeholder root in a page's text with the page's own way back to the root."""
    return text.replace(ROOT, root_prefix(src_uri, directory_urls))


@functools.lru_cache(maxsize=65536)  # every card links its venue and tags: the same few, over and over
def anchor_slug(prefix: str, text: str) -> str:
    """A stable HTML id for free text: `tag-gan`; a short hash keeps `GAN`, `gan`, `换脸` apart."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if slug != text:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]
        slug = f"{slug}-{digest}" if slug else digest
    return f"{prefix}-{slug}"
