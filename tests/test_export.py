"""Exports: BibTeX (golden file, read back by bibtexparser and by our import), README, JSON."""

from __future__ import annotations

import json
import os
import shutil
import string
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkb.cli import main
from paperkb.exporters.formats import bibtex_entry_for, export_bibtex, export_json, export_readme, readme_line
from paperkb.records.check import normalise_title
from paperkb.records.library import open_library
from paperkb.writing.writer import append_records

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "import")
LIBRARY = os.path.join(FIXTURES, "library.yaml")
GOLDEN_BIB = os.path.join(FIXTURES, "library.bib")
REGENERATE = os.environ.get("PAPERKB_REGENERATE") == "1"  # PAPERKB_REGENERATE=1 pytest tests/test_export.py


@pytest.fixture(scope="module")
def library():
    loaded, diagnostics = open_library(LIBRARY)
    assert loaded is not None, diagnostics
    return loaded


def test_bibtex_matches_the_golden_file(library):
    text = export_bibtex(library)
    if REGENERATE:  # pragma: no cover - run by hand after an intended change
        with open(GOLDEN_BIB, "w", encoding="utf-8") as handle:
            handle.write(text)
    with open(GOLDEN_BIB, encoding="utf-8") as handle:
        assert text == handle.read()


def test_bibtex_entry_for_one_paper(library):
    assert bibtex_entry_for(library.paper_by_id["fsgan"]) == (
        "@inproceedings{fsgan,\n"
        "  author = {Yuval Nirkin and Yosi Keller and Tal Hassner},\n"
        "  title = {FSGAN: Subject Agnostic Face Swapping and Reenactment},\n"
        "  booktitle = {ICCV},\n"
        "  year = {2019},\n"
        "  eprint = {1908.05932},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/1908.05932},\n"
        "}\n"
    )
    assert "notes" not in export_bibtex(library) and "与人物无关" not in export_bibtex(library)


def test_bibtexparser_reads_the_export_back(library):
    parsed = bibtexparser.parse_string(export_bibtex(library))
    assert parsed.failed_blocks == []
    assert [entry.key for entry in parsed.entries] == [paper.id for paper in library.papers]
    assert [entry.entry_type for entry in parsed.entries] == ["inproceedings", "inproceedings", "misc"]


def test_readme_nests_topics_in_the_checkbox_style(library):
    text = export_readme(library)
    assert text.startswith("# Papers\n")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Papers",
        "## Face Swap (换脸)",
        "## Generative Adversarial Networks (生成对抗网络)",
        "### StyleGAN Family (StyleGAN 系列)",
        "## Talking Face Generation (说话人脸生成)",
    ]
    assert readme_line(library.paper_by_id["fsgan"]) == (
        "- [x] (FSGAN) [FSGAN: Subject Agnostic Face Swapping and Reenactment](https://arxiv.org/abs/1908.05932)"
        " [[Code]](https://github.com/YuvalNirkin/fsgan) ICCV, 2019."
        " (Subject-agnostic face swapping and reenactment model.; 与人物无关的换脸与人脸重演模型。)"
    )
    assert (
        "- [ ] (StyleGAN) A Style-Based Generator Architecture for Generative Adversarial Networks. CVPR, 2019."
        in text
    )


def test_readme_imports_back_as_the_same_list(library, tmp_path, capsys):
    readme = tmp_path / "README.md"
    readme.write_text(export_readme(library), encoding="utf-8")
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "empty_library.yaml"), papers)
    assert main(["import", "markdown", str(readme), "--papers", str(papers)]) == 0
    assert capsys.readouterr().out == "added 3, merged 0, unchanged 0, failed 0\n"
    again, _ = open_library(str(papers))

    def view(paper):
        return (
            normalise_title(paper.title),
            paper.status,
            paper.topics,
            paper.venue,
            paper.year,
            paper.arxiv,
        )

    assert sorted(map(view, again.papers)) == sorted(map(view, library.papers))


def test_json_export(tmp_path):
    text = Path(LIBRARY).read_text(encoding="utf-8")
    draft = {
        "id": "dated",
        "title": "Dated",
        "topics": ["misc"],
        "added": __import__("datetime").date(2024, 5, 1),
    }
    path = tmp_path / "papers.yaml"
    path.write_text(append_records(text, [draft]), encoding="utf-8")
    loaded, _ = open_library(str(path))
    data = json.loads(export_json(loaded))
    assert [topic["id"] for topic in data["topics"]] == [
        "face-swap",
        "gan",
        "stylegan",
        "talking-face",
        "misc",
    ]
    assert data["papers"][0]["notes"] == {
        "en": "Subject-agnostic face swapping and reenactment model.",
        "zh": "与人物无关的换脸与人脸重演模型。",
    }
    assert data["papers"][-1]["added"] == "2024-05-01"
    assert "arxiv" not in data["papers"][-1]  # no nulls


