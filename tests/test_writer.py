"""The loss-free writer: insertions only, atomic replacement, and nothing changed on failure."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkb.diagnostics import error
from paperkb.importers.merge import MergePlan
from paperkb.records.characters import has_visible
from paperkb.records.library import open_library
from paperkb.writing import safe_write
from paperkb.writing.record_yaml import double_quoted, render_field, render_record, scalar
from paperkb.writing.safe_write import PapersText, WriteError, commit_text, papers_lock, read_papers_text
from paperkb.writing.writer import add_fields, append_records, verify_merge

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "import")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIBRARY = os.path.join(FIXTURES, "library.yaml")

DRAFT = {
    "id": "new-paper",
    "title": "New: A Paper # with specials",
    "authors": ["Ada Lovelace", "Grace Hopper, Jr."],
    "year": 2021,
    "month": 3,
    "venue": "CVPR",
    "arxiv": "2101.00001",
    "links": {"pdf": "https://example.org/a.pdf"},
    "code": [{"url": "https://github.com/a/b", "framework": "pytorch", "official": True}],
    "topics": ["gan"],
    "status": "read",
    "notes": {"en": "line one\nline two", "zh": "中文：笔记（一）"},
    "added": dt.date(2024, 5, 1),
}


def _copy_library(tmp_path, source: str = LIBRARY) -> str:
    path = tmp_path / "papers.yaml"
    shutil.copyfile(source, path)
    return str(path)


def _only_insertions(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


def _load_text(tmp_path, text: str):
    path = tmp_path / "check.yaml"
    path.write_text(text, encoding="utf-8")
    return open_library(str(path))


def _no_error(path: str) -> list:
    return [d for d in open_library(path)[1] if d.is_error]


# --- YAML text for values -------------------------------------------------------------


@given(st.text(max_size=80))
def test_scalar_reads_back_as_the_same_text(text):
    assert yaml.safe_load("k: " + scalar(text)) == {"k": text}
    assert yaml.safe_load("k: [" + scalar(text, flow=True) + "]") == {"k": [text]}


@given(st.text(max_size=80))
def test_double_quoted_reads_back(text):
    assert yaml.safe_load(double_quoted(text)) == text


def test_scalar_quotes_what_yaml_would_change():
    assert scalar("no") == '"no"'
    assert scalar("2001.00010") == '"2001.00010"'
    assert scalar("a: b") == '"a: b"'
    assert scalar("https://github.com/a/b", flow=True) == "https://github.com/a/b"
    assert scalar("plain words") == "plain words"
    assert scalar("1908.05932", quote=True) == '"1908.05932"'


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60, deadline=None)
@given(note=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_multiline_notes_read_back_through_the_project_loader(tmp_path, note):
    if not note.strip():
        return
    draft = {"id": "x", "title": "T", "topics": ["gan"], "notes": {"en": note}}
    text = Path(LIBRARY).read_text(encoding="utf-8")
    library, diagnostics = _load_text(tmp_path, append_records(text, [draft]))
    if library is None:  # the loader refuses some characters outright; then so must the write
        assert any(d.is_error for d in diagnostics)
        return
    assert library.paper_by_id["x"].notes.en == note


def test_render_record_looks_like_the_hand_written_ones():
    text = render_record(DRAFT)
    assert text.splitlines()[:3] == [
        "  - id: new-paper",
        '    title: "New: A Paper # with specials"',
        '    authors: [Ada Lovelace, "Grace Hopper, Jr."]',
    ]
    assert '    arxiv: "2101.00001"' in text
    assert "      - {url: https://github.com/a/b, framework: pytorch, official: true}" in text
    assert "      en: |-\n        line one\n        line two\n" in text
    assert "    added: 2024-05-01" in text


def test_render_field_nests_mappings():
    assert render_field("links", {"pdf": "https://x.org/a"}, 4) == [
        "    links:",
        "      pdf: https://x.org/a",
    ]


# --- appending and adding fields ------------------------------------------------------


def test_append_keeps_every_byte_and_adds_the_record(tmp_path):
    text = Path(LIBRARY).read_text(encoding="utf-8")
    new = append_records(text, [DRAFT])
    assert _only_insertions(text, new)
    assert new.endswith("# end of papers\n")  # the trailing comment stays last
    library, diagnostics = _load_text(tmp_path, new)
    assert library is not None, diagnostics
    paper = library.paper_by_id["new-paper"]
    assert paper.authors == ["Ada Lovelace", "Grace Hopper, Jr."]
    assert paper.notes.zh == "中文：笔记（一）"
    assert paper.added == dt.date(2024, 5, 1)
    assert "\n\n  - id: new-paper\n" in new  # blank-line separated like the records above


_titles = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda s: s.strip() == s and s.strip() and has_visible(s)  # a title needs a visible character
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None)
@given(titles=st.lists(_titles, min_size=1, max_size=4, unique_by=lambda s: s.casefold()))
def test_appending_any_titles_changes_no_existing_byte(tmp_path, titles):
    text = Path(LIBRARY).read_text(encoding="utf-8")
    drafts = [{"id": f"p{i}", "title": title, "topics": ["misc"]} for i, title in enumerate(titles)]
    new = append_records(text, drafts)
    assert new.startswith(text.split("# end of papers")[0].rstrip("\n"))
    assert _only_insertions(text, new)
    library, diagnostics = _load_text(tmp_path, new)
    if library is None:
        assert any("duplicate title" in d.message for d in diagnostics), diagnostics
        return
    assert [library.paper_by_id[f"p{i}"].title for i in range(len(titles))] == titles


@pytest.mark.parametrize(
    ("papers", "expected"),
    [
        ("papers: []\n", "papers:\n  - id: x\n"),
        ("papers:\n", "papers:\n  - id: x\n"),
        ("", "papers:\n  - id: x\n"),
    ],
)
def test_append_to_an_empty_list(papers, expected):
    head = "topics:\n  - id: misc\n    title: {en: Misc, zh: 其他}\n"
    new = append_records(head + papers, [{"id": "x", "title": "X", "topics": ["misc"]}])
    assert new.startswith(head + expected)
    assert yaml.safe_load(new)["papers"][0]["id"] == "x"


def test_add_fields_inserts_into_flow_and_block_collections(tmp_path):
    text = Path(LIBRARY).read_text(encoding="utf-8")
    updates = {
        0: {"doi": "10.1/fsgan", "topics": ["talking-face"], "notes": {}},
        1: {"topics": ["gan"], "notes": {"en": "English note."}, "arxiv": "1812.04948"},
        2: {"links": {"pdf": "https://example.org/th.pdf"}, "year": 2022},
    }
    new = add_fields(text, updates)
    library, diagnostics = _load_text(tmp_path, new)
    assert library is not None, diagnostics
    fsgan, stylegan, survey = library.papers
    assert fsgan.doi == "10.1/fsgan" and fsgan.topics == ["face-swap", "talking-face"]
    assert stylegan.topics == ["stylegan", "gan"] and stylegan.notes.en == "English note."
    assert stylegan.notes.zh.startswith("通过映射网络")
    assert survey.links == {"paper": "https://example.org/talking-heads", "pdf": "https://example.org/th.pdf"}
    assert survey.year == 2022
    assert "    topics: [face-swap, talking-face]\n" in new
    assert "    links: {paper: https://example.org/talking-heads, pdf: https://example.org/th.pdf}\n" in new
    removed = [line for line in difflib.ndiff(text.splitlines(), new.splitlines()) if line.startswith("- ")]
    assert removed == ["-     topics: [face-swap]", "-     links: {paper: https://example.org/talking-heads}"]


# --- committing: atomic, validated, nothing left behind on failure ---------------------


def _leftovers(directory: str) -> list[str]:
    return [name for name in os.listdir(directory) if name.endswith(".tmp")]


def _commit(path: str, new_text: str, check=None) -> bool:
    original = read_papers_text(path)
    return commit_text(path, original, new_text, check or _no_error, shown=path)


def test_commit_writes_and_keeps_mode(tmp_path):
    path = _copy_library(tmp_path)
    os.chmod(path, 0o640)
    text = Path(path).read_text(encoding="utf-8")
    assert _commit(path, append_records(text, [DRAFT]))
    assert "new-paper" in Path(path).read_text(encoding="utf-8")
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert _leftovers(str(tmp_path)) == []


def test_failed_rename_leaves_the_original(tmp_path, monkeypatch):
    path = _copy_library(tmp_path)
    before = Path(path).read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safe_write.os, "replace", broken_replace)
    with pytest.raises(WriteError) as caught:
        _commit(path, append_records(before.decode(), [DRAFT]))
    assert Path(path).read_bytes() == before
    assert _leftovers(str(tmp_path)) == []
    assert "No space left on device; nothing was written" in str(caught.value)


def test_validation_failure_leaves_the_original(tmp_path):
    path = _copy_library(tmp_path)
    before = Path(path).read_bytes()
    broken = before.decode() + "  - id: Bad Id\n    title: x\n    topics: [gan]\n"
    with pytest.raises(WriteError) as caught:
        _commit(path, broken)
    assert Path(path).read_bytes() == before
    assert _leftovers(str(tmp_path)) == []
    assert caught.value.diagnostics[0].file == path  # reported against the real file, not the temp one
    assert "is not a valid id" in caught.value.diagnostics[0].message


def test_a_failing_check_leaves_the_original(tmp_path):
    path = _copy_library(tmp_path)
    before = Path(path).read_bytes()
    with pytest.raises(WriteError):
        _commit(path, before.decode() + "# more\n", check=lambda p: [error(p, 1, 1, "no")])
    assert Path(path).read_bytes() == before
    assert _leftovers(str(tmp_path)) == []


def test_permission_error_is_a_diagnostic(tmp_path, monkeypatch):
    path = _copy_library(tmp_path)
    before = Path(path).read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safe_write.tempfile, "mkstemp", refuse)
    with pytest.raises(WriteError) as caught:
        _commit(path, before.decode() + "# more\n")
    assert Path(path).read_bytes() == before
    message = caught.value.diagnostics[0].format()
    assert message.endswith(
        "error: cannot create a temporary file next to it: Permission denied; nothing was written;"
        " check the file's permissions"
    )


_COMMIT_SCRIPT = """
import os
import sys
from paperkb.writing.safe_write import WriteError, commit_text, read_papers_text
if os.geteuid() == 0:  # drop root after the imports (the interpreter may live in root's home)
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
    assert os.geteuid() == 65534
