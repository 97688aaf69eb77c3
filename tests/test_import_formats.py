"""`paperkb add` (several ids, bounded, fetched before the lock) and the JSON, YAML and arXiv-file imports."""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

import paperkb.commands.papers as papers_command
import paperkb.importers.arxiv_api as arxiv_api
from paperkb.cli import main
from paperkb.exporters.formats import export_json
from paperkb.records.library import open_library

FIXTURES = Path(__file__).parent / "fixtures" / "import"
CURRENT = (FIXTURES / "arxiv_current.xml").read_bytes()
OLD = (FIXTURES / "arxiv_old.xml").read_bytes()
ESCAPED = CURRENT.replace(b"FSGAN: Subject", b"FSGAN:&#x9b;31m&#x202e; Subject").replace(
    b"1908.05932", b"1908.11111"
)


class _Api(http.server.BaseHTTPRequestHandler):
    """Recorded answers by id; 'slow' trickles its answer, 'big' sends too much."""

    answers: ClassVar[dict[str, bytes]] = {
        "1908.05932": CURRENT,
        "cs/0112017": OLD,
        "1201.4869": CURRENT,  # an answer for another paper
        "1908.11111": ESCAPED,
    }
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        wanted = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query).get("id_list", [""])[0]
        _Api.requests.append(wanted)
        body = self.answers.get(
            wanted, CURRENT if wanted in ("slow", "big") else b"<feed xmlns='http://www.w3.org/2005/Atom'/>"
        )
        if wanted == "big":
            body = body + b" " * 200_000
        self.send_response(200)
        self.end_headers()
        for start in range(0, len(body), 512):
            self.wfile.write(body[start : start + 512])
            if wanted == "slow":
                time.sleep(0.2)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Api)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/query"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def api(server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("PAPERKB_ARXIV_API", server)
    _Api.requests.clear()
    return server


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    path = tmp_path / "papers.yaml"
    path.write_text("topics: []\npapers: []\n", encoding="utf-8")
    return path


def _library(path: Path):  # type: ignore[no-untyped-def]
    library, problems = open_library(str(path))
    assert library is not None, problems
    return library


def test_add_several_ids_into_a_new_library(
    api: str, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["add", "1908.05932", "arXiv:cs/0112017", "--papers", str(empty)]) == 0
    assert capsys.readouterr().out == "added 2, merged 0, unchanged 0, failed 0\n"
    library = _library(empty)
    assert [(p.arxiv, p.venue, p.year, p.topics) for p in library.papers] == [
        ("1908.05932", "ICCV", 2019, ["inbox"]),  # from the comment 'Accepted to ICCV 2019'
        ("cs/0112017", "J. Old Stuff", 2002, ["inbox"]),  # from journal_ref
    ]
    assert _Api.requests == ["1908.05932", "cs/0112017"]


