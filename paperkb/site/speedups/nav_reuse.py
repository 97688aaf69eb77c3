"""Render material's navigation once for all the pages that are not in it.

material renders the site navigation (sidebar and tabs) into every page, and the part that
differs from page to page is only the current page's place in it and the relative links. A
long-note page is not in the navigation, so nothing in it is active: every such page at the same
depth gets the same HTML. With one long-note page for every twenty papers, this saves a fifth of
material's page time at 10,000 papers. Pages in the navigation are rendered as material does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterator
from typing import Any

import jinja2

REUSED_PARTIALS = ("partials/nav.html", "partials/tabs.html")
Key = Callable[[jinja2.runtime.Context], Hashable | None]


def reuse_output(env: jinja2.Environment, name: str, key_for: Key, store: dict[Any, str]) -> None:
    """Make the template `name` in `env` render once per key: its output for a context whose
    `key_for` is not None is kept in `store` under that key and given again for the same key.
    A context whose key is None is rendered as usual."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:  # another theme
        return
    render = template.root_render_func

    def root_render_func(context: jinja2.runtime.Context) -> Iterator[str]:
        key = key_for(context)
        if key is None:
            yield from render(context)
            return
        html = store.get(key)
        if html is None:
            html = store[key] = "".join(render(context))
        yield html

    template.root_render_func = root_render_func


def reuse_navigation(env: jinja2.Environment) -> None:
    """Make material's navigation partials in `env` reuse their output for the pages outside the
    navigation, one rendering per partial and depth (the store is fresh for each build)."""
    store: dict[Any, str] = {}
    for name in REUSED_PARTIALS:
        reuse_output(env, name, functools.partial(_partial_key, name), store)


def _partial_key(name: str, context: jinja2.runtime.Context) -> tuple[str, str] | None:
    key = reuse_key(context)
    return None if key is None else (name, key)


def reuse_key(context: jinja2.runtime.Context) -> str | None:
    """The page's relative path to the site root when no navigation item is active (the page is
    not in the navigation), else None."""
    nav, page, base_url = context.get("nav"), context.get("page"), context.get("base_url")
    if nav is None or page is None or not isinstance(base_url, str):
        return None
    if any(getattr(item, "active", False) for item in nav.items):
        return None  # a section or page of the navigation is the current one
    return base_url
