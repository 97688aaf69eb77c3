"""The table of contents of a long-note page, read from the headings of its rendered HTML."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from paperkb.site.headings import PageHeadings, slug

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site"


def test_headings_get_unique_ids_permalinks_and_nest_by_level() -> None:
    headings = PageHeadings({"en-network"})
    html = headings.anchor(
        "<h2>Network</h2><p>x</p><h3>Loss &amp; <em>tricks</em></h3><h2>Network</h2>", "en", "en"
    )
    assert '<h2 id="en-network_1">Network<a class="headerlink" href="#en-network_1"' in html
    assert '<h3 id="en-loss-tricks">Loss &amp; <em>tricks</em><a class="headerlink"' in html
    assert '<h2 id="en-network_2">' in html
    tokens = headings.toc_tokens()
    assert [t["id"] for t in tokens] == ["en-network_1", "en-network_2"]
    assert tokens[0]["children"][0]["name"] == '<span data-lang="en" lang="en">Loss &amp; tricks</span>'


def test_an_id_the_renderer_wrote_is_kept() -> None:
    headings = PageHeadings()
    html = headings.anchor('<h2 id="given">Title</h2>\n<h2 class="x">中文 标题</h2>', "zh")
    assert html.startswith('<h2 id="given">Title<a class="headerlink" href="#given"')
    assert '<h2 class="x" id="zh-中文-标题">' in html
    assert [t["id"] for t in headings.toc_tokens()] == ["given", "zh-中文-标题"]


def test_slugs_keep_letters_of_any_script() -> None:
    assert slug("网络结构 (Network)") == "网络结构-network"
    assert slug("<>!") == ""


def test_a_long_note_page_shows_its_headings_in_the_table_of_contents(tmp_path: Path) -> None:
    library = tmp_path / "kb"
    shutil.copytree(FIXTURE, library)
    note = library / "notes" / "faceshifter.md"
    note.write_text(
        "## English\n\n### Architecture\n\nText.\n\n#### Encoder\n\nMore.\n\n"
        "## 中文\n\n### 网络结构\n\n文字。\n",
        encoding="utf-8",
    )
    env = {"PAPERKB_PAPERS": str(library / "papers.yaml"), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin"}
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    page = (site / "papers" / "faceshifter" / "index.html").read_text(encoding="utf-8")
    toc = page.split('class="md-nav md-nav--secondary"', 1)[1].split('class="md-content"', 1)[0]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert targets == ["en-architecture", "en-encoder", "zh-网络结构"]
    for target in targets:
        assert f'id="{target}"' in page
    in_page = page.split('class="pkb-contents"', 1)[1].split("</details>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', in_page) == targets  # for screens without the sidebar
    topic = (site / "topics" / "face-swap" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-type="toc" hidden' in topic  # card pages keep the full width
