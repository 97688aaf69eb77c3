"""Structured sources: our own `export json` (every field, both ways) and other projects' YAML lists.

JSON records keep their ids, topics and every field; topics the library lacks come with them. A
YAML list is read field by field by name (title/name, authors as a list or one string, year as
text, a paper URL, code, tags, a topic or category), whatever the project called the list.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

from paperkb.diagnostics import Diagnostic, error, warning
from paperkb.importers.markdown_inline import has_cjk, split_authors
from paperkb.importers.markdown_list import find_arxiv_in_url
from paperkb.importers.merge import Incoming, make_draft, remove_control_characters, slugify
from paperkb.importers.topics import TopicBook
from paperkb.records.model import PAPER_FIELDS, TOPIC_FIELDS
from paperkb.records.venues import normalise_venue

MAX_BYTES = 50_000_000
Read = tuple[list[Incoming], list[Diagnostic], int]
_FIELDS = {
    "title": ("title", "name", "paper_title", "paper"),
    "authors": ("authors", "author"),
    "year": ("year", "date", "published", "publish_date"),
    "venue": ("venue", "conference", "journal", "booktitle", "publication", "pub"),
    "url": ("url", "link", "paper_url", "pdf", "arxiv_url", "paper", "html_url"),
    "arxiv": ("arxiv", "arxiv_id", "eprint"),
    "doi": ("doi",),
    "code": ("code", "github", "repo", "code_url", "implementation"),
    "tags": ("tags", "keywords", "labels"),
    "topic": ("topic", "category", "section", "group"),
    "summary": ("description", "note", "notes", "comment", "summary", "tldr"),
    "abstract": ("abstract",),
}


def _read_text(path: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return None, [error(path, 0, 0, f"cannot read file: {exc.strerror}", "check the path")]
    if len(raw) > MAX_BYTES:
        return None, [error(path, 0, 0, f"the file is larger than {MAX_BYTES // 1_000_000} MB", "split it")]
    text, found = remove_control_characters(raw.decode("utf-8-sig", errors="replace"), path)
    return text, found


def read_json_library(path: str, book: TopicBook, forced: str | None, status: str | None) -> Read:
    """The topics and records of an `export json` file, field for field."""
    text, problems = _read_text(path)
    if text is None:
        return [], problems, 1
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [*problems, error(path, exc.lineno, exc.colno, f"not JSON: {exc.msg}", "")], 1
    if not isinstance(data, dict) or not isinstance(data.get("papers", []), list):
        hint = 'the file `paperkb export json` writes: {"topics": [...], "papers": [...]}'
        return [], [*problems, error(path, 1, 1, "not a paperkb JSON export", hint)], 1
    for topic in data.get("topics", []):
        if (
            isinstance(topic, dict)
            and isinstance(topic.get("id"), str)
            and isinstance(topic.get("title"), dict)
        ):
            book.declare({key: topic[key] for key in TOPIC_FIELDS if key in topic})
    incoming, failed = [], 0
    for number, record in enumerate(data.get("papers", []), 1):
        where = f"{path}: paper {number}"
        if not isinstance(record, dict) or not isinstance(record.get("title"), str):
            problems.append(error(path, 0, 0, f"paper {number} has no title; skipped", "give it a title"))
            failed += 1
            continue
        draft = {key: record[key] for key in PAPER_FIELDS if key in record}
        if isinstance(draft.get("added"), str) and re.fullmatch(r"\d{4}-\d\d-\d\d", draft["added"]):
            draft["added"] = dt.date.fromisoformat(draft["added"])
        draft["topics"] = [forced] if forced else (draft.get("topics") or [book.inbox()])
        draft["status"] = status or draft.get("status") or "to-read"
        hint = str(record.get("id") or "")
        incoming.append(Incoming(make_draft(draft), where, slugify(hint) if hint else "", bool(forced)))
    return incoming, problems, failed


def read_yaml_list(path: str, book: TopicBook, forced: str | None, status: str | None) -> Read:
    """Records from another project's YAML paper list (a list, or the first list under a key)."""
    text, problems = _read_text(path)
    if text is None:
        return [], problems, 1
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return [], [*problems, error(path, line, column, f"not YAML: {getattr(exc, 'problem', exc)}", "")], 1
    items = _find_list(data)
    if items is None:
        return (
            [],
            [*problems, warning(path, 0, 0, "no list of papers found", "a list of mappings with title:")],
            0,
        )
    incoming, failed = [], 0
    for number, item in enumerate(items, 1):
        found = _yaml_draft(item, book, forced, status) if isinstance(item, dict) else None
        if found is None:
            message = f"item {number} has no title; skipped"
            problems.append(error(path, 0, 0, message, "give it title: or name:"))
            failed += 1
            continue
        draft, from_source = found
        incoming.append(Incoming(draft, f"{path}: item {number}", "", not from_source))
    return incoming, problems, failed


