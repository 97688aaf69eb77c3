"""The shipped knowledge base built with `paperkb build --offline`, opened from disk (file://) in
headless Chromium with every non-file request refused; and its cards' similar papers."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline-site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PAPERKB_OFFLINE", None)
    command = [
        sys.executable,
        "-m",
        "paperkb",
        "build",
        "--offline",
        "--papers",
        "papers.yaml",
        "-d",
        str(site),
    ]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def disk_page(chromium_browser: Browser, offline_site: Path, checked_tab: Any) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []

    def only_files(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    with checked_tab(context) as tab:
        yield tab
    assert not requests, f"requests beyond the disk: {requests}"


def test_from_disk_a_topic_link_opens_the_topic_page(disk_page: Page, offline_site: Path) -> None:
    disk_page.goto((offline_site / "index.html").as_uri())
    disk_page.locator('.md-content a[href="topics/face-swap.html"]').first.click()
    expect(disk_page).to_have_url((offline_site / "topics" / "face-swap.html").as_uri())
    expect(disk_page.locator("#fsgan")).to_be_visible()


def test_from_disk_search_answers(disk_page: Page, offline_site: Path) -> None:
    disk_page.goto((offline_site / "index.html").as_uri())
    field = disk_page.locator("input.md-search__input")
    field.click()
    field.fill("FSGAN")
    field.press("End")
    hit = disk_page.locator('.md-search-result__list a[href*="topics/face-swap.html"][href$="#fsgan"]')
    expect(hit).to_have_count(1, timeout=20_000)
    hit.click()
    expect(disk_page.locator("#fsgan")).to_be_in_viewport()


def test_from_disk_the_language_switch_shows_and_works(disk_page: Page, offline_site: Path) -> None:
    disk_page.goto((offline_site / "topics" / "face-swap.html").as_uri())
    switch = disk_page.locator('.pkb-lang-switch button[data-mode="zh"]')
    expect(switch).to_be_visible()
    switch.click()
    expect(disk_page.locator('#fsgan ~ .pkb-notes [data-lang="en"]')).to_be_hidden()
    expect(disk_page.locator('#fsgan ~ .pkb-notes [data-lang="zh"]')).to_be_visible()


def test_the_fsgan_card_links_another_face_swap_paper(disk_page: Page, offline_site: Path) -> None:
    disk_page.goto((offline_site / "topics" / "face-swap.html").as_uri())
    card = disk_page.locator(".pkb-card", has=disk_page.locator("#fsgan"))
    similar = card.locator(".pkb-card__similar")
    expect(similar).to_contain_text("Similar")
    expect(similar).to_contain_text("相似")
    links = similar.locator("a")
    assert 1 <= links.count() <= 5
    targets = [link.get_attribute("href") or "" for link in links.all()]
    face_swap = [href for href in targets if href.startswith("../topics/face-swap.html#")]
    assert face_swap, targets  # a card on this same topic page
    disk_page.locator(f'.pkb-card__similar a[href="{face_swap[0]}"]').first.click()
    expect(disk_page.locator("#" + face_swap[0].split("#")[1])).to_be_in_viewport()


def test_the_hosted_site_keeps_directory_urls(browser_site: Path) -> None:
    assert (browser_site / "topics" / "face-swap" / "index.html").is_file()
    assert not (browser_site / "search" / "search_index.js").exists()
    home = (browser_site / "index.html").read_text(encoding="utf-8")
    assert 'href="topics/face-swap/"' in home
    assert "iframe-worker" not in home


def test_a_long_note_lists_its_headings_beside_it_or_in_it(disk_page: Page, offline_site: Path) -> None:
    disk_page.goto((offline_site / "papers" / "deca.html").as_uri())
    sidebar = disk_page.locator(".md-sidebar--secondary .md-nav__link")
    expect(sidebar.first).to_be_visible()
    assert (sidebar.first.get_attribute("href") or "").startswith("#en-")
    expect(disk_page.locator(".pkb-contents")).to_be_hidden()  # the sidebar shows them
    disk_page.set_viewport_size({"width": 390, "height": 844})
    contents = disk_page.locator(".pkb-contents")
    expect(contents).to_be_visible()
    contents.locator("summary").click()
    target = contents.locator("a").last.get_attribute("href") or ""
    contents.locator("a").last.click()
    expect(disk_page.locator(target)).to_be_in_viewport()
