"""Chinese word cuts kept on disk between builds, so a build whose texts were all cut before never
loads a segmenter (rjieba or jieba take 0.1 to 1 s to load their dictionary).

One JSON file per user dictionary (its name holds the dictionary's content hash, as the
dictionary's own file name does): each Han run mapped to its cut, U+200B included. A build reads
it once, on its first Han run, and writes it back only when it cut something new: merged with
what is there then, through a temporary file and a rename, so parallel builds never see half a
file (one may drop the other's new cuts, which the next build makes again). Bounded: past
MAX_RUNS the file keeps only the runs of the build writing it, and files of dictionaries that no
build used for an hour are removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from paperkb.site.speedups.cache_files import write_atomically

FORMAT = 1  # part of the file name: a change of what is stored starts new files
MAX_RUNS = 300_000  # about 15 MB of JSON
STALE_SECONDS = 3600
PREFIX = "cuts-"


def cut_file(directory: str, dictionary: str | None) -> str:
    """The cut file for the user dictionary at `dictionary` (None: jieba's own words only)."""
    stem = os.path.splitext(os.path.basename(dictionary))[0] if dictionary else "none"
    return os.path.join(directory, f"{PREFIX}v{FORMAT}-{stem}.json")


def read_cuts(path: str) -> dict[str, str]:
    """The cuts stored at `path`; none when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as handle:
            cuts = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(cuts, dict):
        return {}
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: kept out of the clean-up
    return {run: cut for run, cut in cuts.items() if isinstance(run, str) and isinstance(cut, str)}


def write_cuts(path: str, new: dict[str, str]) -> None:
    """Add `new` to the cuts at `path` (atomically); start over past MAX_RUNS."""
    if not new:
        return
    cuts = read_cuts(path)
    cuts = {**cuts, **new} if len(cuts) + len(new) <= MAX_RUNS else dict(new)
    data = json.dumps(cuts, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomically(path, lambda stream: stream.write(data))
    remove_stale_cuts(os.path.dirname(path), keep=path)


def remove_stale_cuts(directory: str, keep: str) -> None:
    """Remove the cut files in `directory` that no build read for STALE_SECONDS."""
    limit = time.time() - STALE_SECONDS
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if not (name.startswith(PREFIX) and name.endswith(".json")) or path == keep:
            continue
        with contextlib.suppress(OSError):
            if os.path.getmtime(path) < limit:
                os.remove(path)
