"""The site opened from disk (file://): what material's offline plugin does, without a CDN.

`paperkb build --offline` sets PAPERKB_OFFLINE=1; the hook then does what material's offline plugin
(material/plugins/offline/plugin.py) does: directory URLs off (links go to page.html files: a
folder opened from disk is a file listing), the iframe-worker shim among the polyfills (a Worker
from file:// is refused; the shim runs search in an iframe), and the search index also written as
a script (a page from file:// cannot fetch JSON). Two differences: the shim is the site's own copy
(docs/assets/vendor/iframe-worker), where the plugin names unpkg.com, which a machine with no
network never reaches; and instant navigation is turned off, since it cannot fetch pages from
file://. The plugin is not needed (mkdocs.yml stays plain YAML); a site that lists it anyway gets
the local shim, and the plugin then adds no CDN address.
"""

from __future__ import annotations

import os
from typing import Any

SHIM = "assets/vendor/iframe-worker/shim.js"
OFFLINE_VARIABLE = "PAPERKB_OFFLINE"


def offline_plugin(config: Any) -> Any:
    """material's offline plugin when the site lists it and it is on, else None."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    if plugin is None or not getattr(plugin.config, "enabled", False):
        return None
    return plugin


def is_offline(config: Any) -> bool:
    """True for a build meant to be opened from disk."""
    wanted = os.environ.get(OFFLINE_VARIABLE, "").strip().lower() in ("1", "true", "yes")
    return wanted or offline_plugin(config) is not None


def prepare_offline(config: Any) -> None:
    """For a build opened from disk: page.html links, the site's own shim, no instant navigation.

    With instant navigation on, material completes its `document$` at once on file:// (its page
    loader gives up there), before the page has loaded, so nothing that waits for it starts: the
    language switch never appears."""
    if not is_offline(config):
        return
    config.use_directory_urls = False
    features = config.theme.get("features") or []
    config.theme["features"] = [f for f in features if not str(f).startswith("navigation.instant")]
    polyfills = list(config.extra.get("polyfills") or [])
    shipped = os.path.isfile(os.path.join(config.docs_dir, SHIM))
    if shipped and not any("iframe-worker" in str(url) for url in polyfills):
        config.extra["polyfills"] = [*polyfills, SHIM]


def write_search_script(config: Any) -> None:
    """search/search_index.js from the finished search_index.json, as the offline plugin writes it
    (the plugin, when listed, may run before the hook has added the generated pages' entries)."""
    if not is_offline(config):
        return
    folder = os.path.join(config.site_dir, "search")
    source = os.path.join(folder, "search_index.json")
    if not os.path.isfile(source):
        return
    with open(source, encoding="utf-8") as handle:
        data = handle.read()
    with open(os.path.join(folder, "search_index.js"), "w", encoding="utf-8") as handle:
        handle.write(f"var __index = {data}")
