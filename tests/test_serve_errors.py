"""A real `mkdocs serve` with a broken papers.yaml answers every page with the diagnostics (no
request hangs), and serves the site again once the file is fixed."""

from __future__ import annotations

import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs_serving import serving

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site"
TYPO = ("topics: [face-swap, reenactment]", "topics: [face-swp, reenactment]")


def fetch(url: str) -> tuple[int, str]:
    """Status and text; a request that takes over 15 s fails the test (the server hangs)."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture()
def library(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "kb")
    return tmp_path / "kb" / "papers.yaml"


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def shows_errors(text: str) -> bool:
    return "papers.yaml has errors" in text


def test_errors_show_on_every_page_while_serving_and_the_site_comes_back(library: Path) -> None:
    with serving(library) as base:
        topic = base + "topics/face-swap/"
        wait_for(lambda: "FSGAN" in fetch(topic)[1], "the site")
        replace_in(library, *TYPO)
        wait_for(lambda: shows_errors(fetch(topic)[1]), "the errors on the open page")
        status, text = fetch(topic)
        assert status == 200
        line = library.read_text(encoding="utf-8").split("\n").index("    " + TYPO[1]) + 1
        assert f"papers.yaml:{line}:" in text
        assert "unknown topic" in text and "face-swp" in text
        assert "did you mean" in text  # the hint
        for path in ("", "all/", "papers/faceshifter/", "no/such/page/"):
            status, text = fetch(base + path)
            assert shows_errors(text), path
            assert "unknown topic" in text, path
        replace_in(library, TYPO[1], TYPO[0])
        wait_for(lambda: "FSGAN" in fetch(topic)[1], "the site to come back")
        assert not shows_errors(fetch(topic)[1])
        assert not shows_errors(fetch(base + "no/such/page/")[1])


def test_serve_starts_with_a_broken_file_and_recovers(library: Path) -> None:
    replace_in(library, *TYPO)
    with serving(library) as base:
        wait_for(lambda: shows_errors(fetch(base)[1]), "the errors")
        assert "unknown topic" in fetch(base + "topics/face-swap/")[1]
        replace_in(library, TYPO[1], TYPO[0])
        wait_for(lambda: "FSGAN" in fetch(base + "topics/face-swap/")[1], "the site")
