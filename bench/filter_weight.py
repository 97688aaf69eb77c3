#!/usr/bin/env python3
"""What filter and sort add to page weight: the cards' data attributes and the script.

    python bench/filter_weight.py                 # 1,000 papers
    python bench/filter_weight.py --sizes 1000 10000

Renders every page of a synthetic library (bench/synth.py, written once under bench/out/) and
prints, for the all-papers page and for all topic pages together, the bytes the card data
attributes (data-status ... data-title) take, raw and gzip-compressed (what a server sends), and
the size of docs/assets/paperkb-filter.js. Nothing is timed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
sys.path[:0] = [BENCH_DIR, ROOT]

from run_bench import prepare_library  # noqa: E402

from paperkb.records.library import open_library  # noqa: E402
from paperkb.site.render import render_site  # noqa: E402

CARD_DATA = re.compile(r' data-(?:status|year|venue|tags|code|long|added|title)="[^"]*"')
SCRIPT = os.path.join(ROOT, "docs", "assets", "paperkb-filter.js")


def weights(html: str) -> tuple[int, int, int, int]:
    """Raw and gzip bytes of `html`, with and without the card data attributes."""
    bare = CARD_DATA.sub("", html)
    raw, stripped = html.encode("utf-8"), bare.encode("utf-8")
    return len(raw), len(stripped), len(gzip.compress(raw, 6)), len(gzip.compress(stripped, 6))


def row(label: str, html: str) -> str:
    raw, bare, zipped, zipped_bare = weights(html)
    return (
        f"| {label} | {raw / 1e6:.2f} MB | {(raw - bare) / 1e3:.0f} KB ({(raw - bare) / bare:.1%}) "
        f"| {zipped / 1e3:.0f} KB | {(zipped - zipped_bare) / 1e3:.1f} KB ({(zipped - zipped_bare) / zipped_bare:.1%}) |"
    )


def measure(count: int, work: str) -> list[str]:
    """The table rows for a library of `count` papers."""
    library, diagnostics = open_library(prepare_library(work, count))
    if library is None:
        raise SystemExit(f"synthetic library has errors: {diagnostics[:3]}")
    pages = {page.src_uri: page.body for page in render_site(library)}
    topics = "".join(body for src, body in pages.items() if src.startswith("topics/"))
    return [
        row(f"{count:,} papers: all papers", pages["all.md"]),
        row(f"{count:,} papers: all topic pages", topics),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--work", default=os.path.join(ROOT, "bench", "out"), help="scratch folder")
    args = parser.parse_args(argv)
    print("| page | size | card data attributes | gzip size | data attributes, gzip |")
    print("|---|---|---|---|---|")
    for count in args.sizes:
        for line in measure(count, args.work):
            print(line)
    with open(SCRIPT, "rb") as handle:
        script = handle.read()
    print(
        f"\npaperkb-filter.js: {len(script) / 1e3:.1f} KB, {len(gzip.compress(script, 6)) / 1e3:.1f} KB gzip (once, cached)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
