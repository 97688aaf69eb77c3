#!/usr/bin/env python3
"""Child script: time loading and checking a knowledge base, then the hook's page generation.

Usage: phases.py PAPERS_YAML   (paperkb is imported from PYTHONPATH: the checkout being measured)
Prints JSON: load (load + check), similar (each card's similar papers, where this checkout has
them), render (every page's HTML body, similar papers apart), index (the search entries the hook
builds from the data, where this checkout has them).
"""

from __future__ import annotations

import json
import sys
import time

try:  # the layout by role
    from paperkb.records.library import open_library
    from paperkb.site.render import render_site
    from paperkb.site.search_index import build_search_entries
except ImportError:  # an older checkout, measured with --repo: modules side by side
    from paperkb.library import open_library  # type: ignore[no-redef]
    from paperkb.render import render_site  # type: ignore[no-redef]

    try:
        from paperkb.search_index import build_search_entries  # type: ignore[no-redef]
    except ImportError:  # a checkout whose search index is material's
        build_search_entries = None


try:
    from paperkb.site.similar import library_segmenter, similar_papers
except ImportError:  # a checkout without similar papers
    similar_papers = None


def main(papers: str) -> dict:
    started = time.perf_counter()
    library, diagnostics = open_library(papers)
    if library is None:
        raise SystemExit(f"{papers} has errors: {diagnostics[:3]}")
    loaded = time.perf_counter()
    options, similar = {}, {}
    if similar_papers is not None:
        from paperkb.site.markup import NoteRenderer
        from paperkb.site.renderer import read_long_notes
        from paperkb.site.views import SiteContext

        ctx = SiteContext(library, NoteRenderer(), True, read_long_notes(library))
        ctx.similar = similar_papers(library.papers, library_segmenter(library))
        options["ctx"] = ctx
        similar["similar"] = time.perf_counter() - loaded
        loaded = time.perf_counter()
    pages = render_site(library, **options)
    characters = sum(len(page.body) for page in pages)
    rendered = time.perf_counter()
    result = {"load": loaded - started, **similar, "render": rendered - loaded, "characters": characters}
    if build_search_entries is None:
        return result
    entries = build_search_entries(library)
    result["index"] = time.perf_counter() - rendered
    result["entries"] = len(entries)
    return result


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(main(sys.argv[1])))
