"""The fast path (paperkb.site.fragments) against the reference rendering: the Jinja templates."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from paperkb.records.library import Library, open_library
from paperkb.site import fragments
from paperkb.site.markup import NoteRenderer
from paperkb.site.pages import PAGE_BUILDERS
from paperkb.site.render import render_site
from paperkb.site.renderer import DEFAULT_TEMPLATES, SiteRenderer, make_environment, read_long_notes
from paperkb.site.views import SiteContext, card_view, entry_view

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"


class _Text(HTMLParser):
    """The text a reader sees, whitespace collapsed, plus every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.words.extend(data.split())


def text_and_tags(html: str) -> tuple[list[str], list[tuple[str, list]]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.words, parser.tags


@pytest.fixture(scope="module")
def library() -> Library:
    lib, diagnostics = open_library(str(FIXTURE))
    assert lib is not None, diagnostics
    return lib


def renderer(library: Library, fast: bool, search_marks: bool = True) -> SiteRenderer:
    ctx = SiteContext(library, NoteRenderer(), True, read_long_notes(library))
    return SiteRenderer(ctx, make_environment(DEFAULT_TEMPLATES), fast=fast, search_marks=search_marks)


def test_the_stock_templates_are_the_ones_mirrored() -> None:
    assert fragments.matches_templates(DEFAULT_TEMPLATES), (
        "templates/_card.html.j2 or _macros.html.j2 changed: make paperkb/site/fragments.py render the "
        "same HTML (this file's tests compare them), then set TEMPLATES_SHA256 to "
        f"{fragments.templates_digest(DEFAULT_TEMPLATES)}"
    )


@pytest.mark.parametrize("searchable", [True, False])
def test_every_card_reads_the_same_as_the_reference(library: Library, searchable: bool) -> None:
    fast, reference = renderer(library, fast=True), renderer(library, fast=False)
    assert library.papers
    for paper in library.papers:
        ours = str(fast.card(paper, searchable))
        theirs = str(reference.card(paper, searchable))
        assert text_and_tags(ours) == text_and_tags(theirs), paper.id
        assert ours == theirs, paper.id  # and in fact character for character


def test_the_reference_is_the_card_template(library: Library) -> None:
    reference = renderer(library, fast=False)
    env = make_environment(DEFAULT_TEMPLATES)
    template, macros = env.get_template("_card.html.j2"), env.get_template("_macros.html.j2").module
    for paper in library.papers:
        view = card_view(reference.ctx, paper)
        expected = template.render(c=view, searchable=True, m=macros).strip()
        assert str(reference.card(paper)) == expected
        assert fragments.entry_html(entry_view(reference.ctx, paper)) == str(
            macros.entry(entry_view(reference.ctx, paper))
        )


def test_every_page_is_the_same_on_both_paths(library: Library) -> None:
    fast, reference = renderer(library, fast=True), renderer(library, fast=False)
    for build in PAGE_BUILDERS:
        for ours, theirs in zip(build(fast), build(reference), strict=True):
            assert ours.src_uri == theirs.src_uri and ours.front_matter == theirs.front_matter
            assert ours.body == theirs.body, ours.src_uri


def test_without_search_marks_a_card_is_the_same_everywhere(library: Library) -> None:
    plain = renderer(library, fast=True, search_marks=False)
    marked = renderer(library, fast=True)
    for paper in library.papers:
        card = str(plain.card(paper, searchable=False))
        assert "data-search-exclude" not in card and card == str(plain.card(paper))
        assert card == str(marked.card(paper)).replace(fragments.SEARCH_EXCLUDE, "")


def test_a_changed_card_template_is_used_as_it_is(library: Library, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    card = templates / "_card.html.j2"
    card.write_text(card.read_text(encoding="utf-8").replace("pkb-card__authors", "my-authors"), "utf-8")
    assert not fragments.matches_templates(str(templates))
    pages = {page.src_uri: page for page in render_site(library, templates_dir=str(templates))}
    assert 'class="my-authors"' in pages["topics/face-swap.md"].body
    assert 'class="pkb-card__authors"' not in pages["all.md"].body


def test_a_page_body_is_rendered_on_demand_and_again(library: Library) -> None:
    page = next(p for p in render_site(library) if p.src_uri == "all.md")
    first = "".join(page.chunks())
    assert first == "".join(page.chunks()) and first.startswith('<div class="pkb-page pkb-page--all">')
    assert page.front_matter.startswith("---\ntitle:") and page.front_matter.endswith("\n---\n")
    assert page.body == first.strip() + "\n"


def test_a_card_holds_no_code_block(library: Library) -> None:
    """material's script measures every <pre><code> (a forced layout each): not on thousands of cards."""
    fast = renderer(library, fast=True)
    for paper in library.papers:
        card = str(fast.card(paper))
        assert "<pre><code>" not in card.split('class="pkb-card__bibtex"')[1]
        assert '<pre class="pkb-bibtex">@' in card
