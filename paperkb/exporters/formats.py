"""Exports of the library: BibTeX, a GitHub README list in the user's checkbox style, and JSON.

`bibtex_entry_for(paper)` and `export_bibtex(library)` are importable from here (and from
paperkb.exporters.bibtex, where they live) for the site's per-card BibTeX and download.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from paperkb.exporters.bibtex import bibtex_entry_for, export_bibtex
from paperkb.records.arxiv_id import abs_url
from paperkb.records.library import Library
from paperkb.records.model import Paper, Topic

__all__ = ["EXPORTERS", "bibtex_entry_for", "export_bibtex", "export_json", "export_readme"]


def paper_url(paper: Paper) -> str | None:
    """The link a list shows for a paper: its page, the arXiv abstract, a PDF, or its code."""
    for url in (
        paper.links.get("paper"),
        abs_url(paper.arxiv) if paper.arxiv else None,
        paper.links.get("pdf"),
    ):
        if url:
            return url
    if paper.code:
        return paper.code[0].url
    return next(iter(paper.links.values()), None)


# What could start markup inside a line of GitHub Markdown: emphasis, code, links and images, raw HTML,
# entities, tables, strikethrough, math, a heading's closing hashes, and the escape itself.
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_\[\]<>&|~#!$])")
_URL_UNSAFE_RE = re.compile(r"[\s()<>\[\]`]")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def inline_text(text: object) -> str:
    """A field as literal text on one line of Markdown: line breaks become spaces (no field can
    start a block: a heading, a list item, a fence), and every character that could start markup
    or HTML is escaped with a backslash."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", _one_line(str(text)))


def link_target(url: str) -> str:
    """A URL for `[text](url)`: characters that could end the link or start markup %-encoded."""
    return _URL_UNSAFE_RE.sub(lambda match: f"%{ord(match.group(0)):02X}", url)


def readme_line(paper: Paper) -> str:
    """`- [x] (Short) [Title](url) [[Code]](url) Venue, Year. (note)`."""
    box = "[x]" if paper.status == "read" else "[ ]"
    title = inline_text(paper.title)
    parts = [f"- {box}"]
    if paper.short_name and paper.short_name != paper.title:
        parts.append(f"({inline_text(paper.short_name)})")
    url = paper_url(paper)
    parts.append(f"[{title}]({link_target(url)})" if url else f"{title}.")
    if paper.arxiv and url != abs_url(paper.arxiv):
        parts.append(f"[[arXiv]]({link_target(abs_url(paper.arxiv))})")
    parts.extend(f"[[Code]]({link_target(code.url)})" for code in paper.code if code.url != url)
    when = ", ".join(inline_text(part) for part in (paper.venue, paper.year) if part)
    if when:
        parts.append(when + ".")
    notes = [inline_text(text) for text in (paper.notes.en, paper.notes.zh) if text]
    if notes:
        parts.append("(" + "; ".join(notes) + ")")
    return " ".join(parts)


def _topic_heading(topic: Topic, depth: int) -> str:
    level = min(depth + 2, 6)
    en, zh = inline_text(topic.title.shown_en), inline_text(topic.title.shown_zh)
    title = en if en == zh else f"{en} ({zh})"
    return "#" * level + " " + title


def export_readme(library: Library) -> str:
    """The library as a GitHub Markdown list, one section a topic, nested as topics nest."""
    lines = ["# Papers", "", "`[x]` read, `[ ]` not yet.", ""]

    def has_papers(topic: Topic) -> bool:
        subtree = [topic, *library.descendants(topic.id)]
        return any(library.papers_by_topic.get(t.id) for t in subtree)

    def walk(topic: Topic, depth: int) -> None:
        if not has_papers(topic):
            return
        lines.extend([_topic_heading(topic, depth), ""])
        papers = library.papers_by_topic.get(topic.id, [])
        lines.extend(readme_line(paper) for paper in papers)
        if papers:
            lines.append("")
        for child in library.children.get(topic.id, []):
            walk(child, depth + 1)

    for root in library.children.get(None, []):
        walk(root, 0)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip("\n") + "\n"


def export_json(library: Library) -> str:
    """Topics and records as JSON (dates as ISO text), without empty optional fields."""
    data = {
        "topics": [topic.model_dump(mode="json", exclude_none=True) for topic in library.topics],
        "papers": [paper.model_dump(mode="json", exclude_none=True) for paper in library.papers],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


EXPORTERS: dict[str, Callable[[Library], str]] = {
    "bibtex": export_bibtex,
    "readme": export_readme,
    "json": export_json,
}
