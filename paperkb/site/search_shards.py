"""The search index's terms, split into small files the site's search worker loads by query.

material's search worker builds a lunr.js index of every entry in the browser before it answers
(4 s and more at 10,000 papers). paperkb's worker (overrides/assets/javascripts/workers/) answers
from these files instead: `search/shards/terms.json` lists every term and the file holding its
postings, each `search/shards/<n>.json` maps a term to its documents and term frequencies per
field. The terms are the ones material's worker would index: its tokenizer (HTML-aware, split by
the configured separator, lower-cased) and lunr's stop-word filter, replayed here; the worker
scores them with lunr's own formula, so a query finds and ranks what material's would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

SHARDS_DIR = "shards"
FORMAT = 1
# Postings a shard file holds about (a query loads the files of the terms it expands to).
POSTINGS_PER_SHARD = 40_000
# lunr.js's English stop words (lunr.stopWordFilter), which material's pipeline keeps.
STOP_WORDS = frozenset(
    (
        "a able about across after all almost also am among an and any are as at be because been but "
        "by can cannot could dear did do does either else ever every for from get got had has have he "
        "her hers him his how however i if in into is it its just least let like likely may me might "
        "most must my neither no nor not of off often on only or other our own rather said say says "
        "she should since so some than that the their them then there these they this tis to too twas "
        "us wants was we were what when where which while who whom why will with would yet you your"
    ).split()  # noqa: SIM905
)
# JavaScript's \s, for separators written for the browser (Python's \s differs on a few characters).
JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_ANGLE_RE = re.compile("[<>]")

Postings = dict[str, dict[str, list[int]]]


def js_separator(pattern: str) -> re.Pattern[str] | None:
    """The JavaScript separator regex as Python reads it, or None when it cannot be carried over."""
    if re.search(r"\\[pPcSWDB]|\(\?|\\[1-9]", pattern):
        return None
    out, in_class, index = [], False, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and pattern[index + 1 : index + 2] == "s":
            out.append(JS_SPACE if in_class else f"[{JS_SPACE}]")
            index += 2
            continue
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        in_class = (in_class or char == "[") and not (in_class and char == "]")
        out.append(char)
        index += 1
    try:
        return re.compile("".join(out), re.ASCII if re.search(r"\\[wdb]", pattern) else 0)
    except re.error:
        return None


def text_sections(value: str) -> Iterator[str]:
    """The text between tags, as material's `extract` splits a field (HTML-aware)."""
    start = 0
    for match in _ANGLE_RE.finditer(value):
        end = match.start()
        if value[end] == "<":
            if end > start:
                yield value[start:end]
                start = end
        else:
            start = end + 1
    if len(value) > start:
        yield value[start:]


def field_terms(value: object, separator: re.Pattern[str]) -> Counter[str]:
    """The terms of one field and how often each occurs (material's tokenize, lunr's pipeline)."""
    values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    tokens: list[str] = []
    for item in values:
        text = str(item)
        sections = text_sections(text) if "<" in text or ">" in text else (text,)
        for section in sections:
            tokens += separator.split(section.lower())
    counts = Counter(tokens)
    counts.pop("", None)
    for word in STOP_WORDS.intersection(counts):
        del counts[word]
    return counts


class PostingsCollector:
    """term -> field -> [document number, term frequency, ...] of documents added one by one."""

    def __init__(self, fields: list[str], separator: re.Pattern[str]) -> None:
        self.fields, self.separator = fields, separator
        self.by_field: dict[str, dict[str, list[int]]] = {field: {} for field in fields}
        self.order: dict[str, int] = {}  # lunr's term index: the order terms are first met
        self.count = 0
        self.first: str | None = None
        self.last: str | None = None
        self.locations: set[str] = set()
        self.unique = True

    def add(self, doc: dict[str, Any]) -> None:
        number, self.count = self.count, self.count + 1
        location = str(doc.get("location"))
        self.first = self.first if number else location
        self.last = location
        self.unique = self.unique and location not in self.locations
        self.locations.add(location)
        for field in self.fields:
            target, order = self.by_field[field], self.order
            for term, frequency in field_terms(doc.get(field), self.separator).items():
                numbers = target.get(term)
                if numbers is None:
                    target[term] = [number, frequency]
                    if term not in order:
                        order[term] = len(order)
                else:
                    numbers += (number, frequency)

    def postings(self) -> Postings:
        merged: Postings = {}
        for field, terms in self.by_field.items():
            for term, numbers in terms.items():
                merged.setdefault(term, {})[field] = numbers
        return merged

    def write(self, target: str) -> int:
        """Write the term files into the new folder `target`; the number of shard files."""
        postings = self.postings()
        shards = assign_shards(postings)
        os.makedirs(target)
        for number, terms in enumerate(shards):
            write_json(os.path.join(target, f"{number}.json"), {term: postings[term] for term in terms})
        index = [[self.order[term] for term in terms] for terms in shards]
        summary = {"format": FORMAT, "documents": self.count, "fields": self.fields, "first": self.first,
                   "last": self.last, "shards": shards, "index": index}  # fmt: skip
        write_json(os.path.join(target, "terms.json"), summary)  # last: marks the folder complete
        return len(shards)


