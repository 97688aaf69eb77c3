"""Hostile and careless outputs: `export -o` over the library's own files, links, FIFOs and devices;
`export readme` injection; a MkDocs config without the hook; links in docs/ and templates/; a build
failure's reason. Real files, the real CLI and the real MkDocs."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hostile_library import ROOT

from paperkb.cli import main
from paperkb.site.markup import render_markdown

LIBRARY = os.path.join(ROOT, "tests", "fixtures", "site", "papers.yaml")


def small_library(directory: Path, title: str = "Paper P", topic_title: str = "T") -> Path:
    (directory / "notes").mkdir(parents=True, exist_ok=True)
    (directory / "notes" / "p.md").write_text("## English\nthe note\n", encoding="utf-8")
    papers = directory / "papers.yaml"
    papers.write_text(
        f"topics:\n  - id: t\n    title: {{en: {topic_title}, zh: 题}}\npapers:\n"
        f"  - id: p\n    title: {title}\n    topics: [t]\n    status: read\n",
        encoding="utf-8",
    )
    return papers


def export(papers: Path, output: str, kind: str = "bibtex") -> int:
    return main(["export", kind, "--papers", str(papers), "-o", output])


# --- export -o ------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["papers.yaml", "notes/p.md", "notes", "schema/papers.schema.json"])
def test_export_never_writes_a_file_the_library_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    papers = small_library(tmp_path)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "papers.schema.json").write_text("{}", encoding="utf-8")
    path = tmp_path / target
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert export(papers, str(path)) == 1  # `-o papers.yaml` used to replace the library with BibTeX
    assert "refused" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_export_through_a_hard_link_or_a_link_to_papers_yaml_is_refused(tmp_path: Path) -> None:
    papers = small_library(tmp_path / "kb")
    os.link(papers, tmp_path / "hard.bib")
    (tmp_path / "soft.bib").symlink_to(papers)
    before = papers.read_bytes()
    assert export(papers, str(tmp_path / "hard.bib")) == 1 and export(papers, str(tmp_path / "soft.bib")) == 1
    assert papers.read_bytes() == before


def test_export_replaces_a_regular_file_atomically_keeping_its_mode(tmp_path: Path) -> None:
    papers = small_library(tmp_path / "kb")
    out = tmp_path / "out.bib"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    inode = out.stat().st_ino
    assert export(papers, str(out)) == 0
    assert "@" in out.read_text("utf-8") and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.stat().st_ino != inode  # a new file renamed over the old one, never half-written
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_follows_a_link_and_keeps_it(tmp_path: Path) -> None:
    papers = small_library(tmp_path / "kb")
    real = tmp_path / "real.bib"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    assert export(papers, str(link)) == 0
    assert link.is_symlink() and "@" in real.read_text("utf-8")


def test_export_writes_into_a_fifo_without_replacing_it(tmp_path: Path) -> None:
    papers = small_library(tmp_path / "kb")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    assert export(papers, str(fifo)) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and b"@" in received[0]


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_export_writes_into_a_device_without_replacing_it(tmp_path: Path) -> None:
    papers = small_library(tmp_path / "kb")
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null's numbers, in a test folder
    assert export(papers, str(device)) == 0  # as root, -o /dev/full used to replace the node by a file
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_export_to_a_full_device_reports_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    papers = small_library(tmp_path / "kb")
    assert export(papers, "/dev/full") == 1
    assert "No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_export_dash_is_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = small_library(tmp_path)
    assert export(papers, "-") == 0
    assert "@" in capsys.readouterr().out and not (tmp_path / "-").exists()


def test_export_refuses_a_read_only_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = small_library(tmp_path / "kb")
    out = tmp_path / "out.bib"
    out.write_text("keep", encoding="utf-8")
    out.chmod(0o444)
    assert export(papers, str(out)) == 1 and out.read_text("utf-8") == "keep"
    assert "read-only" in capsys.readouterr().err


# --- export readme: every field is literal text on its line -----------------------------------------


def test_readme_fields_cannot_inject_markdown_or_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = '"Evil\\n## Injected heading\\n- [x] fake item <img src=x onerror=alert(1)> <!-- *b* [l](u)"'
    papers = small_library(tmp_path, title=title, topic_title='"T\\n# Topic heading\\n- [x] fake"')
    assert main(["validate", str(papers)]) == 0
    assert main(["export", "readme", "--papers", str(papers)]) == 0
    readme = capsys.readouterr().out
    html = render_markdown(readme)
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1 and html.count("<li>") == 1, html
    assert (
        "<img" not in html and "<!--" not in html and "<em>" not in html and "<a" not in html.split("<li>")[1]
    )
    assert "Injected heading" in html and "fake item" in html  # shown, as text


# --- the site build: the hook must run, links never published, failures give their reason -----------


def make_project(directory: Path) -> Path:
    """A copy of the project's site files (config with the hook at its absolute path, docs/, templates/,
    overrides/)."""
    for folder in ("docs", "templates", "overrides"):
        shutil.copytree(os.path.join(ROOT, folder), directory / folder)
    config = Path(ROOT, "mkdocs.yml").read_text("utf-8")
    hook = os.path.join(ROOT, "paperkb", "site", "mkdocs_hook.py")
    (directory / "mkdocs.yml").write_text(config.replace("paperkb/site/mkdocs_hook.py", hook), "utf-8")
    small_library(directory)
    return directory / "mkdocs.yml"


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ROOT}
    env.pop("PAPERKB_PAPERS", None)
    return subprocess.run(
        [sys.executable, os.path.join(ROOT, "build_site.py"), *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    make_project(project)
    result = run_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project


def test_a_config_without_the_hook_is_refused_and_the_site_kept(built_project: Path) -> None:
    config = (built_project / "mkdocs.yml").read_text("utf-8")
    hookless = "\n".join(
        line for line in config.splitlines() if "mkdocs_hook" not in line and line != "hooks:"
    )
    (built_project / "hookless.yml").write_text(hookless, "utf-8")
    before = (built_project / "site" / "index.html").read_bytes()
    result = run_build(built_project, "-f", "hookless.yml")  # used to exit 0 with a site of no pages
    assert result.returncode == 1
    assert "hookless.yml does not run paperkb's hook" in result.stderr
    assert "hooks: [paperkb/site/mkdocs_hook.py]" in result.stderr
    assert (built_project / "site" / "index.html").read_bytes() == before
    assert (built_project / "site" / "topics" / "t" / "index.html").exists()


def test_a_build_failure_prints_mkdocs_reason(built_project: Path) -> None:
    stray = built_project / "docs" / "all.md"
    stray.write_text("# stray\n", encoding="utf-8")
    try:
        result = run_build(built_project)  # used to print only "Aborted with a BuildError!"
    finally:
        stray.unlink()
    assert result.returncode == 1
    assert "docs/all.md clashes with a generated page: remove it from docs/" in result.stderr, result.stderr


@pytest.mark.parametrize("folder", ["docs/assets", "templates"])
def test_a_link_in_docs_or_templates_stops_the_build(tmp_path: Path, folder: str) -> None:
    project = tmp_path / "project"
    make_project(project)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT\n", encoding="utf-8")
    link = project / folder / "leak.txt"
    link.symlink_to(secret)
    result = run_build(project)
    assert result.returncode == 1 and f"{folder}/leak.txt is a symbolic link" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


def test_a_linked_templates_folder_stops_the_build(tmp_path: Path) -> None:
    project = tmp_path / "project"
    make_project(project)
    shutil.move(project / "templates", tmp_path / "elsewhere")
    (project / "templates").symlink_to(tmp_path / "elsewhere")
    result = run_build(project)
    assert result.returncode == 1 and "templates is a symbolic link" in result.stderr, result.stderr
