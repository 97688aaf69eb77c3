"""The search index entries of the generated pages, made from the knowledge base's data.

material's search plugin would parse every generated page's HTML to find the sections (about 60%
of a 10,000-paper build). The hook marks the generated pages `search: exclude` and hands material
these entries instead, in its own format, so the browser's search works unchanged: one entry per
topic page, one per paper (`topics/<first topic>/#<id>`, its card) and one per long-note page.
Entry text is what the card shows (minus topic chips, BibTeX and links out), HTML-escaped, with
the tags material keeps, Chinese cut into words as material cuts it.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
from collections.abc import Iterable, Iterator

from paperkb.site import urls
from paperkb.site.speedups.build_cache import BuildCache
from paperkb.records.library import Library
from paperkb.site.markup import split_long_note
from paperkb.records.model import Paper, Topic
from paperkb.site.search_terms import collect_search_terms, render_user_dictionary, write_user_dictionary
from paperkb.site.segment import ZWSP, ChineseSegmenter
from paperkb.site.renderer import topic_label
from paperkb.site.views import (
    KIND_LABELS,
    STATUS_LABELS,
    SiteContext,
    by_year_desc,
    code_views,
    link_views,
    paper_href,
    status_counts,
    topic_tree,
)

# The tags material's search parser keeps in an entry's text; every other tag is dropped.
KEPT_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
# nh3 writes well-formed HTML with double-quoted attributes, which may contain '>'.
_TAG_RE = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"]|"[^"]*")*>|<!--.*?-->', re.DOTALL)
_SPACES_RE = re.compile(r"\s+")

Entry = dict[str, str]


def html_search_text(fragment: str) -> str:
    """Sanitised note HTML as material's parser indexes it: kept tags bare, other tags gone,
    whitespace collapsed outside <pre>; text stays escaped."""
    out: list[str] = []
    position, in_pre = 0, 0
    for match in _TAG_RE.finditer(fragment):
        out.append(_text_run(fragment[position : match.start()], in_pre > 0, out))
        position = match.end()
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if tag == "pre":
            in_pre = max(0, in_pre - 1) if closing else in_pre + 1
        if tag in KEPT_TAGS:
            out.append(f"<{closing}{tag}>")
    out.append(_text_run(fragment[position:], in_pre > 0, out))
    return "".join(out).strip()


def _text_run(text: str, in_pre: bool, before: list[str]) -> str:
    if in_pre or not text:
        return text
    text = _SPACES_RE.sub(" ", text)
    if text.startswith(" ") and before and before[-1].endswith(" "):
        return text[1:]
    return text


def escape_text(value: object) -> str:
    """Text as material stores it: HTML-escaped, quotes left alone, whitespace collapsed."""
    return html.escape(" ".join(str(value).split()), quote=False)


class SearchIndexBuilder:
    """Builds the entries; keeps its caches (note text, Chinese cuts) across `mkdocs serve` builds."""

    def __init__(self, segmenter: ChineseSegmenter | None = None, cache_limit: int = 100_000) -> None:
        self.segmenter = segmenter or ChineseSegmenter()
        self._note_text: dict[str, str] = {}
        self.cache_limit = cache_limit

    def keep_texts(self, keep: bool) -> None:
        """Keep note texts and Chinese cuts for the next build (serve) or not (a one-off build)."""
        self.cache_limit = 100_000 if keep else 1
        self.segmenter.cache_limit = 200_000 if keep else 1

    def entries(self, ctx: SiteContext, cache: BuildCache | None = None) -> Iterator[Entry]:
        """Every entry, made as it is asked for: each topic page, then the papers whose first
        topic it is; then the long notes. A `cache` keeps the papers' entries for the next build
        (`mkdocs serve`)."""
        library = ctx.library
        first_topic: dict[str, list[Paper]] = {}
        for paper in library.papers:
            first_topic.setdefault(paper.topics[0], []).append(paper)
        for topic, _ in topic_tree(library):
            src = urls.topic_src(topic.id, bool(library.children.get(topic.id)))
            url = urls.page_url(src, ctx.directory_urls)
            yield self.topic_entry(ctx, topic, url)
            for paper in by_year_desc(first_topic.get(topic.id, [])):
                yield self.kept_paper_entry(ctx, paper, f"{url}#{paper.id}", cache)
        for paper in library.papers:
            if paper.id in ctx.long_notes:
                url = urls.page_url(urls.long_note_src(paper.id), ctx.directory_urls)
                yield self.long_note_entry(ctx, paper, url)

    def entry(self, location: str, title: str, parts: Iterable[str]) -> Entry:
        """One entry in material's format; `title` and `parts` are escaped text.

        Parts are cut one by one (a space between parts ends any Han run, so it is the same as
        cutting the whole text), which keeps the cache to short texts: notes, titles, names.
        """
        segment = self.segmenter.segment
        text = " ".join(segment(part) for part in parts if part)
        return {"location": location, "title": segment(title).strip(ZWSP), "text": text.strip(ZWSP)}

    def kept_paper_entry(
        self, ctx: SiteContext, paper: Paper, location: str, cache: BuildCache | None
    ) -> Entry:
        """paper_entry, from the cache when the paper and its dictionary are as last time."""
        if cache is None:
            return self.paper_entry(ctx, paper, location)
        key = (cache.key(ctx, paper), location, self.segmenter.dictionary)
        entry: dict[str, str] | None = cache.entries.get(key)
        if entry is None:
            entry = self.paper_entry(ctx, paper, location)
            cache.entries.put(key, entry)
        return entry

    def note_text(self, ctx: SiteContext, markdown_text: str | None) -> str:
        """A note's searchable text, from its rendered HTML (cached by that HTML)."""
        rendered = ctx.notes.render(markdown_text)
        if not rendered:
            return ""
        text = self._note_text.get(rendered)
        if text is None:
            if len(self._note_text) >= self.cache_limit:
                self._note_text.clear()
            text = self._note_text[rendered] = html_search_text(rendered)
        return text

    def topic_entry(self, ctx: SiteContext, topic: Topic, location: str) -> Entry:
        """A topic page: its titles, description, counts, resources and subtopics."""
        library = ctx.library
        label = escape_text(topic_label(topic))
        description = topic.description
        parts = [label]
        if description:
            parts += [self.note_text(ctx, description.en), self.note_text(ctx, description.zh)]
        counts = status_counts(library.papers_by_topic.get(topic.id, []))
        parts.append(f"{counts['total']} papers · {counts['read']} read · {counts['reading']} reading")
        parts += [
            escape_text(f"{link.title}: {link.note}" if link.note else link.title) for link in topic.links
        ]
        children = library.children.get(topic.id, [])
        if children:
            parts.append("Subtopics: " + " ".join(escape_text(topic_label(child)) for child in children))
        return self.entry(location, label, parts)

    def paper_entry(self, ctx: SiteContext, paper: Paper, location: str) -> Entry:
        """A paper's card: its name and title, then what the card says."""
        parts = [
            *paper_facts(paper),
            self.note_text(ctx, paper.notes.en),
            self.note_text(ctx, paper.notes.zh),
        ]
        parts += paper_links(ctx.library, paper)
        return self.entry(location, escape_text(card_heading(paper)), parts)

    def long_note_entry(self, ctx: SiteContext, paper: Paper, location: str) -> Entry:
        """A long-note page: the paper's heading and facts, then the note (all three parts)."""
        note = split_long_note(ctx.long_notes[paper.id])
        parts = [escape_text(card_heading(paper)), *paper_facts(paper)]
        parts += [self.note_text(ctx, text) for text in (note.common, note.en, note.zh)]
        return self.entry(location, escape_text(paper.display_name), parts)


