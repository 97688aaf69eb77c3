"""More entry shapes of public lists: entries of several lines, and heading entries.

`**[Short](url)** (2023 ICCV)<br>` / `**Full Title**<br>` / `*Authors*<br>` / `<ins>note</ins>` is one
paper; so is `### 5、[Title](url)` followed by `作者 | ...`, `备注 | ECCV 2020 Oral` and `代码 | url` lines;
so is `### [ICCV 2019] Title` followed by `- [paper](url)` and `- [code](url)` bullets and the list
author's own sections about the paper; and so is `**[Paper]** (CVPRW 2021) Title <Br>` followed by
`**[Author]** ...<Br>` and `**[[Pytorch-Code](url)]**` lines, under a `#### Name` heading.
"""

from __future__ import annotations

import re

from paperkb.importers.markdown_inline import (
    LINK_RE,
    SHORT_NAME_MAX,
    YEAR,
    Entry,
    Inline,
    find_venue_year,
    normalise_entry_text,
    parse_inline,
    plain_title,
    split_authors,
)
from paperkb.importers.markdown_structured import HEADING_RE
from paperkb.records.venues import normalise_venue

BR_END_RE = re.compile(r"<br\s*/?>\s*$", re.IGNORECASE)
HEADING_ENTRY_RE = re.compile(r"^\d{1,4}\s*[、.．]\s*\[")
# '[ICCV 2019] Title', '[2019 ICCV] Title', '[Expert Systems With Applications 2019] Title', '[2019] Title'.
TAGGED_HEADING_RE = re.compile(
    rf"^\[\s*(?:(?P<v1>[^\[\]\d][^\[\]]*?)[\s,]+(?P<y1>{YEAR})|(?P<y2>{YEAR})[\s,]+(?P<v2>[^\[\]]*?[^\[\]\d\s])"
    rf"|(?P<y3>{YEAR}))\s*\]\s*(?P<title>[^\s\[(].*)$"
)
# '- [paper](url)', '- [code](url)': a link block under a paper's heading.
_LINK_BULLET_RE = re.compile(r"^[-*+]\s+\[(?P<label>[^\[\]]{1,30})\]\((?P<url>[^()\s]+)\)\s*$")
# '**[Paper]** (CVPRW 2021) Title <Br>', then '**[Author]** A, [B](url) <Br>' and '**[[Code](url)]**' lines.
LABELLED_LINE_RE = re.compile(r"^\*\*\[(?P<label>[^\[\]]{1,20})\]\*\*\s*(?P<value>.*)$")
_PAPER_LABELS = ("paper", "title", "论文")
_AUTHOR_LABELS = ("author", "authors", "作者")
_SHORT_NAME_WORDS = 4
_LEADING_TAG_RE = re.compile(r"^\((?P<tag>[^()]{1,60})\)\s*(?P<title>.+)$")
_RULE_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
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
    inline = read_labelled_title(parts[0]) if is_labelled_entry(parts[0]) else parse_inline(parts[0])
    for part in parts[1:]:
        _read_br_part(part, inline)
    return Entry(index + 1, inline, headings), end


def is_labelled_entry(line: str) -> bool:
    """'**[Paper]** (CVPRW 2021) HDRUNet: ...': the first line of a paper written in labelled lines."""
    match = LABELLED_LINE_RE.match(BR_END_RE.sub("", line.strip()))
    return match is not None and match.group("label").strip().lower() in _PAPER_LABELS


def read_labelled_title(line: str) -> Inline:
    """'**[Paper]** (CVPRW 2021) Title' (or '**[Paper]** Title'): the title, venue and year."""
    match = LABELLED_LINE_RE.match(line)
    assert match is not None
    value = match.group("value").strip()
    tagged = _LEADING_TAG_RE.match(value)
    inline = Inline(title=plain_title(tagged.group("title") if tagged else value))
    if tagged:
        venue, year, month, found = find_venue_year(tagged.group("tag"))
        if found is not None:
            inline.venue, inline.year, inline.month = venue, year, month
    return inline


def short_name_from_heading(text: str, inline: Inline) -> None:
    """'#### HDRUNet ★' over a labelled entry: the paper's short name (stars are the list's rating);
    a longer heading, a paraphrase of the title, is not one."""
    name = plain_title(re.sub(r"[★☆]+", "", text)).strip()
    if (
        name
        and len(name.split()) <= _SHORT_NAME_WORDS
        and len(name) <= SHORT_NAME_MAX
        and name.lower() != inline.title.lower()
        and not inline.short_name
    ):
        inline.short_name = name


def _read_br_part(part: str, inline: Inline) -> None:
    labelled = LABELLED_LINE_RE.match(part)
    if labelled and labelled.group("label").strip().lower() in _AUTHOR_LABELS:
        names = LINK_RE.sub(lambda m: m.group("text"), labelled.group("value"))
        inline.authors = inline.authors or split_authors(names)
        return
    plain_links = normalise_entry_text(part)  # '**[[Pytorch-Code](url)]**' -> '** [Pytorch-Code](url) **'
    links = [*LINK_RE.finditer(plain_links)]
    if links and not LINK_RE.sub("", plain_links).strip(" *"):
        inline.links += [(link.group("text").strip(), link.group("url").strip()) for link in links]
        return
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


def is_tagged_heading_entry(text: str) -> bool:
    """'[CVPRW 2019] Protecting World Leaders Against Deep Fakes': a paper's own heading."""
    return bool(TAGGED_HEADING_RE.match(text.strip()))


def read_tagged_heading_entry(
    lines: list[str], index: int, level: int, text: str, headings: list[str]
) -> tuple[Entry, int, bool]:
    """A '[Venue Year] Title' heading and its section, up to the next heading of its level or above.

    The link bullets right under it (before any sub-heading) are its links, other bullets there
    with a link are notes ('improved version: [DSP-FWA](url)'); the rest of the section is the
    list author's own write-up, left out. Returns the entry, the line after it, and whether
    something was left out."""
    match = TAGGED_HEADING_RE.match(text.strip())
    assert match is not None
    year = int(match.group("y1") or match.group("y2") or match.group("y3"))
    venue_text = match.group("v1") or match.group("v2")
    inline = Inline(title=plain_title(match.group("title")), year=year)
    inline.venue = normalise_venue(venue_text) if venue_text else None
    entry = Entry(index + 1, inline, headings)
    end, in_links, left_out = index + 1, True, False
    while end < len(lines):
        line = lines[end].strip()
        heading = HEADING_RE.match(line)
        if heading and len(heading.group("marks")) <= level:
            break
        end += 1
        if heading:
            in_links = False
        link = _LINK_BULLET_RE.match(line) if in_links else None
        if link:
            inline.links.append((link.group("label").strip(), link.group("url")))
        elif in_links and line[:2] in ("- ", "* ", "+ ") and "](" in line:
            inline.notes.append(line[2:].strip())
        elif line and not _RULE_RE.match(line):
            left_out = True
    return entry, end, left_out
