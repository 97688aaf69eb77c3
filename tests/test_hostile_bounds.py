"""Resource bounds: a hostile file costs time in proportion to its size, and its report is bounded too.

The bounds: papers.yaml is at most 64 MiB, nested at most 64 levels, without anchors or aliases
(paperkb/records/yamltree.py; tests/test_yamltree.py); topics nest at most 16 levels (paperkb/records/check.py); a
BibTeX field is at most 50,000 characters after @string expansion; a Markdown entry at most 4,000; a
diagnostic line quotes at most 1,000 characters and a report shows at most 200 of them.

Timings compare two sizes within one test (4 times the input must cost less than 6 times the time),
never absolute seconds; each ratio is the smallest of a few back-to-back pairs of runs (CPU time).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from paperkb.cli import main
from paperkb.diagnostics import MAX_MESSAGE_CHARS
from paperkb.importers.bibtex import MAX_FIELD_CHARS, parse_bibtex
from paperkb.importers.markdown_blocks import read_markdown_document
from paperkb.importers.markdown_list import read_markdown
from paperkb.records.check import MAX_TOPIC_DEPTH
from paperkb.records.library import open_library
from paperkb.records.yamltree import MAX_BYTES
from paperkb.site.render import build_nav, render_site

HEAD = "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n"
# For 4 times the input: linear is 4, quadratic 16. Loading papers.yaml must stay under 6; the other
# steps under 8, which still tells linear from quadratic with a margin for a busy machine.
GROWTH = 6
LINEAR = 8


def cpu_time(action: Callable[[], object]) -> float:
    """CPU time of this process for one run, with the garbage collector paused: other processes (a
    parallel test worker, a browser) slow the wall clock, not this, and a collection that happens to
    fall into one run says nothing about the algorithm."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.process_time()
        action()
        return time.process_time() - started
    finally:
        if enabled:
            gc.enable()


def ratio(make: Callable[[int], Callable[[], object]], small: int, rounds: int = 3) -> float:
    """How much longer 4 times the input takes: the smallest ratio of `rounds` back-to-back pairs.

    Both runs of a pair see the same machine, so a busy moment cannot skew one side only; a
    superlinear step shows in every pair, so the smallest ratio still exposes it.
    """
    small_action, large_action = make(small), make(4 * small)
    small_action()  # lazy imports, compiled patterns, caches: paid once, outside the timing
    return min(cpu_time(large_action) / max(cpu_time(small_action), 1e-6) for _ in range(rounds))


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def hostile_record(i: int) -> str:
    return (
        f"  - id: p{i}\n"
        f'    title: "<script>alert({i})</script> {{{{ config }}}} \\u202e{i} paper | {i}"\n'
        f'    authors: ["<img src=x onerror=alert({i})>", Ada Lovelace]\n'
        f"    topics: [t]\n"
        f'    tags: ["{{% raw %}}", "zero\\u200bwidth"]\n'
        f"    notes:\n      en: |\n        [x](javascript:alert({i})) <!-- </div></div>\n"
        f"        {'long note text ' * 20}\n      zh: 中文笔记 {i}\n"
    )


def test_loading_time_grows_linearly(tmp_path: Path) -> None:
    def make(n: int) -> Callable[[], object]:
        path = write(tmp_path, f"{n}/papers.yaml", HEAD + "".join(hostile_record(i) for i in range(n)))
        return lambda: open_library(path)

    library, diagnostics = open_library(write(tmp_path, "one/papers.yaml", HEAD + hostile_record(0)))
    # Hostile, yet valid: it must load in full (the one warning: a title holding HTML is not plain text).
    assert library is not None and [d.message for d in diagnostics] == [
        "title of 'p0' holds markup or a URL ('<script>')"
    ]
    assert ratio(make, 2000, rounds=3) < GROWTH


def test_unknown_references_are_checked_in_linear_time(tmp_path: Path) -> None:
    def library_file(n: int) -> str:
        records = "".join(
            f"  - id: paper-{i}\n    title: P{i}\n    topics: [tpc-{i}]\n    related: [papr-{i}x]\n"
            for i in range(n)
        )
        return write(tmp_path, f"{n}/papers.yaml", HEAD + records)

    def make(n: int) -> Callable[[], object]:
        path = library_file(n)
        return lambda: open_library(path)

    messages = [d.message for d in open_library(library_file(40))[1] if d.is_error]
    assert "unknown related paper 'papr-1x' (did you mean 'paper-1'?)" in messages  # suggestions stay
    assert ratio(make, 400, rounds=3) < LINEAR  # was quadratic: every unknown id compared with every id


