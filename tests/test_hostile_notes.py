"""Hostile notes and note files: a linked notes/ folder, FIFOs and folders as notes, notes that
crashed or stalled the old renderer, notes beyond the rendering bounds. Real files, the real CLI and
the real `mkdocs build`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_library import ROOT, build_site

from paperkb.cli import main
from paperkb.site.markup import MAX_NOTE_DEPTH

TOPIC = "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n"


def write_library(directory: Path, papers: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "papers.yaml"
    path.write_text(TOPIC + papers, encoding="utf-8")
    return path


def paper(paper_id: str, extra: str = "") -> str:
    return f"  - id: {paper_id}\n    title: Paper {paper_id}\n    topics: [t]\n{extra}"


def validate(papers: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", str(papers)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def site_text(site: Path) -> str:
    return "".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())


# --- notes/ must be a real folder, every note a regular file reached without links ---------------


@pytest.mark.parametrize("named", [True, False])
def test_a_linked_notes_folder_publishes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], named: bool
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:SECRET-CONTENT\n", encoding="utf-8")
    (outside / "p.md").write_text("SECRET-CONTENT\n", encoding="utf-8")
    library = tmp_path / "library"
    papers = write_library(library, paper("p", "    note: notes/passwd\n" if named else ""))
    (library / "notes").symlink_to(outside)
    code, output = validate(papers, capsys)
    shown = "notes/passwd" if named else "notes/p.md"
    assert code == 1 and f"long note '{shown}' cannot be used: notes is a symbolic link" in output, output
    result = build_site(papers, tmp_path / "site")
    assert result.returncode != 0 and "notes is a symbolic link" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists() or "SECRET-CONTENT" not in site_text(tmp_path / "site")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda path: os.mkfifo(path), "notes/p.md is a FIFO"),
        (lambda path: path.mkdir(), "notes/p.md is a directory"),
        (lambda path: path.symlink_to(path.parent / "q.md"), "notes/p.md is a symbolic link"),
    ],
    ids=["fifo", "directory", "link-inside-notes"],
)
def test_a_note_that_is_not_a_regular_file_is_named_for_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, says: str
) -> None:
    papers = write_library(tmp_path, paper("p", "    note: notes/p.md\n") + paper("q"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "q.md").write_text("## English\nq\n", encoding="utf-8")
    make(tmp_path / "notes" / "p.md")
    code, output = validate(papers, capsys)  # a FIFO used to hang here, or be "does not exist"
    assert code == 1 and says in output and "does not exist" not in output, output


def test_a_linked_folder_inside_notes_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = write_library(tmp_path, paper("p", "    note: notes/sub/p.md\n"))
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "p.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "sub").symlink_to(tmp_path / "real")
    code, output = validate(papers, capsys)
    assert code == 1 and "notes/sub is a symbolic link" in output, output


def test_an_oversized_note_gives_its_real_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = write_library(tmp_path, paper("p"))
    (tmp_path / "notes").mkdir()
    with open(tmp_path / "notes" / "p.md", "wb") as handle:
        handle.truncate(1024**3)  # sparse: 1 GiB on paper, nothing on disk
    code, output = validate(papers, capsys)
    assert code == 1 and "it is 1,024.0 MiB (1,073,741,824 bytes); the limit is 32.0 MiB" in output, output


# --- notes that crashed or stalled the old renderer build, in bounded time ----------------------


def test_notes_that_crashed_the_build_now_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = {"en": "* " * 1000, "zh": "![" * 12_000}  # RecursionError; a minute of Python-Markdown
    papers = write_library(tmp_path, paper("p", f"    notes: {json.dumps(notes)}\n"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "p.md").write_text("## English\n" + "1. " * 1000 + "\n", encoding="utf-8")
    code, output = validate(papers, capsys)
    assert code == 0 and "warning" not in output, output
    result = build_site(papers, tmp_path / "site")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    generated = subprocess.run(
        [
            sys.executable,
            "-m",
            "paperkb",
            "generate",
            "--papers",
            str(papers),
            "--out",
            str(tmp_path / "gen"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert generated.returncode == 0 and "Traceback" not in generated.stderr, generated.stderr[-3000:]


def test_a_note_beyond_the_bounds_is_text_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "> " * (MAX_NOTE_DEPTH + 1) + "CANARY-deep"
    papers = write_library(tmp_path, paper("p", f"    notes: {json.dumps({'en': deep})}\n"))
    code, output = validate(papers, capsys)  # pre-commit runs validate: it shows what the build will do
    assert code == 0 and "warning: the note nests lists, quotes or HTML over 1,000 levels deep" in output
    assert "notes.en" in output or "papers.yaml:8" in output, output
    assert main(["validate", "--strict", "--quiet", str(papers)]) == 1  # what pre-commit runs
    result = build_site(papers, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (tmp_path / "site" / "topics" / "t" / "index.html").read_text("utf-8")
    assert "<blockquote>" not in page and "&gt; &gt; CANARY-deep</pre>" in page