def _find_list(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("papers", "items", "entries", "references", "publications"):
            if isinstance(data.get(key), list):
                return list(data[key])
        return next((value for value in data.values() if isinstance(value, list)), None)
    return None


def _value(item: dict[str, Any], role: str) -> Any:
    lowered = {str(key).lower(): value for key, value in item.items()}
    for name in _FIELDS[role]:
        value = lowered.get(name)
        if value not in (None, "", []):
            if name == "paper" and role == "title" and re.match(r"https?://", _scalar(value)):
                continue
            if name == "paper" and role == "url" and not re.match(r"https?://", _scalar(value)):
                continue
            return value
    return None


def _yaml_draft(
    item: dict[str, Any], book: TopicBook, forced: str | None, status: str | None
) -> tuple[dict[str, Any], bool] | None:
    """The draft of one item, and whether its topic came from the item itself."""
    title = _value(item, "title")
    if not isinstance(title, (str, int, float)) or not str(title).strip():
        return None
    fields: dict[str, Any] = {"title": " ".join(str(title).split()), "status": status or "to-read"}
    authors = _value(item, "authors")
    fields["authors"] = (
        [_scalar(a).strip() for a in authors if _scalar(a).strip()]
        if isinstance(authors, list)
        else split_authors(_scalar(authors))
    )
    year = re.search(r"\b(19|20)\d\d\b", _scalar(_value(item, "year")))
    fields["year"] = int(year.group(0)) if year else None
    venue = _value(item, "venue")
    fields["venue"] = normalise_venue(_scalar(venue)) if _scalar(venue) else None
    _links(item, fields)
    tags = _value(item, "tags")
    fields["tags"] = (
        [_scalar(t).strip() for t in tags if _scalar(t).strip()]
        if isinstance(tags, list)
        else [t.strip() for t in _scalar(tags).split(",") if t.strip()]
    )
    summary = _value(item, "summary")
    if isinstance(summary, str) and summary.strip():
        fields["summary"] = {"zh" if has_cjk(summary) else "en": summary.strip()}
    abstract = _value(item, "abstract")
    fields["abstract"] = " ".join(_scalar(abstract).split()) or None
    topic = _value(item, "topic")
    chosen = forced or (book.for_heading(str(topic)) if isinstance(topic, str) else None)
    fields["topics"] = [chosen or book.inbox()]
    return make_draft(fields), bool(chosen and not forced)


def _scalar(value: Any) -> str:
    """A field's text; a nested value (lists of lists, alias bombs) is no text at all."""
    if isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool):
        return str(value)
    return ""


def _links(item: dict[str, Any], fields: dict[str, Any]) -> None:
    arxiv = _value(item, "arxiv")
    url = _value(item, "url")
    parsed = find_arxiv_in_url(f"https://arxiv.org/abs/{arxiv}") if arxiv else None
    parsed = parsed or (find_arxiv_in_url(_scalar(url)) if _scalar(url) else None)
    if parsed:
        fields["arxiv"], fields["arxiv_version"] = parsed
    elif isinstance(url, str) and re.match(r"https?://\S+$", url.strip()):
        fields["links"] = {"pdf" if url.lower().endswith(".pdf") else "paper": url.strip()}
    doi = _value(item, "doi")
    fields["doi"] = _scalar(doi).strip() or None
    code = _value(item, "code")
    urls = code if isinstance(code, list) else [code]
    fields["code"] = [
        {"url": str(u).strip(), "framework": None, "official": False}
        for u in urls
        if isinstance(u, str) and re.match(r"https?://\S+$", u.strip())
    ]
