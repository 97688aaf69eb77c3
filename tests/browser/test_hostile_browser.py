"""The hostile fixture site in headless Chromium: no dialog opens and no request leaves 127.0.0.1.

Every built page is loaded; then every element gets the events inline handlers listen for, and the
search is run for the words the hostile notes are made of. Each dialog (alert, confirm, prompt) and
each request is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Events that inline handlers (onerror, onload, onmouseover, ontoggle, onfocus...) would run on.
FIRE_EVENTS = """() => {
  for (const element of document.querySelectorAll('*')) {
    for (const name of ['error', 'load', 'mouseover', 'mouseenter', 'focus', 'toggle', 'animationstart']) {
      element.dispatchEvent(new Event(name));
    }
  }
}"""


class Recorder:
    """The dialogs and requests of one browser context."""

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.requests: list[str] = []

    def non_local(self) -> list[str]:
        """Requests to anything but this machine (data: and blob: URLs never leave the browser)."""
        leaving = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme not in ("http", "https") or parts.hostname not in LOCAL_HOSTS:
                leaving.append(url)
        return leaving


def built_pages(site: Path) -> list[str]:
    """Every page of the built site, as a path relative to its root ('' for the home page)."""
    pages = [p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")]
    return sorted("" if page == "." else page + "/" for page in pages)


@pytest.fixture
def recorded(chromium_browser) -> Iterator[tuple[Page, Recorder]]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    recorder = Recorder()
    context.on("request", lambda request: recorder.requests.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda dialog: (recorder.dialogs.append(dialog.message), dialog.dismiss()))
    yield page, recorder
    context.close()


def test_no_page_runs_user_script_or_calls_another_host(
    recorded: tuple[Page, Recorder], hostile_site: Path, hostile_site_url: str
) -> None:
    page, recorder = recorded
    pages = built_pages(hostile_site)
    assert len(pages) >= 10
    for path in pages:
        page.goto(hostile_site_url + path)
        page.wait_for_load_state("load")
        page.evaluate(FIRE_EVENTS)
        page.mouse.wheel(0, 20_000)  # scroll through: lazy content would load now
    page.wait_for_timeout(300)  # a refresh or a late request would show up here
    assert recorder.dialogs == []
    assert recorder.non_local() == []
    assert len(recorder.requests) >= len(pages)


def test_hostile_cards_are_visible_text(recorded: tuple[Page, Recorder], hostile_site_url: str) -> None:
    page, recorder = recorded
    page.goto(hostile_site_url + "topics/hostile/")
    title = page.locator("#script-tags")
    expect(title).to_contain_text("<script>alert('title')</script> Script title")
    expect(page.get_by_text("CANARY-calm-paper")).to_have_count(0)
    for card in ("stray-closers", "comment-swallow", "unicode-tricks", "long-fields"):
        expect(page.locator(f".pkb-card:has(#{card}) .pkb-note[data-lang='zh']")).to_contain_text(
            f"CANARY-{card}"
        )
    assert page.locator(".pkb-cards > .pkb-card").count() == page.locator(".pkb-card").count()
    assert recorder.dialogs == []


@pytest.mark.parametrize("query", ["script", "onerror", "config", "frames"])
def test_search_results_run_nothing(
    recorded: tuple[Page, Recorder], hostile_site_url: str, query: str
) -> None:
    page, recorder = recorded
    page.goto(hostile_site_url)
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")
    expect(page.locator(".md-search-result__list a").first).to_be_attached(timeout=15_000)
    page.evaluate(FIRE_EVENTS)
    page.wait_for_timeout(200)
    assert recorder.dialogs == []
    assert recorder.non_local() == []
