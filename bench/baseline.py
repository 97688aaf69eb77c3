"""The plain way to build the same site: every page written as Markdown, then `mkdocs build`.

This is the benchmark's reference point: one `###` heading and Markdown body a paper, on
its topic pages and on an all-papers page, converted by Python-Markdown at build time.
"""

from __future__ import annotations

import os

from paperkb.records.library import Library

MKDOCS_YML = """\
site_name: Baseline
theme:
  name: material
  font: false
plugins:
  - search:
      separator: '[\\s\\u200b\\u3000\\-、。，．？！；]+'
markdown_extensions:
  - toc:
      permalink: true
"""


def paper_markdown(library: Library, paper_id: str, prefix: str = "") -> str:
    paper = library.paper_by_id[paper_id]
    lines = [f"### {paper.title}", ""]
    meta = [paper.short_name or "", ", ".join(paper.authors), paper.venue or "", str(paper.year or "")]
    lines.append(" · ".join(part for part in meta if part))
    lines.append("")
    if paper.arxiv:
        lines.append(f"[arXiv](https://arxiv.org/abs/{paper.arxiv})")
    for code in paper.code:
        lines.append(f"- [code]({code.url}) {code.framework or ''}")
    lines += ["", f"**Status:** {paper.status} · **Tags:** {', '.join(paper.tags)}", ""]
    if paper.notes.en:
        lines += [paper.notes.en, ""]
    if paper.notes.zh:
        lines += [paper.notes.zh, ""]
    related = [f"[{other}]({prefix}{library.paper_by_id[other].topics[0]}.md)" for other in paper.related]
    if related:
        lines += ["Related: " + ", ".join(related), ""]
    return "\n".join(lines)


def write_baseline_site(library: Library, out_dir: str) -> str:
    """Write docs/ and mkdocs.yml for the plain build into `out_dir`; return the config path."""
    docs = os.path.join(out_dir, "docs")
    os.makedirs(os.path.join(docs, "topics"), exist_ok=True)
    with open(os.path.join(docs, "index.md"), "w", encoding="utf-8") as handle:
        handle.write(f"# Papers\n\n{len(library.papers)} papers.\n")
    all_pages = ["# All papers", ""]
    for topic in library.topics:
        papers = library.papers_by_topic.get(topic.id, [])
        body = [f"# {topic.title.en} / {topic.title.zh}", ""]
        body += [paper_markdown(library, paper.id) for paper in papers]
        with open(os.path.join(docs, "topics", f"{topic.id}.md"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(body))
        all_pages += [f"## {topic.title.en}", ""]
        all_pages += [paper_markdown(library, paper.id, "topics/") for paper in papers]
    with open(os.path.join(docs, "all.md"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(all_pages))
    config = os.path.join(out_dir, "mkdocs.yml")
    with open(config, "w", encoding="utf-8") as handle:
        handle.write(MKDOCS_YML)
    return config
