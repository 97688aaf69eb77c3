"""A knowledge base validated by `paperkb build` / build_site.py, handed to the MkDocs hook.

The build command loads and checks papers.yaml before starting MkDocs in the same process; the
hook would load it again (about a fifth of a 10,000-paper build). The command hands the checked
Library over here; the hook takes it when it is for the same file, unchanged since (size and
modification time as they were before it was read), else it loads the file itself, as a plain
`mkdocs build` always does.
"""

from __future__ import annotations

import os

from paperkb.diagnostics import Diagnostic
from paperkb.records.library import Library

Stamp = tuple[int, int]
_handed: dict[str, tuple[Stamp, Library, list[Diagnostic]]] = {}


def file_stamp(path: str) -> Stamp | None:
    """(size, modification time in ns) of `path`, None when it cannot be read."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def hand_over(path: str, stamp: Stamp | None, library: Library, diagnostics: list[Diagnostic]) -> None:
    """Keep `library` (loaded from `path` as it was at `stamp`) for the next build in this process."""
    _handed.clear()
    if stamp is not None:
        _handed[os.path.realpath(path)] = (stamp, library, list(diagnostics))


def take_over(path: str) -> tuple[Library, list[Diagnostic]] | None:
    """The library handed over for `path` if the file is unchanged since; once only."""
    handed = _handed.pop(os.path.realpath(path), None)
    _handed.clear()
    if handed is None or file_stamp(path) != handed[0]:
        return None
    return handed[1], handed[2]
