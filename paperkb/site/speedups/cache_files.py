"""Files in the build's cache folder: written whole or not at all, the oldest ones let go."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from typing import BinaryIO


def write_atomically(path: str, write: Callable[[BinaryIO], object]) -> None:
    """Let `write` fill a temporary file beside `path`, then rename it over `path`: a reader (a
    parallel build) sees the old file or the new one, never half of one."""
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    handle, staging = tempfile.mkstemp(dir=directory, prefix=".paperkb-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
        os.replace(staging, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(staging)
        raise


def keep_newest(directory: str, prefix: str, suffix: str, keep: int) -> None:
    """Remove all but the `keep` most recently used files `prefix*suffix` of `directory`."""
    found = []
    for name in os.listdir(directory):
        if name.startswith(prefix) and name.endswith(suffix):
            path = os.path.join(directory, name)
            with contextlib.suppress(OSError):
                found.append((os.path.getmtime(path), path))
    for _, path in sorted(found, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            os.remove(path)
