"""The Zensical build of the fixture knowledge base (tests/browser/conftest.py), opened in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout


def _search(page: Page, query: str) -> str:
    """The result count Zensical shows for `query`. It may say "No results" while its index is
    still loading, so a count is waited for; "No results" is returned only if it stays."""
    page.keyboard.press("Control+k")
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(query)
    found = page.get_by_text(re.compile(r"^\d+ results?$"))
    try:
        found.first.wait_for(timeout=10_000)
    except PlaywrightTimeout:
        return str(page.get_by_text(re.compile(r"^(\d+|No) results?$")).first.inner_text())
    return str(found.first.inner_text())


def test_face_swap_page_shows_the_fsgan_card(chromium_browser: Browser, zensical_url: str) -> None:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(zensical_url + "topics/face-swap/")
    card = page.locator("#fsgan").locator("xpath=ancestor::div[contains(@class, 'pkb-card')][1]")
    assert card.is_visible()
    assert "FSGAN" in card.inner_text() and "与人物无关的换脸" in card.inner_text()
    assert page.locator(".pkb-lang-switch button").count() == 3, "the language switch is missing"
    context.close()


@pytest.mark.parametrize("query", ["FSGAN", "重演", "换脸"])
def test_zensical_search_finds_english_and_chinese_words(
    chromium_browser: Browser, zensical_url: str, query: str
) -> None:
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(zensical_url)
    page.wait_for_load_state("networkidle")
    summary = _search(page, query)
    assert summary != "No results", f"{query!r}: {summary}"
    results = page.locator('dialog[aria-label="Search"] [role="listbox"]')
    expect(results.get_by_text(re.compile("FSGAN")).first).to_be_attached()  # rendered after the count
    context.close()
