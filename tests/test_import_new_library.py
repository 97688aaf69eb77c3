"""A new library (`topics: []`) imports: headings become topics, the rest goes to the inbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkb.cli import main
from paperkb.records.library import Library, open_library
from paperkb.site.markup import NoteRenderer
from paperkb.site.pages import PAGE_BUILDERS
from paperkb.site.renderer import DEFAULT_TEMPLATES, SiteRenderer, make_environment, read_long_notes
from paperkb.site.views import SiteContext

LIST = """\
# Awesome Faces

- [Loose Paper About Faces](https://arxiv.org/abs/2001.00001)

## 1. Face Swap

- [FSGAN: Subject Agnostic Face Swapping and Reenactment](https://arxiv.org/abs/1908.05932) ICCV 2019

### 2020

- [SimSwap: An Efficient Framework For High Fidelity Face Swapping](https://arxiv.org/abs/2106.06340) ACM MM 2020

## 说话人脸

- [A Lip Sync Expert Is All You Need for Speech to Lip Generation In the Wild](https://arxiv.org/abs/2008.10010)

## Super-Resolution / 超分辨率

- [Image Super-Resolution Using Deep Convolutional Networks](https://arxiv.org/abs/1501.00092)
"""


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Library, str]:
    papers = tmp_path / "papers.yaml"
    papers.write_text("topics: []\npapers: []\n", encoding="utf-8")
    source = tmp_path / "list.md"
    source.write_text(LIST, encoding="utf-8")
    assert main(["import", "markdown", str(source), "--papers", str(papers)]) == 0
    _, err = capsys.readouterr()
    library, problems = open_library(str(papers))
    assert library is not None, problems
    return library, err


def test_headings_become_topics(imported: tuple[Library, str]) -> None:
    library, err = imported
    titles = [(t.id, t.title.en, t.title.zh) for t in library.topics]
    assert titles == [
        ("inbox", "Inbox", "待整理"),
        ("face-swap", "Face Swap", None),
        ("topic", None, "说话人脸"),
        ("super-resolution", "Super-Resolution", "超分辨率"),
    ]
    topics = {paper.arxiv: paper.topics for paper in library.papers}
    assert topics == {
        "2001.00001": ["inbox"],
        "1908.05932": ["face-swap"],
        "2106.06340": ["face-swap"],  # '2020' names no subject: the heading above it does
        "2008.10010": ["topic"],
        "1501.00092": ["super-resolution"],
    }
    assert "topic: '1. Face Swap' -> face-swap (new topic)" in err


def test_a_second_import_matches_the_topics_it_made(imported: tuple[Library, str], tmp_path: Path) -> None:
    papers = tmp_path / "papers.yaml"
    source = tmp_path / "more.md"
    source.write_text(
        "## face swap\n\n- [Another Swap](https://arxiv.org/abs/2301.00002)\n\n"
        "## 超分辨率\n\n- [Another SR](https://arxiv.org/abs/2301.00003)\n",
        encoding="utf-8",
    )
    assert main(["import", "markdown", str(source), "--papers", str(papers)]) == 0
    library, _ = open_library(str(papers))
    assert library is not None and len(library.topics) == 4
    assert {p.arxiv: p.topics for p in library.papers[-2:]} == {
        "2301.00002": ["face-swap"],
        "2301.00003": ["super-resolution"],
    }


def test_the_site_shows_a_one_language_title_once(imported: tuple[Library, str]) -> None:
    library, _ = imported
    ctx = SiteContext(library, NoteRenderer(), True, read_long_notes(library))
    fast = SiteRenderer(ctx, make_environment(DEFAULT_TEMPLATES), fast=True)
    reference = SiteRenderer(ctx, make_environment(DEFAULT_TEMPLATES), fast=False)
    bodies = []
    for build in PAGE_BUILDERS:
        for ours, theirs in zip(build(fast), build(reference), strict=True):
            assert ours.body == theirs.body, ours.src_uri
            bodies.append(ours.body)
    text = "\n".join(bodies)
    assert '<span class="pkb-t">Face Swap</span>' in text
    assert '<span class="pkb-t">说话人脸</span>' in text
    assert "None" not in text
    card = str(fast.card(library.paper_by_id["fsgan"]))
    assert '<span class="pkb-t">Face Swap</span>' in card and 'data-lang="zh" lang="zh">Face Swap' not in card


def test_the_checker_warns_on_a_title_with_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text(
        "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n"
        '  - id: deca\n    title: "[DECA](https://arxiv.org/abs/2012.04012)"\n    topics: [t]\n'
        '  - id: plain\n    title: "A Plain Title: With a Colon"\n    topics: [t]\n',
        encoding="utf-8",
    )
    assert main(["validate", str(papers)]) == 0
    err = capsys.readouterr().err
    assert (
        f"{papers}:6:12: warning: title of 'deca' holds markup or a URL (']('); write the title as plain text"
        in err
    )
    assert "'plain'" not in err


def test_nested_headings_make_nested_topics(tmp_path: Path) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("topics: []\npapers: []\n", encoding="utf-8")
    source = tmp_path / "list.md"
    source.write_text(
        "# Awesome GANs\n\n## GAN\n\n### 2019\n\n### StyleGAN Family\n\n"
        "- [A Style-Based Generator Architecture for Generative Adversarial Networks](https://arxiv.org/abs/1812.04948)\n",
        encoding="utf-8",
    )
    assert main(["import", "markdown", str(source), "--papers", str(papers)]) == 0
    library, problems = open_library(str(papers))
    assert library is not None, problems
    assert [(t.id, t.parent) for t in library.topics] == [("gan", None), ("stylegan-family", "gan")]
    assert library.papers[0].topics == ["stylegan-family"]