path = sys.argv[1]
original = read_papers_text(path)
try:
    commit_text(path, original, original.text + "# more\\n", lambda tmp: [], shown=path)
except WriteError as exc:
    print(exc.diagnostics[0].message)
    sys.exit(3)
"""


def test_read_only_directory(tmp_path):
    """A folder the writer cannot write to: nothing changes. Root writes anywhere, so as root (as CI
    runs) the writer runs in a child process that drops to the unprivileged user `nobody`."""
    folder = Path(tempfile.mkdtemp(prefix="paperkb-ro-", dir="/tmp"))
    try:
        path = _copy_library(folder)
        before = Path(path).read_bytes()
        if os.geteuid() == 0:
            os.chown(path, 65534, 65534)  # the file itself is writable for the writer, the folder not
        os.chmod(folder, 0o555)
        result = subprocess.run(
            [sys.executable, "-c", _COMMIT_SCRIPT, path],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": ROOT, "HOME": "/tmp"},
        )
        assert result.returncode == 3, result.stderr
        assert "cannot create a temporary file next to it: Permission denied" in result.stdout
        assert Path(path).read_bytes() == before and os.listdir(folder) == ["papers.yaml"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)


def test_concurrent_change_is_detected(tmp_path):
    path = _copy_library(tmp_path)
    original = read_papers_text(path)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("# edited meanwhile\n")
    edited = Path(path).read_bytes()
    with pytest.raises(WriteError, match="changed while paperkb worked on it"):
        commit_text(path, original, original.text + "# mine\n", _no_error)
    assert Path(path).read_bytes() == edited


def test_symlinked_papers_stays_a_symlink(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    real = _copy_library(real_dir)
    link = tmp_path / "papers.yaml"
    os.symlink(real, link)
    with papers_lock(str(link)) as resolved:
        assert resolved == os.path.realpath(real)
        original = read_papers_text(resolved)
        commit_text(resolved, original, original.text + "# appended\n", _no_error)
    assert os.path.islink(link)
    assert Path(real).read_text(encoding="utf-8").endswith("# appended\n")


def test_crlf_and_bom_are_kept(tmp_path):
    path = tmp_path / "papers.yaml"
    text = Path(LIBRARY).read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    original = read_papers_text(str(path))
    assert original.bom and original.crlf and "\r" not in original.text
    commit_text(str(path), original, append_records(original.text, [DRAFT]), _no_error)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").split("# end of papers")[0].encode())
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_nothing_to_write_writes_nothing(tmp_path):
    path = _copy_library(tmp_path)
    mtime = os.stat(path).st_mtime_ns
    assert not _commit(path, Path(path).read_text(encoding="utf-8"))
    assert os.stat(path).st_mtime_ns == mtime


def test_second_writer_waits_for_the_lock(tmp_path):
    path = _copy_library(tmp_path)
    with (
        papers_lock(path),
        pytest.raises(WriteError, match="another paperkb process is writing"),
        papers_lock(path, timeout=0.2),
    ):
        pass  # pragma: no cover - never reached
    with papers_lock(path, timeout=0.2):  # released again
        pass
    assert not os.path.exists(tmp_path / ".papers.yaml.lock")


def test_lock_serialises_threads(tmp_path):
    """Four threads that each stay a while inside the lock are never inside it together (a lock
    that does nothing lets them all in at once)."""
    path = _copy_library(tmp_path)
    inside: list[str] = []
    most = [0]
    start = threading.Barrier(4)

    def writer(name: str) -> None:
        start.wait()
        with papers_lock(path, timeout=30):
            inside.append(name)
            most[0] = max(most[0], len(inside))
            time.sleep(0.2)
            inside.remove(name)

    threads = [threading.Thread(target=writer, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1


def test_papers_text_round_trips_bytes():
    raw = b"a: 1\r\nb: 2\r\n"
    text = PapersText(raw, "a: 1\nb: 2\n", crlf=True)
    assert text.encode(text.text) == raw


def _char_insertions_only(old: str, new: str) -> bool:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


_updates = st.fixed_dictionaries(
    {},
    optional={
        "doi": st.from_regex(r"10\.\d{4}/[a-z0-9]{1,8}", fullmatch=True),
        "month": st.integers(1, 12),
        "topics": st.lists(
            st.sampled_from(["misc", "gan", "talking-face"]), min_size=1, max_size=2, unique=True
        ),
        "links": st.dictionaries(
            st.sampled_from(["pdf", "project", "data"]), st.just("https://x.org/p"), min_size=1
        ),
        "notes": st.fixed_dictionaries({"en": _titles}),
        "tags": st.lists(st.sampled_from(["gan", "survey"]), min_size=1, unique=True),
    },
)


@settings(max_examples=60, deadline=None)
@given(updates=st.dictionaries(st.integers(0, 2), _updates, max_size=3))
def test_adding_fields_only_inserts_characters(updates):
    text = Path(LIBRARY).read_text(encoding="utf-8")
    library, _ = open_library(LIBRARY)
    wanted = {}
    for index, fields in updates.items():
        paper = library.papers[index]
        fields = dict(fields)
        if "topics" in fields:
            fields["topics"] = [t for t in fields["topics"] if t not in paper.topics]
        if "links" in fields:
            fields["links"] = {k: v for k, v in fields["links"].items() if k not in paper.links}
        if "notes" in fields and (paper.notes.en or paper.notes.zh):
            fields["notes"] = {k: v for k, v in fields["notes"].items() if getattr(paper.notes, k) is None}
        if paper.doi:
            fields.pop("doi", None)
        elif "doi" in fields:
            fields["doi"] += f"-{index}"  # DOIs are unique across records
        wanted[index] = {k: v for k, v in fields.items() if v}
    new = add_fields(text, {i: f for i, f in wanted.items() if f})
    assert _char_insertions_only(text, new)
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "papers.yaml")
        Path(path).write_text(new, encoding="utf-8")
        after, diagnostics = open_library(path)
    assert after is not None, diagnostics
    for index, fields in wanted.items():
        paper = after.papers[index]
        for key, value in fields.items():
            current = getattr(paper, key)
            if isinstance(value, list):
                assert current[-len(value) :] == value
            elif isinstance(value, dict):
                assert all(
                    (getattr(current, k) if key == "notes" else current[k]) == v for k, v in value.items()
                )
            else:
                assert current == value


def test_a_change_beyond_the_plan_is_refused(tmp_path):
    before, _ = open_library(LIBRARY)
    text = Path(LIBRARY).read_text(encoding="utf-8")
    changed = text.replace("    topics: [talking-face]\n", "    topics: [talking-face, misc]\n")
    after, found = _load_text(tmp_path, changed)
    planned = MergePlan(updates={2: {"topics": ["misc"]}})
    assert verify_merge(before, planned, after, found, "papers.yaml") == []
    problems = verify_merge(before, MergePlan(), after, found, "papers.yaml")
    assert [p.format() for p in problems] == [
        "papers.yaml: error: internal error: record 'talking-head-survey' would change beyond the merge;"
        " report this; nothing was written"
    ]


def test_cli_reports_an_unwritable_directory(tmp_path, monkeypatch, capsys):
    from paperkb.cli import main

    path = _copy_library(tmp_path)
    before = Path(path).read_bytes()
    real_open = os.open

    def refuse_lock(name, flags, *args, **kwargs):
        if str(name).endswith(".lock"):
            raise PermissionError(13, "Permission denied")
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(safe_write.os, "open", refuse_lock)
    bib = tmp_path / "one.bib"
    bib.write_text("@article{k, title={A Title}, year={2020}}\n", encoding="utf-8")
    code = main(["import", "bibtex", str(bib), "--papers", path, "--topic", "gan"])
    assert code == 1
    assert capsys.readouterr().err == (
        f"{path}: error: cannot create lock file {tmp_path}/.papers.yaml.lock: Permission denied;"
        " check that you may write to the directory\n1 error(s), 0 warning(s)\n"
    )
    assert Path(path).read_bytes() == before
