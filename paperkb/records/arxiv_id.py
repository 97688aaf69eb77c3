"""arXiv identifiers: the two id schemes, versions kept apart, ids found in URLs."""

from __future__ import annotations

import re

# New scheme (0704.0001 onwards: YYMM.NNNN, 5 digits from 1501) and old scheme (archive/YYMMNNN).
ARXIV_ID_RE = re.compile(r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7})")
_NEW_ID_RE = re.compile(r"([0-9]{2})([0-9]{2})\.[0-9]{4,5}")
_OLD_ID_RE = re.compile(r"[a-z-]+(?:\.[A-Z]{2})?/([0-9]{2})([0-9]{2})[0-9]{3}")
_VERSION_RE = re.compile(r"^(.*?)v([0-9]+)$")
_URL_RE = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/"
    r"(?P<id>[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7})"
    r"(?:v(?P<version>[0-9]+))?",
    re.IGNORECASE,
)
_BARE_RE = re.compile(
    r"^(?:arxiv:\s*)?(?P<id>[0-9]{4}\.[0-9]{4,5}|[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/[0-9]{7})"
    r"(?:v(?P<version>[0-9]+))?(?:\.pdf)?$",
    re.IGNORECASE,
)


def split_arxiv_version(text: str) -> tuple[str, int | None]:
    """'1908.05932v2' -> ('1908.05932', 2); no version -> (text, None)."""
    match = _VERSION_RE.match(text)
    if match and ARXIV_ID_RE.fullmatch(match.group(1)):
        return match.group(1), int(match.group(2))
    return text, None


def parse_arxiv(text: str) -> tuple[str, int | None] | None:
    """Normalise any common spelling (id, arXiv:id, abs/pdf URL, with version) to (id, version)."""
    text = text.strip()
    match = _URL_RE.search(text) or _BARE_RE.match(text)
    if not match:
        return None
    version = match.group("version")
    return _normalise_case(match.group("id")), int(version) if version else None


def _normalise_case(arxiv_id: str) -> str:
    if "/" in arxiv_id:
        archive, number = arxiv_id.split("/", 1)
        head, _, sub = archive.partition(".")
        return f"{head.lower()}{'.' + sub.upper() if sub else ''}/{number}"
    return arxiv_id


def find_arxiv_ids(text: str) -> list[str]:
    """Every arXiv id linked in free text (arxiv.org URLs), in order, without duplicates."""
    seen: dict[str, None] = {}
    for match in _URL_RE.finditer(text):
        seen.setdefault(_normalise_case(match.group("id")), None)
    return list(seen)


def abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/pdf/{arxiv_id}"


def arxiv_posted(arxiv_id: str) -> tuple[int, int] | None:
    """(year, month) an arXiv id was first posted: '2008.00951' -> (2020, 8), 'cs/0112017' -> (2001, 12)."""
    match = _NEW_ID_RE.fullmatch(arxiv_id) or _OLD_ID_RE.fullmatch(arxiv_id)
    if not match:
        return None
    yy, month = int(match.group(1)), int(match.group(2))
    year = 2000 + yy if yy < 91 else 1900 + yy  # arXiv began in August 1991
    return (year, month) if 1 <= month <= 12 else None
