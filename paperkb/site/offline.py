"""The site opened from disk (file://): material's offline plugin, with the iframe-worker shim
served from the site itself instead of a CDN.

material's offline plugin turns off directory URLs (links go to page.html files), asks for the
iframe-worker shim (a Worker from file:// is refused; the shim runs search in an iframe) from
unpkg.com, and writes the search index as a script. On a machine with no network the CDN's shim
never loads and search stays dead; the site's own copy (docs/assets/vendor/iframe-worker) does.
"""

from __future__ import annotations

import os
from typing import Any

SHIM = "assets/vendor/iframe-worker/shim.js"


def offline_plugin(config: Any) -> Any:
    """material's offline plugin when it is on, else None."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    if plugin is None or not getattr(plugin.config, "enabled", False):
        return None
    return plugin


def prepare_offline(config: Any) -> None:
    """Give the offline plugin the site's copy of the shim (it then adds no CDN address), and turn
    off instant navigation, which cannot fetch pages from file://: material then completes its
    `document$` before the page has loaded, and nothing that waits for it (the language switch
    included) ever starts."""
    if offline_plugin(config) is None:
        return
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not str(f).startswith("navigation.instant")]
    if not os.path.isfile(os.path.join(config.docs_dir, SHIM)):
        return
    polyfills = list(config.extra.get("polyfills") or [])
    if not any("iframe-worker" in str(url) for url in polyfills):
        config.extra["polyfills"] = [*polyfills, SHIM]


def write_search_script(config: Any) -> None:
    """search/search_index.js from the finished search_index.json, as the offline plugin writes it
    (it may run before the hook has added the generated pages' entries)."""
    if offline_plugin(config) is None:
        return
    folder = os.path.join(config.site_dir, "search")
    source = os.path.join(folder, "search_index.json")
    if not os.path.isfile(source):
        return
    with open(source, encoding="utf-8") as handle:
        data = handle.read()
    with open(os.path.join(folder, "search_index.js"), "w", encoding="utf-8") as handle:
        handle.write(f"var __index = {data}")
