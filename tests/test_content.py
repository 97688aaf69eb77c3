"""The shipped knowledge base covers the user's original notes in sources/."""

from __future__ import annotations

import glob
import os
import re

import pytest

from paperkb.records.arxiv_id import find_arxiv_ids
from paperkb.records.library import open_library

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = sorted(glob.glob(os.path.join(ROOT, "sources", "*.txt")))


@pytest.fixture(scope="module")
def library():
    library, diagnostics = open_library(os.path.join(ROOT, "papers.yaml"))
    assert library is not None, [d.format() for d in diagnostics]
    return library


def source_arxiv_ids() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        found.update(find_arxiv_ids(text))
        found.update(re.findall(r"arXiv:\s*(\d{4}\.\d{4,5})", text, flags=re.IGNORECASE))
    return found


def test_the_five_original_notes_are_kept():
    assert [os.path.basename(p)[:3] for p in SOURCES] == ["000", "001", "002", "003", "004"]


def test_every_arxiv_id_in_the_sources_is_a_record(library):
    ids = source_arxiv_ids()
    assert len(ids) > 60
    missing = sorted(ids - {paper.arxiv for paper in library.papers})
    assert missing == []


def test_every_record_with_notes_has_both_languages(library):
    one_sided = [p.id for p in library.papers if bool(p.notes.en) != bool(p.notes.zh)]
    assert one_sided == []


def test_every_summary_has_both_languages(library):
    one_sided = [p.id for p in library.papers if p.summary and not (p.summary.en and p.summary.zh)]
    assert one_sided == []


def test_every_topic_has_a_paper_of_its_own(library):
    empty = [t.id for t in library.topics if not library.papers_by_topic.get(t.id)]
    assert empty == []


def test_every_long_note_is_bilingual(library):
    assert len(library.note_paths) >= 20
    for paper_id, path in library.note_paths.items():
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        assert "## English" in text and "## 中文" in text, paper_id
        assert not text.startswith("---"), paper_id


def test_read_status_follows_the_notes(library):
    by_id = library.paper_by_id
    assert by_id["fsgan"].status == "read"  # detailed notes in 004
    assert by_id["stylegan"].status == "read"  # [x] in 002
    counts = {status: sum(p.status == status for p in library.papers) for status in ("read", "to-read")}
    assert counts["read"] > 50 and counts["to-read"] > 50


def test_the_loss_tricks_of_the_notes_are_kept_on_their_topic(library):
    losses = next(topic for topic in library.topics if topic.id == "losses")
    assert losses.description is not None
    for text in (losses.description.en, losses.description.zh):
        assert "`loss = max(0, 1 - gt * out)`" in text
        assert "|Sig(out) - gt|" in text


# Remarks a curator wrote about the notes ("listed under ...; not read yet") rather than about the paper:
# notes hold the researcher's words, and where a record came from goes in `source`.
CURATION_REMARKS = [
    r"\blisted (under|in|as)\b",
    r"\bnot (been )?read yet\b",
    r"\btitle only\b",
    r"\bthe notes (keep|give|list|spell|date|only)\b",
    r"\bmarked (as read|todo)\b",
    r"\bwithout (a|any) (comment|description)\b",
    r"\bno further (text|comment)\b",
    r"\bnoted (together|under)\b",
    r"\bonly (code |an implementation )?links? in the notes\b",
    r"\bthe list (gives|dates|links)\b",
    r"\btemplate leftover\b",
    r"\bin the original notes\b",
    r"\bnot (been )?identified\b",
    r"\bfiled under\b",
    r"\bbare (arxiv )?link\b",
    r"^paper: \[arxiv",
    r"\bofficial repo: \[",
    "列于",
    "列在",
    "尚未阅读",
    "笔记中只有",
    "笔记中只保存",
    "笔记中保存了",
    "笔记中记为",
    "笔记中标题为",
    "笔记中还包含",
    "未写说明",
    "没有说明",
    "标为 ?TODO",
    "已读（无笔记）",
    "一起记录",
    "记录在",
    "清单写作",
    "模板残留",
    "原笔记",
    "无法确定",
    "已归入",
    "以裸",
]
CURATION_PATTERN = re.compile("|".join(f"(?:{p})" for p in CURATION_REMARKS), re.IGNORECASE | re.MULTILINE)


def find_curation_remarks(text: str | None) -> list[str]:
    return [m.group(0) for m in CURATION_PATTERN.finditer(text or "")]


def test_the_remark_patterns_catch_curation_remarks():
    assert find_curation_remarks("Listed under GAN; not read yet.") == ["Listed under", "not read yet"]
    assert find_curation_remarks("列于综述（Survey）部分，尚未阅读。") == ["列于", "尚未阅读"]
    assert find_curation_remarks("The notes keep the network diagram only.") == ["The notes keep"]
    assert find_curation_remarks("Content module and style module.") == []


def test_no_note_or_summary_holds_curation_remarks(library):
    found = {}
    for paper in library.papers:
        for field in (paper.notes, paper.summary):
            for text in (field.en, field.zh) if field else ():
                if remarks := find_curation_remarks(text):
                    found.setdefault(paper.id, []).extend(remarks)
    assert found == {}


def test_no_long_note_holds_curation_remarks(library):
    found = {}
    for paper_id, path in library.note_paths.items():
        with open(path, encoding="utf-8") as handle:
            if remarks := find_curation_remarks(handle.read()):
                found[paper_id] = remarks
    assert found == {}