def card_heading(paper: Paper) -> str:
    """The card's heading text: the short name (when the title does not start with it), the title."""
    short = paper.short_name
    if short and not paper.title.startswith(short):
        return f"{short} {paper.title}"
    return paper.title


def paper_facts(paper: Paper) -> list[str]:
    """Status, venue, year, kind, arXiv id, authors and affiliations, escaped."""
    facts = [" ".join(STATUS_LABELS[paper.status]), paper.venue or "", str(paper.year or "")]
    if paper.kind != "paper":
        facts.append(" · ".join(KIND_LABELS.get(paper.kind, (paper.kind, paper.kind))))
    if paper.arxiv:
        facts.append(f"arXiv:{paper.arxiv}")
    facts += [", ".join(paper.authors), " · ".join(paper.affiliations)]
    return [escape_text(fact) for fact in facts if fact]


def paper_links(library: Library, paper: Paper) -> list[str]:
    """Code and link labels, tags, related papers and back-links, escaped."""
    parts = []
    for code in code_views(paper):
        extra = ", ".join(x for x in (code["framework"], "official · 官方" if code["official"] else "") if x)
        parts.append(f"{code['label']} ({extra})" if extra else code["label"])
    parts += [link["label"] for link in link_views(paper, paper_href(paper))]
    parts += [f"#{tag}" for tag in paper.tags]
    related = [
        library.paper_by_id[i].display_name
        for i in paper.related
        if i in library.paper_by_id and i != paper.id
    ]
    if related:
        parts.append("Related · 相关: " + ", ".join(related))
    backlinks = [other.display_name for other in library.backlinks.get(paper.id, [])]
    if backlinks:
        parts.append("Referenced by · 被引用: " + ", ".join(backlinks))
    return [escape_text(part) for part in parts]


def add_to_index_file(path: str, entries: Iterable[Entry]) -> int:
    """Append `entries` to the search_index.json material wrote at `path`, one entry at a time
    (no 20 MB string at 10,000 papers; UTF-8 rather than \\u escapes, so 30% smaller).
    Returns the number of entries added."""
    return add_json_to_index_file(path, map(entry_json, entries))


def entry_json(entry: Entry) -> str:
    """One entry as compact JSON, UTF-8 kept as it is."""
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def add_json_to_index_file(path: str, documents: Iterable[str]) -> int:
    """add_to_index_file for entries already serialised by `entry_json`."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    staging, added = f"{path}.tmp", 0
    with open(staging, "w", encoding="utf-8", newline="") as out:
        out.write('{"config":' + json.dumps(data["config"], separators=(",", ":")) + ',"docs":[')
        for number, document in enumerate(itertools.chain(map(entry_json, data["docs"]), documents)):
            out.write(("," if number else "") + document)
            added = number + 1 - len(data["docs"])
        out.write("]}")
    os.replace(staging, path)
    return added


def user_dictionary(library: Library, cache_dir: str | None = None) -> str:
    """The path of the knowledge base's jieba user dictionary (written once per content)."""
    return write_user_dictionary(render_user_dictionary(collect_search_terms(library)), cache_dir)


def build_search_entries(library: Library, ctx: SiteContext | None = None) -> list[Entry]:
    """The entries of a whole library, with a fresh builder (for tests and the benchmark)."""
    from paperkb.site.markup import NoteRenderer
    from paperkb.site.renderer import read_long_notes

    ctx = ctx or SiteContext(library, NoteRenderer(), True, read_long_notes(library))
    builder = SearchIndexBuilder()
    builder.segmenter.use_dictionary(user_dictionary(library))
    return list(builder.entries(ctx))