def test_an_answer_for_another_paper_is_refused(
    api: str, empty: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = empty.read_bytes()
    assert main(["add", "1201.4869", "--papers", str(empty)]) == 1
    err = capsys.readouterr().err
    assert (
        "the arXiv API answered with another paper (1908.05932) when asked for 1201.4869; nothing taken"
        in err
    )
    assert empty.read_bytes() == before


def test_control_characters_from_the_api_are_removed(api: str, empty: Path) -> None:
    assert main(["add", "1908.11111", "--papers", str(empty)]) == 0
    assert _library(empty).papers[0].title == "FSGAN:31m Subject Agnostic Face Swapping and Reenactment"


@pytest.mark.parametrize(
    ("wanted", "limit", "message"),
    [
        ("big", {"MAX_RESPONSE_BYTES": 100_000}, "sent more than 0 MB"),
        ("slow", {"TOTAL_TIMEOUT_S": 0.5}, "took longer than 0 s in all"),
    ],
)
def test_the_answer_is_bounded_in_size_and_time(
    api: str,
    empty: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    wanted: str,
    limit: dict[str, float],
    message: str,
) -> None:
    for name, value in limit.items():
        monkeypatch.setattr(arxiv_api, name, value)
    monkeypatch.setattr(arxiv_api, "normalise_arxiv_input", lambda text: (text, None))
    started = time.monotonic()
    assert main(["add", wanted, "--papers", str(empty)]) == 1
    assert message in capsys.readouterr().err and time.monotonic() - started < 5


def test_every_answer_is_fetched_before_the_lock(
    api: str, empty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    fetch, lock = arxiv_api.fetch_arxiv_record, papers_command.papers_lock

    def fetching(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("fetch")
        return fetch(*args, **kwargs)

    def locking(*args, **kwargs):  # type: ignore[no-untyped-def]
        events.append("lock")
        return lock(*args, **kwargs)

    monkeypatch.setattr(arxiv_api, "fetch_arxiv_record", fetching)
    monkeypatch.setattr(papers_command, "papers_lock", locking)
    assert main(["add", "1908.05932", "cs/0112017", "--papers", str(empty)]) == 0
    assert events == ["fetch", "fetch", "lock"]


def test_import_a_saved_arxiv_answer(empty: Path, tmp_path: Path) -> None:
    saved = tmp_path / "answer.xml"
    saved.write_bytes(CURRENT)
    assert main(["import", "arxiv", str(saved), "--papers", str(empty), "--topic", "Face Swap"]) == 0
    paper = _library(empty).papers[0]
    assert (paper.arxiv, paper.title, paper.topics) == (
        "1908.05932",
        "FSGAN: Subject Agnostic Face Swapping and Reenactment",
        ["face-swap"],
    )


def test_json_export_and_import_are_lossless(empty: Path, tmp_path: Path) -> None:
    source = _library(FIXTURES / "library.yaml")
    exported = tmp_path / "library.json"
    exported.write_text(export_json(source), encoding="utf-8")
    assert main(["import", "json", str(exported), "--papers", str(empty)]) == 0
    assert export_json(_library(empty)) == exported.read_text(encoding="utf-8")
    assert main(["import", "json", str(exported), "--papers", str(empty)]) == 0  # again: nothing changes
    assert export_json(_library(empty)) == exported.read_text(encoding="utf-8")


OTHER_YAML = """\
# another project's list
papers:
  - name: "FSGAN: Subject Agnostic Face Swapping and Reenactment"
    author: Yuval Nirkin, Yosi Keller and Tal Hassner
    year: "2019"
    conference: ICCV
    url: https://arxiv.org/abs/1908.05932v2
    github: https://github.com/YuvalNirkin/fsgan
    keywords: face swap, reenactment
    category: Face Swap
  - title: A Paper Without Links
    authors: [Ada Lovelace, Alan Turing]
    date: 2020-05-01
    paper: https://example.org/paper.pdf
    description: 一篇没有链接的论文
  - year: 2021
"""


def test_import_another_projects_yaml(
    empty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.yml"
    source.write_text(OTHER_YAML, encoding="utf-8")
    assert main(["import", "yaml", str(source), "--papers", str(empty)]) == 1  # item 3 has no title
    out, err = capsys.readouterr()
    assert out.startswith("added 2, merged 0, unchanged 0, failed 1") and "item 3 has no title" in err
    library = _library(empty)
    fsgan, other = library.papers
    assert (fsgan.authors, fsgan.year, fsgan.venue, fsgan.arxiv, fsgan.arxiv_version) == (
        ["Yuval Nirkin", "Yosi Keller", "Tal Hassner"],
        2019,
        "ICCV",
        "1908.05932",
        2,
    )
    assert (fsgan.code[0].url, fsgan.tags, fsgan.topics) == (
        "https://github.com/YuvalNirkin/fsgan",
        ["face swap", "reenactment"],
        ["face-swap"],
    )
    assert (other.authors, other.year, other.links, other.topics) == (
        ["Ada Lovelace", "Alan Turing"],
        2020,
        {"pdf": "https://example.org/paper.pdf"},
        ["inbox"],
    )
    assert other.summary is not None and other.summary.zh == "一篇没有链接的论文"
    assert json.loads(export_json(library))["topics"][0]["id"] in ("face-swap", "inbox")


def test_a_yaml_alias_bomb_is_read_in_no_time(empty: Path, tmp_path: Path) -> None:
    levels = "".join(f"b{i}: &b{i} [*b{i - 1}, *b{i - 1}, *b{i - 1}, *b{i - 1}]\n" for i in range(1, 30))
    items = "papers:\n" + "".join(
        "  - {title: *b29, authors: *b29, year: *b29, tags: *b29, url: *b29, paper: *b29, code: *b29}\n"
        for _ in range(3)
    )
    source = tmp_path / "bomb.yml"
    source.write_text("b0: &b0 [ha, ha]\n" + levels + items, encoding="utf-8")
    started = time.monotonic()
    assert main(["import", "yaml", str(source), "--papers", str(empty)]) == 1  # no item has a title
    assert time.monotonic() - started < 10 and empty.read_text(encoding="utf-8") == "topics: []\npapers: []\n"
