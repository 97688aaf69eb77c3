"""Under `mkdocs serve`, keep material's page frame from one rebuild to the next.

A generated page reaches material as front matter and a marker (the hook streams the cards in
afterwards), so what material renders around it depends only on the page's title, front matter,
table of contents and place in the site, and on the navigation and the configuration. Saving one
record changes none of these for almost every page, yet material would render all of them again
(about half of a rebuild at 1,000 papers). Here its output is kept per page, keyed by exactly
those inputs plus a signature of the build (configuration file, site URL, navigation and every
generated page's front matter), and reused while the key is the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import jinja2

from paperkb.site.speedups.nav_reuse import reuse_output

PAGE_TEMPLATE = "main.html"


class PageFrames:
    """material's rendered pages, kept across builds of one serving process."""

    def __init__(self) -> None:
        self.signature = ""
        self.frames: dict[Any, str] = {}
        self.used: set[Any] = set()

    def next_build(self, signature: str) -> None:
        """Start a build: drop what the last build did not use, and everything when the build's
        signature changed."""
        if signature != self.signature:
            self.frames.clear()
        else:
            self.frames = {key: html for key, html in self.frames.items() if key in self.used}
        self.signature, self.used = signature, set()

    def install(self, env: jinja2.Environment) -> None:
        """Let `env`'s page template reuse kept frames."""
        reuse_output(env, PAGE_TEMPLATE, self._key, self.frames)

    def _key(self, context: jinja2.runtime.Context) -> tuple[Any, ...] | None:
        key = page_key(context)
        if key is not None:
            self.used.add(key)
        return key


def build_signature(config_file: str, site_url: str | None, nav: Any, front_matters: Iterable[str]) -> str:
    """What every page frame depends on besides the page itself."""
    digest = hashlib.sha256()
    with open(config_file, "rb") as handle:
        digest.update(handle.read())
    for part in (str(site_url), repr(nav), *front_matters):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def page_key(context: jinja2.runtime.Context) -> tuple[Any, ...] | None:
    """The page's own inputs to the frame, or None for a page that is not a generated one."""
    page, base_url = context.get("page"), context.get("base_url")
    file = getattr(page, "file", None)
    if file is None or not getattr(file, "generated_by", None):
        return None
    meta = repr(sorted((str(k), repr(v)) for k, v in (page.meta or {}).items()))
    return (file.src_uri, base_url, page.title, page.content, meta, toc_key(page.toc))


def toc_key(toc: Iterable[Any]) -> tuple[Any, ...]:
    return tuple((a.id, a.title, a.level, toc_key(a.children)) for a in toc)
