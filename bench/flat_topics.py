"""Build time and peak memory of a knowledge base of many flat topics (one paper each).

    python bench/flat_topics.py [--topics 300 2000]

material renders the site navigation into every page, so N topics in the navigation cost N x N;
past paperkb.site.urls.NAV_TOPICS_LIMIT the topics leave it. Each build is `build_site.py` in a
fresh process; CPU time and peak memory include its children (the forked search writer). Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def write_flat_library(count: int, directory: str) -> str:
    """`count` root topics with one paper each; the path of papers.yaml."""
    lines = ["topics:"]
    for i in range(count):
        lines += [f"  - id: topic-{i}", f"    title: {{en: Topic {i}, zh: 主题{i}}}"]
    lines.append("papers:")
    for i in range(count):
        lines += [f"  - id: paper-{i}", f"    title: Paper {i}", f"    topics: [topic-{i}]", "    year: 2020"]
    path = os.path.join(directory, "papers.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def build(papers: str, site: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one build_site.py run."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "build_site.py"), "--papers", papers, "-d", site],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed for {papers}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the search writer, reaped by the build
    peak = max(usage.ru_maxrss, children.ru_maxrss) / 1024
    return wall, usage.ru_utime + usage.ru_stime, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, nargs="+", default=[300, 2000])
    args = parser.parse_args()
    for count in args.topics:
        with tempfile.TemporaryDirectory() as directory:
            papers = write_flat_library(count, directory)
            wall, cpu, peak = build(papers, os.path.join(directory, "site"))
            print(
                f"{count:6} flat topics: {wall:6.1f} s wall, {cpu:6.1f} s CPU, peak {peak:6.0f} MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
