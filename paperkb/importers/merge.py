"""Fold incoming records into the library: one paper is one record, never a duplicate.

A record from an import is a *draft*: a plain dict in papers.yaml's field order. A draft
that is the same paper as one already in the library (same arXiv id, DOI, or normalised title
with no conflicting id or year) only fills the fields that paper lacks; two drafts of the same
paper become one record. A near title is never merged: it is added and reported.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import urllib.parse
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from paperkb.diagnostics import Diagnostic, warning
from paperkb.records.check import normalise_title
from paperkb.records.library import Library
from paperkb.records.model import PAPER_FIELDS, Paper

FUZZY_TITLE_SCORE = 93
FUZZY_MIN_LENGTH = 25
YEAR_TOLERANCE = 1  # a preprint and its proceedings are often a year apart
_NEVER_MERGED = frozenset({"id", "title", "kind", "status", "added", "note"})
_UNIQUE_KEYS = ("arxiv", "doi")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "the",
        "to",
        "via",
        "with",
    ]
)


@dataclass
class Incoming:
    """One record read from an import source, with where it came from."""

    draft: dict[str, Any]
    where: str
    id_hint: str = ""
    fallback_topic: bool = False  # topics came from --topic, not from the source: never merged in


@dataclass
class MergePlan:
    """What an import will do: new records, fields to add to existing ones, and counts."""

    new: list[dict[str, Any]] = field(default_factory=list)
    new_topics: list[dict[str, Any]] = field(default_factory=list)  # {id, title}, for `topics:`
    updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    added: int = 0
    merged: int = 0
    unchanged: int = 0
    without_topic: list[Incoming] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # near matches, added but worth a look


def today() -> dt.date:
    """The date new records get as `added` (a function so tests can pin it)."""
    return dt.date.today()


# C0 and C1 control characters other than tab and line ends: terminal escapes, NULs, junk bytes.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def remove_control_characters(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """An import source without control characters, and a warning that says where they were."""
    first = _CONTROL_RE.search(text)
    if first is None:
        return text, []
    line = text.count("\n", 0, first.start()) + 1
    column = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
    count = len(_CONTROL_RE.findall(text))
    message = f"{count} control character(s) removed (the first is U+{ord(first.group()):04X})"
    hint = "they are invisible and would end up in papers.yaml; check the file's encoding"
    return _CONTROL_RE.sub("", text), [warning(path, line, column, message, hint)]


def make_draft(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A draft in papers.yaml's field order, without empty values."""
    draft = {key: fields[key] for key in PAPER_FIELDS if key in fields}
    if draft.get("code"):
        draft["code"] = [{k: v for k, v in item.items() if v is not None} for item in draft["code"]]
    return {key: value for key, value in draft.items() if value not in (None, "", [], {})}


def slugify(text: str, max_length: int = 60) -> str:
    """ASCII lowercase words joined by hyphens: 'Face Swap (v2)' -> 'face-swap-v2'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
    return slug


def id_for_title(title: str, short_name: str | None = None) -> str:
    """A readable id: the short name, the part before ': ', or the first significant words."""
    if short_name and slugify(short_name):
        return slugify(short_name)
    head, sep, _ = title.partition(": ")
    if sep and len(head.split()) <= 3 and slugify(head):
        return slugify(head)
    words = [word for word in re.findall(r"[\w'-]+", title) if word.lower() not in _STOPWORDS]
    slug = slugify(" ".join(words[:6]), max_length=40)
    return slug if re.search(r"[a-z]", slug) else "paper"


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever is free; records it as taken."""
    base = base or "paper"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def match_keys(record: Mapping[str, Any]) -> list[str]:
    """The identity keys of a record: arXiv id, DOI, normalised title (papers only)."""
    keys = []
    if record.get("arxiv"):
        keys.append("arxiv:" + record["arxiv"])
    if record.get("doi"):
        keys.append("doi:" + record["doi"].lower())
    title = normalise_title(record.get("title") or "")
    if title:
        keys.append("title:" + title)
    return keys


