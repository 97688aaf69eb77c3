"""The MkDocs hook: where papers.yaml comes from, nav and search set-up, generated files, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from paperkb.site.mkdocs_session import papers_path
from paperkb.site.speedups.streamed_pages import BODY_MARKER, exclude_from_search

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"
HOOK = "paperkb/site/mkdocs_hook.py"


@pytest.fixture
def config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("PAPERKB_PAPERS", str(FIXTURE))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def test_config_runs_the_hook_and_watches_the_sources(config) -> None:
    assert HOOK in config.plugins
    watched = {os.path.basename(path) for path in config.watch}
    assert {"papers.yaml", "notes", "templates"} <= watched
    assert config.strict is True


def test_papers_path_default_and_override(config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERKB_PAPERS")
    assert papers_path(config.config_file_path) == str(REPO / "papers.yaml")
    monkeypatch.setenv("PAPERKB_PAPERS", "elsewhere/kb.yaml")
    assert papers_path(config.config_file_path) == str(REPO / "elsewhere" / "kb.yaml")


def test_on_config_sets_nav_and_jieba_dictionary_before_search(config, tmp_path: Path) -> None:
    hook = config.plugins[HOOK]
    order = [getattr(method, "__module__", "") for method in config.plugins.events["config"]]
    assert order.index(HOOK) < order.index("material.plugins.search.plugin")
    hook.on_config(config)
    [(home_title, home_src)] = config.nav[0].items()
    assert home_src == "index.md"
    assert (
        '<span data-lang="en">Home</span>' in home_title
        and '<span data-lang="zh" lang="zh">首页</span>' in home_title
    )
    path = hook.SESSION.search.segmenter.dictionary  # the hook cuts the generated pages' Chinese itself
    assert os.path.isfile(path)
    words = {line.split()[0] for line in Path(path).read_text(encoding="utf-8").splitlines()}
    assert {"换脸", "重演", "超分"} <= words
    # docs/ has no Markdown page for material to index: jieba's dictionary is not loaded for nothing
    assert config.plugins["material/search"].config.jieba_dict_user is None
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# 关于\n", encoding="utf-8")
    config.docs_dir = str(tmp_path / "docs")
    hook.on_config(config)
    assert config.plugins["material/search"].config.jieba_dict_user == path


def test_on_files_adds_generated_pages_in_memory(config) -> None:
    hook = config.plugins[HOOK]
    hook.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    uris = {f.src_uri for f in files}
    assert {
        "index.md",
        "all.md",
        "topics/face-swap.md",
        "topics/gan/index.md",
        "papers/faceshifter.md",
    } <= uris
    page = files.get_file_from_path("topics/face-swap.md")
    assert page.generated_by and page.content_string.endswith(f"\n{BODY_MARKER}\n")
    assert files.get_file_from_path("papers/faceshifter.md").inclusion.is_not_in_nav()
    assert not os.path.exists(os.path.join(config.docs_dir, "topics"))


def test_on_post_page_writes_the_body_in_place_of_the_marker(config) -> None:
    hook = config.plugins[HOOK]
    hook.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    assert "search:\n  exclude: true\n" in files.get_file_from_path("topics/face-swap.md").content_string
    page = Page(None, files.get_file_from_path("topics/face-swap.md"), config)
    output = f"<main>\n{BODY_MARKER}\n</main>"
    assert hook.on_post_page(output, page=page, config=config) == ""  # written: MkDocs skips it
    html = Path(page.file.abs_dest_path).read_text(encoding="utf-8")
    assert html.startswith('<main>\n<div class="pkb-page') and html.endswith("</div>\n\n</main>")
    assert 'id="fsgan"' in html and BODY_MARKER not in html and "data-search-exclude" not in html
    other = Page(None, File("extra.md", config.docs_dir, config.site_dir, True), config)
    assert hook.on_post_page("<p>x</p>", page=other, config=config) == "<p>x</p>"


def test_a_docs_page_that_clashes_is_an_error(config) -> None:
    hook = config.plugins[HOOK]
    hook.on_config(config)
    clash = File("all.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    with pytest.raises(PluginError, match="clashes with a generated page"):
        config.plugins.on_files(Files([clash]), config=config)


def test_broken_papers_yaml_stops_the_build_with_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "papers.yaml"
    broken.write_text(
        "topics:\n  - id: gan\n    title: {en: GAN, zh: 生成对抗网络}\n"
        "papers:\n  - id: x\n    title: X\n    topics: [gann]\n"
        "  - id: y\n    title: Y\n    topics: [gan]\n    year: nineteen\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PAPERKB_PAPERS": str(broken), "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert f"{broken}:7:" in result.stderr and f"{broken}:11:" in result.stderr and "error:" in result.stderr
    assert "did you mean 'gan'" in result.stderr
    assert not (site / "index.html").exists()


def test_generate_writes_the_pages_the_hook_adds(config, tmp_path: Path) -> None:
    from paperkb.cli import main

    hook = config.plugins[HOOK]
    hook.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    out = tmp_path / "pages"
    assert main(["generate", "--papers", str(FIXTURE), "--out", str(out)]) == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert written == sorted(f.src_uri for f in files if f.generated_by and f.src_uri.endswith(".md"))
    bibtex = files.get_file_from_path("papers.bib").content_string
    assert (out / "papers.bib").read_text(encoding="utf-8") == bibtex
    mark = ' data-search-exclude="true"'
    for uri in written:
        stub = files.get_file_from_path(uri).content_string
        page = stub.replace(BODY_MARKER, hook.SESSION.pages[uri].body.rstrip("\n"))
        # The same page, except that the hook indexes it itself: out of material's search, no marks.
        generated = exclude_from_search((out / uri).read_text(encoding="utf-8"))
        assert generated.replace(mark, "") == page.replace(mark, "")


def test_generate_refuses_a_broken_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from paperkb.cli import main

    broken = tmp_path / "papers.yaml"
    broken.write_text("papers:\n  - id: Bad Id\n    title: x\n    topics: [a]\n", encoding="utf-8")
    assert main(["generate", "--papers", str(broken), "--out", str(tmp_path / "out")]) == 1
    assert f"{broken}:2:" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
