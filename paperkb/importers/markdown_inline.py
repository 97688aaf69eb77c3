"""One Markdown list entry: its title, links, venue and year, notes; and mojibake repair."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import ftfy
from ftfy.badness import is_bad

from paperkb.records.venues import KNOWN_VENUES, normalise_venue

# Repair text only; never unescape HTML or fold full-width punctuation (：（）) to ASCII.
FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    normalization=None,
    explain=False,
)
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# The label stops at '[' too: otherwise every '[[' of a long line scans to its end (quadratic).
AUX_LINK_RE = re.compile(r"\[\[(?P<label>[^\[\]]*)\]\s*\]\((?P<url>[^)]*)\)")
LINK_RE = re.compile(r"(?<!!)\[(?P<text>[^\[\]]+)\]\((?P<url>[^)]*)\)")
IMAGE_LINK_RE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)")
BOLD_RE = re.compile(r"^\*\*(?P<text>[^*]+)\*\*|^__(?P<text2>[^_]+)__")
_VENUE_WORDS = "|".join(sorted((re.escape(name) for name in KNOWN_VENUES), key=len, reverse=True))
YEAR = r"(?:19[89]\d|20\d\d)"  # a year a list gives for a paper
_VENUE_YEAR = re.compile(
    rf"(?<![\w])(?:(?P<v1>{_VENUE_WORDS})[\s,'’]*(?P<y1>{YEAR})"
    rf"|(?P<ym>{YEAR}(?:0[1-9]|1[0-2]))\s*arxiv"  # '202003 arXiv'
    rf"|(?P<y2>{YEAR})[\s,]*(?P<v2>{_VENUE_WORDS})"
    rf"|(?P<v3>{_VENUE_WORDS})(?P<yy>[0-3]\d)"  # 'CVPR19', 'TPAMI20'
    rf"|arxiv\s(?P<yymm>\d\d(?:0[1-9]|1[0-2])))(?![\w])",
    re.IGNORECASE,
)
# Whatever an awesome list wraps around an entry: inline HTML, escaped brackets, nested link labels.
_HTML_TAG_RE = re.compile(r"</?(?:span|a|div|p|font|b|i|strong|em|sup|sub|ins|u|small|center)\b[^>]*>", re.I)
_NESTED_LINK_RE = re.compile(r"\[\s*\[(?P<label>[^\[\]]*)\]\((?P<url>[^()\s]*)\)\s*\]")
_CODE_LABEL_RE = re.compile(r"\[`(?P<label>[^`\[\]]+)`\]\(")
_SHORT_YEAR_TAG = re.compile(r"^(?P<venue>[A-Za-z][A-Za-z ]{0,20}?)\s*['’](?P<yy>\d\d)(?:\.(?P<mm>\d\d))?$")
GENERIC_LABEL_RE = re.compile(
    r"(?:paper|pdf|arxiv|code|project|project page|link|github|video|website|homepage|web|demo|📄|🖥️)", re.I
)
_HONOUR_RE = re.compile(r"\b(?:oral|spotlight|poster|highlight|best paper(?: award)?(?: candidate)?)\b", re.I)
_CODE_TAG_RE = re.compile(r"`(\[[^\[\]`]+\])`")
_WORKSHOP_RE = re.compile(r"\b(CVPR|ICCV|ECCV)\s*Workshops?\b", re.I)
_DATE_RE = re.compile(rf"\b(?P<year>{YEAR})-(?P<month>0[1-9]|1[0-2])-\d\d\b")
_YEAR_VENUE_NOTE = re.compile(
    rf"^(?:(?P<y1>{YEAR})\s+(?P<v1>[A-Za-z][\w&.+-]*(?: [A-Za-z][\w&.+-]*){{0,2}})"
    rf"|(?P<v2>[A-Za-z][\w&.+-]*(?: [A-Za-z][\w&.+-]*){{0,2}})\s+(?P<y2>{YEAR}))$"
)
_TAIL_VENUE_YEAR = re.compile(
    rf"^(?P<venue>[A-Za-z][\w&.'’ /-]{{0,60}}?)?[\s,]*(?P<year>{YEAR})\b\.?\s*(?P<rest>.*)$"
)


_LEFTOVER = " .,;:()-–—|"
SHORT_NAME_MAX = 80
_PLAIN_TAIL = re.compile(rf"^(?P<title>.+)\.\s+(?:(?P<venue>[^.]{{1,60}}?),?\s+)?(?P<year>{YEAR})\.?$")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as another encoding, only where the text really is mojibake."""
    if not text or text.isascii() or not is_bad(text):
        return text
    return ftfy.fix_text(text, FTFY_CONFIG)


