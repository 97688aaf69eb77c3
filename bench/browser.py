"""Browser side of the benchmark: search and the all-papers page in headless Chromium.

Serves a built site on 127.0.0.1 and, in a fresh browser context each time (nothing cached),
times: the first search result of an English and a Chinese query typed as soon as the home page
has loaded (the search worker sets up meanwhile), a second query once it is ready, and loading the
all-papers page; and reports the bytes those fetch.
"""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM = os.environ.get("PAPERKB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUERIES = {"en": "reenactment", "zh": "换脸"}
RESULT = ".md-search-result__list a"
# In the page: when the query last changed in the search field, and the frame that first shows a
# result after it (the browser's own clock, without the automation's round trips).
IN_PAGE_MARKS = """
document.addEventListener("input", (event) => {
  if (event.target.matches && event.target.matches("input.md-search__input")) {
    window.__pkbTyped = performance.now();
    window.__pkbShown = null;
  }
}, true);
new MutationObserver(() => {
  if (window.__pkbTyped == null || window.__pkbShown !== null || window.__pkbWaiting) return;
  if (!document.querySelector(".md-search-result__list a")) return;
  window.__pkbWaiting = true;
  requestAnimationFrame(() => { window.__pkbShown = performance.now(); window.__pkbWaiting = false; });
}).observe(document, { subtree: true, childList: true });
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: str) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=directory)
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search(tab: object, query: str) -> tuple[float, float]:
    """Type `query` into material's search; seconds until the first result is shown, as the
    automation sees it (from the click into the field) and in the page (from the input event)."""
    started = time.perf_counter()
    field = tab.locator("input.md-search__input")  # type: ignore[attr-defined]
    field.click()
    field.fill(query)
    field.press("End")
    tab.locator(RESULT).first.wait_for(state="visible", timeout=120_000)  # type: ignore[attr-defined]
    wall = time.perf_counter() - started
    tab.wait_for_function("window.__pkbShown")  # type: ignore[attr-defined]
    return wall, tab.evaluate("(window.__pkbShown - window.__pkbTyped) / 1000")  # type: ignore[attr-defined]


def time_search(browser: object, url: str, language: str) -> dict[str, float]:
    """Home page load, first result right after it, then a second query with the index ready."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.add_init_script(IN_PAGE_MARKS)
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(url, wait_until="load")
    loaded = time.perf_counter() - started
    first, first_in_page = search(tab, QUERIES[language])
    tab.locator("input.md-search__input").fill("")
    second, second_in_page = search(tab, "identity" if language == "en" else "重演")
    context.close()
    return {
        "home page load": loaded,
        f"first result, {language} query typed at load (after typing)": first,
        f"first result, {language} query typed at load (in the page, from the input event)": first_in_page,
        f"first result, {language} query typed at load (from navigation)": loaded + first,
        f"next {language} query, index ready": second,
        f"next {language} query, index ready (in the page)": second_in_page,
    }


def time_page(browser: object, url: str) -> tuple[float, float]:
    """Seconds to the load event of `url` (wall clock, and as the page's own timing says)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(url, wait_until="load")
    wall = time.perf_counter() - started
    own = tab.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd / 1000 }"
    )
    context.close()
    return wall, own


FILTER_AND_SORT = """() => {
  const form = document.querySelector('.pkb-filter__form');
  function change(name, value) {
    const started = performance.now();
    form.elements[name].value = value;
    form.elements[name].dispatchEvent(new Event('change', {bubbles: true}));
    document.body.offsetHeight;  // style and layout included
    return (performance.now() - started) / 1000;
  }
  return [change('status', 'to-read'), change('sort', 'title')];
}"""


def time_filter(browser: object, url: str) -> tuple[float, float]:
    """Seconds the all-papers page takes to filter by status, then to sort by title (in the page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.locator(".pkb-filter__form").wait_for(state="attached")
    filtered, sorted_ = tab.evaluate(FILTER_AND_SORT)
    context.close()
    return filtered, sorted_


def measure_browser(site: str, repeat: int) -> dict[str, list[float]]:
    """Time the built `site` in Chromium `repeat` times: seconds, and the sizes it serves in MB."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        timings.setdefault(name, []).append(value)

    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeat):
            for language in QUERIES:
                for name, value in time_search(browser, url, language).items():
                    add(name, value)
            wall, own = time_page(browser, url + "all/")
            add("all-papers page load event (wall)", wall)
            add("all-papers page load event (navigation timing)", own)
            try:
                filtered, sorted_ = time_filter(browser, url + "all/")
            except PlaywrightTimeout as exc:  # one lost sample, said so, rather than the whole run
                print(f"warning: the all-papers filter was not timed this time: {exc}", file=sys.stderr)
                continue
            add("all-papers: filter by status, in the page", filtered)
            add("all-papers: then sort by title, in the page", sorted_)
        browser.close()
    return timings


def served_sizes(site: str) -> dict[str, float]:
    """MB of what the browser fetches for search and the all-papers page."""

    def size(*parts: str) -> float:
        path = os.path.join(site, *parts)
        return os.path.getsize(path) / 1e6 if os.path.isfile(path) else 0.0

    shards = os.path.join(site, "search", "shards")
    names = os.listdir(shards) if os.path.isdir(shards) else []
    return {
        "all-papers page MB": size("all", "index.html"),
        "search_index.json MB": size("search", "search_index.json"),
        "search term files MB (all)": sum(size("search", "shards", name) for name in names),
        "search term list MB (terms.json)": size("search", "shards", "terms.json"),
    }
