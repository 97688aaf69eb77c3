"""Peak memory and time of `paperkb validate` per MB of papers.yaml, for the costly shapes.

    python bench/yaml_memory.py [--mb 1 4]

Shapes: `flow` (one list of one-character values: the most values per byte), `block` (the same as a
block list), `text` (one long string of Chinese text: the most bytes per value) and `papers` (a
synthetic knowledge base, bench/synth.py). Each run is a fresh process; its peak resident memory
comes from wait4. Prints MB of input, seconds, peak MB and MB of memory per MB of input over the
smallest run. Not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from synth import write_library

MB = 1024 * 1024


def write_shape(shape: str, size_mb: float, directory: str) -> str:
    """A papers.yaml of about `size_mb` MB in the given shape; its path."""
    path = os.path.join(directory, f"{shape}-{size_mb}.yaml")
    count = int(size_mb * MB)
    if shape == "papers":
        folder = os.path.join(directory, f"papers-{size_mb}")
        return write_library(max(1, int(size_mb * MB / 950)), folder)  # about 950 bytes a paper
    with open(path, "w", encoding="utf-8") as handle:
        if shape == "flow":
            handle.write("topics: [" + "1," * (count // 2) + "1]\n")
        elif shape == "block":
            handle.write("topics:\n" + "- 1\n" * (count // 4))
        else:
            handle.write('topics: []\npapers: []\nx: "' + "论文笔记" * (count // 12) + '"\n')
    return path


def measure(path: str) -> tuple[float, float]:
    """(CPU seconds, peak MB) of `paperkb validate -q path` in a fresh process (CPU time: other
    work on a shared machine does not count)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "paperkb", "validate", "-q", "--max-errors", "5", path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[1.0, 4.0])
    parser.add_argument("--shapes", nargs="+", default=["flow", "block", "text", "papers"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        for shape in args.shapes:
            rows = []
            for size in args.mb:
                path = write_shape(shape, size, directory)
                seconds, peak = measure(path)
                rows.append((os.path.getsize(path) / MB, seconds, peak))
                print(
                    f"{shape:7} {rows[-1][0]:7.1f} MB  {seconds:7.1f} s CPU  peak {peak:8.0f} MB", flush=True
                )
            if len(rows) > 1:
                slope = (rows[-1][2] - rows[0][2]) / max(rows[-1][0] - rows[0][0], 1e-9)
                print(f"{shape:7} {slope:7.0f} MB of memory per MB of papers.yaml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
