"""The build's shortcuts (search entries made in a forked child, material's navigation rendered
once for the pages outside it) change nothing in the site: the same bytes in every file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from paperkb.site.speedups.nav_reuse import reuse_key

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"


def build(site: Path, shortcuts: bool) -> str:
    env = {**os.environ, "PAPERKB_PAPERS": str(FIXTURE), "NO_MKDOCS_2_WARNING": "1"}
    env["PAPERKB_PLAIN_BUILD"] = "0" if shortcuts else "1"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(REPO / "mkdocs.yml")]
    result = subprocess.run(
        [*command, "-d", str(site)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_the_site_is_the_same_with_and_without_the_shortcuts(tmp_path: Path) -> None:
    fast_log = build(tmp_path / "fast", shortcuts=True)
    build(tmp_path / "plain", shortcuts=False)
    fast, plain = files(tmp_path / "fast"), files(tmp_path / "plain")
    assert sorted(fast) == sorted(plain)
    assert [name for name in fast if fast[name] != plain[name]] == []
    # the shortcuts were taken: the child made the entries (where it may fork), and there are
    # long-note pages (outside the navigation) whose navigation was reused
    assert ("search entries made by a forked process" in fast_log) is ((os.cpu_count() or 1) >= 2)
    long_notes = [name for name in fast if name.startswith("papers/") and name.endswith("index.html")]
    assert len(long_notes) >= 2
    page = fast[long_notes[0]].decode()
    assert 'class="md-nav md-nav--primary' in page and 'class="md-tabs"' in page
    entries = json.loads(fast["search/search_index.json"])["docs"]
    assert any("换脸" in entry["text"] for entry in entries)


class Item:
    def __init__(self, active: bool) -> None:
        self.active = active


class Nav:
    def __init__(self, *active: bool) -> None:
        self.items = [Item(flag) for flag in active]


def test_only_pages_outside_the_navigation_are_reused() -> None:
    page = object()
    assert reuse_key({"nav": Nav(False, False), "page": page, "base_url": "../.."}) == "../.."
    assert reuse_key({"nav": Nav(False, True), "page": page, "base_url": "../.."}) is None
    assert reuse_key({"nav": Nav(False), "page": None, "base_url": ".."}) is None
    assert reuse_key({"nav": None, "page": page, "base_url": ".."}) is None
