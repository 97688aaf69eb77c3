"""Every broken fixture yields exactly its expected diagnostics (file:line:col and message)."""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil

import pytest

from paperkb.cli import main
from paperkb.records.library import open_library

HERE = os.path.dirname(os.path.abspath(__file__))
INVALID = sorted(glob.glob(os.path.join(HERE, "fixtures", "core", "invalid", "*.yaml")))
EXPECT = "# expect: "


def expected_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        lines = [line[len(EXPECT) :].rstrip("\n") for line in handle if line.startswith(EXPECT)]
    next_year = str(dt.date.today().year + 1)
    return [line.replace("{next_year}", next_year) for line in lines]


def place(tmp_path, source: str) -> str:
    """Copy a fixture into its own directory (with an empty notes/) so paths are stable."""
    (tmp_path / "notes").mkdir()
    target = tmp_path / "papers.yaml"
    shutil.copyfile(source, target)
    return str(target)


@pytest.mark.parametrize("fixture", INVALID, ids=[os.path.basename(p)[:-5] for p in INVALID])
def test_invalid_fixture_reports_expected_diagnostics(fixture, tmp_path, monkeypatch, capsys):
    path = place(tmp_path, fixture)
    monkeypatch.chdir(tmp_path)
    library, diagnostics = open_library("papers.yaml")
    assert library is None
    got = [d.format() for d in diagnostics if d.is_error]
    assert got == [f"papers.yaml:{line}" for line in expected_lines(fixture)]

    assert main(["validate", path]) == 1
    err = capsys.readouterr().err
    for line in expected_lines(fixture):
        assert f"papers.yaml:{line}" in err


def test_every_fixture_states_an_expectation():
    assert len(INVALID) >= 30
    for fixture in INVALID:
        assert expected_lines(fixture), fixture


def test_yaml11_surprises_keep_the_text_the_user_wrote(tmp_path, monkeypatch):
    place(tmp_path, os.path.join(HERE, "fixtures", "core", "valid", "yaml11_surprises.yaml"))
    monkeypatch.chdir(tmp_path)
    library, diagnostics = open_library("papers.yaml")
    assert diagnostics == []
    paper = library.papers[0]
    assert paper.arxiv == "2101.04060"
    assert paper.venue == "no"
    assert paper.short_name == "1:20"
    assert paper.tags == ["on", "1e5", "017"]
    assert paper.added.isoformat() == "2021-03-01"
    assert paper.year == 2021
    assert paper.code[0].official is True
