"""The checked library kept on disk between builds, keyed by everything the check reads.

Loading and checking papers.yaml (YAML parse, validation, checks that render each note) is about
a sixth of a 1,000-paper build; reading the pickled result back takes a few milliseconds. The
key hashes papers.yaml's bytes and path, each file under notes/ (name, type, size, modification
time), today's date (the checks compare years with it), the Python and pydantic versions and
paperkb's own modules (name, size, modification time), so a stored library is never stale. Only
a library without errors is kept (one with errors is checked afresh, to report them). Written
through a temporary file and a rename (safe for parallel builds); the newest KEEP files are kept.
The cache folder is trusted as the project's own, like Jinja's compiled templates beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import pickle
import sys
import tempfile

import pydantic

from paperkb.diagnostics import Diagnostic
from paperkb.records.check_notes import NOTES_DIR
from paperkb.records.library import Library, open_library
from paperkb.site.speedups.cache_files import keep_newest, write_atomically

FORMAT = 1
KEEP = 4
PREFIX = "library-"
PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def today() -> dt.date:
    """The date the checks compare years with."""
    return dt.date.today()


def tree_state(top: str) -> list[tuple[str, int, int, int]]:
    """(path, mode, size, modification time) of `top` and everything under it, links not followed."""
    state = []
    for folder, folders, names in os.walk(top):
        folders.sort()
        for name in [".", *sorted(names), *folders]:
            path = os.path.normpath(os.path.join(folder, name))
            with contextlib.suppress(OSError):
                stat = os.lstat(path)
                state.append((path, stat.st_mode, stat.st_size, stat.st_mtime_ns))
    return state


def library_key(path: str) -> str | None:
    """The hash of what open_library(path) reads; None when papers.yaml cannot be read."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    absolute = os.path.abspath(path)
    digest = hashlib.sha256(repr((FORMAT, sys.version, pydantic.VERSION, absolute)).encode("utf-8"))
    digest.update(today().isoformat().encode("ascii"))
    digest.update(raw)
    notes = os.path.join(os.path.dirname(absolute), NOTES_DIR)
    digest.update(repr(tree_state(notes) if os.path.lexists(notes) else None).encode("utf-8"))
    digest.update(code_digest().encode("ascii"))
    return digest.hexdigest()[:32]


def code_digest() -> str:
    """A hash of paperkb's modules (name, size, modification time) and the Python version."""
    code = [entry for entry in tree_state(PACKAGE) if entry[0].endswith(".py")]
    return hashlib.sha256(repr((sys.version, code)).encode("utf-8")).hexdigest()


def open_library_cached(path: str, directory: str) -> tuple[Library | None, list[Diagnostic]]:
    """open_library(path), read from `directory` when this very library was checked before."""
    key = library_key(path)
    stored = os.path.join(directory, f"{PREFIX}{key}.pickle")
    if key is not None:
        with contextlib.suppress(Exception):  # unreadable or from another version: check again
            with open(stored, "rb") as handle:
                library, diagnostics = pickle.load(handle)
            if isinstance(library, Library) and isinstance(diagnostics, list):
                with contextlib.suppress(OSError):
                    os.utime(stored)  # the newest files are the ones kept
                return library, diagnostics
    library, diagnostics = open_library(path)
    if library is not None and key is not None:
        with contextlib.suppress(OSError):
            write_library(directory, stored, (library, diagnostics))
    return library, diagnostics


def write_library(directory: str, path: str, value: object) -> None:
    """Pickle `value` to `path` atomically; remove all but the KEEP newest library files."""
    write_atomically(path, lambda stream: pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL))
    keep_newest(directory, PREFIX, ".pickle", KEEP)