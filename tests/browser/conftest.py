"""Build the fixture site once, serve it on 127.0.0.1 and drive it with Debian's chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socketserver
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE_PAPERS = REPO / "tests" / "fixtures" / "site" / "papers.yaml"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def build_fixture_site(site_dir: Path, papers: Path = FIXTURE_PAPERS) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the repository's mkdocs.yml with `papers` as the knowledge base."""
    env = {**os.environ, "PAPERKB_PAPERS": str(papers), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml")]
    return subprocess.run(
        [*command, "-d", str(site_dir)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )


def find_chromium() -> str | None:
    """Debian's chromium, or $PAPERKB_CHROMIUM."""
    return os.environ.get("PAPERKB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("browser-site")
    result = build_fixture_site(site)
    assert result.returncode == 0, result.stderr
    return site


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 (a free port); yields the root URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(browser_site: Path) -> Iterator[str]:
    with serve_directory(browser_site) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    """The fixture library's Zensical site (tests/conftest.py), served on 127.0.0.1."""
    with serve_directory(zensical_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_site_url(hostile_site: Path) -> Iterator[str]:
    """The hostile fixture library's site (built by tests/conftest.py), served on 127.0.0.1."""
    with serve_directory(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    if os.environ.get("PAPERKB_SKIP_BROWSER") == "1":
        pytest.skip("PAPERKB_SKIP_BROWSER=1")
    executable = find_chromium()
    if executable is None:
        pytest.fail(
            "chromium not found: install Debian's chromium (`make browser-deps` or "
            "scripts/install-chromium.sh), or set PAPERKB_SKIP_BROWSER=1 to skip the browser tests",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def tab_without_errors(context: Any) -> Iterator[Any]:
    """A new tab of the browser context `context`; the test fails on any JavaScript error in it.
    The context is closed afterwards."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def checked_tab() -> Callable[[Any], contextlib.AbstractContextManager[Any]]:
    """`tab_without_errors`, for test modules (they cannot import this conftest)."""
    return tab_without_errors


@pytest.fixture
def site_page(chromium_browser, site_url: str) -> Iterator[object]:
    with tab_without_errors(chromium_browser.new_context(viewport={"width": 1280, "height": 900})) as tab:
        yield tab


@pytest.fixture(scope="session")
def kb_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The shipped knowledge base's site (papers.yaml at the repository root), served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("kb-site")
    result = build_fixture_site(site, REPO / "papers.yaml")
    assert result.returncode == 0, result.stderr
    with serve_directory(site) as url:
        yield url


@pytest.fixture
def kb_page(chromium_browser, kb_site_url: str) -> Iterator[object]:
    """A desktop tab on the shipped knowledge base's site; fails the test on a JavaScript error."""
    with tab_without_errors(chromium_browser.new_context(viewport={"width": 1280, "height": 900})) as tab:
        yield tab
