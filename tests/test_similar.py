"""Similar papers: tf-idf and cosine over titles, notes in both languages, tags and topics."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperkb.records.library import Library, open_library
from paperkb.records.model import Paper
from paperkb.site import similar
from paperkb.site.similar import Segment, library_segmenter, similar_papers

REPO = Path(__file__).resolve().parents[1]


def library_of(tmp_path: Path, records: str) -> Library:
    text = (
        "topics:\n"
        "  - id: face-swap\n    title: {en: Face Swap, zh: 换脸}\n"
        "  - id: super-resolution\n    title: {en: Super-Resolution, zh: 超分辨率}\n"
        "papers:\n" + records
    )
    path = tmp_path / "papers.yaml"
    path.write_text(text, encoding="utf-8")
    library, diagnostics = open_library(str(path))
    assert library is not None, diagnostics
    return library


def record(paper_id: str, title: str, topic: str, en: str = "", zh: str = "", extra: str = "") -> str:
    lines = [f"  - id: {paper_id}", f'    title: "{title}"', f"    topics: [{topic}]"]
    if en or zh:
        lines += ["    notes:", f'      en: "{en}"', f'      zh: "{zh}"']
    return "\n".join(lines) + "\n" + extra


SWAPS = (
    record(
        "swap-a",
        "Identity swapping with an encoder",
        "face-swap",
        "Face swap keeps identity.",
        "换脸保留身份。",
    )
    + record(
        "swap-b", "Identity-aware face swapping", "face-swap", "Swap the identity of a face.", "换脸与身份。"
    )
    + record(
        "sr-a",
        "Image super-resolution with priors",
        "super-resolution",
        "Upscale blurry photos.",
        "超分辨率。",
    )
    + record(
        "sr-b",
        "Blind super-resolution of photos",
        "super-resolution",
        "Restore blurry photos.",
        "盲超分辨率。",
    )
)


def test_papers_are_most_like_those_on_the_same_subject(tmp_path: Path) -> None:
    library = library_of(tmp_path, SWAPS)
    result = similar_papers(library.papers, library_segmenter(library))
    assert result["swap-a"][0] == "swap-b"
    assert result["sr-b"][0] == "sr-a"
    assert all(paper_id not in ids for paper_id, ids in result.items())


def test_chinese_notes_alone_make_papers_similar(tmp_path: Path) -> None:
    records = (
        record("one", "Alpha", "face-swap", "x", "说话人脸生成与唇形同步")
        + record("two", "Beta", "super-resolution", "y", "唇形同步的说话人脸")
        + record("three", "Gamma", "super-resolution", "z", "图像去噪")
        + record("four", "Delta", "face-swap", "w", "三维重建")
    )
    library = library_of(tmp_path, records)
    cut: list[str] = []
    segment = library_segmenter(library)

    def recording(text: str) -> str:
        cut.append(text)
        return segment(text)

    result = similar_papers(library.papers, recording)
    assert result["one"][0] == "two"
    assert "说话人脸生成与唇形同步" in cut  # the segmenter was asked, not a character split


def test_related_papers_are_left_out_both_ways(tmp_path: Path) -> None:
    records = SWAPS.replace("  - id: swap-b\n", "  - id: swap-b\n    related: [swap-a]\n")
    library = library_of(tmp_path, records)
    result = similar_papers(library.papers, library_segmenter(library))
    assert "swap-b" not in result["swap-a"]
    assert "swap-a" not in result["swap-b"]


def test_at_most_five_and_nothing_below_the_floor(tmp_path: Path) -> None:
    records = "".join(
        record(
            f"swap-{i}",
            f"Face swapping with identity encoders, variant {i}",
            "face-swap",
            "Face swap.",
            "换脸。",
        )
        for i in range(9)
    ) + record("lonely", "Unrelated crystallography", "super-resolution", "Minerals.", "矿物。")
    library = library_of(tmp_path, records)
    result = similar_papers(library.papers, library_segmenter(library))
    assert all(len(ids) == 5 for paper_id, ids in result.items() if paper_id != "lonely")
    assert result["lonely"] == []


@pytest.mark.parametrize("group", [1, 64])
def test_the_ranking_is_deterministic_and_ties_go_to_the_earlier_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group: int
) -> None:
    # Identical papers score the same: the earlier ones are listed, whatever the grouping.
    monkeypatch.setattr(similar, "GROUP", group)
    records = "".join(record(f"same-{i}", f"Identical face swap {i}", "face-swap") for i in range(12))
    library = library_of(tmp_path, records)
    segment = library_segmenter(library)
    first = similar_papers(library.papers, segment)
    assert first == similar_papers(library.papers, segment)
    assert first["same-0"] == ["same-1", "same-2", "same-3", "same-4", "same-5"]
    assert first["same-11"] == ["same-0", "same-1", "same-2", "same-3", "same-4"]


def test_a_large_vocabulary_uses_the_sparse_product_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library, _ = open_library(str(REPO / "papers.yaml"))
    assert library is not None
    segment = library_segmenter(library)
    dense_only = similar_papers(library.papers, segment)
    monkeypatch.setattr(similar, "DENSE_CELLS", 0)
    monkeypatch.setattr(similar, "DENSE_TERMS", 16)
    assert similar_papers(library.papers, segment) == dense_only


def test_the_fsgan_card_is_like_other_face_swap_papers() -> None:
    library, _ = open_library(str(REPO / "papers.yaml"))
    assert library is not None
    result = similar_papers(library.papers, library_segmenter(library))
    others = [library.paper_by_id[i] for i in result["fsgan"]]
    assert any("face-swap" in paper.topics for paper in others)


def test_the_cache_reuses_a_result_only_while_the_words_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = similar.similar_papers

    def counted(papers: list[Paper], segment: Segment) -> dict[str, list[str]]:
        calls.append(len(papers))
        return real(papers, segment)

    monkeypatch.setattr(similar, "similar_papers", counted)
    cache = similar.SimilarCache()
    library = library_of(tmp_path, SWAPS)
    segment = library_segmenter(library)
    first = cache.similar(library.papers, segment, "dict-a")
    library = library_of(tmp_path, SWAPS.replace("  - id: sr-b\n", "  - id: sr-b\n    status: read\n"))
    assert cache.similar(library.papers, segment, "dict-a") == first
    assert len(calls) == 1  # a status is not a word
    library = library_of(tmp_path, SWAPS.replace("Restore blurry photos.", "Swap identity of faces."))
    cache.similar(library.papers, segment, "dict-a")
    cache.similar(library.papers, segment, "dict-b")  # another Chinese dictionary
    assert len(calls) == 3
