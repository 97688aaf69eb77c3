"""`paperkb add`: arXiv ids in any form, recorded Atom answers served on 127.0.0.1, no network."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import threading
import urllib.parse
from pathlib import Path
from typing import ClassVar

import pytest

from paperkb.cli import main
from paperkb.importers.arxiv_api import ArxivError, api_url, normalise_arxiv_input, parse_atom
from paperkb.records.library import open_library

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "import")


def _atom(name: str) -> bytes:
    with open(os.path.join(FIXTURES, f"arxiv_{name}.xml"), "rb") as handle:
        return handle.read()


class _Recorded(http.server.BaseHTTPRequestHandler):
    """Answers with the recorded feed named by the id asked for."""

    answers: ClassVar[dict[str, tuple[str, int]]] = {
        "1908.05932": ("current", 200),
        "1908.05932v1": ("current", 200),
        "cs/0112017": ("old", 200),
        "1234.56789": ("error", 200),
        "2999.99999": ("empty", 200),
        "2001.00001": ("", 503),
        "2002.00002": ("rate", 200),
    }
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        wanted = query.get("id_list", [""])[0]
        _Recorded.requests.append(wanted)
        name, status = self.answers.get(wanted, ("empty", 200))
        body = b"Rate exceeded." if name == "rate" else (_atom(name) if name else b"busy")
        self.send_response(status)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def api_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorded)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/query"
    server.shutdown()
    server.server_close()


@pytest.fixture
def api(api_server, monkeypatch):
    monkeypatch.setenv("PAPERKB_ARXIV_API", api_server)
    _Recorded.requests.clear()
    return api_server


@pytest.fixture
def papers(tmp_path):
    path = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "library.yaml"), path)
    return str(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1908.05932", ("1908.05932", None)),
        ("arXiv:1908.05932v2", ("1908.05932", 2)),
        ("https://arxiv.org/abs/1908.05932", ("1908.05932", None)),
        ("HTTPS://ARXIV.ORG/ABS/1908.05932V3", ("1908.05932", 3)),
        ("https://arxiv.org/pdf/1908.05932v2.pdf", ("1908.05932", 2)),
        ("http://export.arxiv.org/abs/2101.04061", ("2101.04061", None)),
        ("cs/0112017", ("cs/0112017", None)),
        ("https://arxiv.org/abs/hep-th/9901001v1", ("hep-th/9901001", 1)),
        ("<https://arxiv.org/abs/1908.05932>", ("1908.05932", None)),
        ("not an id", None),
    ],
)
def test_ids_are_normalised(text, expected):
    assert normalise_arxiv_input(text) == expected


def test_api_url_follows_the_environment(monkeypatch):
    monkeypatch.delenv("PAPERKB_ARXIV_API", raising=False)
    assert api_url("cs/0112017") == "https://export.arxiv.org/api/query?id_list=cs%2F0112017&max_results=1"
    monkeypatch.setenv("PAPERKB_ARXIV_API", "http://127.0.0.1:9/q")
    assert api_url("1908.05932").startswith("http://127.0.0.1:9/q?id_list=1908.05932")


def test_current_layout():
    fields = parse_atom(_atom("current"), "1908.05932")
    assert fields["title"] == "FSGAN: Subject Agnostic Face Swapping and Reenactment"
    assert fields["authors"] == ["Yuval Nirkin", "Yosi Keller", "Tal Hassner"]
    assert (fields["year"], fields["month"], fields["venue"]) == (
        2019,
        8,
        "ICCV",
    )  # comment: 'Accepted to ICCV 2019'
    assert (fields["arxiv"], fields["arxiv_version"], fields["arxiv_category"]) == ("1908.05932", 1, "cs.CV")
    assert fields["abstract"].startswith(
        "We present Face Swapping GAN (FSGAN) for face swapping and reenactment. Unlike"
    )


def test_older_layout_and_old_style_id():
    fields = parse_atom(_atom("old"), "cs/0112017")
    assert (fields["arxiv"], fields["year"], fields["doi"]) == ("cs/0112017", 2002, "10.1000/old.2001")
    assert fields["venue"] == "J. Old Stuff"  # from journal_ref, with its year
    assert fields["arxiv_category"] == "cs.CV"  # from <category>, there is no primary_category
    assert fields["abstract"] == "An abstract written over two lines."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_atom("error"), "the arXiv API reported an error: incorrect id format for 1234.5"),
        (_atom("empty"), "arXiv has no paper with the id 2999.99999"),
        (b"Rate exceeded.", "the arXiv API sent something that is not Atom XML: 'Rate exceeded.'"),
    ],
)
def test_answers_that_are_not_a_record(data, message):
    with pytest.raises(ArxivError) as caught:
        parse_atom(data, "2999.99999")
    assert caught.value.message == message


def test_add_writes_a_record(api, papers, capsys):
    code = main(["add", "https://arxiv.org/abs/1908.05932", "--papers", papers, "--topic", "gan"])
    assert (code, capsys.readouterr().out) == (0, "added 0, merged 1, unchanged 0, failed 0\n")
    library, _ = open_library(papers)
    fsgan = library.paper_by_id["fsgan"]  # already there: only the missing fields are filled
    assert fsgan.arxiv_category == "cs.CV" and fsgan.abstract.startswith("We present")
    assert fsgan.topics == ["face-swap"]
    assert _Recorded.requests == ["1908.05932"]


def test_add_old_style_id(api, papers, capsys):
    code = main(["add", "arXiv:cs/0112017", "--papers", papers, "--topic", "misc", "--status", "reading"])
    assert (code, capsys.readouterr().out) == (0, "added 1, merged 0, unchanged 0, failed 0\n")
    text = Path(papers).read_text(encoding="utf-8")
    assert (
        '\n  - id: sample-old-style-paper-face-images\n    title: "A Sample Old-Style Paper on Face Images"\n'
        in text
    )
    assert '    arxiv: "cs/0112017"\n    arxiv_version: 1\n    arxiv_category: cs.CV\n' in text
    paper = open_library(papers)[0].paper_by_id["sample-old-style-paper-face-images"]
    assert (paper.status, paper.venue, paper.year, paper.doi) == (
        "reading",
        "J. Old Stuff",
        2002,
        "10.1000/old.2001",
    )


def test_add_with_a_version_asks_for_that_version(api, papers, capsys):
    main(["add", "1908.05932v1", "--papers", papers, "--dry-run"])
    assert _Recorded.requests == ["1908.05932v1"]
    assert capsys.readouterr().out.endswith(
        "added 0, merged 1, unchanged 0, failed 0 (dry run: nothing written)\n"
    )


@pytest.mark.parametrize(
    ("arxiv", "message"),
    [
        (
            "1234.56789",
            "1234.56789: error: the arXiv API reported an error: incorrect id format for 1234.5; check the arXiv id",
        ),
        ("1234.5", "1234.5: error: '1234.5' is not an arXiv id or URL; write e.g. 1908.05932,"),
        (
            "2999.99999",
            "2999.99999: error: arXiv has no paper with the id 2999.99999; check the id on https://arxiv.org",
        ),
        ("not-an-id", "not-an-id: error: 'not-an-id' is not an arXiv id or URL; write e.g. 1908.05932,"),
    ],
)
def test_add_reports_bad_answers(api, papers, capsys, arxiv, message):
    before = Path(papers).read_bytes()
    code = main(["add", arxiv, "--papers", papers, "--topic", "gan"])
    assert code == 1
    assert message in capsys.readouterr().err
    assert Path(papers).read_bytes() == before


def test_add_reports_http_errors(api, papers, capsys):
    code = main(["add", "2001.00001", "--papers", papers, "--topic", "gan"])
    assert code == 1
    assert "error: the arXiv API answered HTTP 503" in capsys.readouterr().err


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_network_fails_clearly_and_writes_nothing(papers, capsys, monkeypatch):
    port = _closed_port()
    monkeypatch.setenv("PAPERKB_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    before = Path(papers).read_bytes()
    code = main(["add", "2101.04061", "--papers", papers, "--topic", "gan"])
    err = capsys.readouterr().err
    assert code == 1
    assert (
        f"2101.04061: error: cannot reach the arXiv API at http://127.0.0.1:{port}/api/query?id_list=2101.04061"
        "&max_results=1: Connection refused; check the network connection (or set PAPERKB_ARXIV_API to another"
        " API address)"
    ) in err
    assert Path(papers).read_bytes() == before
    assert not [name for name in os.listdir(os.path.dirname(papers)) if name != "papers.yaml"]


def test_new_paper_without_a_topic_goes_to_the_inbox(api, papers, capsys):
    code = main(["add", "cs/0112017", "--papers", papers])
    assert code == 0, capsys.readouterr().err
    library, _ = open_library(papers)
    assert library is not None
    assert library.papers[-1].arxiv == "cs/0112017" and library.papers[-1].topics == ["inbox"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HEP-TH/9901001", ("hep-th/9901001", None)),
        ("arXiv:Math.AG/0309136v2", ("math.AG/0309136", 2)),
        ("COND-MAT/0412498", ("cond-mat/0412498", None)),
    ],
)
def test_old_style_ids_are_lowercase_whatever_their_case(text, expected):
    from paperkb.records.arxiv_id import parse_arxiv

    assert parse_arxiv(text) == expected
