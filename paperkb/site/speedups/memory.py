"""Memory habits of a large build: no collector passes while records are made, freed memory returned."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building 10,000 records triggers it for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def release_free_memory() -> None:
    """Give the memory freed so far back to the system (glibc keeps it for reuse otherwise, and the
    search index's dictionary would come on top of it): a 10,000-paper build peaks 20 MB lower."""
    with suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)


def freeze_heap() -> None:
    """Move every object alive now out of the collector's sight, for the rest of a one-off build:
    its later passes, and the ones Python makes when it exits, no longer walk the library, the
    templates and the site's pages (about a tenth of a 1,000-paper build)."""
    gc.freeze()
