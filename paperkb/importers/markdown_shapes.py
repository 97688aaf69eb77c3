"""Two more entry shapes of public lists: entries of several `<br>` lines, and numbered heading entries.

`**[Short](url)** (2023 ICCV)<br>` / `**Full Title**<br>` / `*Authors*<br>` / `<ins>note</ins>` is one
paper; so is `### 5、[Title](url)` followed by `作者 | ...`, `备注 | ECCV 2020 Oral` and `代码 | url` lines.
"""

from __future__ import annotations

import re

from paperkb.importers.markdown_inline import Entry, Inline, find_venue_year, parse_inline, split_authors

BR_END_RE = re.compile(r"<br\s*/?>\s*$", re.IGNORECASE)
HEADING_ENTRY_RE = re.compile(r"^\d{1,4}\s*[、.．]\s*\[")
_FIELD_LINE_RE = re.compile(
    r"^(?P<key>作者|备注|代码|主页|数据集|项目|论文|authors?|notes?|code|project)\s*[|｜:：]\s*(?P<value>.+)$",
    re.I,
)


def read_br_entry(lines: list[str], index: int, headings: list[str]) -> tuple[Entry, int]:
    """An entry whose lines end in `<br>`, with the line after the last `<br>`."""
    parts, end = [], index
    while end < len(lines) and lines[end].strip():
        line = lines[end].strip()
        parts.append(BR_END_RE.sub("", line).strip())
        end += 1
        if not BR_END_RE.search(line):
            break
    inline = parse_inline(parts[0])
    for part in parts[1:]:
        _read_br_part(part, inline)
    return Entry(index + 1, inline, headings), end


def _read_br_part(part: str, inline: Inline) -> None:
    bold = re.fullmatch(r"(\*\*|__)(?P<text>.+?)\1", part)
    italic = re.fullmatch(r"(\*|_)(?P<text>[^*_]+)\1", part)
    plain = re.sub(r"<[^>]+>", " ", part).strip()
    if bold and not re.search(r"\]\(", part):
        if inline.title and inline.title != bold.group("text"):
            inline.short_name = inline.short_name or inline.title
        inline.title = " ".join(bold.group("text").split())
    elif italic and not inline.authors and ("," in part or " and " in part):
        inline.authors = split_authors(italic.group("text"))
    elif plain:
        inline.notes.append(plain)


def is_heading_entry(text: str) -> bool:
    """'5、[Semi-Siamese Training for Shallow Face Learning](url)': a paper, not a topic."""
    return bool(HEADING_ENTRY_RE.match(text))


def read_heading_entry(lines: list[str], index: int, text: str, headings: list[str]) -> tuple[Entry, int]:
    """A numbered heading entry and the `key | value` lines under it, up to the next heading."""
    end = index + 1
    if "](" in text and not re.search(r"\]\([^)]*\)", text) and end < len(lines):
        text, end = text + lines[end].strip(), end + 1  # a URL broken over two lines
    inline = parse_inline(re.sub(r"^\d{1,4}\s*[、.．]\s*", "", text).replace("]( ", "]("))
    entry = Entry(index + 1, inline, headings)
    while end < len(lines) and not lines[end].lstrip().startswith("#"):
        field = _FIELD_LINE_RE.match(lines[end].strip())
        if field:
            _read_field_line(field.group("key").lower(), field.group("value").strip(), entry)
        end += 1
    return entry, end


def _read_field_line(key: str, value: str, entry: Entry) -> None:
    inline = entry.inline
    if key in ("作者", "author", "authors"):
        inline.authors = split_authors(value.replace("∗", "").replace("*", ""))
    elif key in ("备注", "note", "notes"):
        venue, year, _, match = find_venue_year(value)
        if match and inline.venue is None:
            inline.venue, inline.year = venue, year
        rest = (value[: match.start()] + value[match.end() :]).strip() if match else value
        if rest:
            inline.notes.append(rest)
    elif key in ("代码", "code"):
        url = re.match(r"https?://[^\s（(]+", value)
        if url and "github.com/" in url.group(0):
            entry.code.append({"url": url.group(0), "framework": None, "official": False})
    elif key in ("主页", "项目", "project"):
        url = re.match(r"https?://[^\s（(]+", value)
        if url:
            inline.links.append(("project", url.group(0)))
