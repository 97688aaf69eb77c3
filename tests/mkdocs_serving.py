"""A real `mkdocs serve` for the tests: the repository's mkdocs.yml with a given papers.yaml."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(papers: Path, timeout: float = 120) -> Iterator[str]:
    """`mkdocs serve` with `papers` on a free port of 127.0.0.1; yields the root URL once it answers
    (with any status: a broken papers.yaml is answered with its errors)."""
    port = free_port()
    env = {**os.environ, "PAPERKB_PAPERS": str(papers), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    # the output is not read: a pipe nobody empties would stall the server once full
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base, timeout=15).close()
                break
            except urllib.error.HTTPError:
                break  # it answers
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
