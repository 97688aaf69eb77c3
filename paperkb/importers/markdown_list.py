"""Import Markdown paper lists: the user's own note formats and public 'awesome list' shapes.

Headings become topics (an existing topic by id or title, else a new one); checkboxes and
strikethrough give the reading status; notes go to English or Chinese by script.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from paperkb.diagnostics import Diagnostic, error, warning
from paperkb.importers.markdown_blocks import MAX_ENTRY_CHARS, Document, Entry, read_markdown_document
from paperkb.importers.markdown_inline import find_venue_year, has_cjk, notes_by_script
from paperkb.importers.merge import Incoming, id_for_title, make_draft, remove_control_characters, slugify
from paperkb.importers.topics import TopicBook
from paperkb.records.arxiv_id import parse_arxiv
from paperkb.records.model import FRAMEWORKS

_LINK_LABELS = (
    (r"^(pdf|paper|full ?text)$", "pdf"),
    (r"project|homepage|home page|主页", "project"),
    (r"^(data|dataset)s?$", "data"),
    (r"youtube", "video-youtube"),
    (r"bilibili", "video-bilibili"),
    (r"^video", "video"),
    (r"blog|博客|知乎", "blog"),
    (r"翻译|^(chinese )?translation$", "translation-zh"),
    (r"supp", "supplement"),
    (r"slides?|ppt", "slides"),
    (r"demo", "demo"),
)
# Link labels that name something other than the paper itself (an arXiv link under them is not it).
_NOT_THE_PAPER = r"code|github|project|home ?page|video|demo|slides?|blog|supp|dataset|download|model|weights"
_ARXIV_FTP_RE = re.compile(r"arxiv\.org/ftp/arxiv/papers/\d{4}/(?P<id>\d{4}\.\d{4,5})", re.I)
_DOI_RE = re.compile(r"(?:doi\.org/|/doi/(?:abs/|pdf/|full/|epdf/)?)(?P<doi>10\.\d{4,9}/[^\s?#]+)", re.I)


@dataclass
class MarkdownImport:
    """Drafts read from one Markdown file, with the topic each heading was mapped to."""

    incoming: list[Incoming] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    headings: dict[str, str] = field(default_factory=dict)
    failed: int = 0


def read_markdown(path: str, book: TopicBook, forced: str | None, status: str | None) -> MarkdownImport:
    """Read one Markdown list into drafts; `forced` (from --topic) is every entry's topic."""
    result = MarkdownImport()
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        result.diagnostics.append(error(path, 0, 0, f"cannot read file: {exc.strerror}", "check the path"))
        return result
    text = raw.decode("utf-8-sig", errors="replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in raw:
        line = text[: text.index("\ufffd")].count("\n") + 1
        hint = "save the file as UTF-8; unreadable bytes were replaced by U+FFFD"
        result.diagnostics.append(warning(path, line, 1, "the file is not valid UTF-8", hint))
    text, found = remove_control_characters(text, path)
    result.diagnostics.extend(found)
    document = read_markdown_document(text)
    _collect(document, path, book, forced, status, result)
    return result


def _collect(
    document: Document,
    path: str,
    book: TopicBook,
    forced: str | None,
    status: str | None,
    result: MarkdownImport,
) -> None:
    for line, length in document.too_long:
        message = f"line {line} is {length:,} characters long; skipped"
        hint = f"an entry is at most {MAX_ENTRY_CHARS:,} characters: split it or shorten its notes"
        result.diagnostics.append(warning(path, line, 1, message, hint))
    for line, url in document.skipped:
        hint = "add it with `paperkb add URL`" if parse_arxiv(url) else "give it a title: [Title](url)"
        result.diagnostics.append(warning(path, line, 1, f"a bare link is not an entry: {url[:80]}", hint))
    for line, title in document.untitled:
        hint = "write the paper's title: '- [Title](url)' or '**[Paper]** (Venue Year) Title'"
        message = f"an entry titled only '{title[:40]}' names no paper; skipped"
        result.diagnostics.append(warning(path, line, 1, message, hint))
    if document.write_ups:
        count, plural = len(document.write_ups), "s" if len(document.write_ups) > 1 else ""
        lines = ", ".join(map(str, document.write_ups[:10])) + (", ..." if count > 10 else "")
        message = (
            f"the text under {count} paper heading{plural} (line{plural} {lines}) was not imported, "
            "only the titles, venues, years and links"
        )
        hint = "copy what you want to keep into each paper's notes"
        result.diagnostics.append(warning(path, document.write_ups[0], 1, message, hint))
    # Both flags scan every entry: compute them once, not once per entry (quadratic on long lists).
    checkboxes, strikethrough = document.has_checkboxes, document.has_strikethrough
    for entry in document.entries:
        topic, matched = _topic_for(entry, book, forced, result.headings)
        entry_status = _status_for(entry, checkboxes, strikethrough, status)
        draft = entry_to_draft(entry, entry_status, [topic] if topic else [])
        result.diagnostics.extend(_dropped_links(entry, path))
        hint = id_for_title(draft["title"], draft.get("short_name"))
        result.incoming.append(Incoming(draft, f"{path}:{entry.line}", hint, fallback_topic=not matched))
    if not document.entries:
        hint = "write entries as '- [Title](url) Venue, Year. (note)' under '## Topic' headings"
        result.diagnostics.append(warning(path, 0, 0, "no paper entries found", hint))


def _dropped_links(entry: Entry, path: str) -> list[Diagnostic]:
    """A warning for each link of the entry that is not a plain http(s) URL (it is left out)."""
    urls = [entry.inline.title_url or ""] + [url for _, url in entry.inline.links]
    dropped = [url for url in urls if url.strip() and _clean_url(url) is None]
    hint = "only http(s) links are imported"
    return [
        warning(path, entry.line, 1, f"link '{url[:80]}' is not an http(s) URL; left out", hint)
        for url in dropped
    ]


def _topic_for(entry: Entry, book: TopicBook, forced: str | None, report: dict[str, str]) -> tuple[str, bool]:
    """The topic of an entry, and whether the list gave it (--topic and the inbox are fallbacks).

    The nearest heading an existing topic has wins; else the nearest heading that names a
    subject becomes a new topic; else the entry goes to the inbox.
    """
    if forced:
        report.setdefault(entry.headings[-1] if entry.headings else "(no heading)", f"{forced} (--topic)")
        return forced, False
    for label in reversed(entry.headings):
        topic = book.match(label)
        if topic:
            report.setdefault(label, topic)
            return topic, True
    for depth in range(len(entry.headings) - 1, -1, -1):
        topic = book.for_heading(entry.headings[depth], _parent_topic(entry.headings[:depth], book))
        if topic:
            report.setdefault(entry.headings[depth], f"{topic} (new topic)")
            return topic, True
    topic = book.inbox()
    report.setdefault(entry.headings[-1] if entry.headings else "(no heading)", f"{topic} (no topic named)")
    return topic, False


def _parent_topic(headings: list[str], book: TopicBook) -> str | None:
    """The topic of the nearest enclosing heading that names a subject (made if new): a new topic's parent."""
    for depth in range(len(headings) - 1, -1, -1):
        topic = book.match(headings[depth]) or book.for_heading(
            headings[depth], _parent_topic(headings[:depth], book)
        )
        if topic:
            return topic
    return None


def _status_for(entry: Entry, checkboxes: bool, strikethrough: bool, forced: str | None) -> str:
    """Checkboxes decide where a list has them; else strikethrough marks the unread; else to-read."""
    if forced:
        return forced
    if checkboxes:
        return "read" if entry.checkbox else "to-read"
    if strikethrough:
        return "to-read" if entry.struck else "read"
    return "to-read"


def entry_to_draft(entry: Entry, status: str, topics: list[str]) -> dict[str, Any]:
    """One Markdown entry as draft fields."""
    inline = entry.inline
    title = inline.title.replace("_", " ") if " " not in inline.title else inline.title
    if entry.parent_label and re.fullmatch(r"v\d+(\.\d+)?", title, re.I):
        title = f"{entry.parent_label} {title}"  # '- v2' under '- 3DDFA' is 3DDFA v2
    fields: dict[str, Any] = {"links": {}, "code": list(entry.code)}
    urls = ([("", inline.title_url)] if inline.title_url else []) + inline.links
    for label, url in urls:
        _place_link(fields, label, url)
    _venue_from_headings(entry, fields, inline)
    notes = [re.sub(r"^\((.*)\)$", r"\1", note.strip()) for note in inline.notes]
    short = inline.short_name if inline.short_name and inline.short_name != title else None
    fields.update(
        kind=_kind(entry, fields),
        title=title,
        short_name=short,
        authors=inline.authors,
        affiliations=inline.affiliations,
        year=fields.get("year", inline.year),
        month=inline.month,
        venue=fields.get("venue", inline.venue),
        topics=topics,
        status=status,
        notes=notes_by_script(notes),
    )
    return make_draft(fields)


def _venue_from_headings(entry: Entry, fields: dict[str, Any], inline: Any) -> None:
    """'### 2020 CVPR' or '### 2019' above entries that give no venue or year themselves."""
    for heading in reversed(entry.headings):
        words = heading.split()
        venue, year, _, match = find_venue_year(heading)
        if match is not None and len(words) <= 4:
            fields["venue"] = inline.venue or venue
            fields["year"] = inline.year or year
            return
        only_year = re.fullmatch(r"\s*((?:19|20)\d\d)\s*", heading)
        if only_year:
            fields["year"] = inline.year or int(only_year.group(1))
            return


def _clean_url(url: str) -> str | None:
    url = url.strip().replace(" ", "%20")
    if not re.match(r"https?://\S{4,}$", url, re.I) or any(char in url for char in "<>\"'`"):
        return None
    return url


_OFFICIAL_RE = re.compile(r"(?<!un)official")


def _place_link(fields: dict[str, Any], label: str, raw_url: str) -> None:
    """Put one link where it belongs: the arXiv id, the DOI, code, or a labelled link."""
    url = _clean_url(raw_url)
    if url is None:
        return
    lowered = label.lower()
    primary = not re.search(_NOT_THE_PAPER, lowered)
    parsed = find_arxiv_in_url(url)
    if parsed and primary and fields.get("arxiv") in (None, parsed[0]):
        fields["arxiv"], version = parsed
        fields["arxiv_version"] = fields.get("arxiv_version") or version
        return
    if re.match(r"https?://(www\.)?github\.com/[^/]+/[^/]+", url, re.I):
        if url not in {item["url"] for item in fields["code"]}:
            fields["code"].append(
                {"url": url, "framework": _framework(lowered), "official": bool(_OFFICIAL_RE.search(lowered))}
            )
        return
    doi = _DOI_RE.search(url)
    if doi and primary and not fields.get("doi"):
        fields["doi"] = doi.group("doi").rstrip(".")
    key = _link_key(label, url)
    if url not in fields["links"].values():
        base, number = key, 2
        while key in fields["links"]:
            key, number = f"{base}-{number}", number + 1
        fields["links"][key] = url


_FRAMEWORK_WORDS = {"tf": "tensorflow", "torch": "pytorch"}


def _framework(label: str) -> str | None:
    """'pytorch', 'Pytorch-Code', 'TF-Code', 'Unofficial-Pytorch-Code' -> the framework named, if any."""
    for word in re.split(r"[\s\-_/]+", label):
        word = _FRAMEWORK_WORDS.get(word, word)
        if word in FRAMEWORKS:
            return word
    return None


def find_arxiv_in_url(url: str) -> tuple[str, int | None] | None:
    """The arXiv id of any arXiv URL, also inside a redirect ('...url=https%3A%2F%2Farxiv.org%2Fabs%2F...')."""
    text = urllib.parse.unquote(url) if "%2f" in url.lower() else url
    ftp = _ARXIV_FTP_RE.search(text)
    if ftp:
        return ftp.group("id"), None
    if "arxiv.org/" not in text.lower():
        return None
    return parse_arxiv(text[text.lower().index("arxiv.org/") :])


def _link_key(label: str, url: str) -> str:
    if not label:
        return "pdf" if url.lower().endswith(".pdf") else "paper"
    for pattern, key in _LINK_LABELS:
        if re.search(pattern, label.lower()):
            return f"{key}-zh" if key == "blog" and has_cjk(label) else key
    slug = slugify(label)
    return slug if slug and len(slug) <= 24 else "reference"


def _kind(entry: Entry, fields: dict[str, Any]) -> str | None:
    title, headings = entry.inline.title.lower(), " ".join(entry.headings).lower()
    main = (entry.inline.title_url or "").lower()
    if "dataset" in title.split() or title.endswith("dataset"):
        return "dataset"
    if "github.com/" in main and not fields.get("arxiv") and not entry.inline.venue:
        return "repo"
    if "blog" in headings:
        return "blog"
    if "wikipedia.org/" in main:
        return "website"
    return None
