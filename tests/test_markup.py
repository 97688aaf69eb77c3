"""Notes render as GitHub renders a README (cmark-gfm), within bounds, and are sanitised after."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperkb.site.markup import (
    MAX_NOTE_CHARS,
    MAX_NOTE_DEPTH,
    MAX_NOTE_HTML_TAGS,
    NoteRenderer,
    add_heading_ids,
    html_depth,
    is_plain_text,
    note_markup_problem,
    slug_heading,
)

NOTES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "notes")


def render(text: str) -> str:
    return NoteRenderer().render(text)


def test_a_sub_list_indented_by_two_spaces_nests() -> None:
    html = render("- parent\n  - child\n    - grandchild\n- sibling")
    assert re.search(r"<li>parent\s*<ul>\s*<li>child\s*<ul>\s*<li>grandchild</li>", html), html


def test_strikethrough() -> None:
    assert "<del>gone</del>" in render("~~gone~~ and ~one~")


def test_task_items_show_ballot_boxes_and_no_form_element() -> None:
    html = render("- [x] done\n- [ ] to do")
    assert "<li>\u2611 done</li>" in html and "<li>\u2610 to do</li>" in html
    assert "<input" not in html and "<input" not in render('<input type="text" value="x">')


def test_bare_urls_are_links() -> None:
    html = render("see https://example.org/a and www.example.com.")
    assert (
        '<a href="https://example.org/a" rel="noopener noreferrer nofollow">https://example.org/a</a>' in html
    )
    assert '<a href="http://www.example.com" rel="noopener noreferrer nofollow">www.example.com</a>' in html


def test_a_list_right_after_a_line_of_text_is_a_list() -> None:
    html = render("Contributions:\n- one\n- two")
    assert html.startswith("<p>Contributions:</p>\n<ul>\n<li>one</li>"), html


def test_tables_and_fenced_code() -> None:
    html = render("| a | b |\n|:-|-:|\n| 1 | 2 |\n\n```python\nx = '<b>'\n```")
    assert '<th align="left">a</th>' in html and '<td align="right">2</td>' in html
    assert "<pre lang=\"python\"><code>x = '&lt;b&gt;'\n</code></pre>" in html


@pytest.mark.parametrize("paper", ["pix2pix", "deepmotion", "t2t-vit", "u-gat-it"])
def test_long_notes_keep_their_sub_bullets(paper: str) -> None:
    with open(os.path.join(NOTES, f"{paper}.md"), encoding="utf-8") as handle:
        text = handle.read()
    sub_items = len(re.findall(r"^ {2,}[-*] ", text, re.MULTILINE))
    html = render(text)
    assert sub_items and html.count("<ul>") > sub_items // 4  # nested lists, not flattened
    assert len(re.findall(r"<li>[^<]*(?:<[^u/][^<]*)*<ul>", html)) >= 1


def test_headings_get_stable_github_slugs() -> None:
    html = NoteRenderer().render(
        "# Method\n\n## Method\n\n### 网络 Structure & <b>x</b>", top=2, heading_ids="note-"
    )
    assert '<h2 id="note-method">Method</h2>' in html and '<h3 id="note-method-1">Method</h3>' in html
    assert '<h4 id="note-网络-structure--x">' in html
    assert slug_heading("Loss: L1 + GAN!") == "loss-l1--gan"
    assert add_heading_ids('<h2>"quoted"</h2>', "p-") == '<h2 id="p-quoted">"quoted"</h2>'


def test_a_note_cannot_set_ids() -> None:
    html = NoteRenderer().render(
        '<h2 id="fsgan">x</h2><a id="search" name="q">y</a>', top=2, heading_ids="note-"
    )
    assert 'id="fsgan"' not in html and 'id="search"' not in html and 'id="note-x"' in html


@pytest.mark.parametrize(
    "text",
    [
        "* " * 1000,  # Python-Markdown: RecursionError
        "1. " * 1000,
        "![" * 12_000,  # Python-Markdown: 35-60 s
        "[" * 30_000,
        "> " * 500 + "deep",
        "".join("  " * i + "- item\n" for i in range(300)),
    ],
)
def test_pathological_notes_render(text: str) -> None:
    renderer = NoteRenderer()
    html = renderer.render(text)
    assert html and "<script" not in html
    assert renderer.warnings == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("> " * (MAX_NOTE_DEPTH + 5) + "deep", "levels deep"),
        ("<div>" * (MAX_NOTE_DEPTH + 5), "levels deep"),
        ("<i><b><div></i>" * (MAX_NOTE_HTML_TAGS // 3 + 1), "HTML tags"),
    ],
)
def test_a_note_beyond_the_bounds_is_shown_as_text_with_a_warning(text: str, reason: str) -> None:
    problem = note_markup_problem(text)
    assert problem is not None and reason in problem
    renderer = NoteRenderer()
    html = renderer.render(text)
    assert html.startswith("<pre>") and "<div>" not in html and "<blockquote>" not in html
    assert html == "<pre>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</pre>"
    assert len(renderer.warnings) == 1 and reason in renderer.warnings[0]


def test_plain_text_is_never_beyond_the_bounds() -> None:
    text = ("Identity loss keeps the face. " * (MAX_NOTE_CHARS // 20)).rstrip()
    assert len(text) > MAX_NOTE_CHARS and note_markup_problem(text) is None
    renderer = NoteRenderer()
    assert renderer.render(text).startswith("<p>") and renderer.warnings == []


def test_html_depth_follows_the_tree() -> None:
    assert html_depth("<ul><li>a<ul><li>b</li></ul></li></ul>") == 4
    assert html_depth("<p>a<br>b<img src=x></p><p>c</p>") == 1
    assert html_depth("<div></span><div></span><div>") == 3  # a stray close tag ends nothing


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x61;script:alert(1)",
    "&#106;avascript:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<b>x</b>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "file:///etc/passwd",
]
EVERY_SCHEME = frozenset({"http", "https", "mailto", "javascript", "vbscript", "data", "file"})


def _hrefs(cleaner: object, url: str) -> list[str]:
    html = cleaner.clean(f'<a href="{url}">x</a><img src="{url}" alt="y">')  # type: ignore[attr-defined]
    return re.findall(r'(?:href|src)="([^"]*)"', html)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_sanitisers_scheme_list_alone_blocks_hostile_urls(url: str) -> None:
    from paperkb.site.markup import _new_cleaner

    assert _hrefs(_new_cleaner(own_filter=False), url) == []


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_our_attribute_filter_alone_blocks_hostile_urls(url: str) -> None:
    from paperkb.site.markup import _new_cleaner

    assert _hrefs(_new_cleaner(url_schemes=EVERY_SCHEME), url) == []


def test_each_filter_alone_keeps_web_links() -> None:
    from paperkb.site.markup import _new_cleaner

    for cleaner in (_new_cleaner(own_filter=False), _new_cleaner(url_schemes=EVERY_SCHEME)):
        assert _hrefs(cleaner, "https://example.org/a") == ["https://example.org/a"]
    assert _hrefs(_new_cleaner(url_schemes=EVERY_SCHEME), "../relative") == []  # ours: no relative links


# The plain-text test as one pattern (slow on long notes): is_plain_text must agree with it.
_ONE_PATTERN = re.compile(r"[\\`*_\[\]<>&!|~#=\t]| \n|^[ >+\-]|\n[ >+\-]|(?:^|\n)\d+[.)]|\s$|^\s|www\.|://|@")


@given(st.text(alphabet=st.sampled_from(list("ab 1.)\n>+-*_[]<&!|~#=\t@w:/\u3000\u2028中٣")), max_size=12))
def test_is_plain_text_agrees_with_the_one_pattern(text: str) -> None:
    assert is_plain_text(text) == (not _ONE_PATTERN.search(text))
