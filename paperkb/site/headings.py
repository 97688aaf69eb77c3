"""The table of contents of a generated page, read from its rendered HTML headings.

A long note is rendered to sanitised HTML (paperkb.site.markup) whose headings may carry no id:
each heading gets one here (its own id when the renderer wrote one, else a slug of its text) and
a permalink, and the headings become MkDocs' table-of-contents tokens, which material shows on
the right. Working from the HTML keeps this independent of the Markdown renderer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

_HEADING_RE = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ID_RE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_SLUG_DROP_RE = re.compile(r"[^\w\- ]+")
_SLUG_GAP_RE = re.compile(r"[\s\-]+")


@dataclass
class PageHeadings:
    """The headings of one page, in order, with ids unique on the page."""

    taken: set[str] = field(default_factory=set)
    flat: list[dict[str, Any]] = field(default_factory=list)

    def anchor(self, fragment: str, prefix: str, lang: str | None = None) -> str:
        """`fragment` with an id and a permalink on each heading; the headings are recorded, their
        titles wrapped in a `data-lang` span when `lang` is given (the language switch hides it)."""
        return _HEADING_RE.sub(lambda match: self._anchor_one(match, prefix, lang), fragment)

    def _anchor_one(self, match: re.Match[str], prefix: str, lang: str | None) -> str:
        level, attributes, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        text = " ".join(html.unescape(_TAG_RE.sub("", inner)).split())
        found = _ID_RE.search(attributes)
        if found:
            anchor = html.unescape(next(group for group in found.groups() if group is not None))
        else:
            anchor = self._unique(f"{prefix}-{slug(text)}" if slug(text) else prefix)
            attributes += f' id="{html.escape(anchor)}"'
        self.taken.add(anchor)
        title = html.escape(text, quote=False)
        if lang:
            title = f'<span data-lang="{lang}" lang="{lang}">{title}</span>'
        self.flat.append({"level": level, "id": anchor, "name": title, "children": []})
        link = f'<a class="headerlink" href="#{html.escape(anchor)}" title="Permanent link">&para;</a>'
        return f"<h{level}{attributes}>{inner}{link}</h{level}>"

    def contents(self) -> list[dict[str, Any]]:
        """The headings as a flat list: id, title (safe HTML) and depth below the topmost level."""
        top = min((heading["level"] for heading in self.flat), default=0)
        return [
            {"id": h["id"], "name": Markup(h["name"]), "depth": h["level"] - top} for h in self.flat
        ]

    def _unique(self, anchor: str) -> str:
        candidate, number = anchor, 1
        while candidate in self.taken:
            candidate, number = f"{anchor}_{number}", number + 1
        return candidate

    def toc_tokens(self) -> list[dict[str, Any]]:
        """The headings nested by level, as Python-Markdown's toc extension makes `toc_tokens`."""
        roots: list[dict[str, Any]] = []
        stack: list[dict[str, Any]] = []
        for heading in self.flat:
            token = {**heading, "children": []}
            while stack and stack[-1]["level"] >= token["level"]:
                stack.pop()
            (stack[-1]["children"] if stack else roots).append(token)
            stack.append(token)
        return roots


def slug(text: str) -> str:
    """Lowercase words joined by hyphens; letters of any script kept (网络结构 stays)."""
    return _SLUG_GAP_RE.sub("-", _SLUG_DROP_RE.sub("", text.lower()).strip()).strip("-")