def has_cjk(text: str) -> bool:
    """Whether the text contains Chinese, Japanese or Korean characters."""
    return bool(CJK_RE.search(text))


@dataclass
class Inline:
    """What one entry's text says: the title and everything around it."""

    title: str = ""
    short_name: str | None = None
    title_url: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)
    venue: str | None = None
    year: int | None = None
    month: int | None = None
    notes: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)


@dataclass
class Entry:
    """One paper as the list wrote it, with the headings above it."""

    line: int
    inline: Inline
    headings: list[str]
    checkbox: bool | None = None
    struck: bool = False
    code: list[dict[str, Any]] = field(default_factory=list)
    parent_label: str | None = None


def _strip_emphasis(text: str) -> str:
    return re.sub(r"(\*\*|__|\*|(?<!\w)_(?!\s))", "", text)


def find_venue_year(text: str) -> tuple[str | None, int | None, int | None, re.Match[str] | None]:
    """The first 'CVPR 2019', '2019 ICCV', '2023CVPR' or 'arXiv 2308' in the text."""
    match = _VENUE_YEAR.search(text)
    if not match:
        return None, None, None, None
    if match.group("yymm"):
        yymm = match.group("yymm")
        return "arXiv", 2000 + int(yymm[:2]), int(yymm[2:]), match
    if match.group("ym"):
        return "arXiv", int(match.group("ym")[:4]), int(match.group("ym")[4:]), match
    if match.group("yy"):
        return normalise_venue(match.group("v3")), 2000 + int(match.group("yy")), None, match
    venue = match.group("v1") or match.group("v2")
    year = match.group("y1") or match.group("y2")
    return normalise_venue(venue), int(year), None, match


def normalise_entry_text(text: str) -> str:
    """An entry without inline HTML and escapes, nested link labels made plain: `[[Paper](u)]` -> `[Paper](u)`."""
    text = _HTML_TAG_RE.sub(" ", text).replace("\\[", "[").replace("\\]", "]")
    text = _CODE_LABEL_RE.sub(lambda m: f"[{m.group('label')}](", text)
    text = _CODE_TAG_RE.sub(r"\1", text)  # '`[NeurIPS 2022]`'
    text = _NESTED_LINK_RE.sub(lambda m: f" [{m.group('label')}]({m.group('url')}) ", text)
    return _WORKSHOP_RE.sub(lambda m: m.group(1).upper() + "W", text).strip()


def plain_title(text: str) -> str:
    """A title as plain text: link syntax, emphasis, code marks and stray brackets removed."""
    text = LINK_RE.sub(lambda m: m.group("text"), text)
    text = _strip_emphasis(text).replace("`", "")
    return " ".join(text.split()).rstrip(" .,;:-–—|")


def _trailing_note(text: str) -> tuple[str, str | None]:
    """Split off a final '(...)' (balanced) from the text; a link's '[label](url)' is not one."""
    stripped = text.rstrip(" .")
    if not stripped.endswith(")"):
        return text, None
    depth = 0
    for index in range(len(stripped) - 1, -1, -1):
        depth += (stripped[index] == ")") - (stripped[index] == "(")
        if depth == 0:
            if stripped[index - 1 : index] == "]":
                return text, None
            return stripped[:index].rstrip(), stripped[index + 1 : -1].strip()
    return text, None


