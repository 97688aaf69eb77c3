#!/usr/bin/env python3
"""Time the similar-papers step (paperkb/site/similar.py) alone on synthetic knowledge bases.

Usage: python bench/similar.py [N ...]   (default 1000 10000; libraries from bench/synth.py,
written once under bench/out/). Prints, per size, the seconds of each phase in this process:
importing numpy, the terms of every paper (Chinese cut by rjieba, dictionary load included), the
tf-idf matrix, and the ranking (blockwise product and top five), then the total, and the CPU seconds of the process (all threads): on a busy machine
the wall-clock figures swell, CPU much less. Median of 3.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "bench"))

from synth import write_library  # noqa: E402

from paperkb.records.library import open_library  # noqa: E402


def measure(count: int) -> dict[str, float]:
    """One cold run in this process (numpy's import is timed once, in the first run)."""
    folder = os.path.join(ROOT, "bench", "out", f"lib-{count}")
    path = os.path.join(folder, "papers.yaml")
    if not os.path.isfile(path):
        write_library(count, folder)
    library, _ = open_library(path)
    assert library is not None
    cpu = time.process_time()
    started = time.perf_counter()
    import numpy  # noqa: F401

    from paperkb.site import similar

    imported = time.perf_counter()
    segment = similar.library_segmenter(library)
    docs = [similar.paper_terms(paper, segment) for paper in library.papers]
    terms = time.perf_counter()
    matrix = similar.tfidf_matrix(docs)
    built = time.perf_counter()
    if matrix is not None:
        similar.rank_neighbours(matrix, similar.excluded_pairs(library.papers), similar.MAX_SIMILAR)
    ranked = time.perf_counter()
    return {
        "import": imported - started,
        "terms": terms - imported,
        "matrix": built - terms,
        "rank": ranked - built,
        "total": ranked - started,
        "cpu": time.process_time() - cpu,
    }


def main(argv: list[str]) -> None:
    for count in [int(arg) for arg in argv] or [1000, 10000]:
        runs = [measure(count) for _ in range(3)]
        figures = "  ".join(f"{key} {statistics.median(r[key] for r in runs):.2f}" for key in runs[0])
        print(f"{count:>6} papers  {figures}  (s, median of 3)")


if __name__ == "__main__":
    main(sys.argv[1:])
