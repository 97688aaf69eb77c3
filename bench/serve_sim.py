#!/usr/bin/env python3
"""Child script: what `mkdocs serve` does when papers.yaml changes, in one process.

Usage: serve_sim.py MKDOCS_YML PAPERS_YAML SITE_DIR EDITS
Builds once, then EDITS times: edits one record (its title and Chinese note), builds again with a
fresh config (as serve's builder does; the hook module and its caches stay loaded) and checks the
edit reached the all-papers page and the search index. Prints JSON: first build, each rebuild.
"""

from __future__ import annotations

import json
import os
import sys
import time

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


def build_once(config_file: str, site_dir: str) -> float:
    """One of serve's builds: a fresh config, the site written into `site_dir`."""
    started = time.perf_counter()
    config = load_config(config_file, site_dir=site_dir)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL)
    return time.perf_counter() - started


def edit_record(papers: str, marker: str) -> None:
    """Give the middle record a new title and a new Chinese note, both containing `marker`."""
    with open(papers, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    records = [number for number, line in enumerate(lines) if line.startswith("  - id: paper-")]
    index = records[len(records) // 2] + 1
    while index < len(lines) and not lines[index].startswith("  - id:"):
        if lines[index].startswith("    title:"):
            lines[index] = f'    title: "Edited Record {marker}"'
        elif lines[index] == "      zh: |-":
            lines[index + 1] = f"        修改后的中文笔记{marker}换脸。"
        index += 1
    with open(papers, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))


def edit_is_visible(site_dir: str, marker: str) -> bool:
    """The new title is on the all-papers page and in the search index."""
    paths = [
        os.path.join(site_dir, "all", "index.html"),
        os.path.join(site_dir, "search", "search_index.json"),
    ]
    found = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            found.append(f"Edited Record {marker}" in handle.read())
    return all(found)


def main(config_file: str, papers: str, site_dir: str, edits: int) -> dict:
    os.environ["PAPERKB_PAPERS"] = os.path.abspath(papers)
    config = load_config(config_file, site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    first = build_once(config_file, site_dir)
    rebuilds, visible = [], True
    for number in range(edits):
        marker = f"E{number}x{os.getpid()}"
        edit_record(papers, marker)
        rebuilds.append(build_once(config_file, site_dir))
        visible = visible and edit_is_visible(site_dir, marker)
    config.plugins.on_shutdown()
    return {"first": first, "rebuilds": rebuilds, "visible": visible}


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    print(json.dumps(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))))
