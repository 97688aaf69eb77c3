"""Fill a record from the arXiv API (Atom): title, authors, year, abstract, category, version."""

from __future__ import annotations

import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from typing import Any

from paperkb import __version__
from paperkb.records.arxiv_id import parse_arxiv, split_arxiv_version

DEFAULT_API = "https://export.arxiv.org/api/query"
API_ENV = "PAPERKB_ARXIV_API"
TIMEOUT_S = 15.0
TOTAL_TIMEOUT_S = 60.0  # for all the ids of one `paperkb add`, however slowly a server answers
MAX_RESPONSE_BYTES = 5_000_000  # one entry is a few kilobytes; a feed this big is not an answer
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


class ArxivError(Exception):
    """The API could not give a record: a message and a hint for the user."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def api_url(arxiv_id: str) -> str:
    """The query URL for one id; the base comes from $PAPERKB_ARXIV_API when set."""
    base = os.environ.get(API_ENV) or DEFAULT_API
    return f"{base}?{urllib.parse.urlencode({'id_list': arxiv_id, 'max_results': 1})}"


def fetch_atom(url: str, timeout: float = TIMEOUT_S, deadline: float | None = None) -> bytes:
    """GET the Atom feed, at most MAX_RESPONSE_BYTES and until `deadline`; failures are ArxivErrors."""
    deadline = deadline if deadline is not None else time.monotonic() + TOTAL_TIMEOUT_S
    request = urllib.request.Request(url, headers={"User-Agent": f"paperkb/{__version__}"})
    hint = f"check the network connection (or set {API_ENV} to another API address)"
    try:
        wait = max(0.1, min(timeout, deadline - time.monotonic()))
        with urllib.request.urlopen(request, timeout=wait) as response:
            return _read_bounded(response, url, deadline)
    except urllib.error.HTTPError as exc:
        raise ArxivError(f"the arXiv API answered HTTP {exc.code} {exc.reason} for {url}", hint) from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
        raise ArxivError(f"cannot reach the arXiv API at {url}: {reason}", hint) from exc
    except TimeoutError as exc:
        raise ArxivError(f"the arXiv API at {url} did not answer within {timeout:.0f} s", hint) from exc
    except OSError as exc:
        raise ArxivError(f"cannot reach the arXiv API at {url}: {exc.strerror or exc}", hint) from exc


def _read_bounded(response: Any, url: str, deadline: float) -> bytes:
    """The body, read in pieces: a server that sends too much, or too slowly, is cut off."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise ArxivError(
                f"the arXiv API at {url} took longer than {TOTAL_TIMEOUT_S:.0f} s in all", "try later"
            )
        chunk = response.read(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            message = f"the arXiv API at {url} sent more than {MAX_RESPONSE_BYTES // 1_000_000} MB"
            raise ArxivError(message, f"check {API_ENV}")


def _text(node: ET.Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def parse_atom(data: bytes, wanted: str) -> dict[str, Any]:
    """The draft fields of the entry for `wanted` in an Atom feed; ArxivError otherwise.

    An answer for another paper is refused, not taken: the first entry is not always the one asked for.
    """
    entries = _feed_entries(data)
    if not entries:
        raise ArxivError(f"arXiv has no paper with the id {wanted}", "check the id on https://arxiv.org")
    bare = split_arxiv_version(wanted)[0]
    for entry in entries:
        found = parse_arxiv(_text(entry.find("atom:id", _NS)))
        if found and found[0] == bare:
            return _entry_fields(entry, wanted)
    others = ", ".join(str((parse_arxiv(_text(e.find("atom:id", _NS))) or ("?",))[0]) for e in entries[:3])
    raise ArxivError(
        f"the arXiv API answered with another paper ({others}) when asked for {wanted}; nothing taken",
        f"check {API_ENV}, or try later",
    )


def parse_atom_file(data: bytes) -> list[dict[str, Any]]:
    """The draft fields of every entry of a saved Atom feed (an arXiv API answer)."""
    return [_entry_fields(entry, "") for entry in _feed_entries(data)]


def _feed_entries(data: bytes) -> list[ET.Element]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        snippet = " ".join(data[:60].decode("utf-8", "replace").split())
        raise ArxivError(
            f"the arXiv API sent something that is not Atom XML: '{snippet}'", "try later"
        ) from exc
    entries = root.findall("atom:entry", _NS)
    for entry in entries:
        entry_id = _text(entry.find("atom:id", _NS))
        if "/api/errors" in entry_id or _text(entry.find("atom:title", _NS)) == "Error":
            message = _text(entry.find("atom:summary", _NS)) or "unknown error"
            raise ArxivError(f"the arXiv API reported an error: {message}", "check the arXiv id")
    return [entry for entry in entries if _text(entry.find("atom:title", _NS))]


def _entry_fields(entry: ET.Element, wanted: str) -> dict[str, Any]:
    parsed = parse_arxiv(_text(entry.find("atom:id", _NS))) or (wanted, None)
    arxiv_id, version = parsed
    published = _text(entry.find("atom:published", _NS))
    primary = entry.find("arxiv:primary_category", _NS)
    category = primary.get("term") if primary is not None else None
    if category is None:
        first = entry.find("atom:category", _NS)
        category = first.get("term") if first is not None else None
    year, month = (
        (int(published[:4]), int(published[5:7])) if re.match(r"\d{4}-\d\d", published) else (None, None)
    )
    venue, venue_year = _venue_of(entry)
    return {
        "title": _clean(_text(entry.find("atom:title", _NS))),
        "authors": [_clean(_text(a.find("atom:name", _NS))) for a in entry.findall("atom:author", _NS)],
        "year": venue_year or year,
        "month": None if venue_year and venue_year != year else month,
        "venue": venue,
        "arxiv": arxiv_id,
        "arxiv_version": version,
        "arxiv_category": category,
        "doi": _clean(_text(entry.find("arxiv:doi", _NS))) or None,
        "abstract": _clean(_text(entry.find("atom:summary", _NS))) or None,
    }


def _venue_of(entry: ET.Element) -> tuple[str, int | None]:
    """Venue and year from `journal_ref` ('CVPR 2021', 'IEEE TPAMI 44(3), 2022'), else the comment."""
    from paperkb.importers.markdown_inline import find_venue_year  # the venue spellings lists use
    from paperkb.records.venues import normalise_venue

    journal = _clean(_text(entry.find("arxiv:journal_ref", _NS)))
    comment = _clean(_text(entry.find("arxiv:comment", _NS)))
    for text in (journal, comment):
        venue, year, _, match = find_venue_year(text)
        if match and venue and venue != "arXiv":
            return venue, year
    if journal:
        year_match = re.search(r"\b(19|20)\d\d\b", journal)
        name = re.split(r"[,(\d]", journal, maxsplit=1)[0].strip(" .")
        return normalise_venue(name) if name else "arXiv", int(year_match.group(0)) if year_match else None
    return "arXiv", None


def _clean(text: str) -> str:
    """Text from the API without control characters (they would reach papers.yaml and terminals)."""
    return _CONTROL_RE.sub("", text)


def normalise_arxiv_input(text: str) -> tuple[str, int | None] | None:
    """Any way of writing an arXiv id (abs/pdf URL, arXiv:, old style, version) -> (id, version)."""
    cleaned = text.strip().strip("<>")
    parsed = parse_arxiv(cleaned)
    if parsed is None and cleaned.lower().endswith(".pdf"):
        parsed = parse_arxiv(cleaned[:-4])
    if parsed is None:
        return None
    arxiv_id, version = parsed
    bare, split_version = split_arxiv_version(arxiv_id)
    return bare, version if version is not None else split_version


def fetch_arxiv_record(
    text: str, timeout: float = TIMEOUT_S, deadline: float | None = None
) -> dict[str, Any]:
    """Draft fields for an arXiv id or URL, fetched from the API."""
    parsed = normalise_arxiv_input(text)
    if parsed is None:
        raise ArxivError(
            f"'{text}' is not an arXiv id or URL",
            "write e.g. 1908.05932, arXiv:1908.05932v2, https://arxiv.org/abs/1908.05932 or cs/0112017",
        )
    arxiv_id, version = parsed
    query = f"{arxiv_id}v{version}" if version else arxiv_id
    fields = parse_atom(fetch_atom(api_url(query), timeout, deadline), query)
    if version:
        fields["arxiv_version"] = version
    return fields
