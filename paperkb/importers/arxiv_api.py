"""Fill a record from the arXiv API (Atom): title, authors, year, abstract, category, version."""

from __future__ import annotations

import os
import re
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


def fetch_atom(url: str, timeout: float = TIMEOUT_S) -> bytes:
    """GET the Atom feed; every network failure becomes an ArxivError."""
    request = urllib.request.Request(url, headers={"User-Agent": f"paperkb/{__version__}"})
    hint = f"check the network connection (or set {API_ENV} to another API address)"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
            return body
    except urllib.error.HTTPError as exc:
        raise ArxivError(f"the arXiv API answered HTTP {exc.code} {exc.reason} for {url}", hint) from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
        raise ArxivError(f"cannot reach the arXiv API at {url}: {reason}", hint) from exc
    except TimeoutError as exc:
        raise ArxivError(f"the arXiv API at {url} did not answer within {timeout:.0f} s", hint) from exc
    except OSError as exc:
        raise ArxivError(f"cannot reach the arXiv API at {url}: {exc.strerror or exc}", hint) from exc


def _text(node: ET.Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def parse_atom(data: bytes, wanted: str) -> dict[str, Any]:
    """The draft fields of the one entry for `wanted` in an Atom feed; ArxivError otherwise."""
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
    if not entries or not _text(entries[0].find("atom:title", _NS)):
        raise ArxivError(f"arXiv has no paper with the id {wanted}", "check the id on https://arxiv.org")
    return _entry_fields(entries[0], wanted)


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
    doi = _text(entry.find("arxiv:doi", _NS)) or None
    return {
        "title": _text(entry.find("atom:title", _NS)),
        "authors": [_text(a.find("atom:name", _NS)) for a in entry.findall("atom:author", _NS)],
        "year": year,
        "month": month,
        "venue": "arXiv",
        "arxiv": arxiv_id,
        "arxiv_version": version,
        "arxiv_category": category,
        "doi": doi,
        "abstract": _text(entry.find("atom:summary", _NS)) or None,
    }


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


def fetch_arxiv_record(text: str, timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """Draft fields for an arXiv id or URL, fetched from the API."""
    parsed = normalise_arxiv_input(text)
    if parsed is None:
        raise ArxivError(
            f"'{text}' is not an arXiv id or URL",
            "write e.g. 1908.05932, arXiv:1908.05932v2, https://arxiv.org/abs/1908.05932 or cs/0112017",
        )
    arxiv_id, version = parsed
    query = f"{arxiv_id}v{version}" if version else arxiv_id
    fields = parse_atom(fetch_atom(api_url(query), timeout), query)
    if version:
        fields["arxiv_version"] = version
    return fields
