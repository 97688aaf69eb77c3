"""Reading the site of the shipped knowledge base in headless Chromium: filter and sort with the state in the URL,
and the 中文 / EN / Both modes of every label the templates write."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from paperkb.records.library import Library, open_library
from paperkb.site.views import group_by_first_topic

PAPERS = Path(__file__).resolve().parents[2] / "papers.yaml"  # the shipped knowledge base

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def library() -> Library:
    lib, diagnostics = open_library(str(PAPERS))
    assert lib is not None, diagnostics
    return lib


def in_mode(page: Page, mode: str) -> Page:
    """The language switch set to `mode` before any page loads (as a reader's stored choice)."""
    page.context.add_init_script(f"window.localStorage.setItem('paperkb.lang', '{mode}')")
    return page


def shown_ids(page: Page) -> list[str]:
    """Ids of the cards not hidden by the filter, in page order."""
    ids = page.eval_on_selector_all(".pkb-item:not([hidden]) > .pkb-card__title", "els => els.map(e => e.id)")
    return [str(i) for i in ids]


def combobox(page: Page, label: str) -> Locator:
    """A select of the filter form, found by its label as a screen reader finds it."""
    return page.get_by_role("combobox", name=label)


def visible_text(page: Page) -> str:
    """What a reader sees: the rendered text of the page (display: none left out)."""
    return str(page.evaluate("document.body.innerText"))


def test_status_in_the_query_shows_exactly_the_topics_papers_of_that_status(
    kb_page: Page, kb_site_url: str, library: Library
) -> None:
    topic = library.papers_by_topic["face-swap"]
    to_read = {p.id for p in topic if p.status == "to-read"}
    assert to_read and len(to_read) < len(topic)
    kb_page.goto(kb_site_url + "topics/face-swap/?status=to-read")
    expect(kb_page.locator(".pkb-filter__count")).to_contain_text(f"{len(to_read)} of {len(topic)}")
    assert set(shown_ids(kb_page)) == to_read
    hidden = kb_page.eval_on_selector_all(".pkb-item[hidden] > h3", "els => els.map(e => e.id)")
    assert set(hidden) == {p.id for p in topic} - to_read
    expect(combobox(kb_page, "Status")).to_have_value("to-read")


def test_filters_combine_and_sort_and_the_url_follows(
    kb_page: Page, kb_site_url: str, library: Library
) -> None:
    kb_page.goto(kb_site_url + "all/")
    papers = library.papers
    expect(kb_page.locator(".pkb-filter__count")).to_contain_text(f"{len(papers)} papers")
    combobox(kb_page, "Tag").select_option("gan")
    combobox(kb_page, "Sort").select_option("title")
    tagged = [p for p in papers if "gan" in p.tags]
    # sorted within each topic's group, the groups in the page's order
    groups = group_by_first_topic(library, tagged)
    expected = [p for _, group in groups for p in sorted(group, key=lambda p: p.title.casefold())]
    assert shown_ids(kb_page) == [p.id for p in expected]
    assert "tag=gan" in kb_page.url and "sort=title" in kb_page.url
    combobox(kb_page, "From").select_option("2019")
    expected = [p for p in expected if p.year and p.year >= 2019]
    assert shown_ids(kb_page) == [p.id for p in expected]
    # a topic whose cards are all filtered out loses its heading and its link in the jump list too
    topics = {p.topics[0] for p in expected}
    assert kb_page.locator("h2.pkb-group:not([hidden])").count() == len(topics)
    assert kb_page.locator(".pkb-jump a:visible").count() == len(topics)
    kb_page.reload()  # the query alone brings the same view back
    assert shown_ids(kb_page) == [p.id for p in expected]
    kb_page.locator(".pkb-filter").get_by_role("button", name="Clear").click()
    expect(kb_page.locator(".pkb-filter__count")).to_contain_text(f"{len(papers)} papers")
    assert "?" not in kb_page.url


def test_sort_by_year_and_by_date_added(kb_page: Page, kb_site_url: str, library: Library) -> None:
    kb_page.goto(kb_site_url + "topics/face-swap/?sort=added")
    topic = library.papers_by_topic["face-swap"]
    ids = shown_ids(kb_page)
    dated = sorted((p for p in topic if p.added), key=lambda p: p.added, reverse=True)  # type: ignore[arg-type, return-value]
    assert ids[: len(dated)] == [p.id for p in dated]
    kb_page.goto(kb_site_url + "topics/face-swap/?sort=year")
    years = [next(p.year or 0 for p in topic if p.id == i) for i in shown_ids(kb_page)]
    assert years == sorted(years, reverse=True)


def test_keyboard_alone_filters(kb_page: Page, kb_site_url: str, library: Library) -> None:
    kb_page.goto(kb_site_url + "topics/face-swap/")
    box = kb_page.get_by_label("has code")
    box.focus()
    kb_page.keyboard.press("Space")
    with_code = {p.id for p in library.papers_by_topic["face-swap"] if p.code}
    assert set(shown_ids(kb_page)) == with_code
    assert "code=1" in kb_page.url


def test_find_in_page_sees_only_the_cards_shown(kb_page: Page, kb_site_url: str, library: Library) -> None:
    topic = library.papers_by_topic["face-swap"]
    reading = next(p for p in topic if p.status == "to-read")
    other = next(p for p in topic if p.status != "to-read")
    kb_page.goto(kb_site_url + "topics/face-swap/?status=to-read")
    found = "title => window.find(title, true, false, true)"
    assert kb_page.evaluate(found, reading.title)
    assert not kb_page.evaluate(found, other.title)


def test_without_javascript_every_card_shows(
    chromium_browser: Browser, kb_site_url: str, library: Library
) -> None:
    context = chromium_browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(kb_site_url + "topics/face-swap/?status=to-read")
        assert len(shown_ids(page)) == len(library.papers_by_topic["face-swap"])
        expect(page.locator(".pkb-filter")).to_be_hidden()
    finally:
        context.close()


def test_filter_works_after_instant_navigation(kb_page: Page, kb_site_url: str) -> None:
    kb_page.goto(kb_site_url)
    kb_page.locator(".md-content a[href$='topics/face-swap/']").first.click()
    expect(kb_page.locator(".pkb-filter__form")).to_be_visible()
    assert kb_page.evaluate("document.querySelectorAll('.pkb-filter__form').length") == 1
    combobox(kb_page, "Status").select_option("read")
    assert "status=read" in kb_page.url
    assert kb_page.locator(".pkb-item:not([hidden]) .pkb-badge--reading").count() == 0


# --- 中文 / EN / Both ---------------------------------------------------------------------------

ENGLISH_LABELS = ("Related", "Referenced by", "Long note", "to read", "papers ·", "Status", "Sort", "Topics")


def test_chinese_mode_shows_no_english_label_on_a_topic_page(kb_page: Page, kb_site_url: str) -> None:
    in_mode(kb_page, "zh").goto(kb_site_url + "topics/face-swap/")
    text = visible_text(kb_page)
    for label in (*ENGLISH_LABELS, "Related:"):
        assert label.lower() not in text.lower(), label
    for label in ("相关", "详细笔记", "待读", "篇", "状态", "排序", "主题", "换脸", "论文笔记"):
        assert label in text, label
    nav = kb_page.locator(".md-nav--primary").inner_text()
    assert "Face Swap" not in nav and "换脸" in nav


@pytest.mark.parametrize("url", ["", "stats/", "all/", "queue/"])
def test_chinese_mode_on_the_other_pages(kb_page: Page, kb_site_url: str, url: str) -> None:
    in_mode(kb_page, "zh").goto(kb_site_url + url)
    text = visible_text(kb_page)
    for label in ("Recently added", "to read", "papers", "Papers per year", "All papers", "Reading queue"):
        assert label.lower() not in text.lower(), (url, label)


USER_TEXT = (
    ".pkb-card__title, .pkb-note, .pkb-card__refs a, .pkb-card__authors, .pkb-card__affiliations, "
    ".pkb-card__links, .pkb-chip--tag, .pkb-bibtex, .pkb-lang-switch"
)


def test_english_mode_shows_no_chinese_label(kb_page: Page, kb_site_url: str) -> None:
    in_mode(kb_page, "en").goto(kb_site_url + "topics/face-swap/")
    text = visible_text(kb_page)
    for label in ENGLISH_LABELS[:-1]:
        assert label in text, label
    # what is left once the papers' own text (which may quote Chinese) and the switch are gone
    kb_page.evaluate(f"document.querySelectorAll({USER_TEXT!r}).forEach(e => e.remove())")
    text = visible_text(kb_page)
    assert not HAN.search(text), HAN.findall(text)[:20]


def test_both_mode_shows_both(kb_page: Page, kb_site_url: str) -> None:
    in_mode(kb_page, "both").goto(kb_site_url + "topics/face-swap/")
    text = visible_text(kb_page)
    for label in (*ENGLISH_LABELS, "相关", "详细笔记", "待读", "换脸"):
        assert label in text, label


def test_switching_language_relabels_the_filter(kb_page: Page, kb_site_url: str) -> None:
    kb_page.goto(kb_site_url + "topics/face-swap/?status=to-read")
    kb_page.click('.pkb-lang-switch button[data-mode="zh"]')
    status = kb_page.locator("select[name=status]")
    expect(status.locator("option:checked")).to_have_text("待读")
    assert re.fullmatch(r"\d+ 篇中的 \d+ 篇", kb_page.locator(".pkb-filter__count").inner_text().strip())
    kb_page.click('.pkb-lang-switch button[data-mode="en"]')
    expect(status.locator("option:checked")).to_have_text("to read")


@pytest.fixture
def phone(chromium_browser: Browser, kb_site_url: str) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def test_phone_header_shows_the_whole_site_name(phone: Page, kb_site_url: str) -> None:
    phone.goto(kb_site_url)
    for part in ("Paper Notes", "论文笔记"):
        name = phone.locator(".pkb-site-name > span", has_text=part)
        expect(name).to_be_visible()
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), f"{part} is cut"


def test_phone_folds_the_filter_unless_the_address_filters(phone: Page, kb_site_url: str) -> None:
    phone.goto(kb_site_url + "topics/face-swap/")
    folder = phone.locator("details.pkb-filter__box")
    expect(folder).not_to_have_attribute("open", "")
    expect(phone.locator(".pkb-filter__count")).to_be_visible()  # the count stays in sight
    phone.goto(kb_site_url + "topics/face-swap/?status=read")
    expect(folder).to_have_attribute("open", "")


def test_search_box_placeholder_follows_the_switch(kb_page: Page, kb_site_url: str) -> None:
    in_mode(kb_page, "zh").goto(kb_site_url)
    field = kb_page.locator("input.md-search__input")
    expect(field).to_have_attribute("placeholder", "搜索")
    kb_page.click('.pkb-lang-switch button[data-mode="en"]')
    expect(field).to_have_attribute("placeholder", "Search")