def url_key(url: str) -> str:
    """A URL as compared when merging: http and https, 'www.', the host's case, a trailing slash and
    a GitHub repository's '.git' make no difference ('github.com/a/b/' is 'https://github.com/a/b')."""
    parts = urllib.parse.urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    if host == "github.com":
        path = path.removesuffix(".git").lower()
    return urllib.parse.urlunsplit(("https", host, path, parts.query, ""))


def fold_draft(target: dict[str, Any], extra: Mapping[str, Any]) -> None:
    """Fill `target`'s missing fields from `extra`; lists and mappings are united."""
    for key, value in extra.items():
        current = target.get(key)
        if current in (None, "", [], {}):
            target[key] = value
        elif key == "code":
            urls = {url_key(item["url"]) for item in current}
            target[key] = current + [item for item in value if url_key(item["url"]) not in urls]
        elif key in ("topics", "tags"):
            target[key] = current + [item for item in value if item not in current]
        elif isinstance(current, dict) and isinstance(value, Mapping):
            target[key] = {**value, **current}
    ordered = make_draft(target)
    target.clear()
    target.update(ordered)


def additions_for(paper: Paper, draft: Mapping[str, Any], used: Collection[str]) -> dict[str, Any]:
    """Fields of `draft` that `paper` lacks, shaped for the writer (new items only)."""
    add: dict[str, Any] = {}
    for key, value in draft.items():
        if key in _NEVER_MERGED:
            continue
        current = getattr(paper, key)
        new: Any
        if key in ("topics", "tags"):
            new = [item for item in value if item not in current]
        elif key == "code":
            urls = {url_key(code.url) for code in current}
            new = [item for item in value if url_key(item["url"]) not in urls]
        elif key == "links":
            known = {url_key(url) for url in (*current.values(), *(code.url for code in paper.code))}
            new = {k: v for k, v in value.items() if k not in current and url_key(v) not in known}
        elif key == "notes":
            new = {lang: text for lang, text in value.items() if getattr(current, lang) is None}
        elif key in _UNIQUE_KEYS and current is None and f"{key}:{str(value).lower()}" in used:
            continue  # another record already has this id
        else:
            new = value if current in (None, []) else None
        if new not in (None, [], {}):
            add[key] = new
    return add


def conflict_between(one: Mapping[str, Any], other: Mapping[str, Any]) -> str | None:
    """Why two records with the same title are different papers (None: nothing says so)."""
    for key, label in (("arxiv", "arXiv id"), ("doi", "DOI")):
        mine, theirs = one.get(key), other.get(key)
        if mine and theirs and str(mine).lower() != str(theirs).lower():
            return f"a different {label} ({theirs} here, {mine} there)"
    mine, theirs = one.get("year"), other.get("year")
    if mine and theirs and abs(int(mine) - int(theirs)) > YEAR_TOLERANCE:
        return f"a different year ({theirs} here, {mine} there)"
    return None


def _paper_fields(paper: Paper) -> dict[str, Any]:
    return {
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "year": paper.year,
        "kind": paper.kind,
        "title": paper.title,
    }


def _library_index(library: Library) -> dict[str, int]:
    index: dict[str, int] = {}
    for number, paper in enumerate(library.papers):
        for key in match_keys(_paper_fields(paper)):
            index.setdefault(key, number)
    return index


def _find_same(keys: list[str], index: Mapping[str, int], draft: Mapping[str, Any], fields_of: Any) -> Any:
    """The record a draft is the same paper as: same arXiv id or DOI, or same title without conflict."""
    for key in keys:
        if key in index and (
            not key.startswith("title:") or conflict_between(fields_of(index[key]), draft) is None
        ):
            return index[key]
    return None


