from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Builds keep caches between runs (paperkb/site/mkdocs_session.cache_folder); the suite uses a
# folder of its own, so no test reads what an earlier run or the user's own builds left.
_CACHE = tempfile.mkdtemp(prefix="paperkb-test-cache-")
os.environ.setdefault("PAPERKB_CACHE_DIR", _CACHE)
atexit.register(shutil.rmtree, _CACHE, True)

# Speed is measured in bench/, not in tests: no per-example deadline, which a loaded machine misses.
settings.register_profile("paperkb", deadline=None)
settings.load_profile("paperkb")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTS = os.path.join(ROOT, "tests")
for path in (ROOT, TESTS):  # the package, and helpers shared by test modules (hostile_library)
    if path not in sys.path:
        sys.path.insert(0, path)

from hostile_library import build_site, make_hostile_library  # noqa: E402


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site fixture library (tests/fixtures/site) built with `paperkb build --engine zensical`."""
    pytest.importorskip("zensical")
    site = tmp_path_factory.mktemp("zensical") / "site"
    papers = os.path.join(TESTS, "fixtures", "site", "papers.yaml")
    command = [sys.executable, "-m", "paperkb", "build", "--engine", "zensical", "--papers", papers]
    result = subprocess.run(
        [*command, "-d", str(site)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "site built with Zensical" in result.stderr
    return site


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile fixture library built once (per test process) into a site directory."""
    papers = make_hostile_library(tmp_path_factory.mktemp("hostile-library"))
    site = tmp_path_factory.mktemp("hostile-site")
    result = build_site(papers, site)
    assert result.returncode == 0, result.stderr
    return site