def _venue_from_rest(rest: str, found: Inline) -> str:
    """Take venue and year from the text after the title; what is left over is returned."""
    plain = _strip_emphasis(rest).strip(" .,;")
    for candidate in re.findall(r"\[([^\[\]]+)\](?!\()", plain):  # '[CVPR 2023]' tags
        plain = plain.replace(f"[{candidate}]", candidate)
    plain = plain.replace("`", " ")
    venue, year, month, match = find_venue_year(plain)
    if match:
        found.venue, found.year, found.month = venue, year, month
        return (plain[: match.start()] + " " + plain[match.end() :]).strip(_LEFTOVER)
    date = _DATE_RE.search(plain)
    if date:
        found.year, found.month = int(date.group("year")), int(date.group("month"))
        return (plain[: date.start()] + " " + plain[date.end() :]).strip(_LEFTOVER)
    tail = _TAIL_VENUE_YEAR.match(plain)
    if tail:
        venue_text = (tail.group("venue") or "").strip(" ,.")
        found.venue = normalise_venue(venue_text) if venue_text else None
        found.year = int(tail.group("year"))
        return tail.group("rest").strip(_LEFTOVER)
    return plain.strip(_LEFTOVER)


def _split_name_note(text: str) -> tuple[str, str | None]:
    """'Name：说明' or 'Name: 说明' (001 style); a colon inside an English title stays."""
    if "：" in text:
        name, _, note = text.partition("：")
        return name.strip(), note.strip()
    name, sep, note = text.partition(": ")
    if not sep and text.rstrip().endswith(":"):
        return text.rstrip()[:-1].strip(), ""
    if sep and (has_cjk(note) or len(note.split()) <= 1):
        return name.strip(), note.strip()
    return text.strip(), None


def parse_inline(text: str) -> Inline:
    """Read one entry; the title is the leading link, bold text, or the text before the venue."""
    found = Inline()
    text = normalise_entry_text(IMAGE_LINK_RE.sub("", text))
    found.short_name, text = _leading_short_name(text)
    for match in AUX_LINK_RE.finditer(text):
        found.links.append((match.group("label").strip(), match.group("url").strip()))
    text = AUX_LINK_RE.sub(" ", text).strip()
    tag = re.match(r"^(?:\*\*)?\[(?P<tag>[^\[\]]+)\](?:\*\*)?(?!\()\s*", text)
    short_year = _SHORT_YEAR_TAG.match(tag.group("tag").strip()) if tag else None
    if tag and short_year:  # "[CVPR'21]", "[arXiv'21.06]"
        found.venue = normalise_venue(short_year.group("venue"))
        found.year = (
            2000 + int(short_year.group("yy"))
            if int(short_year.group("yy")) < 70
            else 1900 + int(short_year.group("yy"))
        )
        found.month = (
            int(short_year.group("mm"))
            if short_year.group("mm") and 1 <= int(short_year.group("mm")) <= 12
            else None
        )
        text = text[tag.end() :]
    elif tag and _looks_like_venue(tag.group("tag")):
        found.venue, found.year, found.month, _ = find_venue_year(_strip_emphasis(tag.group("tag")))
        text = text[tag.end() :]
    elif tag and LINK_RE.match(text[tag.end() :]) and len(tag.group("tag")) <= SHORT_NAME_MAX:
        found.short_name = found.short_name or tag.group("tag").strip()  # '[FOMM] [First order ...](url)'
        text = text[tag.end() :]
    text = re.sub(r"^(\*\*|__)(\[[^\[\]]+\]\([^)]*\))\1", r"\2", text)  # **[Title](url)**
    lead = LINK_RE.match(text) or BOLD_RE.match(text)
    if lead is not None and GENERIC_LABEL_RE.fullmatch((lead.groupdict().get("text") or "").strip()):
        lead = None  # '[paper](url) Title ...': the link is not the title
    if lead is not None and not _named_then_titled(text, lead, found):
        _read_led_entry(text, lead, found)
    elif lead is None:
        _read_plain_entry(text, found)
    found.title = plain_title(found.title)
    _short_from_title(found)
    return found


