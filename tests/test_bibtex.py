"""BibTeX import: macros, accents, names, arXiv ids, broken entries, merging, and the CLI."""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkb.cli import main
from paperkb.importers.bibtex import parse_bibtex, read_bibtex
from paperkb.records.check import normalise_title
from paperkb.records.library import open_library

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "import")
REFS = os.path.join(FIXTURES, "refs.bib")


@pytest.fixture
def papers(tmp_path):
    path = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "library.yaml"), path)
    return str(path)


def _drafts(path: str = REFS) -> dict:
    incoming, _, _ = read_bibtex(path, {"topics": ["gan"]})
    return {item.id_hint: item.draft for item in incoming}


def test_entries_become_drafts():
    drafts = _drafts()
    assert list(drafts) == [
        "karras2019stylegan",
        "mueller2020faces",
        "wang2021gfpgan",
        "li2020celebdf",
        "siarohin2019fomm",
        "dblp-nirkin",
    ]
    stylegan = drafts["karras2019stylegan"]
    assert stylegan["venue"] == "CVPR"  # an @string macro, shortened
    assert stylegan["authors"] == ["Tero Karras", "Samuli Laine", "Timo Aila"]
    assert stylegan["doi"] == "10.1109/CVPR.2019.00453"


def test_latex_accents_braces_month_and_urls():
    faces = _drafts()["mueller2020faces"]
    assert faces["title"] == "GAN-Based Faces with 100% Fidelity"
    assert faces["authors"] == ["Jörg Müller", "María García", "Barnes and Noble"]
    assert faces["month"] == 6 and faces["year"] == 2020 and faces["venue"] == "IJCV"
    assert faces["links"] == {"pdf": "https://example.org/papers/faces%20gan.pdf"}  # '%' kept


@pytest.mark.parametrize(
    ("key", "arxiv", "extra"),
    [
        ("wang2021gfpgan", "2101.04061", {"arxiv_version": 2, "arxiv_category": "cs.CV"}),
        ("li2020celebdf", "1909.12962", {"venue": "arXiv"}),
        ("siarohin2019fomm", "2003.00196", {"venue": "NeurIPS"}),
        ("dblp-nirkin", "1908.05932", {"title": "FSGAN: Subject Agnostic Face Swapping and Reenactment"}),
    ],
)
def test_arxiv_ids_in_every_spelling(key, arxiv, extra):
    draft = _drafts()[key]
    assert draft["arxiv"] == arxiv
    for field, value in extra.items():
        assert draft[field] == value


def test_arxiv_url_and_others():
    text = "@article{a, title={T}, url={https://arXiv.org/pdf/1908.05932v3.pdf}, author={A B and others}}"
    incoming, problems, failed = parse_bibtex(text, "x.bib", {})
    draft = incoming[0].draft
    assert (draft["arxiv"], draft["arxiv_version"], draft["authors"]) == ("1908.05932", 3, ["A B"])
    assert "links" not in draft and problems == [] and failed == 0


def test_broken_entries_are_reported_at_their_line():
    _, problems, failed = read_bibtex(REFS, {})
    assert failed == 3
    assert [p.format() for p in problems] == [
        f"{REFS}:56:1: error: entry 'duplicated' has the field 'title' twice; the entry was skipped;"
        " remove one of the duplicate fields",
        f"{REFS}:62:1: error: broken BibTeX entry (Unexpected block start: `@misc`. Was still looking for"
        " field-value closing `}`); it was skipped; check the braces, quotes and commas of this entry",
        f"{REFS}:66:1: error: entry 'notitle' has no title; it was skipped; add title = {{...}}",
    ]


def test_undefined_macro_and_duplicate_key_are_reported():
    text = "@misc{a, title={One}, month=thirteenth}\n@misc{a, title={Two}}\n"
    incoming, problems, failed = parse_bibtex(text, "x.bib", {})
    assert [item.draft["title"] for item in incoming] == ["One"]
    assert [p.format() for p in problems] == [
        "x.bib:2:1: error: duplicate entry key 'a'; the entry was skipped; rename one key",
        "x.bib:1:1: warning: undefined @string macro 'thirteenth' in 'a'; kept as text; define it",
    ]
    assert failed == 1


