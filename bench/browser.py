"""Browser side of the benchmark: search and the all-papers page in headless Chromium.

Builds the site of a synthetic library, serves it on 127.0.0.1 and, in a fresh browser context
each time (nothing cached), times: the first search result of an English and a Chinese query
typed as soon as the home page has loaded (the search index is fetched and indexed meanwhile),
a second query once the index is ready, and loading the all-papers page.
"""

from __future__ import annotations

import functools
import http.server
import os
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from measure import child_env, mkdocs_build

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


def search(tab: object, query: str) -> float:
    """Type `query` into material's search; seconds until the first result is shown."""
    started = time.perf_counter()
    field = tab.locator("input.md-search__input")  # type: ignore[attr-defined]
    field.click()
    field.fill(query)
    field.press("End")
    tab.locator(RESULT).first.wait_for(state="visible", timeout=120_000)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def time_search(browser: object, url: str, language: str) -> tuple[float, float, float]:
    """Home page load, first result right after it, then a second query with the index ready."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    started = time.perf_counter()
    tab.goto(url, wait_until="load")
    loaded = time.perf_counter() - started
    first = search(tab, QUERIES[language])
    tab.locator("input.md-search__input").fill("")
    second = search(tab, "identity" if language == "en" else "重演")
    context.close()
    return loaded, loaded + first, second


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


def measure_browser(repo: str, papers: str, work: str, repeat: int, count: int) -> dict:
    """Build the site of `papers` with `repo` and time it in Chromium `repeat` times."""
    from playwright.sync_api import sync_playwright

    site = os.path.join(work, "browser-site")
    mkdocs_build(os.path.join(repo, "mkdocs.yml"), site, child_env(repo, papers))
    timings: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        timings.setdefault(name, []).append(value)

    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(repeat):
            for language in QUERIES:
                loaded, first, second = time_search(browser, url, language)
                add("home page load", loaded)
                add(f"first result, {language} query typed at load (from navigation)", first)
                add(f"next {language} query, index ready", second)
            wall, own = time_page(browser, url + "all/")
            add("all-papers page load event (wall)", wall)
            add("all-papers page load event (navigation timing)", own)
            filtered, sorted_ = time_filter(browser, url + "all/")
            add("all-papers: filter by status, in the page", filtered)
            add("all-papers: sort by title, in the page", sorted_)
        browser.close()
    return {"papers": count, "timings": timings}
