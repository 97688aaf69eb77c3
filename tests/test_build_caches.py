"""What a build keeps in its cache folder ($PAPERKB_CACHE_DIR) for the next one: Chinese cuts and
similar papers. A second build of the same library loads no segmenter and imports no numpy, and
its site is the same, byte for byte, as a build from an empty cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from paperkb.site.segment import ZWSP, ChineseSegmenter
from paperkb.site.speedups import cut_cache, similar_store

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"

# Runs `mkdocs build` with the segmenter's loading made to fail; prints the modules imported.
NO_SEGMENTER = """
import json, sys
from paperkb.site.segment import ChineseSegmenter
def refuse(self):
    raise RuntimeError("the segmenter was loaded")
ChineseSegmenter._make_cutter = refuse
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
try:
    cli()
except SystemExit as stop:
    print(json.dumps(sorted(sys.modules)))
    raise
"""


def build(site: Path, cache: Path, *, refuse_segmenter: bool = False) -> list[str]:
    env = {**os.environ, "PAPERKB_PAPERS": str(FIXTURE), "NO_MKDOCS_2_WARNING": "1"}
    env["PAPERKB_CACHE_DIR"] = str(cache)
    arguments = ["build", "--strict", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    command = [sys.executable, "-c", NO_SEGMENTER, *arguments] if refuse_segmenter else [
        sys.executable, "-m", "mkdocs", *arguments]  # fmt: skip
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]) if refuse_segmenter else []


def files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_a_warm_build_loads_no_segmenter_and_makes_the_same_site(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(tmp_path / "cold", cache)
    assert list(cache.glob("cuts-*.json")) and list(cache.glob("similar-*.json"))
    modules = build(tmp_path / "warm", cache, refuse_segmenter=True)
    assert "rjieba" not in modules and "numpy" not in modules
    cold, warm = files(tmp_path / "cold"), files(tmp_path / "warm")
    assert sorted(cold) == sorted(warm)
    assert [name for name in cold if cold[name] != warm[name]] == []


def test_a_cold_build_cannot_do_without_the_segmenter(tmp_path: Path) -> None:
    """The check above can fail: with an empty cache the refused segmenter stops the build."""
    with pytest.raises(AssertionError, match="the segmenter was loaded"):
        build(tmp_path / "site", tmp_path / "cache", refuse_segmenter=True)


def test_cuts_come_from_the_store_and_new_ones_are_added(tmp_path: Path) -> None:
    first = ChineseSegmenter()
    first.keep_cuts_in(str(tmp_path))
    text = first.segment("基于注意力的图像分割")
    assert ZWSP in text and first.cuts == 1
    first.save_cuts()
    second = ChineseSegmenter()
    second.keep_cuts_in(str(tmp_path))
    assert second.segment("基于注意力的图像分割") == text and second.cuts == 0
    second.segment("目标检测")
    second.save_cuts()
    (stored,) = tmp_path.glob("cuts-*.json")
    assert set(json.loads(stored.read_text(encoding="utf-8"))) == {"基于注意力的图像分割", "目标检测"}


def test_the_cut_store_is_bounded_and_survives_a_broken_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cut_cache.cut_file(str(tmp_path), None)
    Path(path).write_text("{not json", encoding="utf-8")
    assert cut_cache.read_cuts(path) == {}
    monkeypatch.setattr(cut_cache, "MAX_RUNS", 3)
    cut_cache.write_cuts(path, {"一": "x", "二": "y"})
    cut_cache.write_cuts(path, {"三": "z"})
    assert len(cut_cache.read_cuts(path)) == 3
    cut_cache.write_cuts(path, {"四": "w"})  # past the bound: only the newest cuts
    assert cut_cache.read_cuts(path) == {"四": "w"}


def test_similar_results_are_keyed_by_what_they_read_and_few_are_kept(tmp_path: Path) -> None:
    from paperkb.records.library import open_library

    library, _ = open_library(str(FIXTURE))
    assert library is not None
    papers = library.papers
    key = similar_store.similar_key(papers, None)
    edited = [papers[0].model_copy(update={"title": papers[0].title + " again"}), *papers[1:]]
    assert similar_store.similar_key(edited, None) != key
    assert similar_store.similar_key(papers, "/elsewhere/jieba-user-1.txt") != key
    for number in range(similar_store.KEEP + 2):
        similar_store.write_similar(str(tmp_path), f"k{number}", {"a": ["b"]})
        os.utime(similar_store.similar_file(str(tmp_path), f"k{number}"), (number, number))
    assert len(list(tmp_path.glob("similar-*.json"))) == similar_store.KEEP
    assert similar_store.read_similar(str(tmp_path), "missing") is None


def test_the_theme_listing_without_hidden_folders_copies_the_same_files(tmp_path: Path) -> None:
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from paperkb.site.speedups.theme_files import DotlessListing, list_theme_without_hidden_folders

    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path))
    plain = Files([])
    plain.add_files_from_theme(config.theme.get_env(), config)
    list_theme_without_hidden_folders(config.theme)
    env = config.theme.get_env()
    assert isinstance(env.loader, DotlessListing)
    assert len(env.loader.list_templates()) < len(
        jinja2.FileSystemLoader(env.loader.searchpath).list_templates()
    )
    pruned = Files([])
    pruned.add_files_from_theme(env, config)
    assert [file.src_uri for file in pruned] == [file.src_uri for file in plain] != []
    assert env.get_template(".icons/material/bookshelf.svg").render()  # still loads by name


def test_the_default_cache_folder_is_the_users_and_never_inside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled templates and pickles are loaded as code: a file committed into the project (a pull
    request can carry one) must never be taken for them."""
    from types import SimpleNamespace

    from paperkb.site.mkdocs_session import cache_folder

    project = tmp_path / "kb"
    config = SimpleNamespace(config_file_path=str(project / "mkdocs.yml"))
    monkeypatch.delenv("PAPERKB_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    folder = Path(cache_folder(config))
    assert folder.parent == tmp_path / "user-cache" / "paperkb"
    assert folder.name.startswith("kb-")
    assert not folder.is_relative_to(project)
    other = SimpleNamespace(config_file_path=str(tmp_path / "other" / "kb" / "mkdocs.yml"))
    assert cache_folder(other) != str(folder)  # two projects never share one
    monkeypatch.setenv("PAPERKB_CACHE_DIR", str(tmp_path / "chosen"))
    assert cache_folder(config) == str(tmp_path / "chosen")
