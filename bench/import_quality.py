"""How well the importers read real paper lists: every file of tests/fixtures/lists against its golden file.

    python bench/import_quality.py            # a table, one row a list
    python bench/import_quality.py --markdown # the same table as Markdown, for the README

Per file: entries (papers the golden file lists), records (what the import gave), clean titles (records
whose title is exactly the golden one), arXiv / venue / year / author recall (of the entries where the
list gives them), junk (records that are no entry of the list). Targets: clean titles >= 95%, arXiv >=
90%, venue and year >= 70%, no junk.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "tests" / "fixtures" / "lists"
FIELDS = ("arxiv", "venue", "year", "authors")

sys.path.insert(0, str(ROOT))


def imported_records(path: Path) -> list[dict[str, Any]]:
    """The drafts an import of `path` gives (no library: topics made from headings, as for a new user)."""
    from paperkb.importers.bibtex import read_bibtex
    from paperkb.importers.markdown_list import read_markdown
    from paperkb.importers.topics import TopicBook

    if path.suffix == ".bib":
        incoming, _, _ = read_bibtex(str(path), {})
    else:
        incoming = read_markdown(str(path), TopicBook([]), None, None).incoming
    return [item.draft for item in incoming]


def golden_path(path: Path) -> Path:
    return LISTS / "golden" / (path.name + ".json")


def score(path: Path) -> dict[str, Any]:
    """The figures of one list."""
    golden = json.loads(golden_path(path).read_text(encoding="utf-8"))["records"]
    records = imported_records(path)
    by_title = {record["title"]: record for record in records}
    row: dict[str, Any] = {"file": path.name, "entries": len(golden), "records": len(records)}
    row["clean"] = sum(entry["title"] in by_title for entry in golden)
    for field in FIELDS:
        wanted = [entry for entry in golden if entry.get(field)]
        found = [e for e in wanted if by_title.get(e["title"], {}).get(field) == e[field]]
        row[field] = (len(found), len(wanted))
    titles = {entry["title"] for entry in golden}
    row["junk"] = sum(record["title"] not in titles for record in records)
    return row


def percent(pair: tuple[int, int]) -> str:
    found, wanted = pair
    return f"{100 * found / wanted:.0f}% ({found}/{wanted})" if wanted else "—"


def meets_targets(row: dict[str, Any]) -> bool:
    def rate(pair: tuple[int, int]) -> float:
        return pair[0] / pair[1] if pair[1] else 1.0

    return (
        rate((row["clean"], row["entries"])) >= 0.95
        and rate(row["arxiv"]) >= 0.90
        and rate(row["venue"]) >= 0.70
        and rate(row["year"]) >= 0.70
        and row["junk"] == 0
    )


def main(argv: list[str]) -> int:
    rows = [
        score(p) for p in sorted(LISTS.iterdir()) if p.suffix in (".md", ".bib") and p.name != "README.md"
    ]
    head = ["file", "entries", "records", "clean titles", "arXiv", "venue", "year", "authors", "junk"]
    lines = []
    for row in rows:
        cells = [
            row["file"],
            str(row["entries"]),
            str(row["records"]),
            percent((row["clean"], row["entries"])),
        ]
        cells += [percent(row[field]) for field in FIELDS] + [str(row["junk"])]
        lines.append(cells)
    if "--markdown" in argv:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for cells in lines:
            print("| " + " | ".join(cells) + " |")
    else:
        widths = [max(len(h), *(len(c[i]) for c in lines)) for i, h in enumerate(head)]
        print("  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
        for cells in lines:
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    missed = [row["file"] for row in rows if not meets_targets(row)]
    print(
        f"\n{len(rows) - len(missed)}/{len(rows)} files meet every target"
        + (f"; not: {', '.join(missed)}" if missed else "")
    )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
