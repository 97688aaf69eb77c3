"""Hostile and broken input to `paperkb import bibtex` and `import markdown`: a clear diagnostic and summary,
never a traceback, never an invalid papers.yaml, and nothing of the library lost.

Each case runs the real command on a copy of tests/fixtures/import/library.yaml. The fuzz tests feed random
text to the same entry points; they run PAPERKB_FUZZ_EXAMPLES examples each (default 150), so a long run is
`PAPERKB_FUZZ_EXAMPLES=20000 python -m pytest tests/test_hostile_import.py -k fuzz`.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkb.cli import main
from paperkb.importers.bibtex import MAX_FIELD_CHARS
from paperkb.importers.markdown_blocks import MAX_ENTRY_CHARS
from paperkb.records.library import open_library

FIXTURES = Path(__file__).parent / "fixtures" / "import"
LIBRARY = FIXTURES / "library.yaml"
FUZZ_EXAMPLES = int(os.environ.get("PAPERKB_FUZZ_EXAMPLES", "150"))


@dataclass
class Run:
    code: int
    out: str
    err: str
    before: bytes
    after: bytes
    papers: Path

    def library(self):
        library, diagnostics = open_library(str(self.papers))
        assert library is not None, [d.format() for d in diagnostics]
        return library


def run_import(work: Path, kind: str, source: bytes, *extra: str) -> Run:
    """`paperkb import KIND FILE --papers COPY --topic misc` in `work`; never lets an exception through."""
    papers = work / "papers.yaml"
    shutil.copyfile(LIBRARY, papers)
    before = papers.read_bytes()
    path = work / {"bibtex": "in.bib", "markdown": "in.md", "yaml": "in.yml", "json": "in.json"}[kind]
    path.write_bytes(source)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", kind, str(path), "--papers", str(papers), "--topic", "misc", *extra])
    return Run(
        code, out.getvalue(), err.getvalue().replace(str(path), "IN"), before, papers.read_bytes(), papers
    )


def assert_library_kept(run: Run) -> None:
    """The result validates and every line of the library before is still there, in order."""
    assert "Traceback" not in run.err
    library, diagnostics = open_library(str(run.papers))
    assert library is not None, [d.format() for d in diagnostics]
    before, after = run.before.decode().splitlines(), run.after.decode().splitlines()
    removed = [line for line in difflib.ndiff(before, after) if line.startswith("- ")]
    assert removed == []
    for part in (run.out, run.err):
        assert "\x1b" not in part and "\x07" not in part  # no terminal escapes reach the terminal


def laughs(levels: int) -> str:
    """@string macros that double at every level: 2**levels copies of 'ha' if expanded."""
    strings = "".join(f"@string{{s{i} = s{i - 1} # s{i - 1}}}\n" for i in range(1, levels))
    return f'@string{{s0 = "ha"}}\n{strings}@article{{k, title = s{levels - 1}}}\n'


# (case, .bib content, a line that must be in stderr (None: nothing), summary, exit code)
BIBTEX_CASES = [
    (
        "broken-entry",
        "@article{a, title={Open {brace}, year=2020}\n@article{b, title={Fine B}, year=2020}\n",
        "IN:1:1: error: broken BibTeX entry (Unexpected block start: `@article`.",
        "added 1, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "unclosed-quote",
        '@article{a, title = "never closed}\n@article{b, title={Quote B}}\n',
        "IN:1:1: error: broken BibTeX entry",
        "added 1, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "extra-closers",
        "@article{a, title={X Closers}}}}}\n@article{b, title={Y}}\n",
        None,
        "added 2, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "unclosed-math",
        "@article{q, title={$\\frac{a}{b$ unclosed math}\n",
        "IN:1:1: error: broken BibTeX entry (Unexpectedly reached end of file); it was skipped",
        "added 0, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "undefined-string",
        "@article{c, title={Undefined Macro}, journal=undefinedmacro}\n",
        "IN:1:1: warning: undefined @string macro 'undefinedmacro' in 'c'; kept as text",
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "duplicate-field",
        "@article{d, title={A}, title={B}}\n",
        "IN:1:1: error: entry 'd' has the field 'title' twice; the entry was skipped",
        "added 0, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "duplicate-key",
        "@article{k, title={First}}\n@article{k, title={Second}}\n",
        "IN:2:1: error: duplicate entry key 'k'; the entry was skipped",
        "added 1, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "no-title",
        "@article{n, author={A B}}\n",
        "IN:1:1: error: entry 'n' has no title; it was skipped",
        "added 0, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "latin-1",
        "@article{l, title={Caf\xe9 Faces}, author={J\xf6rg M\xfcller}}\n".encode("latin-1"),
        "IN:1:23: warning: the file is not UTF-8 (byte 0xe9); read it as Latin-1",
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "latex-input",
        "@article{e, title={\\input{/etc/passwd} Evil \\include{/etc/shadow}}, author={\\write18{rm -rf x}}}\n",
        None,
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "javascript-url",
        "@article{f, title={JS URL}, url={javascript:alert(1)}}\n",
        "IN:1:1: warning: url 'javascript:alert(1)' of 'f' is not a plain http(s) link; left out",
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "mixed-case-data-url",
        "@misc{g, title={Data URL}, url={DaTa:text/html,<script>alert(1)</script>}}\n",
        "IN:1:1: warning: url 'DaTa:text/html,<script>alert(1)</script>' of 'g' is not a plain http(s) link",
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "terminal-escapes",
        "@article{h, title={Ctrl \x1b[31mred\x07 \x00 text}}\n@article{x\x1b]0;pwn\x07y, title=}\n",
        "IN:1:25: warning: 5 control character(s) removed (the first is U+001B)",
        "added 1, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    ("empty-file", "", "IN: warning: no BibTeX entries found", "added 0, merged 0, unchanged 0, failed 0", 0),
    (
        "comments-only",
        '% just a comment\n@comment{@article{c, title={C}}}\n@preamble{"\\newcommand{\\x}{y}"}\n',
        "IN: warning: no BibTeX entries found",
        "added 0, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "billion-laughs",
        laughs(40),
        f"IN:41:1: error: field 'title' of 'k' is {MAX_FIELD_CHARS + 1:,} characters long; the entry was skipped",
        "added 0, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "five-megabyte-field",
        "@article{big, title={Big Field}, abstract={" + "word " * 1_000_000 + "}}\n",
        "IN:1:1: warning: field 'abstract' of 'big' is 5,000,000 characters long; left out",
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "deep-braces",
        "@article{n, title={" + "{" * 60_000 + "x" + "}" * 60_000 + "}}\n",
        "IN:1:1: error: field 'title' of 'n' is 120,001 characters long; the entry was skipped",
        "added 0, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "long-key",
        "@article{" + "k" * 5000 + ", author={A}}\n",
        "IN:1:1: error: entry '" + "k" * 79 + "…' has no title; it was skipped",
        "added 0, merged 0, unchanged 0, failed 1; 1 could not be read (see the errors above)",
        1,
    ),
    (
        "not-a-year",
        "@article{y, title={Odd Year}, year={99999999999999999999}}\n",
        "IN:1:1: warning: year '99999999999999999999' is not a year; left out",
        "added 1, merged 0, unchanged 0, failed 0",
        0,
    ),
    (
        "binary-garbage",
        bytes(range(256)) * 4,
        "IN:1:1: warning: 248 control character(s) removed (the first is U+0000)",  # C1 too (read as Latin-1)
        "added 0, merged 0, unchanged 0, failed 0",
        0,
    ),
]


@pytest.mark.parametrize(
    ("source", "expected", "summary", "code"), [c[1:] for c in BIBTEX_CASES], ids=[c[0] for c in BIBTEX_CASES]
)
def test_hostile_bibtex(
    tmp_path: Path, source: str | bytes, expected: str | None, summary: str, code: int
) -> None:
    run = run_import(tmp_path, "bibtex", source if isinstance(source, bytes) else source.encode("utf-8"))
    assert (run.code, run.out) == (code, summary + "\n"), run.err
    if expected is None:
        assert "error" not in run.err and "warning" not in run.err, run.err
    else:
        assert expected in run.err, run.err
    assert all(len(line) < 1200 for line in run.err.splitlines())
    assert_library_kept(run)


def test_bibtex_latex_is_text_never_a_command(tmp_path: Path) -> None:
    run = run_import(tmp_path, "bibtex", BIBTEX_CASES[9][1].encode())
    paper = run.library().paper_by_id["e"]
    assert paper.title == "Evil"  # \input and \include are dropped, nothing is read
    assert "root:" not in run.after.decode() and "passwd" not in run.after.decode()


def test_bibtex_urls_and_html_come_in_as_inert_text(tmp_path: Path) -> None:
    text = (
        "@article{f, title={<script>alert(1)</script> Title}, url={javascript:alert(1)}, "
        "doi={javascript:alert(1)}, author={<img src=x onerror=alert(1)>}}\n"
    )
    paper = run_import(tmp_path, "bibtex", text.encode()).library().paper_by_id["f"]
    assert paper.title == "<script>alert(1)</script> Title"  # text: the site escapes it
    assert paper.links == {} and paper.authors == ["<img src=x onerror=alert(1)>"]


def test_bibtex_error_output_is_capped(tmp_path: Path) -> None:
    entries = "".join(f"@article{{k{i}, author={{A}}}}\n" for i in range(10_000))
    run = run_import(tmp_path, "bibtex", entries.encode())
    lines = run.err.splitlines()
    assert len(lines) == 202 and lines[-2].startswith("... and ") and lines[-1].endswith("0 warning(s)")
    assert (
        run.out
        == "added 0, merged 0, unchanged 0, failed 10000; 10000 could not be read (see the errors above)\n"
    )
    assert run.after == run.before


# (case, Markdown content, a line that must be in stderr (None: no diagnostic), summary)
MARKDOWN_CASES = [
    (
        "broken-links",
        "## Face Swap\n- [Unclosed link(https://x.org/u\n- [Title](not a url)\n- [Half](https://x.org/half\n",
        "IN:3:1: warning: link 'not a url' is not an http(s) URL; left out",
        "added 3, merged 0, unchanged 0, failed 0",
    ),
    (
        "script-links",
        "## Face Swap\n- [JS Paper](javascript:alert(1))\n- [Data Paper](DATA:text/html,x) CVPR 2020\n",
        "IN:3:1: warning: link 'DATA:text/html,x' is not an http(s) URL; left out",
        "added 2, merged 0, unchanged 0, failed 0",
    ),
    (
        "mojibake",
        "## Face Swap\n- [‰∏≠ÂõΩ Faces](https://x.org/m) CVPR 2020\n",
        None,
        "added 1, merged 0, unchanged 0, failed 0",
    ),
    (
        "html",
        "## Face Swap\n- [<script>alert(1)</script> Title](https://x.org/s) <img src=x onerror=alert(1)>\n"
        "- <b>Bold</b> entry CVPR 2020\n",
        None,
        "added 2, merged 0, unchanged 0, failed 0",
    ),
    (
        "hostile-table",
        "## Face Swap\n| Title | Venue |\n|---|---|\n| <script>alert(1)</script> | CVPR 2020 |\n| [T](javascript:x) | x |\n",
        "IN:5:1: warning: link 'javascript:x' is not an http(s) URL; left out",
        "added 2, merged 0, unchanged 0, failed 0",
    ),
    (
        "not-utf-8",
        "## Face Swap\n- [Caf\xe9 Title](https://x.org/l)\n".encode("latin-1"),
        "IN:2:1: warning: the file is not valid UTF-8",
        "added 1, merged 0, unchanged 0, failed 0",
    ),
    (
        "terminal-escapes",
        "## Face Swap\n- [Ctrl \x1b[31m Title\x07](https://x.org/c)\n",
        "IN:2:9: warning: 2 control character(s) removed (the first is U+001B)",
        "added 1, merged 0, unchanged 0, failed 0",
    ),
    ("empty-file", "", "IN: warning: no paper entries found", "added 0, merged 0, unchanged 0, failed 0"),
    (
        "prose-only",
        "# A heading\n\nSome prose without a list.\n",
        "IN: warning: no paper entries found",
        "added 0, merged 0, unchanged 0, failed 0",
    ),
    (
        "bare-links",
        "## Face Swap\n- https://arxiv.org/abs/1908.05932\n",
        "IN:2:1: warning: a bare link is not an entry: https://arxiv.org/abs/1908.05932",
        "added 0, merged 0, unchanged 0, failed 0",
    ),
    (
        "overlong-line",
        "## Face Swap\n- [Long](https://x.org/l) " + "[a](" * 50_000 + "\n- [Short](https://x.org/s)\n",
        f"IN:2:1: warning: line 2 is 200,026 characters long; skipped; an entry is at most {MAX_ENTRY_CHARS:,}",
        "added 1, merged 0, unchanged 0, failed 0",
    ),
    (
        "overlong-entry",
        "## Face Swap\n- [Long](https://x.org/l)\n" + "  [[a](\n" * 1000 + "- [Short](https://x.org/s)\n",
        "IN:2:1: warning: line 2 is 6,023 characters long; skipped",
        "added 1, merged 0, unchanged 0, failed 0",
    ),
    (
        "deep-nesting",
        "## Face Swap\n" + "".join(" " * (2 * i) + f"- [Paper {i}](https://x.org/{i})\n" for i in range(400)),
        None,
        "added 400, merged 0, unchanged 0, failed 0",
    ),
    (
        "fences-and-front-matter",
        "---\ntitle: x\n---\n## Face Swap\n```\n- [In Fence](https://x.org/f)\n```\n- [After](https://x.org/a)\n",
        None,
        "added 2, merged 0, unchanged 0, failed 0",
    ),
    (
        "yaml-and-jinja",
        "## Face Swap\n- [--- &x *x !!python/object {{ config }} {% raw %}](https://x.org/y)\n- [no](https://x.org/no) yes\n",
        None,
        "added 2, merged 0, unchanged 0, failed 0",
    ),
    (
        "binary-garbage",
        bytes(range(256)) * 4,
        "IN:1:1: warning: 120 control character(s) removed (the first is U+0000)",
        "added 0, merged 0, unchanged 0, failed 0",
    ),
]


@pytest.mark.parametrize(
    ("source", "expected", "summary"), [c[1:] for c in MARKDOWN_CASES], ids=[c[0] for c in MARKDOWN_CASES]
)
def test_hostile_markdown(tmp_path: Path, source: str | bytes, expected: str | None, summary: str) -> None:
    run = run_import(tmp_path, "markdown", source if isinstance(source, bytes) else source.encode("utf-8"))
    assert (run.code, run.out) == (0, summary + "\n"), run.err
    if expected is None:
        assert "warning" not in run.err and "error" not in run.err, run.err
    else:
        assert expected in run.err, run.err
    assert_library_kept(run)


def test_markdown_text_comes_in_as_written(tmp_path: Path) -> None:
    library = run_import(tmp_path, "markdown", MARKDOWN_CASES[14][1].encode()).library()
    titles = {paper.title for paper in library.papers}
    assert "--- &x x !!python/object {{ config }} {% raw %}" in titles and "no" in titles  # `*` is emphasis
    assert library.paper_by_id["no"].affiliations == ["yes"]  # not the YAML booleans


def test_ten_thousand_item_list(tmp_path: Path) -> None:
    entries = "".join(f"- [Same Paper On Faces](https://x.org/same) CVPR 2020 ({i})\n" for i in range(10_000))
    run = run_import(tmp_path, "markdown", ("## Face Swap\n" + entries).encode())
    assert run.out == "added 1, merged 0, unchanged 9999, failed 0\n"
    lines = run.err.splitlines()
    assert len(lines) == 202 and lines[-1] == "... and 9799 more message(s) not shown"
    assert_library_kept(run)


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        ("bibtex", "@article{a, title={A Paper}}\n"),
        ("markdown", "## Some Heading\n- [A Paper](https://x.org/a)\n"),
    ],
)
def test_library_without_topics_imports(tmp_path: Path, kind: str, source: str) -> None:
    papers = tmp_path / "papers.yaml"
    papers.write_text("topics: []\npapers: []\n", encoding="utf-8")  # valid: nothing in it yet
    path = tmp_path / "in.txt"
    path.write_text(source, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["import", kind, str(path), "--papers", str(papers)])  # markdown: an IndexError before
    assert code == 0, err.getvalue()
    library, problems = open_library(str(papers))
    assert library is not None, problems
    assert [paper.title for paper in library.papers] == ["A Paper"]
    expected = {
        "bibtex": ("inbox", {"en": "Inbox", "zh": "待整理"}),
        "markdown": ("some-heading", {"en": "Some Heading"}),
    }
    topic = library.topics[0]
    assert (topic.id, topic.title.model_dump(exclude_none=True)) == expected[kind]
    assert library.papers[0].topics == [topic.id]


# --- fuzzing: random text through the real commands --------------------------------------------

_bib_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('@{}=,"#%\\ \n\tarticletitlestringauthoryear$~^_')), st.characters()
    ),
    max_size=400,
)
_md_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("#-*+[]()!|`~_:>\n \t0123456789xX.httpsarxiv/中文")), st.characters()
    ),
    max_size=400,
)
_fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _fuzz_once(kind: str, source: bytes) -> None:
    with tempfile.TemporaryDirectory() as work:
        run = run_import(Path(work), kind, source)
        assert run.code in (0, 1)
        assert run.out.startswith("added ")
        assert_library_kept(run)
        assert_nothing_invented(run, kind, source.decode("utf-8", "replace"))


def _new_records(run: Run) -> list:
    library = run.library()
    before = len(open_library(str(LIBRARY))[0].papers)
    added = int(re.match(r"added (\d+),", run.out).group(1))
    assert len(library.papers) == before + added  # the summary counts what was written
    return library.papers[before:]


def assert_nothing_invented(run: Run, kind: str, fed: str) -> None:
    """Every new record comes from the text fed: its arXiv id, year and (Markdown) title words."""
    plain = re.sub(r"[*_~`\x00-\x1f\x7f-\x9f]", "", fed).lower()
    for paper in _new_records(run):
        assert paper.topics == ["misc"] and paper.status in ("to-read", "read")
        if paper.arxiv:
            assert paper.arxiv.split("/")[-1] in plain
        if paper.year:
            assert str(paper.year) in plain or f"{paper.year % 100:02d}" in plain
        if kind == "markdown":
            for word in paper.title.lower().split():
                assert word.strip("*_~`") in plain or "\ufffd" in fed, (word, paper.title)


# --- fuzzing with known answers: generated lists, every record checked against what was fed ---

_WORDS = [
    "Face",
    "Swap",
    "Neural",
    "Rendering",
    "GAN",
    "Müller",
    "Über",
    "换脸",
    "生成",
    "3D",
    "Talking",
    "Head",
    "Diffusion",
    "Model",
    "Real-Time",
    "Zero-Shot",
    "via",
    "of",
    "Learning",
    "Avatars",
]
_paper = st.tuples(
    st.lists(st.sampled_from(_WORDS), min_size=4, max_size=9).map(" ".join),
    st.tuples(st.integers(15, 24), st.integers(1, 12)).map(lambda pair: pair[0] * 100 + pair[1]),
    st.sampled_from(["CVPR", "ICCV", "ECCV", "NeurIPS", "SIGGRAPH", "AAAI"]),
)
_papers = st.lists(_paper, min_size=1, max_size=12)


def _fed_records(papers: list) -> set[tuple]:
    return {
        (f"Fuzzed {title} {number}", f"{yymm}.{number:05d}", venue, 2000 + yymm // 100)
        for number, (title, yymm, venue) in enumerate(papers)
    }


def _check_known(kind: str, source: str, fed: set[tuple]) -> None:
    with tempfile.TemporaryDirectory() as work:
        run = run_import(Path(work), kind, source.encode("utf-8"))
        assert run.code == 0, run.err
        assert run.out.startswith(f"added {len(fed)}, merged 0, unchanged 0, failed 0")
        got = {(p.title, p.arxiv, p.venue, p.year) for p in _new_records(run)}
        assert got == fed


@_fuzz
@given(papers=_papers)
def test_fuzz_known_markdown_list(papers: list) -> None:
    fed = _fed_records(papers)
    lines = [f"- [{t}](https://arxiv.org/abs/{a}) {v} {y}" for t, a, v, y in sorted(fed)]
    _check_known("markdown", "## Some Topic\n\n" + "\n".join(lines) + "\n", fed)


@_fuzz
@given(papers=_papers)
def test_fuzz_known_bibtex(papers: list) -> None:
    fed = _fed_records(papers)
    entries = [
        f"@inproceedings{{k{n}, title = {{{t}}}, booktitle = {{{v}}}, year = {y}, eprint = {{{a}}}}}"
        for n, (t, a, v, y) in enumerate(sorted(fed))
    ]
    _check_known("bibtex", "\n".join(entries) + "\n", fed)


@_fuzz
@given(text=_bib_text)
def test_fuzz_import_bibtex(text: str) -> None:
    _fuzz_once("bibtex", text.encode("utf-8", "surrogatepass"))


@_fuzz
@given(text=_md_text)
def test_fuzz_import_markdown(text: str) -> None:
    _fuzz_once("markdown", ("## Face Swap\n" + text).encode("utf-8", "surrogatepass"))


@_fuzz
@given(raw=st.binary(max_size=300), kind=st.sampled_from(["bibtex", "markdown"]))
def test_fuzz_import_random_bytes(raw: bytes, kind: str) -> None:
    _fuzz_once(kind, raw)


_structured_text = st.text(
    alphabet=st.one_of(st.sampled_from(list("{}[]:,-\"'&*!|>#\n titleyarpsuhod0123456789")), st.characters()),
    max_size=300,
)


@_fuzz
@given(text=_structured_text, kind=st.sampled_from(["yaml", "json"]))
def test_fuzz_import_yaml_and_json(text: str, kind: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        run = run_import(Path(work), kind, text.encode("utf-8", "surrogatepass"))
        assert run.code in (0, 1), run.err
        assert_library_kept(run)
        if run.out.startswith("added "):
            for paper in _new_records(run):  # every word of every title is text that was fed
                assert all(word in text for word in re.findall(r"\w+", paper.title)), paper.title


@_fuzz
@given(papers=_papers)
def test_fuzz_known_yaml_list(papers: list) -> None:
    fed = _fed_records(papers)
    items = [
        f"  - {{title: {json.dumps(t, ensure_ascii=False)}, year: '{y}', venue: {v}, url: 'https://arxiv.org/abs/{a}'}}"
        for t, a, v, y in sorted(fed)
    ]
    _check_known("yaml", "papers:\n" + "\n".join(items) + "\n", fed)