def test_latin1_file_is_read_with_a_warning():
    incoming, problems, _ = read_bibtex(os.path.join(FIXTURES, "latin1.bib"), {})
    assert incoming[0].draft["title"] == "Café Faces"
    assert incoming[0].draft["authors"] == ["Jörg Müller"]
    assert [p.format() for p in problems] == [
        f"{FIXTURES}/latin1.bib:2:14: warning: the file is not UTF-8 (byte 0xf6); read it as Latin-1;"
        " check the accents in the imported records, or save the file as UTF-8"
    ]


# --- the command ------------------------------------------------------------------------


def test_import_adds_merges_and_skips(papers, capsys):
    before = Path(papers).read_text(encoding="utf-8")
    code = main(["import", "bibtex", REFS, "--papers", papers, "--topic", "gan"])
    out, err = capsys.readouterr()
    assert code == 1  # three entries failed; the others are imported
    assert out == "added 4, merged 1, unchanged 1, failed 3; 3 could not be read (see the errors above)\n"
    assert f"{REFS}:5: merged into 'stylegan' (authors, doi)" in err
    assert f"{REFS}:48: already in the library as 'fsgan'; unchanged" in err
    after = Path(papers).read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert not [line for line in diff if line.startswith("-")]  # only additions
    library, _ = open_library(papers)
    assert library is not None
    assert [p.id for p in library.papers][3:] == [
        "mueller2020faces",
        "wang2021gfpgan",
        "li2020celebdf",
        "siarohin2019fomm",
    ]
    assert library.paper_by_id["stylegan"].authors == ["Tero Karras", "Samuli Laine", "Timo Aila"]
    assert library.paper_by_id["fsgan"].topics == ["face-swap"]  # --topic is not pushed onto old records
    assert all(p.status == "to-read" for p in library.papers[3:])


def test_import_twice_duplicates_nothing(papers, capsys):
    main(["import", "bibtex", REFS, "--papers", papers, "--topic", "gan"])
    first = Path(papers).read_text(encoding="utf-8")
    capsys.readouterr()
    main(["import", "bibtex", REFS, "--papers", papers, "--topic", "gan", "--status", "read"])
    assert (
        capsys.readouterr().out
        == "added 0, merged 0, unchanged 6, failed 3; 3 could not be read (see the errors above)\n"
    )
    assert Path(papers).read_text(encoding="utf-8") == first


def test_new_records_without_a_topic_go_to_the_inbox(papers, capsys):
    code = main(["import", "bibtex", REFS, "--papers", papers])
    out, err = capsys.readouterr()
    assert (
        code == 1
        and out == "added 4, merged 1, unchanged 1, failed 3; 3 could not be read (see the errors above)\n"
    )
    assert "new topic 'inbox' (Inbox · 待整理)" in err
    library, _ = open_library(papers)
    assert library is not None
    assert library.topic_by_id["inbox"].title.model_dump() == {"en": "Inbox", "zh": "待整理"}
    assert [p.topics for p in library.papers[3:]] == [["inbox"]] * 4
    assert library.paper_by_id["stylegan"].topics == ["stylegan"]  # the inbox is never added to old records


def test_unknown_topic_close_to_one_is_a_typo(papers, capsys):
    code = main(["import", "bibtex", REFS, "--papers", papers, "--topic", "gann"])
    assert code == 1
    assert capsys.readouterr().err == (
        f"{papers}: error: unknown topic 'gann' (did you mean 'gan'?); use one of: face-swap, gan,"
        " stylegan, talking-face, misc; or another name to make a new topic\n1 error(s), 0 warning(s)\n"
    )


def test_topic_option_matches_a_title_or_makes_a_topic(papers, capsys):
    main(["import", "bibtex", REFS, "--papers", papers, "--topic", "生成对抗网络"])
    library, _ = open_library(papers)
    assert [p.topics for p in library.papers[3:]] == [["gan"]] * 4
    main(["import", "bibtex", REFS, "--papers", papers, "--topic", "Deepfake Detection"])
    assert "new topic" not in capsys.readouterr().err  # nothing new to put under it: not made
    other = Path(papers).parent / "other.bib"
    other.write_text("@article{x, title = {Celeb-DF Revisited}, year = 2024}\n", encoding="utf-8")
    main(["import", "bibtex", str(other), "--papers", papers, "--topic", "Deepfake Detection"])
    capsys.readouterr()
    library, _ = open_library(papers)
    assert library.topics[-1].model_dump(exclude_none=True, exclude={"links"}) == {
        "id": "deepfake-detection",
        "title": {"en": "Deepfake Detection"},
    }


