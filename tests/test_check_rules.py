"""Warning fixtures: each yields exactly its expected diagnostics; --strict turns them into a failure."""

from __future__ import annotations

import glob
import json
import os
import re
import shutil

import pytest

from paperkb.cli import main
from paperkb.records.characters import is_invisible, remove_invisible
from paperkb.records.check import normalise_title
from paperkb.records.library import open_library
from tests.test_core_fixtures import expected_lines, place

HERE = os.path.dirname(os.path.abspath(__file__))
WARNINGS = sorted(glob.glob(os.path.join(HERE, "fixtures", "core", "warnings", "*.yaml")))


@pytest.mark.parametrize("fixture", WARNINGS, ids=[os.path.basename(p)[:-5] for p in WARNINGS])
def test_warning_fixture_reports_expected_diagnostics(fixture, tmp_path, monkeypatch, capsys):
    path = place(tmp_path, fixture)
    monkeypatch.chdir(tmp_path)
    library, diagnostics = open_library("papers.yaml")
    assert library is not None
    assert [d.format() for d in diagnostics] == [f"papers.yaml:{line}" for line in expected_lines(fixture)]

    assert main(["validate", path]) == 0
    assert main(["validate", "--strict", path]) == 1
    err = capsys.readouterr().err
    for line in expected_lines(fixture):
        assert f"papers.yaml:{line}" in err


def test_every_warning_fixture_states_an_expectation():
    assert len(WARNINGS) >= 4
    for fixture in WARNINGS:
        assert expected_lines(fixture), fixture


def test_strict_passes_a_clean_file(tmp_path, capsys):
    path = tmp_path / "papers.yaml"
    path.write_text(
        "topics:\n  - id: gan\n    title: {en: GAN, zh: 生成对抗网络}\n"
        "papers:\n  - id: a\n    title: A\n    topics: [gan]\n    venue: CVPR\n    year: 2018\n    month: 6\n",
        encoding="utf-8",
    )
    (tmp_path / "notes").mkdir()
    assert main(["validate", "--strict", str(path)]) == 0
    assert "OK" in capsys.readouterr().out


def test_schema_accepts_ascii_digits_only():
    """The JSON Schema editors check against agrees with the loader: arXiv ids and years in 0-9."""
    with open(os.path.join(HERE, "..", "schema", "papers.schema.json"), encoding="utf-8") as handle:
        paper = json.load(handle)["$defs"]["Paper"]["properties"]
    arxiv = re.compile(next(t["pattern"] for t in paper["arxiv"]["anyOf"] if "pattern" in t))
    assert arxiv.search("2001.00010") and arxiv.search("hep-th/9901001")
    assert not arxiv.search("２００１.00010") and not arxiv.search("٢٠٠١.00010")
    assert {"type": "integer"} in paper["year"]["anyOf"]


def test_normalised_titles_ignore_invisible_and_compatibility_characters():
    assert normalise_title("Deep Fa\u200bkes Ｅverywhere") == normalise_title("Deep Fakes Everywhere")
    assert normalise_title("ﬁne-tuning") == normalise_title("fine tuning")


def test_readme_example_record_is_new_and_passes_strict(tmp_path):
    """Copying the README's example record into the shipped papers.yaml gives a valid library."""
    root = os.path.join(HERE, "..")
    with open(os.path.join(root, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    section = readme[readme.index("## Adding a paper by editing YAML") :]
    record = section[section.index("```yaml\n") + 8 : section.index("\n```", section.index("```yaml\n"))]
    with open(os.path.join(root, "papers.yaml"), encoding="utf-8") as handle:
        shipped = handle.read()
    record_id = re.search(r"- id: (\S+)", record).group(1)
    assert f"- id: {record_id}\n" not in shipped
    shutil.copytree(os.path.join(root, "notes"), tmp_path / "notes")
    (tmp_path / "papers.yaml").write_text(shipped.rstrip("\n") + "\n" + record + "\n", encoding="utf-8")
    library, diagnostics = open_library(str(tmp_path / "papers.yaml"))
    assert library is not None and diagnostics == []
    assert library.paper_by_id[record_id].summary is not None


def test_invisible_characters_agree_with_unicode():
    """The fast expression removes exactly the characters is_invisible names, spaces aside."""
    text = "".join(chr(c) for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF)
    kept = remove_invisible(text)
    assert kept == "".join(c for c in text if c.isspace() or not is_invisible(c))
