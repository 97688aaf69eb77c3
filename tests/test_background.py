"""The forked child that makes the search entries: its lines, its failures, its clean-up."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from paperkb.site.search_index import entry_json
from paperkb.site.speedups.background import BackgroundLines, can_fork

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def test_items_come_back_as_json_lines_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkb.site.speedups.background.can_fork", lambda: True)
    items = [{"location": f"p/#{n}", "title": "换脸\u200b", "text": 'a "quoted"\nline'} for n in range(500)]
    job = BackgroundLines(lambda: map(entry_json, items))  # as the hook serialises its entries
    assert job.started
    path = job.path
    lines = job.lines()
    assert lines is not None
    assert [json.loads(line) for line in lines] == items
    assert not os.path.exists(path)  # read once, then removed


def test_a_failing_child_makes_the_caller_produce_the_items(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkb.site.speedups.background.can_fork", lambda: True)

    def broken():
        yield '{"a":1}'
        raise RuntimeError("no dictionary")

    job = BackgroundLines(broken)
    path = job.path
    assert job.lines() is None
    assert not os.path.exists(path)


def test_discard_stops_a_running_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("paperkb.site.speedups.background.can_fork", lambda: True)

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


def test_no_fork_while_another_thread_runs_or_on_one_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert can_fork() is (threading.active_count() == 1)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert can_fork() is False
        job = BackgroundLines(lambda: ["1"])
        assert not job.started and job.lines() is None
    finally:
        stop.set()
        worker.join()
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert can_fork() is False
