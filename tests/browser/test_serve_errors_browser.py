"""Under a real `mkdocs serve`, the page open in the browser shows papers.yaml's errors once the
file is saved broken, and the page itself again once it is fixed (MkDocs' live reload)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "site"
TYPO = ("topics: [face-swap, reenactment]", "topics: [face-swp, reenactment]")


@contextlib.contextmanager
def serving(papers: Path) -> Iterator[str]:
    """`mkdocs serve` of the repository's mkdocs.yml with `papers`, on a free port of 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PAPERKB_PAPERS": str(papers), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base, timeout=15).close()
                break
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


def test_the_open_page_shows_the_errors_and_comes_back(chromium_browser: Browser, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    papers = tmp_path / "kb" / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    with serving(papers) as base:
        context = chromium_browser.new_context()
        page = context.new_page()
        page.goto(base + "topics/face-swap/")
        expect(page.locator("#fsgan")).to_be_visible()
        papers.write_text(text.replace(*TYPO), encoding="utf-8")
        errors = page.locator(".pkb-build-errors")
        expect(errors).to_be_visible(timeout=60_000)  # reloaded by itself
        expect(errors).to_contain_text("papers.yaml:")
        expect(errors).to_contain_text("unknown topic 'face-swp'")
        expect(errors.locator(".pkb-build-errors__hint", has_text="topics:")).to_have_count(1)
        page.reload()
        expect(errors).to_be_visible()
        papers.write_text(text, encoding="utf-8")
        expect(page.locator("#fsgan")).to_be_visible(timeout=60_000)
        context.close()
