"""The `paperkb validate` and `paperkb schema` commands, and the shipped knowledge base."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from paperkb.cli import main
from paperkb.records.schema import SCHEMA_PATH, render_schema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

MINIMAL = "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n"


def write(tmp_path, text: str) -> str:
    path = tmp_path / "papers.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_shipped_papers_yaml_validates_without_warnings(capsys):
    assert main(["validate", os.path.join(ROOT, "papers.yaml")]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.strip().endswith("papers.yaml: OK")


def test_papers_yaml_points_editors_at_the_schema():
    with open(os.path.join(ROOT, "papers.yaml"), encoding="utf-8") as handle:
        first = handle.readline().strip()
    assert first == f"# yaml-language-server: $schema={SCHEMA_PATH}"


def test_committed_schema_is_up_to_date():
    with open(os.path.join(ROOT, SCHEMA_PATH), encoding="utf-8") as handle:
        assert handle.read() == render_schema(), "run: paperkb schema -o schema/papers.schema.json"
    schema = json.loads(render_schema())
    paper = schema["$defs"]["Paper"]
    assert set(paper["required"]) == {"id", "title", "topics"}
    assert paper["additionalProperties"] is False


def test_warnings_alone_exit_zero(tmp_path, capsys):
    path = write(tmp_path, MINIMAL + "  - id: p\n    title: P\n    topics: [t]\n    related: [p]\n")
    assert main(["validate", path]) == 0
    captured = capsys.readouterr()
    assert "warning: paper 'p' lists itself as related" in captured.err
    assert "OK (with warnings)" in captured.out


def test_errors_are_sorted_by_line_and_counted(tmp_path, capsys):
    path = write(
        tmp_path,
        MINIMAL
        + "  - id: b\n    title: B\n    topics: [x]\n"
        + "  - id: a\n    title: A\n    status: nope\n    topics: [t]\n",
    )
    assert main(["validate", path]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith(f"{path}:7:14: error: unknown topic 'x'")
    assert lines[1].startswith(f"{path}:10:13: error: status: unknown status 'nope'")
    assert lines[-1] == "2 error(s), 0 warning(s)"


def test_error_output_is_capped(tmp_path, capsys):
    records = "".join(f"  - id: p{i}\n    title: P{i}\n    topics: [missing]\n" for i in range(10_000))
    path = write(tmp_path, MINIMAL + records)
    assert main(["validate", path, "--max-errors", "50"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 52
    assert lines[-2] == "... and 9951 more problem(s) not shown"
    assert lines[-1] == "10000 error(s), 1 warning(s)"


def test_missing_file_is_an_error_not_a_traceback(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    err = capsys.readouterr().err
    assert "cannot read file: No such file or directory" in err
    assert "Traceback" not in err


def test_console_script_entry_point_runs_as_module(tmp_path):
    path = write(tmp_path, MINIMAL + "  - id: p\n    title: P\n    topics: [t]\n")
    result = subprocess.run(
        [sys.executable, "-m", "paperkb", "validate", path], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{path}: OK"
