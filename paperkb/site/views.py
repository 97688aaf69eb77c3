"""What the page templates show, computed from the Library: plain values and ready, safe HTML."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from paperkb.exporters.bibtex import bibtex_entry_for
from paperkb.records.arxiv_id import arxiv_posted
from paperkb.records.library import Library
from paperkb.records.model import STATUSES, Paper, Topic
from paperkb.site.markup import NoteRenderer, safe_href
from paperkb.site.similar import Segment, library_segmenter, similar_papers
from paperkb.site.url_labels import show_text, url_label
from paperkb.site.urls import TAGS, VENUES, YEARS, anchor_slug, link, long_note_src, topic_src

NOTE_HEADING_TOP = 4  # a card's title is an <h3>: headings in its notes start at <h4>
STATUS_LABELS = {
    "to-read": ("To read", "待读"),
    "reading": ("Reading", "在读"),
    "read": ("Read", "已读"),
}
KIND_LABELS = {
    "paper": ("paper", "论文"), "dataset": ("dataset", "数据集"), "repo": ("repo", "代码库"),
    "blog": ("blog", "博客"), "website": ("website", "网站"), "book": ("book", "书"),
}  # fmt: skip
FRAMEWORK_LABELS = {
    "pytorch": "PyTorch", "tensorflow": "TensorFlow", "tf1": "TensorFlow 1", "tf2": "TensorFlow 2",
    "keras": "Keras", "jax": "JAX", "caffe": "Caffe", "matlab": "MATLAB", "mxnet": "MXNet",
    "paddle": "PaddlePaddle", "cpp": "C++", "other": "other",
}  # fmt: skip


@dataclass
class SiteContext:
    """The library plus what every page needs: the note renderer and the link style."""

    library: Library
    notes: NoteRenderer
    directory_urls: bool = True
    long_notes: dict[str, str] = field(default_factory=dict)  # paper id -> note text
    bibtex_entries: dict[str, str] = field(default_factory=dict)  # paper id -> BibTeX entry
    segment: Segment | None = None  # Chinese word cuts for similar papers (default: the library's)
    similar: dict[str, list[str]] | None = None  # paper id -> similar paper ids, made when first asked
    find_similar: Callable[[], dict[str, list[str]]] | None = None  # how to make `similar` (a cache)

    def similar_to(self, paper_id: str) -> list[Paper]:
        """The papers most like this one (paperkb.site.similar), computed once for the library."""
        if self.similar is None and self.find_similar is not None:
            self.similar = self.find_similar()
        if self.similar is None:
            segment = self.segment or library_segmenter(self.library)
            self.similar = similar_papers(self.library.papers, segment)
        return [self.library.paper_by_id[i] for i in self.similar.get(paper_id, [])]

    def topic_url(self, topic_id: str, anchor: str | None = None) -> str:
        """A topic's page (or an anchor on it)."""
        has_children = bool(self.library.children.get(topic_id))
        return link(topic_src(topic_id, has_children), anchor, self.directory_urls)

    def paper_url(self, paper: Paper) -> str:
        """The paper's card on its first topic's page."""
        return self.topic_url(paper.topics[0], paper.id)

    def long_note_url(self, paper_id: str) -> str | None:
        """The paper's long-note page, None when it has no long note."""
        if paper_id not in self.long_notes:
            return None
        return link(long_note_src(paper_id), None, self.directory_urls)

    def tag_url(self, tag: str) -> str:
        """The tag's list on the tags page."""
        return link(TAGS, anchor_slug("tag", tag), self.directory_urls)

    def year_url(self, year: int | None) -> str:
        """The year's list on the years page."""
        return link(YEARS, f"year-{year or 'unknown'}", self.directory_urls)

    def bibtex(self, paper: Paper) -> str:
        """The paper's BibTeX entry, made once per build (the card and papers.bib both show it)."""
        entry = self.bibtex_entries.get(paper.id)
        if entry is None:
            entry = self.bibtex_entries[paper.id] = bibtex_entry_for(paper)
        return entry

    def venue_url(self, venue: str) -> str:
        """The venue's list on the venues page."""
        return link(VENUES, anchor_slug("venue", venue), self.directory_urls)


def topic_view(ctx: SiteContext, topic: Topic) -> dict[str, Any]:
    """A topic's titles, link and number of papers."""
    return {
        "id": topic.id,
        "en": topic.title.shown_en,
        "zh": topic.title.shown_zh,
        "single": topic.title.single,
        "href": ctx.topic_url(topic.id),
        "count": len(ctx.library.papers_by_topic.get(topic.id, [])),
    }


def paper_href(paper: Paper) -> str | None:
    """Where the title links: arXiv abs page, else links.paper, else links.pdf."""
    if paper.arxiv:
        return f"https://arxiv.org/abs/{paper.arxiv}"
    return safe_href(paper.links.get("paper")) or safe_href(paper.links.get("pdf"))


def code_views(paper: Paper) -> list[dict[str, Any]]:
    """Each code link with a short label (host/owner/repo), framework and whether official."""
    views = []
    for code in paper.code:
        href = safe_href(code.url)
        if href is None:
            continue
        label = url_label(href)
        framework = FRAMEWORK_LABELS.get(code.framework or "", code.framework or "")
        views.append({"href": href, "label": label, "framework": framework, "official": code.official})
    return views


def link_views(paper: Paper, title_href: str | None = None) -> list[dict[str, Any]]:
    """Other links (pdf, project, blog...) plus DOI and the arXiv PDF, http(s) only."""
    views = []
    if paper.arxiv and "pdf" not in paper.links:
        views.append({"label": "pdf", "href": f"https://arxiv.org/pdf/{paper.arxiv}"})
    for label, url in paper.links.items():
        href = safe_href(url)
        if href and href != title_href:
            views.append({"label": show_text(label), "href": href})
    if paper.doi:
        views.append({"label": "doi", "href": "https://doi.org/" + quote(paper.doi.strip(), safe="/:;()")})
    return views