def test_export_command_to_stdout_and_file(tmp_path, capsys):
    assert main(["export", "bibtex", "--papers", LIBRARY]) == 0
    out = capsys.readouterr().out
    assert out == Path(GOLDEN_BIB).read_text(encoding="utf-8")
    target = tmp_path / "out.md"
    assert main(["export", "readme", "--papers", LIBRARY, "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("# Papers\n")
    assert main(["export", "json", "--papers", LIBRARY, "-o", str(tmp_path / "missing" / "x.json")]) == 1
    assert "x.json: error: cannot write: No such file or directory; check the path and permissions" in (
        capsys.readouterr().err
    )


def test_export_refuses_a_broken_library(tmp_path, capsys):
    path = tmp_path / "papers.yaml"
    path.write_text("topics: []\npapers:\n  - id: Bad\n", encoding="utf-8")
    assert main(["export", "json", "--papers", str(path)]) == 1
    assert capsys.readouterr().err.endswith(f"{path} has errors; fix them first (nothing was exported)\n")


# --- export, then import into an empty library: the same records ------------------------

_TITLE_CHARS = string.ascii_letters + string.digits + " &%$#_{}~^\\-:'\"!?`,.()[]/@üéß中文–"
_titles = st.text(_TITLE_CHARS, min_size=1, max_size=50).map(lambda s: " ".join(s.split())).filter(bool)
_names = st.lists(
    st.from_regex(r"[A-Z][a-zéö]{1,8}( [A-Z][a-zéö]{1,8})?", fullmatch=True), min_size=0, max_size=3
)
_record = st.fixed_dictionaries(
    {"title": _titles, "authors": _names, "year": st.integers(1950, 2025)},
    optional={
        "month": st.integers(1, 12),
        "venue": st.sampled_from(["CVPR", "ICCV", "NeurIPS", "TPAMI", "arXiv", "Some Workshop & Friends"]),
        "arxiv": st.from_regex(r"2[0-3](0[1-9]|1[0-2])\.\d{5}", fullmatch=True),
        "arxiv_category": st.sampled_from(["cs.CV", "cs.LG", "eess.IV"]),
        "doi": st.from_regex(r"10\.\d{4}/[a-z0-9.]{1,10}", fullmatch=True),
    },
)
CARRIED = ("id", "title", "authors", "year", "month", "venue", "arxiv", "arxiv_category", "doi")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=st.lists(
        _record,
        min_size=1,
        max_size=4,
        unique_by=(
            lambda r: normalise_title(r["title"]) or r["title"],
            lambda r: r.get("arxiv"),
            lambda r: r.get("doi"),
        ),
    )
)
def test_bibtex_round_trip(tmp_path_factory, records):
    if any(r.get("arxiv_category") and not r.get("arxiv") for r in records):
        records = [{k: v for k, v in r.items() if k != "arxiv_category" or r.get("arxiv")} for r in records]
    work = tmp_path_factory.mktemp("round")
    source = work / "source.yaml"
    drafts = [{"id": f"rec-{i}", **r, "topics": ["misc"]} for i, r in enumerate(records)]
    empty = Path(os.path.join(FIXTURES, "empty_library.yaml")).read_text(encoding="utf-8")
    source.write_text(append_records(empty, drafts), encoding="utf-8")
    original, diagnostics = open_library(str(source))
    if original is None:  # e.g. two titles that only differ in punctuation: not a valid library
        assert any("duplicate" in d.message for d in diagnostics)
        return
    bib = work / "export.bib"
    bib.write_text(export_bibtex(original), encoding="utf-8")
    target = work / "papers.yaml"
    target.write_text(empty, encoding="utf-8")
    assert main(["import", "bibtex", str(bib), "--papers", str(target), "--topic", "misc"]) == 0
    imported, _ = open_library(str(target))

    def carried(paper):
        return {field: getattr(paper, field) for field in CARRIED}

    assert [carried(p) for p in imported.papers] == [carried(p) for p in original.papers]
