"""Timing helpers for the benchmark: child processes with their peak memory, medians, file sizes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Runs:
    """Repeated measurements of one quantity."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    def cell(self, digits: int = 2) -> str:
        """`median (min–max)`, or `median` alone for a single run."""
        if not self.values:
            return "-"
        if len(self.values) == 1:
            return f"{self.values[0]:.{digits}f}"
        low, high = min(self.values), max(self.values)
        return f"{self.median():.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def child_env(repo: str, papers: str | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured child: `repo`'s paperkb first on the path, quiet MkDocs."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": repo}
    if papers:
        env["PAPERKB_PAPERS"] = os.path.abspath(papers)
    env.update(extra or {})
    return env


def run_timed(command: Sequence[str], env: dict[str, str], cwd: str) -> tuple[float, float, str]:
    """Run `command`; return wall seconds, peak resident memory in MB (the process tree's largest
    process, as wait4 reports it) and stderr. Raises when the command fails."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{errors[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, errors


def mkdocs_build(config: str, site: str, env: dict[str, str]) -> tuple[float, float]:
    """`mkdocs build --strict` in a fresh process: wall seconds and peak MB."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config, "-d", site]
    seconds, peak, _ = run_timed(command, env, os.path.dirname(config))
    return seconds, peak


def run_json(script: str, args: Sequence[str], env: dict[str, str], cwd: str) -> dict:
    """Run one of the bench's helper scripts and parse the JSON it prints last."""
    command = [sys.executable, os.path.join(BENCH_DIR, script), *args]
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def size_mb(path: str) -> float:
    """A file's size in MB (0 when absent)."""
    return os.path.getsize(path) / 1e6 if os.path.exists(path) else 0.0
