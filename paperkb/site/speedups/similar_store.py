"""Similar papers kept on disk between builds, keyed by everything they are computed from.

Computing them takes numpy (and scipy past a few thousand papers), the Chinese cut of every note
and the products of the tf-idf rows: about a quarter of a 1,000-paper build. The key is a hash of
each paper's words and links (paperkb.site.similar.paper_words_key), the user dictionary's name
(which holds its content hash) and FORMAT, so a stored result is never stale. Written through a
temporary file and a rename (safe for parallel builds); the newest KEEP files are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING
from paperkb.site.speedups.cache_files import keep_newest, write_atomically

if TYPE_CHECKING:
    from paperkb.records.model import Paper

FORMAT = 1  # change with what similar_papers computes (weights, limits, ranking)
KEEP = 4  # result files kept: a few libraries (or branches) built in turn
PREFIX = "similar-"


def similar_key(papers: Sequence[Paper], dictionary: str | None) -> str:
    """A hash of what similar_papers reads: every paper's words and links, the user dictionary."""
    from paperkb.site.similar import MAX_SIMILAR, MIN_SCORE, paper_words_key

    digest = hashlib.sha256(repr((FORMAT, MAX_SIMILAR, MIN_SCORE)).encode("utf-8"))
    digest.update(os.path.basename(dictionary or "").encode("utf-8"))
    for paper in papers:
        digest.update(repr(paper_words_key(paper)).encode("utf-8"))
    return digest.hexdigest()[:32]


def similar_file(directory: str, key: str) -> str:
    return os.path.join(directory, f"{PREFIX}{key}.json")


def read_similar(directory: str, key: str) -> dict[str, list[str]] | None:
    """The result stored under `key`, or None."""
    path = similar_file(directory, key)
    try:
        with open(path, encoding="utf-8") as handle:
            result = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(result, dict):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # the newest files are the ones kept
    return result


def write_similar(directory: str, key: str, result: dict[str, list[str]]) -> None:
    """Store `result` under `key` atomically; remove all but the KEEP newest result files."""
    data = json.dumps(result, separators=(",", ":")).encode("utf-8")
    write_atomically(similar_file(directory, key), lambda stream: stream.write(data))
    keep_newest(directory, PREFIX, ".json", KEEP)