"""Cards kept on disk between builds, each under a hash of everything it shows.

Making the cards (their views, notes' HTML, BibTeX, the HTML itself) is the largest part of the
page generation. A card's key is the one `mkdocs serve` already keeps cards by
(speedups.build_cache.paper_key: the record, the papers it links with, similar ones included, its
topics' titles and places, its long note's presence, the URL style), hashed with what renders it:
paperkb's own modules and the card templates. One file per knowledge base (by the path of its
papers.yaml) holds the cards, all-papers rows and BibTeX entries the last build used, so it never
outgrows one site; it is written through a temporary file and a rename (safe for parallel
builds) only when a card was made anew, and the newest KEEP files are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from typing import Any
from paperkb.site.speedups.cache_files import keep_newest, write_atomically

Stored = tuple[str, str, str]  # the card's HTML, its all-papers row, its BibTeX entry
KEEP = 4
PREFIX = "cards-"


class CardStore:
    """The stored cards of one knowledge base for one build: read on first use, written back by
    `save`; `made` counts the cards made anew."""

    def __init__(self, directory: str, papers_path: str, version: str) -> None:
        name = hashlib.sha256(os.path.abspath(papers_path).encode("utf-8")).hexdigest()[:16]
        self.directory = directory
        self.path = os.path.join(directory, f"{PREFIX}{name}.pickle")
        self.version = version
        self._stored: dict[str, Stored] | None = None
        self._used: dict[str, Stored] = {}
        self.made = 0

    def digest(self, key: tuple[Any, ...]) -> str:
        return hashlib.sha256(repr((self.version, key)).encode("utf-8")).hexdigest()

    def get(self, digest: str) -> Stored | None:
        if self._stored is None:
            self._stored = read_cards(self.path)
        found = self._stored.get(digest)
        if found is not None:
            self._used[digest] = found
        return found

    def put(self, digest: str, stored: Stored) -> None:
        self._used[digest] = stored
        self.made += 1

    def save(self) -> None:
        """Write the cards this build used, when any was made anew or some went out of use."""
        if not self.made and len(self._used) == len(self._stored or {}):
            return
        with contextlib.suppress(OSError):
            write_cards(self.directory, self.path, self._used)


def read_cards(path: str) -> dict[str, Stored]:
    try:
        with open(path, "rb") as handle:
            cards = pickle.load(handle)
    except Exception:  # missing, unreadable or from another version: made again
        return {}
    with contextlib.suppress(OSError):
        os.utime(path)
    return cards if isinstance(cards, dict) else {}


def write_cards(directory: str, path: str, cards: dict[str, Stored]) -> None:
    write_atomically(path, lambda stream: pickle.dump(cards, stream, protocol=pickle.HIGHEST_PROTOCOL))
    keep_newest(directory, PREFIX, ".pickle", KEEP)