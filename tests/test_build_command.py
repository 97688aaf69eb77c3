"""`python build_site.py`: validate, build into a fresh directory, swap it in; a failure at any
step leaves the earlier site as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site"


def run_build(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PAPERKB_PAPERS"}
    command = [sys.executable, str(REPO / "build_site.py"), "-f", str(REPO / "mkdocs.yml"), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def earlier_site(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text("the earlier site", encoding="utf-8")
    return path


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".site-build-") or ".old-" in p.name)


def test_builds_into_the_directory_given_and_replaces_the_earlier_site(tmp_path: Path) -> None:
    site = earlier_site(tmp_path / "out" / "site")
    result = run_build("--papers", str(FIXTURE / "papers.yaml"), "-d", str(site))
    assert result.returncode == 0, result.stderr
    assert "validated 7 papers in 6 topics" in result.stderr
    assert f"site built in {site}/" in result.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "the earlier site" not in home and "md-nav" in home
    assert (site / "all" / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert leftovers(site.parent) == []


def test_a_broken_record_stops_before_the_build_and_leaves_the_site(tmp_path: Path) -> None:
    library = tmp_path / "kb"
    shutil.copytree(FIXTURE, library)
    papers = library / "papers.yaml"
    text = papers.read_text(encoding="utf-8")
    papers.write_text(text.replace("status: read", "status: finished", 1), encoding="utf-8")
    line = text[: text.index("status: read")].count("\n") + 1
    site = earlier_site(tmp_path / "site")
    result = run_build("--papers", str(papers), "-d", str(site))
    assert result.returncode == 1
    assert (
        f"papers.yaml:{line}:" in result.stderr and "error:" in result.stderr and "finished" in result.stderr
    )
    assert "the existing site was left untouched" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the earlier site"
    assert leftovers(tmp_path) == []


def test_a_failing_mkdocs_build_leaves_the_site_and_no_staging_directory(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: docs", "docs_dir: missing-docs"),
        encoding="utf-8",
    )
    shutil.copytree(REPO / "paperkb", tmp_path / "paperkb")  # the hook, as the config names it
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")  # the theme's custom_dir
    site = earlier_site(tmp_path / "site")
    env = {key: value for key, value in os.environ.items() if key != "PAPERKB_PAPERS"}
    command = [sys.executable, str(REPO / "build_site.py"), "-f", str(config), "-d", str(site)]
    command += ["--papers", str(FIXTURE / "papers.yaml")]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "build failed:" in result.stderr and "missing-docs" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the earlier site"
    assert leftovers(tmp_path) == []
