"""The built fixture site in headless Chromium: search in both languages, the language switch, Ctrl+F."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def search(page: Page, query: str) -> None:
    """Type a query the way material's search sees it (fill, then a key press for CJK input)."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")


def result_links(page: Page):
    return page.locator(".md-search-result__list a")


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("occlusion", "topics/face-swap/#faceshifter"),
        ("Progressive", "topics/gan/#pggan"),
        ("遮挡", "topics/face-swap/#faceshifter"),
        ("超分", "topics/super-resolution/#gfpgan"),
        ("换脸", "topics/face-swap/#fsgan"),
    ],
)
def test_search_finds_the_paper(site_page: Page, site_url: str, query: str, anchor: str) -> None:
    site_page.goto(site_url)
    search(site_page, query)
    path, fragment = anchor.split("#")
    # material adds ?h=<query> for highlighting, before the fragment
    hit = site_page.locator(f'.md-search-result__list a[href*="/{path}?"][href$="#{fragment}"]')
    expect(hit).to_have_count(1, timeout=15_000)


def test_search_skips_the_all_papers_page(site_page: Page, site_url: str) -> None:
    site_page.goto(site_url)
    search(site_page, "FaceShifter")
    expect(result_links(site_page).first).to_be_attached(timeout=15_000)
    hrefs = [link.get_attribute("href") or "" for link in result_links(site_page).all()]
    assert hrefs and not any("/all/" in href for href in hrefs)


def test_language_switch_hides_restores_and_is_remembered(site_page: Page, site_url: str) -> None:
    site_page.goto(site_url + "topics/face-swap/")
    en = site_page.locator('#fsgan ~ .pkb-notes [data-lang="en"]')
    zh = site_page.locator('#fsgan ~ .pkb-notes [data-lang="zh"]')
    expect(en).to_be_visible()
    expect(zh).to_be_visible()

    site_page.click('.pkb-lang-switch button[data-mode="en"]')
    expect(zh).to_be_hidden()
    expect(en).to_be_visible()

    site_page.reload()
    expect(zh).to_be_hidden()
    expect(site_page.locator('.pkb-lang-switch button[data-mode="en"]')).to_have_attribute(
        "aria-pressed", "true"
    )

    site_page.click('.pkb-lang-switch button[data-mode="zh"]')
    expect(en).to_be_hidden()
    expect(zh).to_be_visible()

    site_page.click('.pkb-lang-switch button[data-mode="both"]')
    expect(en).to_be_visible()
    expect(zh).to_be_visible()


def test_language_choice_survives_instant_navigation(site_page: Page, site_url: str) -> None:
    site_page.goto(site_url)
    site_page.click('.pkb-lang-switch button[data-mode="zh"]')
    site_page.click('a.md-tabs__link:has-text("Browse")')
    site_page.wait_for_url("**/all/")
    expect(site_page.locator(".pkb-lang-switch")).to_have_count(1)
    row = site_page.locator(".pkb-row", has=site_page.locator('.pkb-note[data-lang="zh"]')).first
    row.locator(".pkb-row__head").click(position={"x": 1, "y": 1})  # unfold its notes
    expect(row.locator('.pkb-note[data-lang="en"]')).to_be_hidden()
    expect(row.locator('.pkb-note[data-lang="zh"]')).to_be_visible()


def test_all_papers_rows_fold_notes_that_find_reaches(site_page: Page, site_url: str) -> None:
    site_page.goto(site_url + "all/")
    expect(site_page.locator(".pkb-row")).to_have_count(7)
    note = site_page.get_by_text("与人物无关的换脸与人脸重演模型")
    expect(note).to_be_attached()
    expect(note).not_to_be_visible()  # folded
    english = site_page.get_by_text("Subject-agnostic face swapping and reenactment")
    expect(english).not_to_be_visible()
    site_page.locator(".pkb-row__head", has_text="FSGAN").click(position={"x": 1, "y": 1})
    expect(english).to_be_visible()


@pytest.mark.parametrize("words", ["与人物无关的换脸与人脸重演模型", "Subject-agnostic face swapping"])
def test_find_in_page_unfolds_the_row_holding_a_match(site_page: Page, site_url: str, words: str) -> None:
    """A text link runs the browser's find-in-page search, as Ctrl+F does, over folded rows."""
    site_page.goto(site_url + "all/#:~:text=" + quote(words, safe="").replace("-", "%2D"))
    expect(site_page.get_by_text(words)).to_be_visible()


def test_card_anchor_scrolls_to_the_card(site_page: Page, site_url: str) -> None:
    """The last card of a topic page in a short window: out of view at the top, in view from its anchor."""
    site_page.set_viewport_size({"width": 1280, "height": 400})
    site_page.goto(site_url + "topics/face-swap/")
    anchor = site_page.locator("h3.pkb-card__title[id]").last.get_attribute("id")
    assert anchor
    card = site_page.locator(f"#{anchor}")
    expect(card).not_to_be_in_viewport()  # else the test below would pass without any scrolling
    site_page.goto(site_url + f"topics/face-swap/#{anchor}")
    expect(card).to_be_in_viewport()


def test_hostile_note_runs_nothing(site_page: Page, site_url: str) -> None:
    dialogs: list[str] = []
    site_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    site_page.goto(site_url + "topics/misc/")
    site_page.locator("#hostile-note ~ .pkb-notes img").first.dispatch_event("error")
    expect(site_page.get_by_text("{{ config }}").first).to_be_visible()
    for path in ("all/", "papers/hostile-note/"):
        site_page.goto(site_url + path)
        site_page.wait_for_load_state("load")
    assert dialogs == []


def test_bibtex_opens_with_a_copy_button(site_page: Page, site_url: str) -> None:
    site_page.goto(site_url + "topics/face-swap/")
    bibtex = site_page.locator(".pkb-card:has(#fsgan) .pkb-card__bibtex")
    expect(bibtex.locator(".pkb-bibtex")).to_be_hidden()
    bibtex.locator("summary").click()
    expect(bibtex.locator(".pkb-bibtex")).to_contain_text("@inproceedings{fsgan,")
    copy = bibtex.locator("button.pkb-copy")
    expect(copy).to_have_count(1)
    copy.click()
    expect(copy).to_have_text(re.compile("Copied|Selected"))
    bibtex.locator("summary").click()
    bibtex.locator("summary").click()
    expect(bibtex.locator("button.pkb-copy")).to_have_count(1)  # added once
