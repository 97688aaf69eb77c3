"""The second engine: the same pages, navigation, assets and papers.bib built with Zensical."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from paperkb.records.library import open_library
from paperkb.site.render import build_nav
from paperkb.site.zensical_build import read_mkdocs_config, toml_value, zensical_config

REPO = Path(__file__).resolve().parent.parent
FIXTURE_PAPERS = REPO / "tests" / "fixtures" / "site" / "papers.yaml"


def test_toml_values_read_back_as_written() -> None:
    value = {'a "quoted" key': ["x\\y", "换脸\n", 3, True, {"Home": "index.md"}]}
    assert tomllib.loads(f"v = {toml_value(value)}")["v"] == value


def test_mkdocs_config_reads_env_tags_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "a: !ENV [PKB_TEST_A, false]\nb: !ENV PKB_TEST_B\nc: !ENV [PKB_X, PKB_Y, 3]\n", encoding="utf-8"
    )
    monkeypatch.delenv("PKB_TEST_A", raising=False)
    monkeypatch.delenv("PKB_TEST_B", raising=False)
    monkeypatch.setenv("PKB_Y", "7")
    assert read_mkdocs_config(str(config)) == {"a": False, "b": None, "c": 7}
    monkeypatch.setenv("PKB_TEST_A", "true")
    assert read_mkdocs_config(str(config))["a"] is True


def test_config_keeps_the_theme_and_the_knowledge_base_navigation() -> None:
    mkdocs = read_mkdocs_config(str(REPO / "mkdocs.yml"))
    library, _ = open_library(str(FIXTURE_PAPERS))
    assert library is not None
    nav = build_nav(library)
    config = tomllib.loads(zensical_config(mkdocs, nav, "docs", "site"))
    project = config["project"]
    assert project["nav"] == nav
    assert project["site_name"] == mkdocs["site_name"]
    assert project["extra_css"] == mkdocs["extra_css"]
    assert project["extra_javascript"] == mkdocs["extra_javascript"]
    assert project["theme"]["features"] == mkdocs["theme"]["features"]
    assert project["theme"]["palette"] == mkdocs["theme"]["palette"]
    assert project["markdown_extensions"]["toc"] == {"permalink": True}


def test_missing_zensical_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": "/nonexistent"}
    script = (
        "import shutil, sys; shutil.which = lambda *a, **k: None; from paperkb.commands.build import main; "
        f"sys.exit(main(['--papers', {str(FIXTURE_PAPERS)!r}, '-d', {str(tmp_path / 'site')!r}, "
        "'--engine', 'zensical']))"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Zensical is not installed" in result.stderr and "pip install -e '.[zensical]'" in result.stderr
    assert not (tmp_path / "site").exists()


def test_zensical_site_has_the_same_pages_as_the_mkdocs_site(zensical_site: Path) -> None:
    library, _ = open_library(str(FIXTURE_PAPERS))
    assert library is not None
    for topic in library.topics:
        page = zensical_site / "topics" / topic.id / "index.html"
        assert page.is_file(), page
    face_swap = (zensical_site / "topics" / "face-swap" / "index.html").read_text(encoding="utf-8")
    assert 'id="fsgan"' in face_swap and 'class="pkb-card' in face_swap
    assert "assets/paperkb.css" in face_swap and "assets/paperkb.js" in face_swap
    assert (zensical_site / "assets" / "paperkb.js").is_file()
    for page in ("all", "queue", "tags", "years", "venues", "stats"):
        assert (zensical_site / page / "index.html").is_file(), page
    bib = (zensical_site / "papers.bib").read_text(encoding="utf-8")
    assert "@inproceedings{fsgan," in bib or "{fsgan," in bib


def test_zensical_navigation_follows_the_taxonomy_order(zensical_site: Path) -> None:
    library, _ = open_library(str(FIXTURE_PAPERS))
    assert library is not None
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    positions = [home.find(f'topics/{topic.id}/"') for topic in library.children.get(None, [])]
    assert all(p > 0 for p in positions) and positions == sorted(positions)


def test_zensical_search_index_holds_chinese_words(zensical_site: Path) -> None:
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    words = {word for item in index["items"] for word in item["text"].split("\u200b")}
    assert "重演" in words and "换脸" in words
