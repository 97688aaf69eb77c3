"""Warning fixtures: each yields exactly its expected diagnostics; --strict turns them into a failure."""

from __future__ import annotations

import glob
import os

import pytest

from paperkb.cli import main
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
