"""Under a real `mkdocs serve`, the page open in the browser shows papers.yaml's errors once the
file is saved broken, and the page itself again once it is fixed (MkDocs' live reload)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs_serving import serving
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "site"
TYPO = ("topics: [face-swap, reenactment]", "topics: [face-swp, reenactment]")


def test_the_open_page_shows_the_errors_and_comes_back(chromium_browser: Browser, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    papers = tmp_path / "kb" / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    with serving(papers) as base:
        context = chromium_browser.new_context()
        page = context.new_page()
        page.goto(base + "topics/face-swap/")
        expect(page.locator("#fsgan")).to_be_visible()
        papers.write_text(text.replace(*TYPO), encoding="utf-8")
        errors = page.locator(".pkb-build-errors")
        expect(errors).to_be_visible(timeout=60_000)  # reloaded by itself
        expect(errors).to_contain_text("papers.yaml:")
        expect(errors).to_contain_text("unknown topic 'face-swp'")
        expect(errors.locator(".pkb-build-errors__hint", has_text="topics:")).to_have_count(1)
        page.reload()
        expect(errors).to_be_visible()
        papers.write_text(text, encoding="utf-8")
        expect(page.locator("#fsgan")).to_be_visible(timeout=60_000)
        context.close()
