"""Importing never merges two different papers: only the same arXiv id, DOI or title is one paper."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkb.cli import main
from paperkb.records.library import open_library

LIBRARY = """\
topics:
  - id: super-resolution
    title: {en: Super-Resolution, zh: 超分辨率}

papers:
  - id: ntire2017
    title: "NTIRE 2017 Challenge on Single Image Super-Resolution: Methods and Results"
    authors: [Radu Timofte, Eirikur Agustsson, Luc Van Gool]
    year: 2017
    venue: CVPRW
    topics: [super-resolution]

  - id: aim2019
    title: "AIM 2019 Challenge on Real-World Image Super-Resolution: Methods and Results"
    year: 2019
    arxiv: "1911.07783"
    topics: [super-resolution]
"""

CHALLENGES_2018_2020 = """\
@inproceedings{ntire2018,
  title = {NTIRE 2018 Challenge on Single Image Super-Resolution: Methods and Results},
  author = {Timofte, Radu and Gu, Shuhang and Wu, Jiqing and Van Gool, Luc},
  booktitle = {CVPR Workshops},
  year = {2018},
  doi = {10.1109/CVPRW.2018.00130}
}

@article{aim2020,
  title = {AIM 2020 Challenge on Real Image Super-Resolution: Methods and Results},
  journal = {arXiv preprint arXiv:2009.12072},
  year = {2020}
}
"""


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    path = tmp_path / "papers.yaml"
    path.write_text(LIBRARY, encoding="utf-8")
    return path


def _import(papers: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    source = papers.parent / "refs.bib"
    source.write_text(text, encoding="utf-8")
    code = main(["import", "bibtex", str(source), "--papers", str(papers), "--topic", "super-resolution"])
    out, err = capsys.readouterr()
    return code, out, err


def test_other_editions_of_a_challenge_are_new_papers(
    papers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _import(papers, CHALLENGES_2018_2020, capsys)
    assert code == 0, err
    assert out.startswith("added 2, merged 0, unchanged 0, failed 0; 2 possible duplicate(s)")
    source = papers.parent / "refs.bib"
    assert f"{source}:1: possible duplicate: has a title close to 'ntire2017' ({papers}:6)" in err
    assert f"{source}:9: possible duplicate: has a title close to 'aim2019' ({papers}:13)" in err
    library, _ = open_library(str(papers))
    assert library is not None
    old = library.paper_by_id["ntire2017"]
    assert (old.doi, old.year, old.authors) == (
        None,
        2017,
        ["Radu Timofte", "Eirikur Agustsson", "Luc Van Gool"],
    )
    assert library.paper_by_id["aim2019"].arxiv == "1911.07783"
    new = {paper.title: paper for paper in library.papers[2:]}
    ntire = new["NTIRE 2018 Challenge on Single Image Super-Resolution: Methods and Results"]
    assert (ntire.doi, ntire.year) == ("10.1109/CVPRW.2018.00130", 2018)
    aim = new["AIM 2020 Challenge on Real Image Super-Resolution: Methods and Results"]
    assert (aim.arxiv, aim.venue, aim.year) == ("2009.12072", "arXiv", 2020)


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        (
            "journal = {arXiv preprint arXiv:1911.99999}",
            "a different arXiv id (1911.99999 here, 1911.07783 there)",
        ),
        ("year = {2023}", "a different year (2023 here, 2019 there)"),
    ],
)
def test_same_title_with_a_conflicting_id_or_year_is_not_merged(
    papers: Path, capsys: pytest.CaptureFixture[str], fields: str, why: str
) -> None:
    title = "AIM 2019 Challenge on Real-World Image Super-Resolution: Methods and Results"
    code, out, err = _import(papers, f"@article{{k, title = {{{title}}}, {fields}}}\n", capsys)
    assert code == 0, err
    assert out.startswith("added 1, merged 0, unchanged 0, failed 0; 1 possible duplicate(s)")
    assert f"possible duplicate: has the title of 'aim2019' but {why} ({papers}:13)" in err
    library, problems = open_library(str(papers))
    assert library is not None and len(library.papers) == 3
    assert library.paper_by_id["aim2019"].arxiv == "1911.07783"
    assert any("duplicate title" in p.message and not p.is_error for p in problems)


def test_merged_only_when_a_field_is_added(papers: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "NTIRE 2017 Challenge on Single Image Super-Resolution: Methods and Results"
    same = f"@inproceedings{{a, title = {{{title}}}, year = {{2017}}}}\n"
    code, out, _ = _import(papers, same, capsys)
    assert (code, out) == (0, "added 0, merged 0, unchanged 1, failed 0\n")
    more = f"@inproceedings{{a, title = {{{title}}}, year = {{2017}}, doi = {{10.1109/CVPRW.2017.149}}}}\n"
    code, out, err = _import(papers, more, capsys)
    assert (code, out) == (0, "added 0, merged 1, unchanged 0, failed 0\n")
    assert "merged into 'ntire2017' (doi)" in err
    library, _ = open_library(str(papers))
    assert library is not None and library.paper_by_id["ntire2017"].year == 2017


def test_a_preprint_a_year_before_its_proceedings_is_the_same_paper(
    papers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "AIM 2019 Challenge on Real-World Image Super-Resolution: Methods and Results"
    code, out, err = _import(
        papers, f"@article{{k, title = {{{title}}}, year = {{2020}}, author = {{Andreas Lugmayr}}}}\n", capsys
    )
    assert (code, out) == (0, "added 0, merged 1, unchanged 0, failed 0\n"), err
    library, _ = open_library(str(papers))
    assert library is not None and library.paper_by_id["aim2019"].year == 2019  # never overwritten


@pytest.mark.parametrize(
    "written",
    [
        "https://github.com/xinntao/Real-ESRGAN/",
        "http://www.github.com/xinntao/real-esrgan.git",
        "https://github.com/xinntao/Real-ESRGAN",
    ],
)
def test_a_known_repository_written_another_way_is_not_added_again(
    papers: Path, capsys: pytest.CaptureFixture[str], written: str
) -> None:
    papers.write_text(
        papers.read_text(encoding="utf-8")
        + '\n  - id: real-esrgan\n    title: Real-ESRGAN\n    year: 2021\n    arxiv: "2107.10833"\n'
        + "    code:\n      - {url: https://github.com/xinntao/Real-ESRGAN, official: true}\n"
        + "    topics: [super-resolution]\n",
        encoding="utf-8",
    )
    source = papers.parent / "list.md"
    source.write_text(
        f"## Super-Resolution\n\n- [Real-ESRGAN](https://arxiv.org/abs/2107.10833) [code]({written})\n"
    )
    before = papers.read_text(encoding="utf-8")
    code = main(["import", "markdown", str(source), "--papers", str(papers)])
    out, _ = capsys.readouterr()
    assert code == 0 and "unchanged 1" in out
    assert papers.read_text(encoding="utf-8") == before
