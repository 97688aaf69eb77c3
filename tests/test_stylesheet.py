"""The site's stylesheet is well formed: an unclosed block silently swallows every rule after it
(they then apply inside a media query, or never)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_block_of_the_stylesheet_is_closed() -> None:
    text = (REPO / "docs" / "assets" / "paperkb.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    depth = 0
    for line_number, line in enumerate(text.split("\n"), 1):
        for character in line:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, f"paperkb.css:{line_number}: a '}}' closes nothing"
    assert depth == 0, f"paperkb.css: {depth} block(s) left open at the end"
