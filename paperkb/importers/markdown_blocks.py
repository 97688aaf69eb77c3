"""The block structure of a Markdown paper list: headings, (nested) bullets and paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperkb.importers.markdown_inline import (
    GENERIC_LABEL_RE,
    IMAGE_LINK_RE,
    LINK_RE,
    Entry,
    has_cjk,
    parse_inline,
    repair_mojibake,
    split_authors,
)
from paperkb.importers.markdown_shapes import (
    BR_END_RE,
    is_heading_entry,
    is_labelled_entry,
    is_tagged_heading_entry,
    read_br_entry,
    read_heading_entry,
    read_tagged_heading_entry,
    short_name_from_heading,
)
from paperkb.importers.markdown_structured import CARD_RE, HEADING_RE, TABLE_RULE_RE, read_card, read_table

__all__ = ["Document", "Entry", "read_markdown_document"]

BULLET_RE = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*\S)\s*$")
CHECKBOX_RE = re.compile(r"^\[(?P<mark>[ xX])\]\s*")
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_BLOCK_STARTS = ("|", "<", "---", "***", "```", ">", "![")
AUTHOR_LINE_RE = re.compile(r"^(\*|_)[^*_\[\]]+,[^*_\[\]]+\1\.?$")
BARE_URL_RE = re.compile(r"^<?https?://\S+>?$")
# An entry is a line or a few (the longest in the seed lists has 753 characters). Longer text is
# skipped with a warning: some inline patterns take quadratic time on hostile lines (thousands of
# `[a](` with no closing parenthesis), so this bound keeps an import linear in the file's size.
MAX_ENTRY_CHARS = 4_000
# Sections of a list that hold no papers, whatever their links look like.
SKIPPED_SECTION = re.compile(
    r"^(?:contribut\w*|how to contribute|licen[cs]e|acknowledge?ments?|thanks|contact|citation|cite|"
    r"star history|related (?:groups?|lists?|repos?|projects?|works? lists?)|sponsors?|todo|to do)\b",
    re.IGNORECASE,
)


@dataclass
class Document:
    """Every entry of a Markdown file, and the lines that looked like entries but were not."""

    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    too_long: list[tuple[int, int]] = field(default_factory=list)  # (line, characters), skipped
    untitled: list[tuple[int, str]] = field(default_factory=list)  # titled only 'Paper', 'PDF', ...: skipped
    # Lines of '[Venue Year] Title' headings whose write-up under them was not imported.
    write_ups: list[int] = field(default_factory=list)

    @property
    def has_checkboxes(self) -> bool:
        """Whether the list uses `[x]`/`[ ]` (then they give the status)."""
        return any(entry.checkbox is not None for entry in self.entries)

    @property
    def has_strikethrough(self) -> bool:
        """Whether some entries are struck through (then those are the unread ones)."""
        return any(entry.struck for entry in self.entries)


class _Reader:
    def __init__(self, text: str) -> None:
        self.document = Document()
        self.lines: list[str] = []
        text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)  # lines keep their numbers
        for number, line in enumerate(text.splitlines(), 1):
            if len(line) > MAX_ENTRY_CHARS:
                self.document.too_long.append((number, len(line)))
                line = ""
            self.lines.append(repair_mojibake(line.rstrip()))
        self.headings: list[tuple[int, str]] = []
        self.groups: list[tuple[int, str]] = []
        self.any_heading = any(HEADING_RE.match(line) for line in self.lines)

    def heading_path(self) -> list[str]:
        return [text for _, text in self.headings] + [label for _, label in self.groups]

    def set_heading(self, level: int, text: str) -> None:
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        text = LINK_RE.sub(lambda m: m.group("text"), IMAGE_LINK_RE.sub("", text))
        self.headings.append((level, re.sub(r"[*_`]", "", text).strip(" :：")))
        self.groups = []


def read_markdown_document(text: str) -> Document:
    """Parse a whole Markdown paper list into entries."""
    reader = _Reader(text)
    index = 0
    while index < len(reader.lines):
        index = _read_block(reader, index)
    document = reader.document
    if not any(HEADING_RE.match(line) for line in reader.lines):
        # Without a single heading this is running text, not a list: keep only linked entries.
        document.entries = [entry for entry in document.entries if not _is_plain(entry)]
    kept: list[Entry] = []  # one pass: removing from the list one by one is quadratic on long lists
    for entry in document.entries:
        if (entry.inline.title_url or "").startswith("#") or any(
            SKIPPED_SECTION.search(h) for h in entry.headings
        ):
            continue  # a table-of-contents link, or a contributing/licence/... section
        if re.match(r"https?://", entry.inline.title):
            document.skipped.append((entry.line, entry.inline.title))
        elif GENERIC_LABEL_RE.fullmatch(entry.inline.title.strip("[]*_ ")):
            document.untitled.append((entry.line, entry.inline.title))
        else:
            kept.append(entry)
    document.entries = kept
    return document


def _is_plain(entry: Entry) -> bool:
    inline = entry.inline
    return entry.checkbox is None and not (inline.title_url or inline.links or inline.venue or entry.code)


def _next_line(lines: Sequence[str], index: int) -> int | None:
    """The index of the first non-blank line from `index` on."""
    while index < len(lines):
        if lines[index].strip():
            return index
        index += 1
    return None


def _read_block(reader: _Reader, index: int) -> int:
    line = reader.lines[index]
    stripped = line.strip()
    if not stripped:
        return index + 1
    heading = HEADING_RE.match(line)
    if heading and is_heading_entry(heading.group("text")):
        entry, end = read_heading_entry(reader.lines, index, heading.group("text"), reader.heading_path())
        reader.document.entries.append(entry)
        return end
    if heading and is_tagged_heading_entry(heading.group("text")):
        level = len(heading.group("marks"))
        entry, end, left_out = read_tagged_heading_entry(
            reader.lines, index, level, heading.group("text"), reader.heading_path()
        )
        reader.document.entries.append(entry)
        if left_out:
            reader.document.write_ups.append(entry.line)
        return end
    below = _next_line(reader.lines, index + 1) if heading else None
    if heading and below is not None and is_labelled_entry(reader.lines[below]):
        # '#### HDRUNet ★' right over '**[Paper]** ...': the paper's name, not a topic
        entry, end = read_br_entry(reader.lines, below, reader.heading_path())
        short_name_from_heading(heading.group("text"), entry.inline)
        reader.document.entries.append(entry)
        return end
    if heading:
        if not LINK_RE.fullmatch(heading.group("text").strip()):  # '## [video](url)' names no section
            reader.set_heading(len(heading.group("marks")), heading.group("text"))
        return index + 1
    if BR_END_RE.search(stripped) and not stripped.startswith("|"):
        entry, end = read_br_entry(reader.lines, index, reader.heading_path())
        if entry.inline.title:
            reader.document.entries.append(entry)
        return end
    if CARD_RE.match(stripped):
        entry, end = read_card(reader.lines, index, reader.heading_path())
        reader.document.entries.append(entry)
        return end
    following = reader.lines[index + 1] if index + 1 < len(reader.lines) else ""
    if "|" in stripped and TABLE_RULE_RE.match(following):
        entries, end = read_table(reader.lines, index, reader.heading_path())
        reader.document.entries.extend(entries)
        return end
    if BULLET_RE.match(line):
        return _read_bullet(reader, index)
    reader.groups = []
    if BARE_URL_RE.match(stripped):
        reader.document.skipped.append((index + 1, stripped.strip("<>")))
    elif re.match(r"^(~~)?(\*\*)?\[(?!!)[^\]]+\]\(", stripped) and (
        reader.headings or not reader.any_heading
    ):
        _add_entry(reader, index, stripped, None)  # a link above the first heading introduces the list
    return index + 1


def _add_entry(
    reader: _Reader, index: int, text: str, checkbox: bool | None, extra: Sequence[str] = ()
) -> None:
    struck = text.startswith("~~")
    if struck:
        text = text[2:]
        close = text.find("~~")
        text = text[:close] + text[close + 2 :] if close >= 0 else text
    if (
        AUTHOR_LINE_RE.match(text.strip()) and reader.document.entries
    ):  # '*A. Smith, B. Jones*' under an entry
        previous = reader.document.entries[-1].inline
        previous.authors = previous.authors or split_authors(text.strip().strip("*_"))
        return
    inline = parse_inline(text)
    inline.notes.extend(extra)
    if not inline.title and not inline.title_url:
        if inline.links and inline.year:  # '- [Paper](url), CVPR 2020': a paper, but which?
            reader.document.untitled.append((index + 1, inline.links[0][0]))
        return
    parent = reader.groups[-1][1] if reader.groups else None
    reader.document.entries.append(
        Entry(index + 1, inline, reader.heading_path(), checkbox, struck, [], parent)
    )


def _read_bullet(reader: _Reader, index: int) -> int:
    match = BULLET_RE.match(reader.lines[index])
    assert match is not None
    indent = len(match.group("indent").expandtabs(4))
    while reader.groups and reader.groups[-1][0] >= indent:
        reader.groups.pop()
    text, end, extra = _gather_continuation(reader, index, indent, match.group("text"))
    if len(text) > MAX_ENTRY_CHARS:
        reader.document.too_long.append((index + 1, len(text)))
        return end
    box = CHECKBOX_RE.match(text)
    checkbox = None if box is None else box.group("mark").lower() == "x"
    text = text[box.end() :] if box else text
    if checkbox is None and _is_group_label(reader, text, end, indent):
        reader.groups.append((indent, re.sub(r"[*_`]", "", text).strip(" :：")))
        return end
    _add_entry(reader, index, text, checkbox, extra)
    return end


def _gather_continuation(reader: _Reader, index: int, indent: int, text: str) -> tuple[str, int, list[str]]:
    """Lines indented under a bullet belong to it; a paragraph after a blank line is a note."""
    parts, extra, end = [text], [], index + 1
    while end < len(reader.lines):
        line = reader.lines[end]
        if not line.strip():
            nxt = next((j for j in range(end, len(reader.lines)) if reader.lines[j].strip()), None)
            if nxt is None or not _continues(reader.lines[nxt], indent):
                break
            extra.append(reader.lines[nxt].strip())
            end = nxt + 1
            continue
        if not _continues(line, indent, lazy=not extra):
            break
        (extra if extra else parts).append(line.strip())
        end += 1
    return " ".join(parts), end, extra


def _continues(line: str, indent: int, lazy: bool = False) -> bool:
    """An indented line belongs to the bullet above; so does an unindented one right under it (lazy)."""
    own = len(line) - len(line.lstrip())
    if BULLET_RE.match(line) or HEADING_RE.match(line.strip()):
        return False
    # Lazily only a line with a link (or a link's end): running text under a bullet stays apart.
    return own > indent or (lazy and "](" in line and not line.lstrip().startswith(_BLOCK_STARTS))


def _is_group_label(reader: _Reader, text: str, end: int, indent: int) -> bool:
    if LINK_RE.search(text) or "[[" in text:
        return False
    name, sep, note = re.sub(r"：", ": ", text).partition(": ")
    if sep and note.strip():
        return False
    lines = reader.lines  # no slice: copying the rest of the file for every bullet is quadratic
    nxt = next((lines[j] for j in range(end, len(lines)) if lines[j].strip()), "")
    child = BULLET_RE.match(nxt)
    has_children = bool(child and len(child.group("indent").expandtabs(4)) > indent)
    # A few CJK characters alone ('超分') name a topic, not a paper.
    topic_word = has_cjk(name) and not re.search(r"[A-Za-z0-9]", name) and len(name.strip()) <= 6
    return has_children or topic_word