def test_missing_file(papers, capsys):
    code = main(["import", "bibtex", "nope.bib", "--papers", papers, "--topic", "gan"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "nope.bib: error: cannot read file: No such file or directory; check the path" in err
    assert out == "added 0, merged 0, unchanged 0, failed 0\n"


def test_dry_run_prints_a_diff_and_writes_nothing(papers, capsys):
    before = Path(papers).read_bytes()
    code = main(["import", "bibtex", REFS, "--papers", papers, "--topic", "gan", "--dry-run"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out.startswith(f"--- {papers}\n+++ {papers} (after)\n")
    assert "+  - id: wang2021gfpgan\n" in out
    assert "+    authors: [Tero Karras, Samuli Laine, Timo Aila]\n" in out
    assert out.endswith(
        "added 4, merged 1, unchanged 1, failed 3; 3 could not be read (see the errors above) (dry run: nothing written)\n"
    )
    assert Path(papers).read_bytes() == before


def test_broken_library_is_not_touched(tmp_path, capsys):
    path = tmp_path / "papers.yaml"
    path.write_text("topics: []\npapers:\n  - id: Bad\n", encoding="utf-8")
    before = path.read_bytes()
    code = main(["import", "bibtex", REFS, "--papers", str(path), "--topic", "gan"])
    assert code == 1
    assert f"{path} has errors; fix them first (nothing was imported)" in capsys.readouterr().err
    assert path.read_bytes() == before


_words = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ &%_{}$#-üé", min_size=3, max_size=30)
_entries = st.lists(
    st.tuples(
        _words.map(lambda s: " ".join(s.split())).filter(lambda s: len(s) >= 3), st.integers(1990, 2025)
    ),
    min_size=1,
    max_size=5,
    unique_by=lambda entry: entry[0].casefold(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=_entries)
def test_importing_into_a_commented_library_only_adds_lines(tmp_path_factory, entries):
    from paperkb.exporters.bibtex import latex_escape

    work = tmp_path_factory.mktemp("bib")
    papers = work / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "library.yaml"), papers)
    before = papers.read_text(encoding="utf-8")
    bib = work / "in.bib"
    bib.write_text(
        "\n".join(
            f"@article{{k{i}, title = {{{latex_escape(t)}}}, year = {y}}}" for i, (t, y) in enumerate(entries)
        ),
        encoding="utf-8",
    )
    code = main(["import", "bibtex", str(bib), "--papers", str(papers), "--topic", "misc"])
    after = papers.read_text(encoding="utf-8")
    if code != 0:  # two titles equal once normalised: refused as a whole, nothing written
        assert after == before
        return
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [line for line in diff if line.startswith("- ")]
    assert [line[2:] for line in diff if line.startswith("  ")] == before.splitlines()
    library, _ = open_library(str(papers))
    expected, seen = [], set()
    for title, year in entries:  # titles equal once normalised are one paper
        key = normalise_title(title)
        if not key or key not in seen:
            expected.append((title, year))
            seen.add(key)
    assert [(p.title, p.year) for p in library.papers[3:]] == expected


# --- BibTeX as BibTeX means it ------------------------------------------------------------


def _one(text: str) -> tuple[dict, list[str], int]:
    incoming, problems, failed = parse_bibtex(text, "x.bib", {})
    assert len(incoming) == 1, [p.format() for p in problems]
    return incoming[0].draft, [p.format() for p in problems], failed


def test_a_redefined_string_takes_the_later_value_with_a_warning():
    text = "@string{conf = {Early Name}}\n@string{conf = {Later Workshop}}\n@misc{a, title={T}, note=conf, booktitle=conf}\n"
    draft, problems, failed = _one(text)
    assert (draft["venue"], failed) == ("Later Workshop", 0)
    assert problems == [
        "x.bib:2:1: warning: @string 'conf' is defined again; the later value is used;"
        " remove one of the two definitions"
    ]


def test_an_identical_duplicate_entry_is_a_warning_and_a_different_one_fails():
    entry = "@misc{a, title={T}, year=2020}\n"
    _, problems, failed = _one(entry + "\n" + entry.replace(", ", ",  "))
    assert failed == 0 and problems == [
        "x.bib:3:1: warning: entry 'a' is written twice, the same both times; imported once; remove the copy"
    ]
    _, problems, failed = _one(entry + "@misc{a, title={Other}, year=2021}\n")
    assert failed == 1 and problems[0].startswith("x.bib:2:1: error: duplicate entry key 'a'")


@pytest.mark.parametrize(
    ("authors", "names", "warned"),
    [
        ("Alice Smith, Bob Jones, Carol Lee", ["Alice Smith", "Bob Jones", "Carol Lee"], True),
        ("Alice Smith, Bob Jones", ["Alice Smith", "Bob Jones"], True),
        ("Van Gool, Luc", ["Luc Van Gool"], False),
        ("Smith, Jr, John and Doe, Jane", ["John Smith Jr", "Jane Doe"], False),
        ("Lugmayr, Andreas and Danelljan, Martin", ["Andreas Lugmayr", "Martin Danelljan"], False),
    ],
)
def test_comma_separated_authors_are_imported_with_a_warning(authors, names, warned):
    draft, problems, _ = _one(f"@misc{{a, title={{T}}, author={{{authors}}}}}\n")
    assert draft["authors"] == names
    assert any("separated by commas" in p for p in problems) == warned


@pytest.mark.parametrize(
    ("fields", "arxiv"),
    [
        ("journal = {arXiv preprint arXiv:2009.12072}", "2009.12072"),
        ("journal = {arXiv:2009.12072 [cs]}", "2009.12072"),
        ("journal = {ArXiv}, volume = {abs/2009.12072}", "2009.12072"),
        ("eprint = {2009.12072}", "2009.12072"),  # no archivePrefix: arXiv all the same
        ("note = {arXiv:2009.12072.}", "2009.12072"),  # a sentence's full stop is not the id's
        ("note = {see arXiv:2009.12072, and others}", "2009.12072"),
        ("eprint = {HEP-TH/9901001}", "hep-th/9901001"),  # old-style archives are lowercase
        ("eprint = {math.AG/0309136}", "math.AG/0309136"),
    ],
)
def test_arxiv_ids_from_journal_eprint_and_notes(fields, arxiv):
    draft, _, _ = _one(f"@article{{a, title={{T}}, {fields}}}\n")
    assert draft["arxiv"] == arxiv
    if "journal" in fields:
        assert draft["venue"] == "arXiv"


def test_an_eprint_of_another_archive_is_not_arxiv():
    draft, _, _ = _one("@article{a, title={T}, eprint={12345678}, eprinttype={pubmed}}\n")
    assert "arxiv" not in draft


def test_url_and_howpublished_links_are_kept():
    text = (
        "@misc{a, title={T}, url={https://example.org/t.pdf}, howpublished={\\url{https://example.org/t}}}\n"
    )
    draft, _, _ = _one(text)
    assert draft["links"] == {"pdf": "https://example.org/t.pdf", "paper": "https://example.org/t"}


def test_exit_zero_when_every_entry_was_imported_or_a_harmless_duplicate(papers, tmp_path, capsys):
    source = tmp_path / "dup.bib"
    entry = "@misc{k, title={A Brand New Paper}, year=2021}\n"
    source.write_text("@string{x = {A}}\n@string{x = {B}}\n" + entry + entry, encoding="utf-8")
    code = main(["import", "bibtex", str(source), "--papers", papers, "--topic", "gan"])
    out, err = capsys.readouterr()
    assert (code, out) == (0, "added 1, merged 0, unchanged 0, failed 0\n"), err
    source.write_text(entry + "@misc{broken, title={Open\n", encoding="utf-8")
    code = main(["import", "bibtex", str(source), "--papers", papers, "--topic", "gan"])
    out, _ = capsys.readouterr()
    assert (code, out) == (
        1,
        "added 0, merged 0, unchanged 1, failed 1; 1 could not be read (see the errors above)\n",
    )
