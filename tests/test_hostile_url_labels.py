"""Code-link labels show the host the browser will open: never a look-alike, never reversed text.

A label made from the URL as written used to lie: U+202E turned `txt.exe` into `exe.txt`, a Cyrillic
`і` passed for github.com, and `github.com@evil.org` named the wrong host. The hostile fixture's
`unicode-tricks` card holds those three links; the built page (real `mkdocs build`) and the search
index must show the real host in ASCII and the controls escaped.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paperkb.site.url_labels import url_label

_CODE_LINK_RE = re.compile(r'<a class="pkb-link pkb-link--code" href="([^"]*)"[^>]*>([^<]*)</a>')
EXPECTED_LABELS = ["github.com/evil/\\u202etxt.exe", "xn--gthub-n2e.com/openai/clip", "evil.org/x"]


def _card_html(page: str, card_id: str) -> str:
    start = page.index(f'id="{card_id}"')
    end = page.find('<div class="pkb-card pkb-item', start)
    return page[start : end if end > 0 else len(page)]


def test_built_card_shows_real_hosts(hostile_site: Path) -> None:
    page = (hostile_site / "topics" / "hostile" / "index.html").read_text(encoding="utf-8")
    links = [
        (html.unescape(h), html.unescape(t))
        for h, t in _CODE_LINK_RE.findall(_card_html(page, "unicode-tricks"))
    ]
    assert [label for _, label in links] == EXPECTED_LABELS
    assert links[0][0] == "https://github.com/evil/\u202etxt.exe"  # the link itself is kept


def test_search_index_shows_real_hosts(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = next(doc["text"] for doc in index["docs"] if doc["location"] == "topics/hostile/#unicode-tricks")
    assert all(label in text for label in EXPECTED_LABELS)
    assert "g\u0456thub" not in text and "\u202etxt" not in text


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://github.com/a/b/", "github.com/a/b"),
        ("https://www.github.com/a/b?x=1#y", "github.com/a/b"),
        # look-alike and non-ASCII hosts: punycode, as the browser sends it
        ("https://\u0430pple.com/x", "xn--pple-43d.com/x"),
        ("https://g\u0456thub.com/openai/clip", "xn--gthub-n2e.com/openai/clip"),
        ("https://\u4f8b\u3048.jp/", "xn--r8jz45g.jp"),
        # mapped by the browser to plain ASCII: shown as what it opens
        ("https://\uff27\uff29\uff34\uff28\uff35\uff22.com/x", "github.com/x"),
        ("https://git\u00adhub.com/x", "github.com/x"),
        ("https://ex%61mple.com/x", "example.com/x"),
        # user info and backslashes: the host the browser reads
        ("https://github.com@evil.org/x", "evil.org/x"),
        ("https://github.com:pw@evil.org/x", "evil.org/x"),
        ("https://evil.org\\@github.com/x", "evil.org/@github.com/x"),
        ("https:///evil.org/github.com", "evil.org/github.com"),
        # bidi controls and invisible characters, in the path or in a host no browser opens
        ("https://github.com/evil/\u202etxt.exe", "github.com/evil/\\u202etxt.exe"),
        ("https://github.com/a\u200b/b\u2066c\u2069", "github.com/a\\u200b/b\\u2066c\\u2069"),
        ("https://a\u202eb.com/", "a\\u202eb.com"),
        ("https://evil.org\uff0fgithub.com/", "evil.org\\uff0fgithub.com"),
        ("https://evil.org%2Fgithub.com/", "evil.org%2fgithub.com"),
        # right-to-left letters in the path are percent-encoded, so they cannot reorder the label
        ("https://github.com/\u05d0\u05d1/x", "github.com/%D7%90%D7%91/x"),
        # ports: the default one is dropped, any other shown
        ("https://github.com:443/x", "github.com/x"),
        ("https://github.com:8443/x", "github.com:8443/x"),
        ("http://[::1]:8080/x", "[::1]:8080/x"),
    ],
)
def test_url_label(url: str, label: str) -> None:
    assert url_label(url) == label


_HIDDEN = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}


@given(st.text(max_size=30), st.text(max_size=30))
def test_label_has_an_ascii_host_and_no_hidden_characters(host: str, path: str) -> None:
    label = url_label(f"https://{host}/{path}")
    shown_host = label.split("/")[0]
    assert shown_host.isascii()
    assert not any(
        unicodedata.category(c) in _HIDDEN or unicodedata.bidirectional(c) in {"R", "AL"} for c in label
    )