def _named_then_titled(text: str, lead: re.Match[str], found: Inline) -> bool:
    """'**UADFV**: Exposing Deep Fakes Using Inconsistent Head Poses. [Paper](url)': a name, then the title."""
    name = lead.groupdict().get("text") or lead.groupdict().get("text2")
    rest = text[lead.end() :]
    if not name or lead.groupdict().get("url") is not None or not re.match(r"\s*[:：]\s*", rest):
        return False
    head = re.split(r"(?<!\!)\[[^\[\]]*\]\(", rest, maxsplit=1)[0].strip(" :：")
    if len(name.split()) > 4 or len(head.split()) < 3 or has_cjk(head):
        return False
    found.short_name = _strip_emphasis(name).strip()
    found.title = head
    for match in LINK_RE.finditer(rest):
        found.links.append((match.group("text").strip(), match.group("url").strip()))
    _venue_from_rest(LINK_RE.sub(" ", rest[rest.find(head) + len(head) :]), found)
    return True


def _read_led_entry(text: str, lead: re.Match[str], found: Inline) -> None:
    groups = lead.groupdict()
    found.title = _strip_emphasis(groups.get("text") or groups.get("text2") or "")
    found.title_url = groups.get("url")
    rest = text[lead.end() :].strip()
    after = re.split(r"(?<!\!)\[[^\[\]]*\]\(|\s[(`]|\s\*", rest, maxsplit=1)[0].strip(" .,")
    if (
        found.title_url is not None
        and len(found.title.split()) <= 2
        and len([word for word in after.split() if re.search(r"[^\W\d_]{2}", word)]) >= 3
        and re.match(r"[^\W\d_]", after) is not None
        and not has_cjk(after)
        and not re.search(rf"{YEAR}\W*$", after)  # '[T](url) Transactions on Graphics, 2016': a venue
    ):
        found.short_name = found.short_name or found.title.strip()  # '[**pSp**](url) Encoding in Style: ...'
        found.title = after
        rest = rest[rest.find(after) + len(after) :]
    if rest[:1] in (":", "："):
        found.notes.append(rest[1:].strip())
        return
    rest, note = _trailing_note(rest)
    if note is not None and not _looks_like_venue(note):
        found.notes.append(note)
    elif note is not None:
        rest = f"{rest} {note}"
    for match in LINK_RE.finditer(rest):
        found.links.append((match.group("text").strip(), match.group("url").strip()))
    rest = LINK_RE.sub(" ", rest)
    authors = re.search(r"(?<!\*)\*(?P<names>[^*]+,[^*]+)\*(?!\*)", rest)
    if authors:
        found.authors = split_authors(authors.group("names"))
        rest = rest.replace(authors.group(0), " ")
    leftover = _venue_from_rest(rest, found)
    if len(leftover) <= 40 and re.search(r"[^\W\d_]", leftover) and not re.search(r"\d", leftover):
        found.affiliations.append(leftover)


def _leading_short_name(text: str) -> tuple[str | None, str]:
    """'(FaceScape (Detailed3DFace)) Title' -> ('FaceScape (Detailed3DFace)', 'Title')."""
    if not text.startswith("("):
        return None, text
    depth = 0
    for index, char in enumerate(text[: SHORT_NAME_MAX + 2]):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            name = text[1:index].strip()
            return (name or None), text[index + 1 :].lstrip()
    return None, text


# 'Afchar et al. (2018) — Title', 'Güera & Delp (2018) – Title', 'Fridrich and Kodovský (2012): Title'
# (a cited work: 'FaceShifter (2020): Towards ...' is not one, its name is no author list).
_CITED_RE = re.compile(
    rf"^(?P<authors>[^\W\d][^()—–:\[\]]{{0,80}}?(?:\bet al\.?|\s(?:&|and)\s[^()—–:]+?))"
    rf"\s*\((?P<year>{YEAR})[a-z]?\)\s*[—–:]\s*(?P<title>\S.*)$"
)


