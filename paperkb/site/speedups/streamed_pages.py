"""Generated pages reach MkDocs as a stub; their bodies are streamed into the theme's output.

MkDocs sees front matter and a marker; after material renders the page around the marker, the
body's chunks are written in its place, so no Markdown converter or HTML parser walks the cards.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.toc import get_toc

from paperkb.site.fragments import SEARCH_EXCLUDE

# material adds an <h1> with the page title unless the content has one: the body brings its own,
# so the marker says so (the body replaces it, text and all).
BODY_MARKER = "<!-- paperkb:generated-body, with its own <h1> -->"
SEARCH_EXCLUDED = "search:\n  exclude: true\n"


def render_stub(page: Any, config: Any, files: Files) -> None:
    """Page.render for a stub whose Markdown (front matter removed) is BODY_MARKER alone."""
    if page.markdown.strip() != BODY_MARKER:  # pragma: no cover - only the hook makes these pages
        type(page).render(page, config, files)
        return
    page.content = BODY_MARKER
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def exclude_from_search(front_matter: str) -> str:
    """The page's front matter with `search: exclude: true` (the hook indexes the page itself)."""
    if "\nsearch:\n" in front_matter:
        return front_matter
    return front_matter.replace("---\n", "---\n" + SEARCH_EXCLUDED, 1)


def write_streamed(path: str, *parts: Iterable[str]) -> None:
    """Write the pieces of a page as MkDocs would (UTF-8, unencodable characters as references)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as handle:
        for pieces in parts:
            for piece in pieces:
                handle.write(piece.replace(SEARCH_EXCLUDE, ""))
