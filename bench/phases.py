#!/usr/bin/env python3
"""Child script: time loading and checking a knowledge base, then the hook's page generation.

Usage: phases.py PAPERS_YAML   (paperkb is imported from PYTHONPATH: the checkout being measured)
Prints JSON: load (load + check), render (every page's HTML body), index (the search entries the
hook builds from the data, where this checkout has them).
"""

from __future__ import annotations

import json
import os
import sys
import time

import paperkb
from paperkb.library import open_library
from paperkb.render import render_site


def main(papers: str) -> dict:
    started = time.perf_counter()
    library, diagnostics = open_library(papers)
    if library is None:
        raise SystemExit(f"{papers} has errors: {diagnostics[:3]}")
    loaded = time.perf_counter()
    pages = render_site(library)
    characters = sum(len(page.body) for page in pages)
    rendered = time.perf_counter()
    result = {"load": loaded - started, "render": rendered - loaded, "characters": characters}
    if not os.path.exists(os.path.join(os.path.dirname(paperkb.__file__), "search_index.py")):
        return result  # a checkout whose search index is material's
    from paperkb.search_index import build_search_entries

    entries = build_search_entries(library)
    result["index"] = time.perf_counter() - rendered
    result["entries"] = len(entries)
    return result


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(main(sys.argv[1])))
