"""Run a producer of text lines in a forked process while the build goes on.

A one-off `mkdocs build` spends about a fifth of its time on the search entries (Chinese cut
included), which need only the loaded library; on a machine with two cores they are made beside
the page rendering. The child writes the lines (each entry's JSON) to a temporary file; the parent
copies them as they are, so it never holds the entries. Where fork is missing or unsafe
(threads running, as under `mkdocs serve`), nothing is forked and the caller makes them itself.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress


class BackgroundLines:
    """The lines `produce()` yields (strings without a newline), made by a forked child."""

    def __init__(self, produce: Callable[[], Iterable[str]]) -> None:
        self.pid: int | None = None
        self.path = ""
        if not can_fork():
            return
        handle, self.path = tempfile.mkstemp(prefix="paperkb-search-", suffix=".jsonl")
        pid = os.fork()
        if pid == 0:  # the child: write, then leave without running the parent's exit handlers
            status = 1
            try:
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                    for line in produce():
                        out.write(line + "\n")
                status = 0
            finally:
                os._exit(status)
        os.close(handle)
        self.pid = pid

    @property
    def started(self) -> bool:
        return self.pid is not None

    def lines(self) -> Iterator[str] | None:
        """The child's lines (without their newline), or None when it failed or never ran: the
        caller then produces them itself."""
        if self.pid is None:
            return None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) != 0:
            self.discard()
            return None
        return self._read()

    def _read(self) -> Iterator[str]:
        try:
            with open(self.path, encoding="utf-8", newline="\n") as handle:
                for line in handle:
                    yield line.rstrip("\n")
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop the child if it still runs and remove its file."""
        if self.pid is not None:
            with suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = None
        if self.path:
            with suppress(FileNotFoundError):
                os.remove(self.path)


def can_fork() -> bool:
    """Forking is safe and worth it: POSIX, two or more CPUs, no other thread running."""
    if not hasattr(os, "fork"):
        return False
    if (os.cpu_count() or 1) < 2:
        return False
    return threading.active_count() == 1
