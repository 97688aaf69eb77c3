"""Random Markdown notes through the site's renderer: prints the slowest input per KB.

Hypothesis builds notes from the pieces that make renderers slow (nested lists and quotes, bracket and
emphasis runs, raw HTML, tables, autolink bait), each repeated up to a few thousand times. Each note
goes through NoteRenderer (cmark-gfm, the bounds check, nh3), the way the site and validate use it.

    python bench/notes_worst.py [--examples 2000] [--budget 0.5]

`--budget` is the time bound per note in seconds: notes over it are listed and the exit status is 1.
Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from paperkb.site.markup import NoteRenderer

PIECES = [
    "* ", "- ", "1. ", "> ", "  ", "    ", "\n", "\n\n", "[", "]", "(", ")", "![", "](", "<", ">",
    "*", "**", "_", "__", "~~", "`", "```", "|", "|-|", "\\", "&amp;", "&#", "#", "- [x] ",
    "<div>", "</div>", "<b>", "</b>", "<i>", "<table>", "<td>", "<svg>", "<a href='x'>", "</a>",
    "<!--", "-->", "<![CDATA[", "http://", "www.", "a@b.c", "x", "字", " ",
]  # fmt: skip


def note_strategy(max_repeat: int) -> st.SearchStrategy[str]:
    """A note: a few runs, each a short sequence of pieces repeated many times."""
    unit = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
    run = st.tuples(unit, st.integers(1, max_repeat)).map(lambda pair: pair[0] * pair[1])
    return st.lists(run, min_size=1, max_size=4).map("".join)


def measure(examples: int, max_repeat: int) -> list[tuple[float, int, str]]:
    """(seconds per KB, size, note) for every note tried."""
    results: list[tuple[float, int, str]] = []

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(note_strategy(max_repeat))
    def run(note: str) -> None:
        start = time.process_time()
        NoteRenderer().render(note)
        elapsed = time.process_time() - start  # CPU time: other work on the machine does not count
        results.append((elapsed / max(len(note.encode()) / 1024, 0.001), len(note.encode()), note))

    run()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--max-repeat", type=int, default=5000)
    parser.add_argument("--budget", type=float, default=0.5, help="seconds a note may take")
    args = parser.parse_args()
    start = time.perf_counter()
    results = measure(args.examples, args.max_repeat)
    results.sort(reverse=True)
    print(
        f"{len(results)} notes in {time.perf_counter() - start:.1f} s; slowest per KB (notes of 1 KB or more):"
    )
    for per_kb, size, note in [result for result in results if result[1] >= 1024][:5]:
        print(f"  {per_kb * 1000:8.3f} ms/KB  {size / 1024:8.1f} KB  {note[:60]!r}")
    slowest = max(results, key=lambda result: result[0] * result[1] / 1024)
    seconds = slowest[0] * slowest[1] / 1024
    print(f"slowest note: {seconds:.3f} s for {slowest[1] / 1024:.1f} KB {slowest[2][:60]!r}")
    over = [r for r in results if r[0] * r[1] / 1024 > args.budget]
    for per_kb, size, note in over:
        print(f"OVER BUDGET: {per_kb * size / 1024:.3f} s for {size / 1024:.1f} KB {note[:60]!r}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
