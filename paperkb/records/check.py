"""Checks that span records: references, duplicates, ranges and note files."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator

from paperkb.diagnostics import Diagnostic, Suggestions, error, warning
from paperkb.records.characters import remove_invisible
from paperkb.records.check_dates import check_dates
from paperkb.records.check_lists import check_lists
from paperkb.records.check_notes import check_note_files, check_notes_markup, resolve_note_path
from paperkb.records.load import LoadedLibrary
from paperkb.records.model import Paper
from paperkb.records.yamltree import PosDict, Position

EARLIEST_YEAR = 1900
# A taxonomy needs a few levels. The cap keeps the parent walk linear and the site's nested
# pages and nav (built recursively) far from Python's recursion limit.
MAX_TOPIC_DEPTH = 16


def normalise_title(title: str) -> str:
    """Case, accents, punctuation, spacing and invisible characters removed: 'FSGAN: Subject…' -> 'fsgan subject …'."""
    if title.isascii():  # nothing to normalise: the common case, and fast on a 20 MB title
        return " ".join(re.findall(r"\w+", title.casefold()))
    text = unicodedata.normalize("NFKC", remove_invisible(title))
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text))


def check_library(loaded: LoadedLibrary, today: dt.date | None = None) -> list[Diagnostic]:
    """Every cross-record problem of a loaded library (record-level ones come from loading)."""
    checks = (
        _check_topics(loaded),
        _check_unique_papers(loaded),
        _check_references(loaded),
        _check_years(loaded, (today or dt.date.today()).year + 1),
        check_note_files(loaded),
        check_notes_markup(loaded),
        _check_empty_topics(loaded),
        check_dates(loaded),
        check_lists(loaded),
        _check_plain_titles(loaded),
    )
    return [diagnostic for found in checks for diagnostic in found]


def _at(node: PosDict, key: str | None = None) -> Position:
    if key is not None and key in node.value_pos:
        return node.value_pos[key]
    return node.pos


def _item_at(node: PosDict, key: str, index: int) -> Position:
    items = node.get(key)
    item_pos: list[Position] | None = getattr(items, "item_pos", None)
    if item_pos is not None and index < len(item_pos):
        return item_pos[index]
    return _at(node, key)


def _check_topics(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    path = loaded.path
    first_line: dict[str, int] = {}
    ids = sorted({topic.id for topic in loaded.topics} | loaded.known_ids("topics"))
    suggest = Suggestions(ids)
    for topic, node in zip(loaded.topics, loaded.topic_nodes, strict=True):
        line, col = _at(node, "id")
        if topic.id in first_line:
            yield error(
                path,
                line,
                col,
                f"duplicate topic id '{topic.id}' (first on line {first_line[topic.id]})",
                "give each topic a unique id",
            )
        first_line.setdefault(topic.id, line)
        if topic.title.single is not None:
            missing = "zh" if topic.title.zh is None else "en"
            line, col = _at(node, "title")
            message = (
                f"topic '{topic.id}' has no '{missing}' title; the site shows the other in both languages"
            )
            yield warning(path, line, col, message, f"add title.{missing}", "title")
        if topic.parent is None:
            continue
        line, col = _at(node, "parent")
        if topic.parent == topic.id:
            yield error(path, line, col, f"topic '{topic.id}' is its own parent", "remove 'parent:'")
        elif topic.parent not in first_line and topic.parent not in ids:
            yield error(
                path,
                line,
                col,
                f"unknown parent topic '{topic.parent}'{suggest(topic.parent)}",
                "use the id of a topic defined under 'topics:'",
            )
    parents = {topic.id: topic.parent for topic in loaded.topics}
    for topic, node in zip(loaded.topics, loaded.topic_nodes, strict=True):
        seen, current = {topic.id}, parents.get(topic.id)
        while current in parents and current not in seen and len(seen) <= MAX_TOPIC_DEPTH:
            seen.add(current)
            current = parents[current]
        line, col = _at(node, "parent")
        if current == topic.id and topic.parent != topic.id:
            yield error(
                path,
                line,
                col,
                f"topic '{topic.id}' is its own ancestor (a parent cycle)",
                "topics must form a tree; remove one 'parent:' in the cycle",
            )
        elif current in parents and current not in seen:
            yield error(
                path,
                line,
                col,
                f"topic '{topic.id}' is nested more than {MAX_TOPIC_DEPTH} levels deep",
                "a few levels of topics are enough; attach it to a topic nearer the top",
            )


def _check_unique_papers(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    path = loaded.path
    keys: dict[str, Callable[[Paper], str | None]] = {
        "id": lambda p: p.id,
        "arXiv id": lambda p: p.arxiv,
        "DOI": lambda p: p.doi.lower() if p.doi else None,
        "title": lambda p: normalise_title(p.title) if p.kind == "paper" else None,
    }
    field_of = {"id": "id", "arXiv id": "arxiv", "DOI": "doi", "title": "title"}
    for label, key_of in keys.items():
        first: dict[str, tuple[Paper, PosDict]] = {}
        for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
            key = key_of(paper)
            if not key:
                continue
            if key not in first:
                first[key] = (paper, node)  # its line is looked up only for a duplicate
                continue
            other, other_node = first[key]
            line, col = _at(node, field_of[label])
            other_line = _at(other_node, field_of[label])[0]
            what = f"'{key}'" if label != "title" else f"'{paper.title[:60]}'"
            distinct = label == "title" and _told_apart(paper, other)
            yield (warning if distinct else error)(
                path,
                line,
                col,
                f"duplicate {label} {what}: also on line {other_line} ('{other.id}')",
                "different arXiv ids, DOIs or years: check they are two papers"
                if distinct
                else "one paper is one record; merge the two",
            )


def _told_apart(one: Paper, other: Paper) -> bool:
    """Two records with one title that their arXiv ids, DOIs or years (> 1 apart) tell apart."""
    if one.arxiv and other.arxiv and one.arxiv != other.arxiv:
        return True
    if one.doi and other.doi and one.doi.lower() != other.doi.lower():
        return True
    return bool(one.year and other.year and abs(one.year - other.year) > 1)


def _check_references(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    path = loaded.path
    topic_ids = {topic.id for topic in loaded.topics} | loaded.known_ids("topics")
    paper_ids = {paper.id for paper in loaded.papers} | loaded.known_ids("papers")
    suggest_topic, suggest_paper = Suggestions(topic_ids), Suggestions(paper_ids)
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        for index, topic in enumerate(paper.topics):
            if topic not in topic_ids:
                line, col = _item_at(node, "topics", index)
                yield error(
                    path,
                    line,
                    col,
                    f"unknown topic '{topic}'{suggest_topic(topic)}",
                    "use an id defined under 'topics:' or add the topic there",
                )
        for index, other in enumerate(paper.related):
            line, col = _item_at(node, "related", index)
            if other == paper.id:
                yield warning(
                    path, line, col, f"paper '{paper.id}' lists itself as related", "remove it from 'related'"
                )
            elif other not in paper_ids:
                yield error(
                    path,
                    line,
                    col,
                    f"unknown related paper '{other}'{suggest_paper(other)}",
                    "use the id of another record",
                )


def _check_years(loaded: LoadedLibrary, latest: int) -> Iterator[Diagnostic]:
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        if paper.year is not None and not EARLIEST_YEAR <= paper.year <= latest:
            line, col = _at(node, "year")
            yield error(
                loaded.path,
                line,
                col,
                f"year {paper.year} is outside {EARLIEST_YEAR}..{latest}",
                "write the four-digit year",
            )


def _check_empty_topics(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    if len(loaded.papers) < len(loaded.known_ids("papers")):
        return  # some records failed to load; their topics are unknown
    used = {topic for paper in loaded.papers for topic in paper.topics}
    parents = {topic.id: topic.parent for topic in loaded.topics}
    for topic_id in list(used):
        seen: set[str | None] = set()
        while topic_id in parents and parents[topic_id] and topic_id not in seen:
            seen.add(topic_id)
            parent = parents[topic_id]
            assert parent is not None  # the loop condition checked it
            topic_id = parent
            used.add(topic_id)
    for topic, node in zip(loaded.topics, loaded.topic_nodes, strict=True):
        if topic.id not in used and not topic.links:
            line, col = _at(node, "id")
            yield warning(
                loaded.path,
                line,
                col,
                f"topic '{topic.id}' has no papers",
                "add a paper to it or remove the topic",
            )


_MARKUP_IN_TITLE = re.compile(r"\]\(|\*\*|`|</?[a-z][^>]*>|https?://", re.IGNORECASE)


def _check_plain_titles(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    """A title is plain text: Markdown, HTML or a URL in it is left over from an import."""
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        found = _MARKUP_IN_TITLE.search(paper.title)
        if found:
            line, col = _at(node, "title")
            message = f"title of '{paper.id}' holds markup or a URL ('{found.group()}')"
            yield warning(loaded.path, line, col, message, "write the title as plain text", "title")


__all__ = ["check_library", "resolve_note_path"]
