"""The forked search-entry child: same result as in the process, and a clean fallback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from paperkb.background import BackgroundLines, can_fork

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site" / "papers.yaml"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def test_items_come_back_as_json_lines_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkb.background.can_fork", lambda: True)
    items = [{"location": f"p/#{n}", "title": "换脸\u200b", "text": 'a "quoted"\nline'} for n in range(500)]
    job = BackgroundLines(lambda: iter(items))
    assert job.started
    path = job.path
    lines = job.lines()
    assert lines is not None
    assert [json.loads(line) for line in lines] == items
    assert not os.path.exists(path)  # read once, then removed


def test_a_failing_child_makes_the_caller_produce_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkb.background.can_fork", lambda: True)

    def broken():
        yield {"a": 1}
        raise RuntimeError("no dictionary")

    job = BackgroundLines(broken)
    path = job.path
    assert job.lines() is None
    assert not os.path.exists(path)


def test_discard_stops_a_running_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkb.background.can_fork", lambda: True)

    def slow():
        time.sleep(60)
        return []

    job = BackgroundLines(slow)
    pid, path = job.pid, job.path
    assert pid is not None
    started = time.perf_counter()
    job.discard()
    assert time.perf_counter() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left
    assert not os.path.exists(path) and job.lines() is None


def test_no_fork_while_another_thread_runs_or_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.delenv("PAPERKB_NO_FORK", raising=False)
    assert can_fork() is (threading.active_count() == 1)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert can_fork() is False
        job = BackgroundLines(lambda: [1])
        assert not job.started and job.lines() is None
    finally:
        stop.set()
        worker.join()
    monkeypatch.setenv("PAPERKB_NO_FORK", "1")
    assert can_fork() is False
    monkeypatch.delenv("PAPERKB_NO_FORK")
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert can_fork() is False


def build_index(site: Path, fork: bool) -> bytes:
    environment = {**os.environ, "PAPERKB_PAPERS": str(FIXTURE), "NO_MKDOCS_2_WARNING": "1"}
    environment["PAPERKB_NO_FORK"] = "0" if fork else "1"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-v", "-f", str(REPO / "mkdocs.yml")]
    result = subprocess.run(
        [*command, "-d", str(site)], cwd=REPO, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    forks_here = fork and (os.cpu_count() or 1) >= 2
    assert ("search entries made by process" in result.stderr) is forks_here
    return (site / "search" / "search_index.json").read_bytes()


def test_a_build_with_the_child_writes_the_same_index_as_without(tmp_path: Path) -> None:
    forked = build_index(tmp_path / "forked", fork=True)
    in_process = build_index(tmp_path / "in-process", fork=False)
    assert forked == in_process
    entries = json.loads(forked)["docs"]
    assert any("换脸" in entry["text"] for entry in entries)
    assert any(entry["location"].startswith("topics/") and "#" in entry["location"] for entry in entries)