def _group_incoming(incoming: Iterable[Incoming], plan: MergePlan) -> list[Incoming]:
    groups: list[Incoming] = []
    by_key: dict[str, int] = {}
    for item in incoming:
        keys = match_keys(item.draft)
        found = _find_same(keys, by_key, item.draft, lambda number: groups[number].draft)
        if found is None:
            groups.append(Incoming(dict(item.draft), item.where, item.id_hint, item.fallback_topic))
            found = len(groups) - 1
        else:
            before = dict(groups[found].draft)
            _fold_incoming(groups[found], item)
            changed = groups[found].draft != before
            plan.merged += changed
            plan.unchanged += not changed
            plan.messages.append(f"{item.where}: same paper as {groups[found].where}; listed once")
        for key in match_keys(groups[found].draft):
            by_key.setdefault(key, found)
    return groups


def _fold_incoming(group: Incoming, item: Incoming) -> None:
    """A topic the source gave wins over the --topic fallback."""
    extra = dict(item.draft)
    if item.fallback_topic and not group.fallback_topic:
        extra.pop("topics", None)
    elif group.fallback_topic and not item.fallback_topic:
        group.draft.pop("topics", None)
        group.fallback_topic = False
    fold_draft(group.draft, extra)


def _near_match(library: Library, titles: list[str], draft: Mapping[str, Any]) -> int | None:
    """A library record whose title is close to the draft's (a typo, or another year's edition)."""
    title = normalise_title(draft.get("title", ""))
    if len(title) < FUZZY_MIN_LENGTH or not titles:
        return None
    found = process.extractOne(title, titles, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE_SCORE)
    return found[2] if found else None


def plan_merge(library: Library, incoming: Iterable[Incoming], shown: str = "papers.yaml") -> MergePlan:
    """Decide, for every incoming record, whether it is added, merged or unchanged.

    Only the same arXiv id, the same DOI, or the same title with nothing against it (another
    arXiv id or DOI, years more than one apart) is the same paper. A near title is added as a
    new record and reported as a possible duplicate: merging two different papers loses data.
    """
    plan = MergePlan()
    index = _library_index(library)
    used = {key.lower() for key in index if not key.startswith("title:")}
    taken = {paper.id for paper in library.papers}
    titles = [normalise_title(paper.title) for paper in library.papers]
    for item in _group_incoming(incoming, plan):
        keys = match_keys(item.draft)
        number = _find_same(keys, index, item.draft, lambda n: _paper_fields(library.papers[n]))
        if number is None:
            _add_new(plan, library, (index, titles), item, taken, shown)
            continue
        paper = library.papers[number]
        draft = {k: v for k, v in item.draft.items() if not (item.fallback_topic and k == "topics")}
        add = additions_for(paper, draft, used)
        if add:
            fold_draft(plan.updates.setdefault(number, {}), add)
            plan.merged += 1
            plan.messages.append(f"{item.where}: merged into '{paper.id}' ({', '.join(add)})")
        else:
            plan.unchanged += 1
            plan.messages.append(f"{item.where}: already in the library as '{paper.id}'; unchanged")
    return plan


def _add_new(
    plan: MergePlan,
    library: Library,
    lookups: tuple[Mapping[str, int], list[str]],
    item: Incoming,
    taken: set[str],
    shown: str,
) -> None:
    """A new record; a library record with the same or a close title is named as a possible twin."""
    index, titles = lookups
    draft = dict(item.draft)
    draft["id"] = unique_id(item.id_hint or id_for_title(draft["title"]), taken)
    plan.new.append(make_draft(draft))
    plan.added += 1
    if not draft.get("topics"):
        plan.without_topic.append(item)
    same_title = index.get("title:" + normalise_title(draft.get("title") or ""))
    near = same_title if same_title is not None else _near_match(library, titles, draft)
    if near is None:
        return
    paper = library.papers[near]
    line = library.paper_lines.get(paper.id, 0)
    why = conflict_between(_paper_fields(paper), draft) if same_title is not None else None
    what = f"has the title of '{paper.id}' but {why}" if why else f"has a title close to '{paper.id}'"
    plan.duplicates.append(
        f"{item.where}: possible duplicate: {what} ({shown}:{line}); added as '{draft['id']}',"
        " not merged; if they are one paper, merge the two records by hand"
    )