def write_shards(search_dir: str, index: dict[str, Any]) -> int:
    """Write the term files for material's search index `index` (search_index.json's content) under
    `search_dir`; return the number of shard files (0: none written, the worker indexes in the
    browser as material's does)."""
    target = os.path.join(search_dir, SHARDS_DIR)
    shutil.rmtree(target, ignore_errors=True)
    collector = make_collector(index.get("config", {}))
    if collector is None:
        return 0
    for doc in index.get("docs", []):
        collector.add(doc)
    if not collector.count or not collector.unique:
        return 0  # two entries with one location: lunr would merge them
    return collector.write(target)


def make_collector(config: dict[str, Any]) -> PostingsCollector | None:
    """A collector for material's search config, None for a separator Python cannot replay."""
    separator = js_separator(str(config.get("separator", r"[\s\-]+")))
    if separator is None:
        return None
    return PostingsCollector(list(config.get("fields") or {"title": {}, "text": {}, "tags": {}}), separator)


def assign_shards(postings: Postings) -> list[list[str]]:
    """Terms grouped into files of about POSTINGS_PER_SHARD postings, in sorted order (a prefix
    query's terms sit side by side, in one file or two)."""
    shards: list[list[str]] = [[]]
    size = 0
    for term in sorted(postings):
        weight = sum(len(numbers) for numbers in postings[term].values()) // 2
        if size and size + weight > POSTINGS_PER_SHARD:
            shards.append([])
            size = 0
        shards[-1].append(term)
        size += weight
    return shards


def write_json(path: str, data: object) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def planned_config(plugin_config: Any, language: str) -> dict[str, Any] | None:
    """The search config the index will carry, as far as the build's child needs it to collect
    the postings of paperkb's entries beforehand; None when the worker would not use term files."""
    separator = getattr(plugin_config, "separator", None)
    pipeline = getattr(plugin_config, "pipeline", None)
    if not separator or list(pipeline or []) != ["stopWordFilter"]:
        return None
    if separator == MATERIAL_DEFAULT_SEPARATOR and language != "en":
        return None  # the browser would use the language's separator instead
    return {"separator": separator, "pipeline": ["stopWordFilter"], "fields": MATERIAL_FIELDS}


MATERIAL_DEFAULT_SEPARATOR = r"[\s\-]+"
# The fields and boosts material's search plugin writes into search_index.json.
MATERIAL_FIELDS = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}


def usable_config(config: dict[str, Any]) -> bool:
    """The worker can answer from term files for an index with this config."""
    if list(config.get("pipeline") or []) != ["stopWordFilter"]:
        return False
    return config.get("separator") != MATERIAL_DEFAULT_SEPARATOR or config.get("lang") == ["en"]


def collect_while(
    lines: Iterable[tuple[dict[str, Any], str]], config: dict[str, Any], target: str
) -> Iterator[str]:
    """Pass each entry's JSON line on while collecting its postings; at the end write the term
    files into `target` (in the build's forked child, beside the page rendering)."""
    collector = make_collector(config)
    for entry, line in lines:
        if collector is not None:
            collector.add(entry)
        yield line
    if collector is not None and collector.count and collector.unique:
        collector.write(target)


def place_shards(
    search_dir: str,
    prepared: str | None,
    material_config: dict[str, Any],
    material_docs: int,
    planned: dict[str, Any] | None,
) -> int:
    """Put the term files of the finished search_index.json in `search_dir`: the ones the child
    prepared when material indexed no page itself and the config is as planned, else made here
    from the file. Returns the number of shard files."""
    target = os.path.join(search_dir, SHARDS_DIR)
    shutil.rmtree(target, ignore_errors=True)
    if not usable_config(material_config):
        return 0
    same = planned is not None and all(material_config.get(key) == planned[key] for key in planned)
    if prepared and same and material_docs == 0 and os.path.isfile(os.path.join(prepared, "terms.json")):
        shutil.move(prepared, target)
        with open(os.path.join(target, "terms.json"), encoding="utf-8") as handle:
            return len(json.load(handle)["shards"])
    with open(os.path.join(search_dir, "search_index.json"), encoding="utf-8") as handle:
        return write_shards(search_dir, json.load(handle))
