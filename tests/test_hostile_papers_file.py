"""papers.yaml as something other than a plain, writable, reasonable file, and `generate --out` into a
folder with links in it: clear errors, no hang, no traceback, nothing written where it must not be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_library import ROOT

from paperkb.cli import main
from paperkb.records.yamltree import MAX_BYTES, MAX_NODES

SMALL = "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n  - id: p\n    title: P\n    topics: [t]\n"


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paperkb", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_a_fifo_as_papers_yaml_is_an_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "papers.yaml"
    os.mkfifo(fifo)
    result = run_cli("validate", str(fifo), timeout=30)  # used to wait forever for a writer
    assert result.returncode == 1 and "cannot read file: it is a FIFO, not a regular file" in result.stderr


def test_a_directory_as_papers_yaml_is_named(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 1 and "it is a directory, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_oversized_papers_yaml_gives_its_real_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    papers = tmp_path / "papers.yaml"
    with open(papers, "wb") as handle:
        handle.truncate(1024**3)  # sparse; used to be reported as "64 MiB; the limit is 64 MiB"
    assert main(["validate", str(papers)]) == 1
    err = capsys.readouterr().err
    assert f"it is 1,024.0 MiB (1,073,741,824 bytes); the limit is {MAX_BYTES / 1024**2:,.1f} MiB" in err


def test_too_many_values_stop_the_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("topics: [" + "1," * MAX_NODES + "1]\n", encoding="utf-8")  # 2 MB, a million values
    assert main(["validate", str(papers)]) == 1
    assert f"more than {MAX_NODES:,} values; the limit is {MAX_NODES:,}" in capsys.readouterr().err


def test_a_read_only_papers_yaml_is_not_replaced(tmp_path: Path) -> None:
    """Root may rename over a read-only file (the writer used to); the check is on the mode bits."""
    papers = tmp_path / "papers.yaml"
    papers.write_text(SMALL, encoding="utf-8")
    papers.chmod(0o444)
    bib = tmp_path / "new.bib"
    bib.write_text("@article{newone, title={A New One}, year={2020}}\n", encoding="utf-8")
    result = run_cli("import", "bibtex", str(bib), "--papers", str(papers), "--topic", "t")
    assert result.returncode == 1 and "the file is read-only, so paperkb leaves it as it is" in result.stderr
    assert papers.read_text("utf-8") == SMALL and oct(papers.stat().st_mode & 0o777) == "0o444"


def test_generate_never_writes_through_a_link(tmp_path: Path) -> None:
    papers = tmp_path / "kb" / "papers.yaml"
    papers.parent.mkdir()
    papers.write_text(SMALL, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.bib"
    victim.write_text("KEEP", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "topics").symlink_to(outside)  # used to raise a ValueError traceback
    result = run_cli("generate", "--papers", str(papers), "--out", str(out))
    assert result.returncode == 1 and "topics in" in result.stderr and "is a symbolic link" in result.stderr
    assert "Traceback" not in result.stderr and os.listdir(outside) == ["victim.bib"]
    (out / "topics").unlink()
    (out / "papers.bib").symlink_to(victim)  # used to be written through
    result = run_cli("generate", "--papers", str(papers), "--out", str(out))
    assert result.returncode == 1 and "papers.bib in" in result.stderr and "Traceback" not in result.stderr
    assert victim.read_text("utf-8") == "KEEP"
    (out / "papers.bib").unlink()
    assert run_cli("generate", "--papers", str(papers), "--out", str(out)).returncode == 0
    assert (out / "papers.bib").is_file() and (out / "topics" / "t.md").is_file()
