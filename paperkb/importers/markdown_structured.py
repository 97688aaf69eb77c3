"""Two structured blocks of paper lists: ':strawberry:' cards with sections, and Markdown tables."""

from __future__ import annotations

import re

from paperkb.importers.markdown_inline import (
    LINK_RE,
    Entry,
    Inline,
    find_venue_year,
    parse_inline,
    plain_title,
    split_authors,
)
from paperkb.records.venues import normalise_venue

HEADING_RE = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
CARD_RE = re.compile(
    r"^:[a-z_]+:\s*\[\*\*(?P<name>.+?)\*\*\]\((?P<url>[^)]*)\)\s*"
    r"(?::date:\s*(?P<date>\S+))?\s*(?::blush:\s*(?P<aff>.*?))?\s*$"
)
_HTML_TAG_RE = re.compile(r"<[^<>]*>")
TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
ICON_RE = re.compile(
    r"<img[^>]*?/(?P<icon>pytorch|keras|tf1|tf2|tensorflow|caffe|jax|matlab|mxnet|paddle)\.png", re.I
)
_COLUMNS = {
    "title": (
        "title",
        "paper",
        "papers",
        "paper title",
        "name",
        "method",
        "model",
        "文章名称",
        "论文",
        "论文名称",
        "标题",
        "名称",
    ),
    "venue": (
        "venue",
        "conference",
        "conf",
        "journal",
        "publication",
        "published",
        "pub",
        "会议",
        "期刊",
        "发表期刊",
        "来源",
    ),
    "year": ("year", "date", "time", "publish date", "年份", "时间", "发表时间", "日期"),
    "authors": ("authors", "author", "作者"),
    "code": ("code", "github", "repo", "implementation", "代码", "开源"),
    "link": ("link", "links", "pdf", "arxiv", "url", "paper link", "project", "链接", "主页"),
    "note": ("note", "notes", "remark", "description", "comment", "keywords", "备注", "说明", "主要思路"),
}


def read_card(lines: list[str], index: int, headings: list[str]) -> tuple[Entry, int]:
    """A ':strawberry: [**Name**](url) :date: 2017.11v1 :blush: affiliation' card and its sections."""
    match = CARD_RE.match(lines[index].strip())
    assert match is not None
    inline = Inline(short_name=match.group("name").strip(), title_url=match.group("url").strip())
    date = re.match(r"(?P<year>\d{4})(?:\.(?P<month>\d\d))?", match.group("date") or "")
    if date:
        inline.year = int(date.group("year"))
        month = int(date.group("month") or 0)
        inline.month = month if 1 <= month <= 12 else None
    inline.affiliations = [part.strip() for part in (match.group("aff") or "").split("/") if part.strip()]
    entry = Entry(index + 1, inline, headings)
    end, section = index + 1, ""
    while end < len(lines):
        line = lines[end].strip()
        heading = HEADING_RE.match(line)
        if (
            re.fullmatch(r"\*{4,}", line)
            or CARD_RE.match(line)
            or (heading and len(heading.group("marks")) < 4)
        ):
            break
        if heading:
            section = heading.group("text").strip().lower()
        else:
            _card_line(entry, line, section)
        end += 1
    entry.inline.title = entry.inline.title or entry.inline.short_name or ""
    return entry, end


def _card_line(entry: Entry, line: str, section: str) -> None:
    if not line or re.fullmatch(r"-{3,}", line):
        return
    icon = ICON_RE.search(line)
    link = LINK_RE.search(line)
    text = re.sub(r"<img[^>]*>", "", line).strip(" -")
    if section.startswith(("implementation", "reference")) and (icon or (link and text.startswith("["))):
        if link:
            _card_link(entry, link.group("text").strip(), link.group("url").strip(), icon)
        return
    if not text:
        return
    if not entry.inline.title and not section and not link:
        entry.inline.title = text
    else:
        entry.inline.notes.append(text)


def _card_link(entry: Entry, label: str, url: str, icon: re.Match[str] | None) -> None:
    if icon or "github.com/" in url.lower():
        framework = icon.group("icon").lower() if icon else None
        official = bool(re.search(r"offici?al", label, re.I))
        entry.code.append({"url": url, "framework": framework, "official": official})
    else:
        entry.inline.links.append((label, url))


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [cell.strip() for cell in cells]


def read_table(lines: list[str], index: int, headings: list[str]) -> tuple[list[Entry], int]:
    """A Markdown table, columns found by their header names (Title/Paper, Venue, Year, Code, ...)."""
    # a header cell may carry layout HTML: 'Year<div style="width:20px">' names the Year column
    header = [
        " ".join(_HTML_TAG_RE.sub(" ", cell).split()).lower().strip("* ") for cell in _split_row(lines[index])
    ]
    roles: dict[int, str] = {}
    for position, name in enumerate(header):
        role = _column_role(name)
        if role == "title" and "title" in roles.values():
            role = "link"
        if (role is not None and role not in roles.values()) or role == "link":
            roles[position] = role
    entries, end = [], index + 2
    while (
        end < len(lines) and lines[end].strip() and (lines[end].strip().startswith("|") or "|" in lines[end])
    ):
        cells = _split_row(lines[end])
        row = {roles[i]: cell for i, cell in enumerate(cells) if i in roles and cell}
        if row.get("title"):
            entries.append(Entry(end + 1, _table_inline(row), headings))
        end += 1
    return entries, end


def _column_role(name: str) -> str | None:
    """The role of a column by its header: 'Conference/Journal' is a venue, '文章名称' a title."""
    for part in [name, *re.split(r"\s*[/&]\s*", name)]:
        for role, names in _COLUMNS.items():
            if part.strip() in names:
                return role
    return None


def _table_inline(row: dict[str, str]) -> Inline:
    inline = parse_inline(re.sub(r"<br\s*/?>|</?div[^>]*>", " ", row["title"], flags=re.I))
    if row.get("authors"):
        inline.authors = split_authors(re.sub(r"<[^>]+>|[*_]", " ", row["authors"]))
    for role in ("link", "code"):
        for match in LINK_RE.finditer(row.get(role, "")):
            label = match.group("text") if role == "link" else "code"
            inline.links.append((label, match.group("url").strip()))
        bare = row.get(role, "")
        if re.fullmatch(r"https?://\S+", bare):
            inline.links.append((role, bare))
    if row.get("venue"):
        for match in LINK_RE.finditer(row["venue"]):  # '[CVPR19](https://arxiv.org/abs/...)'
            inline.links.append(("paper", match.group("url").strip()))
        text = plain_title(row["venue"])
        venue, year, _, found = find_venue_year(text)
        dated = re.fullmatch(r"(?P<venue>.*?)[\s,]*(?P<year>(?:19|20)\d\d)", text)
        if not found and dated:  # 'ACM SIGGRAPH MIG 2023': a venue not known by name, and its year
            text, year = dated.group("venue"), int(dated.group("year"))
        inline.venue = venue if found else (normalise_venue(text) if text.strip(" -") else None)
        inline.year = inline.year or year
    year_cell = re.search(r"(?:19|20)\d\d", row.get("year", ""))
    if year_cell and not (row.get("venue") and inline.year):  # 'ICCV 2023' beats a Year column of 2024
        inline.year = int(year_cell.group(0))
    if row.get("note"):
        inline.notes.append(row["note"])
    return inline