def _read_plain_entry(text: str, found: Inline) -> None:
    if LINK_RE.search(text):  # 'Title (*2019 ICCV*) [[Paper](url)] [[Code](url)]': links after the title
        found.links.extend((m.group("text").strip(), m.group("url").strip()) for m in LINK_RE.finditer(text))
        text = LINK_RE.sub(" ", text).strip(" .,;·•|")
    cited = _CITED_RE.match(text)
    if cited:  # 'Rössler et al. (2019) — *FaceForensics++: ...*': surnames only, so no authors taken
        found.title, found.year = (
            _strip_emphasis(cited.group("title")).strip(" .,;·•|"),
            int(cited.group("year")),
        )
        return
    text, note = _trailing_note(text)
    if note is not None and _note_venue_year(note, found):
        note = None
    if note is not None and not _looks_like_venue(note):
        found.notes.append(note)
    elif note is not None:
        text = f"{text} {note}"
    plain = _strip_emphasis(text).replace("`", " ")
    venue, year, month, match = find_venue_year(plain) if found.year is None else (None, None, None, None)
    name, described = _split_name_note(text) if match is None else (text, None)
    if described is not None:
        found.title = name
        if described:
            found.notes.append(described)
        return
    if found.year is not None:
        found.title = plain
        return
    if match:
        before, after = plain[: match.start()].strip(" .,[("), plain[match.end() :].strip(" .,])")
        found.title = before or after  # '[CVPR 2023] Title' has the venue first
        found.venue, found.year, found.month = venue, year, month
        return
    tail = _PLAIN_TAIL.match(plain)  # 'Title. Some Venue, 2020.' or 'Title. 2021.'
    if tail:
        found.title, found.year = tail.group("title"), int(tail.group("year"))
        found.venue = normalise_venue(tail.group("venue")) if tail.group("venue") else None
        return
    bare = re.match(rf"^(?P<title>.+?)[\s,(]+(?P<year>{YEAR})\)?$", plain.strip())  # 'Title 2004'
    if bare and len(bare.group("title").split()) >= 2:
        found.title, found.year = bare.group("title"), int(bare.group("year"))
        return
    found.title = plain


def _note_venue_year(note: str, found: Inline) -> bool:
    """'(*2018 IH&MMSec*)', '(*202003 arXiv*)': a venue and year in parentheses, known or not."""
    plain = _strip_emphasis(note).strip()
    venue, year, month, match = find_venue_year(plain)
    if match and len(plain) - (match.end() - match.start()) <= 3:
        found.venue, found.year, found.month = venue, year, month
        return True
    other = _YEAR_VENUE_NOTE.match(plain)
    if other:
        found.venue = normalise_venue(other.group("v1") or other.group("v2"))
        found.year = int(other.group("y1") or other.group("y2"))
        return True
    return False


def _looks_like_venue(note: str) -> bool:
    plain = _HONOUR_RE.sub("", _strip_emphasis(note)).strip(" ,")  # 'CVPR 2020 Oral
    match = find_venue_year(plain)[3]
    return bool(match and len(plain) - (match.end() - match.start()) <= 3) or bool(re.fullmatch(YEAR, plain))


def _short_from_title(found: Inline) -> None:
    """'Face Swapping GAN(FSGAN)' -> short name FSGAN; a title that is only '(3DMM)' is its name."""
    match = re.search(r"\((?P<short>[A-Za-z][\w.+-]{1,20})\)$", found.title)
    if match and not found.short_name:
        found.short_name = match.group("short")
    if not found.title and found.short_name:
        found.title = found.short_name


def split_authors(text: str) -> list[str]:
    """'A, B and C', 'A; B', 'A，B', 'A, B, et al.' -> names ('et al.' and 'others' left out)."""
    text = re.sub(r"\s*\bet\.?\s*al\.?\s*$", "", " ".join(text.split()))
    names = re.split(r"\s*(?:[,;，；、]|\band\b)\s*", text)
    return [
        name.strip(" .")
        for name in names
        if name.strip(" .") and name.strip(" .").lower() not in ("et al", "others")
    ]


def notes_by_script(parts: list[str]) -> dict[str, Any]:
    """Notes with CJK text go to zh, the others to en; several parts become lines."""
    buckets: dict[str, list[str]] = {"en": [], "zh": []}
    for part in parts:
        text = part.strip()
        if text and text.lower().rstrip(".") != "todo":
            buckets["zh" if has_cjk(text) else "en"].append(text)
    return {lang: "\n".join(texts) for lang, texts in buckets.items() if texts}
