#!/usr/bin/env python3
"""Merge curated fragments (one per seed note) into papers.yaml.

The same paper curated from several notes carries the same id; its records become one:
lists united, notes joined, links merged, status the most-read. Scalar conflicts keep
the first value and are reported so a person can decide.
Usage: python scripts/merge_fragments.py FRAGMENT.yaml... > papers.yaml
"""

from __future__ import annotations

import json
import sys

import yaml

FIELD_ORDER = [
    "id",
    "kind",
    "title",
    "short_name",
    "authors",
    "affiliations",
    "year",
    "month",
    "venue",
    "arxiv",
    "arxiv_version",
    "arxiv_category",
    "doi",
    "links",
    "code",
    "topics",
    "tags",
    "status",
    "notes",
    "note",
    "related",
    "added",
    "abstract",
]
STATUS_RANK = {"to-read": 0, "reading": 1, "read": 2}
HEADER = """\
# yaml-language-server: $schema=schema/papers.schema.json
#
# The knowledge base: `topics:` (the taxonomy) and `papers:` (one record a paper),
# grouped below by each paper's first topic. Long notes live in notes/<id>.md.
# Check with `paperkb validate`; the README lists every field.
"""


def merge_records(first: dict, other: dict, conflicts: list[str]) -> dict:
    """Fold `other` into `first` (same id)."""
    for key, value in other.items():
        if key not in first or first[key] in (None, "", [], {}):
            first[key] = value
        elif key == "status":
            first[key] = max(first[key], value, key=STATUS_RANK.__getitem__)
        elif key == "notes":
            for lang, text in value.items():
                have = first[key].get(lang, "")
                if text and text.strip() not in have:
                    first[key][lang] = f"{have.rstrip()}\n\n{text.strip()}" if have else text
        elif isinstance(value, list):
            for item in value:
                if item not in first[key]:
                    first[key].append(item)
        elif isinstance(value, dict):
            for label, url in value.items():
                if label in first[key] and first[key][label] != url:
                    first[key].setdefault(f"{label}-2", url)
                else:
                    first[key].setdefault(label, url)
        elif first[key] != value:
            conflicts.append(f"{first['id']}.{key}: kept {first[key]!r}, dropped {value!r}")
    return first


def plain_ok(text: str) -> bool:
    """True when `text` reads back as the same string unquoted, under YAML 1.1 and 1.2 alike."""
    if not text or text != text.strip() or "\n" in text or text[0] in "\"'[]{}>|*&!%@`#,?:-":
        return False
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text} and yaml.safe_load(f"[{text}]") == [text]
    except yaml.YAMLError:
        return False


def scalar(value: object, force_quote: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if plain_ok(text) and not force_quote else json.dumps(text, ensure_ascii=False)


def text_block(key: str, text: str, indent: str) -> list[str]:
    if "\n" not in text.strip():
        return [f"{indent}{key}: {scalar(text.strip())}"]
    body = [f"{indent}  {line}" if line else "" for line in text.strip().split("\n")]
    return [f"{indent}{key}: |-", *body]


def format_record(paper: dict) -> list[str]:
    lines: list[str] = []
    for key in FIELD_ORDER:
        if key not in paper or paper[key] in (None, "", [], {}):
            continue
        value = paper[key]
        lead = "  - " if not lines else "    "
        if key == "notes":
            lines.append(f"{lead}notes:")
            for lang in ("en", "zh"):
                if value.get(lang):
                    lines += text_block(lang, value[lang], "      ")
        elif key == "links":
            lines.append(f"{lead}links:")
            lines += [f"      {label}: {scalar(url)}" for label, url in value.items()]
        elif key == "code":
            lines.append(f"{lead}code:")
            for item in value:
                parts = ", ".join(f"{k}: {scalar(v)}" for k, v in item.items())
                lines.append(f"      - {{{parts}}}")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [{', '.join(scalar(v) for v in value)}]")
        else:
            lines.append(f"{lead}{key}: {scalar(value, force_quote=key in ('arxiv', 'doi'))}")
    return lines


def format_topics(topics: list[dict]) -> list[str]:
    lines = ["topics:"]
    for topic in topics:
        title = topic["title"]
        lines.append(f"  - id: {topic['id']}")
        lines.append(f"    title: {{en: {scalar(title['en'])}, zh: {scalar(title['zh'])}}}")
        if topic.get("parent"):
            lines.append(f"    parent: {topic['parent']}")
    return lines


def main(paths: list[str]) -> int:
    with open("papers.yaml", encoding="utf-8") as handle:
        topics = yaml.safe_load(handle)["topics"]
    merged: dict[str, dict] = {}
    conflicts: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            fragment = yaml.safe_load(handle)
        topics += [t for t in fragment.get("new_topics", []) if t["id"] not in {x["id"] for x in topics}]
        for paper in fragment["papers"]:
            if paper["id"] in merged:
                merge_records(merged[paper["id"]], paper, conflicts)
            else:
                merged[paper["id"]] = paper
    order = {topic["id"]: index for index, topic in enumerate(topics)}
    papers = sorted(merged.values(), key=lambda p: order.get(p["topics"][0], len(order)))
    out = [HEADER, *format_topics(topics), "", "papers:"]
    current = None
    for paper in papers:
        if paper["topics"][0] != current:
            current = paper["topics"][0]
            title = next(t["title"] for t in topics if t["id"] == current)
            out += ["", f"  # ── {title['en']} / {title['zh']} ──"]
        out += format_record(paper)
    sys.stdout.write("\n".join(out) + "\n")
    for line in conflicts:
        print(f"conflict: {line}", file=sys.stderr)
    print(f"{len(papers)} records from {len(paths)} fragments", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
