"""papers.yaml is read and checked once per `paperkb build`: the hook reuses what the command
validated in the same process; a plain `mkdocs build` still loads and checks it itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import paperkb.records.library as library_module
from paperkb.commands.build import build_site, main
from paperkb.records.library import open_library
from paperkb.site.speedups import handover

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site"


@pytest.fixture
def counted_loads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Every papers.yaml read through open_library, by path (with an empty cache folder)."""
    loads: list[str] = []
    real = library_module.load_library

    def counting(path: str):  # type: ignore[no-untyped-def]
        loads.append(os.path.realpath(path))
        return real(path)

    monkeypatch.setattr(library_module, "load_library", counting)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("PAPERKB_CACHE_DIR", str(tmp_path / "empty-cache"))
    return loads


def test_build_command_loads_papers_yaml_once(tmp_path: Path, counted_loads: list[str]) -> None:
    library = tmp_path / "kb"
    shutil.copytree(FIXTURE, library)
    site = tmp_path / "site"
    code = main(["--papers", str(library / "papers.yaml"), "-f", str(REPO / "mkdocs.yml"), "-d", str(site)])
    assert code == 0
    assert counted_loads == [os.path.realpath(library / "papers.yaml")]
    all_papers = (site / "all" / "index.html").read_text(encoding="utf-8")
    assert "FaceShifter" in all_papers


def test_plain_mkdocs_build_loads_and_checks_itself(
    tmp_path: Path, counted_loads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERKB_PAPERS", str(FIXTURE / "papers.yaml"))
    monkeypatch.setenv("PAPERKB_CACHE_DIR", str(tmp_path / "cache"))  # no checked library kept yet
    build_site(str(REPO / "mkdocs.yml"), str(tmp_path / "site"))
    assert counted_loads == [os.path.realpath(FIXTURE / "papers.yaml")]


def test_a_file_changed_after_validation_is_loaded_again(tmp_path: Path) -> None:
    papers = tmp_path / "papers.yaml"
    shutil.copy(FIXTURE / "papers.yaml", papers)
    stamp = handover.file_stamp(str(papers))
    library, diagnostics = open_library(str(papers))
    assert library is not None
    handover.hand_over(str(papers), stamp, library, diagnostics)
    papers.write_text(papers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert handover.take_over(str(papers)) is None
    handover.hand_over(str(papers), handover.file_stamp(str(papers)), library, diagnostics)
    assert handover.take_over(str(tmp_path / "other.yaml")) is None
    assert handover.take_over(str(papers)) is None  # handed over once, for one build


def test_a_note_swapped_for_a_fifo_after_validation_stops_the_build_with_its_path(
    tmp_path: Path,
    counted_loads: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from mkdocs.exceptions import Abort

    library_dir = tmp_path / "kb"
    shutil.copytree(FIXTURE, library_dir)
    papers = library_dir / "papers.yaml"
    stamp = handover.file_stamp(str(papers))
    library, diagnostics = open_library(str(papers))
    assert library is not None
    note = library_dir / "notes" / "faceshifter.md"
    note.unlink()
    os.mkfifo(note)  # after validation, before the hook reads it: never waited on
    monkeypatch.setenv("PAPERKB_PAPERS", str(papers))
    handover.hand_over(str(papers), stamp, library, diagnostics)
    with pytest.raises(Abort):  # MkDocs' own end of a build whose plugin failed: no traceback
        build_site(str(REPO / "mkdocs.yml"), str(tmp_path / "site"))
    assert (
        f"{note}: cannot read the note: it is a FIFO, not a regular file; run `paperkb validate`"
        in caplog.text
    )