def test_topic_nesting_is_capped(tmp_path: Path) -> None:
    def chain(n: int) -> str:
        topics = "".join(
            f"  - id: t{i}\n    title: {{en: T{i}, zh: 题}}\n" + (f"    parent: t{i - 1}\n" if i else "")
            for i in range(n)
        )
        return f"topics:\n{topics}papers:\n  - id: p\n    title: P\n    topics: [t{n - 1}]\n"

    deepest, diagnostics = open_library(write(tmp_path, "ok/papers.yaml", chain(MAX_TOPIC_DEPTH + 1)))
    assert deepest is not None, diagnostics
    assert len(render_site(deepest)) > MAX_TOPIC_DEPTH and build_nav(deepest)  # the site nests that deep

    library, diagnostics = open_library(write(tmp_path, "deep/papers.yaml", chain(1200)))
    assert library is None  # 1,200 levels used to pass and then crash the site build (RecursionError)
    errors = [d.format() for d in diagnostics if d.is_error]
    assert len(errors) == 1200 - MAX_TOPIC_DEPTH - 1
    assert errors[0].endswith(
        f"error: topic 't{MAX_TOPIC_DEPTH + 1}' is nested more than {MAX_TOPIC_DEPTH} levels deep; "
        "a few levels of topics are enough; attach it to a topic nearer the top"
    )

    def make(n: int) -> Callable[[], object]:
        path = write(tmp_path, f"chain{n}/papers.yaml", chain(n))
        return lambda: open_library(path)

    assert ratio(make, 300, rounds=3) < LINEAR


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "papers.yaml"
    with path.open("wb") as handle:
        handle.write(HEAD.encode())
        handle.truncate(MAX_BYTES + 1)  # a sparse file: the limit and one byte
    library, diagnostics = open_library(str(path))
    assert library is None
    size, limit = (
        f"{MAX_BYTES + 1:,}",
        f"{MAX_BYTES:,}",
    )  # the real numbers: "64 MiB; the limit is 64 MiB" was
    assert [d.format() for d in diagnostics] == [
        f"{path}: error: cannot read file: it is 32.0 MiB ({size} bytes); the limit is 32.0 MiB ({limit} bytes);"
        " split the knowledge base or remove the bulk data"
    ]


def test_markdown_list_import_grows_linearly(tmp_path: Path) -> None:
    def make(n: int) -> Callable[[], object]:
        text = "## Face Swap\n" + "".join(f"- Paper number {i} about faces\n" for i in range(n))
        path = write(tmp_path, f"{n}.md", text)
        return lambda: read_markdown(path, [], "misc", None)

    assert len(make(3)().incoming) == 3
    assert ratio(make, 2500) < LINEAR  # was quadratic: both status flags scanned every entry, per entry


@pytest.mark.parametrize(
    ("unit", "cost"),
    [
        ("[[", "length"),  # every '[[' used to scan to the end of its line: quadratic in the line
        ("[a](", "lines"),  # still quadratic within a line, hence the 4,000-character bound per entry
    ],
)
def test_markdown_hostile_lines_cost_in_proportion(unit: str, cost: str) -> None:
    def make(n: int) -> Callable[[], object]:
        width, lines = (n, 10) if cost == "length" else (1_000, n)
        text = "## Face Swap\n" + ("- [T](https://x.org/t) " + unit * (width // len(unit)) + "\n") * lines
        return lambda: read_markdown_document(text)

    assert ratio(make, 900 if cost == "length" else 20) < LINEAR


def test_bibtex_entries_cost_in_proportion() -> None:
    def make(n: int) -> Callable[[], object]:
        entry = (
            "@article{{k{i}, title={{T\\'{{e}}st {i} \\textbf{{x}}}}, author={{A and B}}, year={{2020}}}}\n"
        )
        text = "".join(entry.format(i=i) for i in range(n))
        return lambda: parse_bibtex(text, "x.bib", {})

    assert ratio(make, 100) < LINEAR


@pytest.mark.parametrize(
    ("shape", "small"),
    [
        ("string-doubling", 25),  # @string macros doubling per level: 2**100 characters unbounded
        ("one-huge-field", 250_000),  # LaTeX decoding is superlinear: a 5 MB field took 14 minutes
    ],
)
def test_bibtex_expansion_and_field_size_are_bounded(shape: str, small: int) -> None:
    def make(n: int) -> Callable[[], object]:
        if shape == "string-doubling":
            strings = "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, n))
            text = f'@string{{s0 = "ha"}}\n{strings}@article{{k, title = s{n - 1}}}\n'
        else:
            text = "@article{big, title={Big}, abstract={" + "\\'e " * (n // 4) + "}}\n"
        return lambda: parse_bibtex(text, "x.bib", {})

    incoming, problems, _ = make(4 * small)()
    assert any(
        f"characters long; {'the entry was skipped' if shape != 'one-huge-field' else 'left out'}"
        in p.message
        for p in problems
    )
    assert all(len(str(value)) <= MAX_FIELD_CHARS for item in incoming for value in item.draft.values())
    assert ratio(make, small, rounds=3) < LINEAR


def test_diagnostics_are_one_bounded_line_without_terminal_escapes(tmp_path: Path, capsys) -> None:
    huge = "X" * 5_000_000  # upper case: not a valid id
    records = (
        f'  - id: "{huge}"\n    title: A\n    topics: [t]\n'
        '  - id: "evil\\e]0;pwned\\a\\e[2J"\n    title: B\n    topics: [t]\n'
        '  - id: "rtl\\u202egnp.exe"\n    title: C\n    topics: [t]\n'
    )
    assert main(["validate", write(tmp_path, "papers.yaml", HEAD + records)]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 5 and all(len(line) < 2 * MAX_MESSAGE_CHARS + 200 for line in lines)  # message, hint
    assert "error: control character U+001B in a quoted value" in err  # the escape itself is flagged
    assert "'evil\\x1b]0;pwned\\x07\\x1b[2J' is not a valid id" in err
    assert "'rtl\\u202egnp.exe' is not a valid id" in err
    assert not any(c in err for c in "\x1b\x07\u202e")