def reference_view(ctx: SiteContext, paper: Paper) -> dict[str, Any]:
    """A link to a paper's card: its short name and title."""
    return {"id": paper.id, "name": paper.display_name, "title": paper.title, "href": ctx.paper_url(paper)}


def card_view(ctx: SiteContext, paper: Paper) -> dict[str, Any]:
    """Everything a paper card shows; notes as sanitised HTML."""
    library = ctx.library
    related = [library.paper_by_id[i] for i in paper.related if i in library.paper_by_id and i != paper.id]
    href = paper_href(paper)
    return {
        "id": paper.id,
        "title": paper.title,
        "href": href,
        "short_name": paper.short_name,
        "authors": paper.authors,
        "affiliations": paper.affiliations,
        "venue": paper.venue,
        "venue_href": ctx.venue_url(paper.venue) if paper.venue else None,
        "year": paper.year,
        "year_href": ctx.year_url(paper.year) if paper.year else None,
        "kind": paper.kind,
        "kind_label": KIND_LABELS.get(paper.kind, (paper.kind, paper.kind)),
        "status": paper.status,
        "status_label": STATUS_LABELS[paper.status],
        "arxiv": paper.arxiv,
        "code": code_views(paper),
        "links": link_views(paper, href),
        "tags": [{"name": tag, "href": ctx.tag_url(tag)} for tag in paper.tags],
        "topics": [topic_view(ctx, library.topic_by_id[t]) for t in paper.topics if t in library.topic_by_id],
        "note_en": Markup(ctx.notes.render(paper.notes.en, top=NOTE_HEADING_TOP)),
        "note_zh": Markup(ctx.notes.render(paper.notes.zh, top=NOTE_HEADING_TOP)),
        "related": [reference_view(ctx, other) for other in related],
        "backlinks": [reference_view(ctx, other) for other in library.backlinks.get(paper.id, [])],
        "similar": [reference_view(ctx, other) for other in ctx.similar_to(paper.id)],
        "long_note_href": ctx.long_note_url(paper.id),
        "bibtex": ctx.bibtex(paper),
        "added": paper.added.isoformat() if paper.added else None,
        "arxiv_posted": _posted_label(paper),
        "summary_en": Markup(ctx.notes.render(paper.summary.en, top=NOTE_HEADING_TOP)) if paper.summary else "",
        "summary_zh": Markup(ctx.notes.render(paper.summary.zh, top=NOTE_HEADING_TOP)) if paper.summary else "",
        "source": paper.source,
    }


def _posted_label(paper: Paper) -> str | None:
    """When the preprint was first posted, from the arXiv id: '2008.00951' -> '2020-08'."""
    posted = arxiv_posted(paper.arxiv) if paper.arxiv else None
    return f"{posted[0]}-{posted[1]:02d}" if posted else None


def topic_tree(library: Library) -> list[tuple[Topic, int]]:
    """Every topic with its depth, depth first in file order."""
    rows: list[tuple[Topic, int]] = []

    def visit(parent: str | None, depth: int) -> None:
        for topic in library.children.get(parent, []):
            rows.append((topic, depth))
            visit(topic.id, depth + 1)

    visit(None, 0)
    return rows


def status_counts(papers: list[Paper]) -> dict[str, int]:
    """Papers per status (every status present, zero or not) and the total."""
    counts = Counter(paper.status for paper in papers)
    return {**{status: counts.get(status, 0) for status in STATUSES}, "total": len(papers)}


def by_year_desc(papers: list[Paper]) -> list[Paper]:
    """Newest first; papers without a year last; file order among equals."""
    return sorted(papers, key=lambda p: -(p.year or 0))


PLACEHOLDER_TAG = "needs-title"  # a record kept until the paper it stands for is identified


def recently_added(library: Library, limit: int = 12) -> list[Paper]:
    """Papers (not datasets, tools or pages, nor placeholders tagged needs-title) by `added` date,
    newest first; without dates, later in the file counts as newer."""
    indexed = [
        (i, p) for i, p in enumerate(library.papers) if p.kind == "paper" and PLACEHOLDER_TAG not in p.tags
    ]
    indexed.sort(key=lambda item: (item[1].added or dt.date.min, item[0]), reverse=True)
    return [paper for _, paper in indexed[:limit]]


def group_by_first_topic(library: Library, papers: list[Paper]) -> list[tuple[Topic, list[Paper]]]:
    """Papers under their first topic, topics in tree order (each paper once)."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        groups[paper.topics[0]].append(paper)
    return [(topic, groups[topic.id]) for topic, _ in topic_tree(library) if topic.id in groups]


def group_by(papers: list[Paper], key: Callable[[Paper], Any]) -> dict[Any, Any]:
    """Papers grouped by `key(paper)` (a value or a list of values), in first-seen order."""
    groups: dict[Any, Any] = defaultdict(list)
    for paper in papers:
        values = key(paper)
        for value in values if isinstance(values, list) else [values]:
            groups[value].append(paper)
    return dict(groups)


def entry_view(ctx: SiteContext, paper: Paper) -> dict[str, Any]:
    """A one-line listing of a paper: name, title, year, venue, status, links to its card and note."""
    return {
        **reference_view(ctx, paper),
        "short_name": paper.short_name,
        "year": paper.year,
        "venue": paper.venue,
        "status": paper.status,
        "status_label": STATUS_LABELS[paper.status],
        "long_note_href": ctx.long_note_url(paper.id),
        "added": paper.added.isoformat() if paper.added else None,
    }
