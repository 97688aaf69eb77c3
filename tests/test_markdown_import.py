"""Markdown paper lists: the seed note formats, awesome-list shapes, topics, status, mojibake."""

from __future__ import annotations

import os
import re
import shutil

import pytest

from paperkb.cli import main
from paperkb.importers.markdown_blocks import read_markdown_document
from paperkb.importers.markdown_inline import notes_by_script, parse_inline, repair_mojibake
from paperkb.importers.markdown_list import read_markdown
from paperkb.importers.topics import TopicBook, TopicMatcher
from paperkb.records.library import open_library

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "import")
SOURCES = os.path.join(ROOT, "sources")
MOJIBAKE = re.compile("‰∏|Ôºå|Á|Â|Ã|ö|Ë")


def _source(name: str) -> str:
    return next(os.path.join(SOURCES, f) for f in sorted(os.listdir(SOURCES)) if f.startswith(name))


@pytest.fixture(scope="module")
def cv_topics():
    library, _ = open_library(os.path.join(FIXTURES, "cv_topics.yaml"))
    return library.topics


def _drafts(path: str, topics, forced: str | None = None, status: str | None = None) -> dict:
    found = read_markdown(path, TopicBook(topics), forced, status)
    return {item.where.rsplit(":", 1)[1]: item.draft for item in found.incoming}


# --- the user's PaperList (002), imported for real into a copy ---------------------------


@pytest.fixture
def imported_002(tmp_path, capsys):
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "cv_topics.yaml"), papers)
    source = tmp_path / "paperlist.md"
    shutil.copyfile(_source("002"), source)
    code = main(["import", "markdown", str(source), "--papers", str(papers)])
    out, err = capsys.readouterr()
    library, diagnostics = open_library(str(papers))
    assert library is not None, diagnostics
    return code, out, err, library, papers.read_text(encoding="utf-8")


def test_002_counts_and_summary(imported_002):
    code, out, _, library, _ = imported_002
    assert code == 0
    assert out == "added 69, merged 0, unchanged 0, failed 0\n"
    assert len(library.papers) == 69
    assert sum(paper.status == "read" for paper in library.papers) == 15  # the [x] entries
    assert sum(bool(paper.venue) and bool(paper.year) for paper in library.papers) == 37
    assert sum(bool(paper.arxiv) for paper in library.papers) == 14  # every arxiv.org title link


def test_002_topics_come_from_headings(imported_002):
    _, _, err, library, _ = imported_002
    assert "topic: 'Talking face generation' -> talking-face" in err
    assert "topic: 'StyleGAN and its derivative' -> stylegan" in err
    assert "topic: 'Lip reading' -> lip-reading (new topic)" in err
    assert "new topic 'lip-reading' (Lip reading)" in err
    assert len(library.papers_by_topic["talking-face"]) == 26
    assert "topic: 'PaperList' -> inbox (no topic named)" in err  # the list's own title names no subject
    assert "misc" not in library.papers_by_topic
    assert library.topic_by_id["lip-reading"].title.en == "Lip reading"
    assert len(library.papers_by_topic["emotion"]) == 11


def test_002_records_have_venue_year_links_status_and_repaired_notes(imported_002):
    _, _, _, library, text = imported_002
    pagan = library.paper_by_id["pagan"]
    assert (pagan.venue, pagan.year, pagan.doi, pagan.status) == (
        "SIGGRAPH Asia",
        2018,
        "10.1145/3272127.3275075",
        "to-read",
    )
    assert (
        pagan.notes.en
        == "generates key face expression textures that can be deformed and blended in real-time."
    )
    puppetry = library.paper_by_id["neural-voice-puppetry"]
    assert (puppetry.status, puppetry.notes.zh) == ("read", "编辑3DMM的expression base")
    stylegan = library.paper_by_id["stylegan"]
    assert (stylegan.arxiv, stylegan.venue, stylegan.year, stylegan.affiliations) == (
        "1812.04948",
        "CVPR",
        2019,
        ["Nvidia"],
    )
    assert stylegan.links["blog-zh"] == "https://zhuanlan.zhihu.com/p/63230738"
    assert stylegan.links["video-youtube"] == "https://www.youtube.com/watch?v=dCKbRCUyop8"
    assert [code.url for code in stylegan.code] == ["https://github.com/NVlabs/stylegan"]
    assert stylegan.topics == ["stylegan"]
    m3er = library.paper_by_id["m3er"]
    assert (m3er.venue, m3er.year, m3er.notes.zh) == ("AAAI", 2020, "从三个模态提取信息识别一个视频的emotion")
    assert (
        library.paper_by_id["stylegan2"].links["translation-zh"]
        == "http://www.gwylab.com/pdf/stylegan2_chs.pdf"
    )
    gfpgan = library.paper_by_id["towards-real-world-blind-face"]
    assert (
        gfpgan.notes.zh == "Blind face restoration, 用到pretrained GAN as prior"
    )  # a paragraph under the item
    assert "中国计算机学会推荐国际学术会议和期刊目录-2019" in text
    assert not MOJIBAKE.search(text)


def test_002_dry_run_writes_nothing(tmp_path, capsys):
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "cv_topics.yaml"), papers)
    before = papers.read_bytes()
    code = main(["import", "markdown", _source("002"), "--papers", str(papers), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and out.endswith(
        "added 69, merged 0, unchanged 0, failed 0 (dry run: nothing written)\n"
    )
    assert "+  - id: pagan\n" in out
    assert papers.read_bytes() == before


def test_002_with_topic_puts_everything_under_it(tmp_path, capsys):
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "cv_topics.yaml"), papers)
    code = main(["import", "markdown", _source("002"), "--papers", str(papers), "--topic", "misc"])
    assert code == 0 and capsys.readouterr().out == "added 69, merged 0, unchanged 0, failed 0\n"
    library, _ = open_library(str(papers))
    assert library is not None and len(library.papers_by_topic["misc"]) == 69


# --- the other seed formats --------------------------------------------------------------


def test_000_strikethrough_marks_unread_and_bare_links_are_reported(cv_topics):
    found = read_markdown(_source("000"), TopicBook(cv_topics), None, None)
    drafts = {item.where.rsplit(":", 1)[1]: item.draft for item in found.incoming}
    assert len(drafts) == 39
    assert drafts["9"]["status"] == "read" and drafts["9"]["short_name"] == "HRNet"
    assert drafts["15"]["status"] == "to-read" and drafts["15"]["arxiv_version"] == 1
    assert drafts["41"]["topics"] == ["face-swap"] and drafts["41"]["arxiv"] == "1908.05932"
    assert drafts["43"]["kind"] == "repo" and drafts["43"]["code"] == [
        {"url": "https://github.com/shaoanlu/faceswap-GAN", "official": False}
    ]
    assert drafts["93"]["topics"] == ["losses"]
    warnings = [d.format() for d in found.diagnostics]
    assert warnings[1].endswith(
        ":108:1: warning: a bare link is not an entry: https://arxiv.org/pdf/1909.02967.pdf;"
        " add it with `paperkb add URL`"
    )


def test_001_full_width_colons_groups_and_chinese_headings(cv_topics):
    drafts = _drafts(_source("001"), cv_topics, None)
    assert drafts["3"]["title"] == "AdaptiveWingLoss"
    assert drafts["3"]["notes"] == {"zh": "一个损失函数，在L1和L2基础上进行了修改，目的是更关注较小的损失"}
    assert drafts["8"]["topics"] == ["face-clustering"]  # under '* Clustering：'
    assert drafts["60"]["topics"] == ["face-detection"]  # under '* 人脸检测'
    assert drafts["91"]["title"] == "3DDFA v2" and drafts["91"]["topics"] == ["3dmm"]
    assert "notes" not in drafts["5"]  # 'TODO' is not a note
    assert drafts["44"]["notes"] == {"en": "Center net"}
    assert all(draft["status"] == "to-read" for draft in drafts.values())


def test_003_cards_with_sections_and_framework_icons(cv_topics):
    drafts = _drafts(_source("003"), cv_topics)
    pix2pix = drafts["8"]
    assert pix2pix["title"] == "Image-to-Image Translation with Conditional Adversarial Networks"
    assert (pix2pix["short_name"], pix2pix["arxiv"], pix2pix["year"], pix2pix["month"]) == (
        "Pix2Pix",
        "1611.07004",
        2016,
        11,
    )
    assert pix2pix["affiliations"] == ["UC Berkeley"] and pix2pix["topics"] == ["image-translation"]
    assert [(c["framework"], c["url"]) for c in pix2pix["code"]] == [
        ("pytorch", "https://github.com/taey16/pix2pixBEGAN.pytorch"),
        ("keras", "https://github.com/tdeboissiere/DeepLearningImplementations/tree/master/pix2pix"),
    ]
    assert pix2pix["links"]["project"] == "https://phillipi.github.io/pix2pix/"
    assert (
        "cGAN比较适合图像到图像的风格转移: 给输入图像施加条件, 生成对应的输出图像" in pix2pix["notes"]["zh"]
    )
    assert "Using L1 distance rather than L2 as L1 encourages less blurring" in pix2pix["notes"]["en"]
    stargan = drafts["193"]
    assert [(c["framework"], c.get("official")) for c in stargan["code"]] == [
        ("pytorch", True),
        ("keras", False),
        ("tf1", False),
    ]
    assert drafts["350"]["topics"] == ["face-editing"]


def test_004_running_text_is_not_a_list(cv_topics):
    found = read_markdown(_source("004"), TopicBook(cv_topics), "misc", None)
    assert found.incoming == []
    assert found.diagnostics[-1].message == "no paper entries found"


# --- awesome-list shapes ------------------------------------------------------------------


def test_awesome_list_bullets_tables_and_multi_line_entries(cv_topics):
    found = read_markdown(os.path.join(FIXTURES, "awesome.md"), TopicBook(cv_topics), None, None)
    drafts = {item.where.rsplit(":", 1)[1]: item.draft for item in found.incoming}
    assert (drafts["7"]["venue"], drafts["7"]["year"], drafts["7"]["arxiv"]) == ("arXiv", 2019, "1912.13457")
    simswap = drafts["8"]
    assert (simswap["venue"], simswap["year"], simswap["arxiv"]) == ("ACM MM", 2020, "2106.06340")
    assert simswap["code"] == [{"url": "https://github.com/neuralchen/SimSwap", "official": False}]
    assert (drafts["9"]["title"], drafts["9"]["venue"], drafts["9"]["year"]) == (
        "3D-Aware Face Swapping",
        "CVPR",
        2023,
    )
    assert (drafts["10"]["venue"], drafts["10"]["year"], drafts["10"].get("affiliations")) == (
        "CVPR",
        2022,
        None,
    )
    hififace = drafts["11"]
    assert hififace["authors"] == ["Yuhan Wang", "Xu Chen", "Junwei Zhu"]
    assert (hififace["venue"], hififace["links"]) == ("IJCAI", {"project": "https://johann.wang/HifiFace/"})
    assert (drafts["18"]["venue"], drafts["18"]["year"], drafts["18"]["month"]) == ("arXiv", 2022, 11)
    assert drafts["22"]["venue"] == "SIGGRAPH Asia" and drafts["22"]["code"][0]["url"].endswith("MakeItTalk")
    assert drafts["24"]["code"] == [{"url": "https://github.com/wangsuzhen/Audio2Head", "official": False}]
    assert all(draft["status"] == "to-read" for draft in drafts.values())  # a foreign list: no checkboxes
    assert drafts["7"]["topics"] == ["face-swap"] and drafts["17"]["topics"] == ["talking-face"]
    assert drafts["28"]["topics"] == ["robotics"]  # 'Robotics' names no topic yet: a new one


def test_the_same_paper_twice_is_one_record_with_both_topics(tmp_path, capsys):
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "library.yaml"), papers)
    code = main(
        [
            "import",
            "markdown",
            os.path.join(FIXTURES, "awesome.md"),
            "--papers",
            str(papers),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert out == "added 10, merged 1, unchanged 0, failed 0\n"
    assert "awesome.md:23: same paper as" in err
    library, _ = open_library(str(papers))
    region = library.paper_by_id["region-aware-face-swapping"]
    assert region.topics == ["face-swap", "talking-face"]
    assert library.paper_by_id["some-unrelated-robot-paper"].topics == ["robotics"]


def test_topic_option_puts_every_entry_under_one_topic(tmp_path, capsys):
    source = tmp_path / "list.md"
    source.write_text(
        "## Odd Heading\n\n- [A Paper](https://arxiv.org/abs/2001.00001)\n\n"
        "## Face Swap\n\n- [A Paper](https://arxiv.org/abs/2001.00001)\n",
        encoding="utf-8",
    )
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(os.path.join(FIXTURES, "library.yaml"), papers)
    main(["import", "markdown", str(source), "--papers", str(papers), "--topic", "misc"])
    assert capsys.readouterr().out == "added 1, merged 0, unchanged 1, failed 0\n"
    library, _ = open_library(str(papers))
    assert library.paper_by_id["paper"].topics == ["misc"]
    papers.write_text("topics: []\npapers: []\n", encoding="utf-8")
    main(["import", "markdown", str(source), "--papers", str(papers), "--topic", "Face Swap · 换脸"])
    library, _ = open_library(str(papers))
    assert [(t.id, t.title.en, t.title.zh) for t in library.topics] == [("face-swap", "Face Swap", "换脸")]
    assert library.paper_by_id["paper"].topics == ["face-swap"]


# --- the pieces ---------------------------------------------------------------------------


def test_mojibake_is_repaired_conservatively():
    assert repair_mojibake("(ÁºñËæë3DMMÁöÑexpression base)") == "(编辑3DMM的expression base)"
    for clean in ("&lt;script&gt; is text", "全角：（括号）", "ＡＢＣ", "Müller — café “quoted”", "plain"):
        assert repair_mojibake(clean) == clean


def test_notes_split_by_script():
    assert notes_by_script(["An English note.", "中文笔记", "TODO", "mixed 中文"]) == {
        "en": "An English note.",
        "zh": "中文笔记\nmixed 中文",
    }


@pytest.mark.parametrize(
    ("text", "venue", "year"),
    [
        ("[T](https://x.org/t) CVPR 2019", "CVPR", 2019),
        ("[T](https://x.org/t) (*2019 ICCV*)", "ICCV", 2019),
        ("[CVPR 2023] T", "CVPR", 2023),
        ("[T](https://x.org/t) 2023CVPR", "CVPR", 2023),
        ("[T](https://x.org/t) arXiv 2308", "arXiv", 2023),
        ("[T](https://x.org/t) NeurIPS'21", None, None),
        ("[T](https://x.org/t) Transactions on Graphics, 2016", "TOG", 2016),
        ("T. ECCV, 2020.", "ECCV", 2020),
    ],
)
def test_venue_and_year_spellings(text, venue, year):
    found = parse_inline(text)
    assert (found.venue, found.year) == (venue, year)
    assert found.title == "T"


def test_topic_matching(cv_topics):
    matcher = TopicMatcher(cv_topics)
    assert matcher.match("Talking face generation") == "talking-face"
    assert matcher.match("Face swapping: from beginner to give-up") == "face-swap"
    assert matcher.match("Explainability and Interpretability") == "interpretability"
    assert matcher.match("人脸质量") == "face-quality"
    assert matcher.match("超分") == "super-resolution"
    assert matcher.match("Emotion animation") == "emotion"
    assert matcher.match("Face Swap (换脸)") == "face-swap"
    assert matcher.match("Detection") is None  # three topics fit equally: none is chosen
    assert matcher.match("Survey") is None


def test_checkbox_document_status():
    document = read_markdown_document("## A\n\n- [x] [One](https://x.org/1)\n- [ ] [Two](https://x.org/2)\n")
    assert [(e.inline.title, e.checkbox) for e in document.entries] == [("One", True), ("Two", False)]
    assert document.has_checkboxes


# --- reading status ---------------------------------------------------------------------


def _statuses(tmp_path, text: str, *extra: str) -> dict[str, str]:
    source = tmp_path / "list.md"
    source.write_text(text, encoding="utf-8")
    papers = tmp_path / "papers.yaml"
    papers.write_text("topics: []\npapers: []\n", encoding="utf-8")
    assert main(["import", "markdown", str(source), "--papers", str(papers), *extra]) == 0
    library, _ = open_library(str(papers))
    assert library is not None
    return {paper.title: paper.status for paper in library.papers}


CHECKED = (
    "## Face Swap\n\n- [x] [Lower Case Mark](https://x.org/1)\n- [X] [Capital Mark](https://x.org/2)\n"
    "- [ ] [Not Yet](https://x.org/3)\n- [x] ~~[Checked But Struck](https://x.org/4)~~\n"
)


def test_checkboxes_in_either_case_give_the_status_before_strikethrough(tmp_path):
    assert _statuses(tmp_path, CHECKED) == {
        "Lower Case Mark": "read",
        "Capital Mark": "read",
        "Not Yet": "to-read",
        "Checked But Struck": "read",  # the checkbox decides where the list has checkboxes
    }


def test_status_option_wins_over_the_list(tmp_path):
    assert set(_statuses(tmp_path, CHECKED, "--status", "reading").values()) == {"reading"}


@pytest.mark.parametrize(
    ("text", "arxiv"),
    [
        ("[T](https://arxiv.org/abs/2009.12072).", "2009.12072"),
        ("[T](https://arxiv.org/abs/2009.12072v2), CVPR 2021", "2009.12072"),
        ("[T](https://ARXIV.ORG/pdf/2009.12072.pdf)", "2009.12072"),
        ("[T](http://arxiv.org/abs/HEP-TH/9901001)", "hep-th/9901001"),
        ("[T](https://arxiv.org/abs/cond-mat/0412498v1)", "cond-mat/0412498"),
    ],
)
def test_arxiv_ids_from_every_url_shape(text, arxiv):
    draft = _entry_draft(text)
    assert draft["arxiv"] == arxiv


def _entry_draft(text: str) -> dict:
    from paperkb.importers.markdown_blocks import read_markdown_document
    from paperkb.importers.markdown_list import entry_to_draft

    (entry,) = read_markdown_document("## A\n\n- " + text + "\n").entries
    return entry_to_draft(entry, "to-read", ["a"])


SHAPES = """\
# Awesome Shapes

- [Face Swap](#face-swap)

<!--
- [Hidden Paper In A Comment](https://arxiv.org/abs/2001.00009)
-->

## Face Swap

- [CVPR 2020 Oral] [Oral Paper Title Here](https://arxiv.org/abs/2001.00001)
- `[NeurIPS 2022]` [Code Span Tag Paper](https://x.org/b)
- \\[[paper](https://arxiv.org/abs/2001.00002)\\] Escaped Bracket Paper Title, CVPR 2021
- Code Label Paper Title (*2019 ICCV*) [`PDF`](https://arXiv.org/pdf/2001.00003v2.pdf)
- [Authored Paper Title](https://x.org/c) ECCV 2020
  - *Ada Lovelace, Alan Turing*
- Old Style Paper [[Paper](http://arxiv.org/abs/cond-mat/0412498v1)] 2004

## 表格

标题 | 会议 | 年份 | 作者 | 代码
--- | --- | --- | --- | ---
[Table Paper One](https://arxiv.org/abs/2001.00004)<br>extra line | ICCV | 2021 | A. One; B. Two | [code](https://github.com/a/b)
Table Paper Two | *ECCV 2022* | 2022 | C. Three et al. |

## Acknowledgements

- [Someone Who Helped](https://example.org/thanks)
"""


def test_list_shapes_people_write(tmp_path):
    source = tmp_path / "shapes.md"
    source.write_text(SHAPES, encoding="utf-8")
    found = read_markdown(str(source), TopicBook([]), None, None)
    got = {
        item.draft["title"]: (item.draft.get("arxiv"), item.draft.get("venue"), item.draft.get("year"))
        for item in found.incoming
    }
    assert got == {
        "Oral Paper Title Here": ("2001.00001", "CVPR", 2020),
        "Code Span Tag Paper": (None, "NeurIPS", 2022),
        "Escaped Bracket Paper Title": ("2001.00002", "CVPR", 2021),
        "Code Label Paper Title": ("2001.00003", "ICCV", 2019),
        "Authored Paper Title": (None, "ECCV", 2020),
        "Old Style Paper": ("cond-mat/0412498", None, 2004),
        "Table Paper One": ("2001.00004", "ICCV", 2021),
        "Table Paper Two": (None, "ECCV", 2022),
    }
    drafts = {item.draft["title"]: item.draft for item in found.incoming}
    assert drafts["Authored Paper Title"]["authors"] == [
        "Ada Lovelace",
        "Alan Turing",
    ]  # an author line, not a paper
    assert drafts["Table Paper One"]["authors"] == ["A. One", "B. Two"]
    assert drafts["Table Paper Two"]["authors"] == ["C. Three"]
    assert drafts["Table Paper One"]["code"][0]["url"] == "https://github.com/a/b"
    assert drafts["Table Paper One"]["topics"] == ["topic"]  # '表格' made a topic titled in Chinese


def test_a_venue_year_beats_a_disagreeing_year_column(tmp_path):
    source = tmp_path / "table.md"
    source.write_text(
        "## Talking Face\n\n| Year | Title | Conference/Journal |\n| ---- | ---- | ---- |\n"
        "| 2024 | [A Paper Listed Late](https://x.org/a) | ICCV 2023 |\n"
        "| 2024 | [A Preprint](https://x.org/b) | arXiv |\n",
        encoding="utf-8",
    )
    found = read_markdown(str(source), TopicBook([]), None, None)
    assert [(i.draft["venue"], i.draft["year"]) for i in found.incoming] == [("ICCV", 2023), ("arXiv", 2024)]


def test_table_header_cells_with_layout_html_name_their_columns(tmp_path, cv_topics):
    """Lists size their columns with HTML in the header ('Year<div style="width:20px">'): still the Year."""
    listed = tmp_path / "restoration.md"
    listed.write_text(
        '|Year<div style="width:20px">|Pub<div style="width:60px">|Title<div style="width:600px">|'
        'Links<div style="width:100px">|\n'
        "|:---:|:----:|:----:|:----:|\n"
        "|2020|ECCV|Blind Face Restoration via Deep Multi-scale Component Dictionaries|"
        "\\[[paper](https://Arxiv.org/pdf/2008.00418)\\]\\[[code](https://github.com/csxmli2016/DFDNet)\\]|\n"
        "|2020|CVPR|Enhanced Blind Face Restoration with Multi-Exemplar Images <br>and Adaptive Spatial "
        "Feature Fusion|\\[[code](https://github.com/csxmli2016/ASFFNet)\\]|\n",
        encoding="utf-8",
    )
    found = read_markdown(str(listed), TopicBook(cv_topics), None, None)
    drafts = [item.draft for item in found.incoming]
    assert [(d["title"], d["venue"], d["year"]) for d in drafts] == [
        ("Blind Face Restoration via Deep Multi-scale Component Dictionaries", "ECCV", 2020),
        (
            "Enhanced Blind Face Restoration with Multi-Exemplar Images and Adaptive Spatial Feature Fusion",
            "CVPR",
            2020,
        ),
    ]
    assert drafts[0]["arxiv"] == "2008.00418"


@pytest.mark.parametrize(
    "written", ["CVPRW 2019", "CVPR Workshops 2019", "CVPR Workshop, 2019", "(cvprw 2019)"]
)
def test_workshop_venues_take_the_knowledge_base_s_spelling(tmp_path, cv_topics, written: str) -> None:
    listing = tmp_path / "list.md"
    listing.write_text(
        f"- [Exposing DeepFake Videos](https://arxiv.org/abs/1811.00656) {written}\n", encoding="utf-8"
    )
    found = read_markdown(str(listing), TopicBook(cv_topics), None, None)
    (item,) = found.incoming
    assert (item.draft["venue"], item.draft["year"]) == ("CVPR Workshops", 2019)


PAPER_HEADINGS = """\
# Forgery detection reading

### [ICCV 2019] FaceForensics++: Learning to Detect Manipulated Facial Images

- [paper](https://arxiv.org/abs/1901.08971)
- [code](https://github.com/ondyari/FaceForensics)

#### Summary

A benchmark of four manipulation methods.

- [benchmark site](http://kaldir.vc.in.tum.de/faceforensics_benchmark/)

------

### [CVPRW 2019] Exposing DeepFake Videos By Detecting Face Warping Artifacts

- [paper](https://arxiv.org/abs/1811.00656)
- improved version: [DSP-FWA](https://github.com/danmohaha/DSP-FWA)

### [Expert Systems With Applications 2019] Face image manipulation detection based on a CNN

- [paper](https://www.sciencedirect.com/science/article/pii/S0957417419302350)

### [2018] A paper heading with a year only
"""


def test_paper_headings_with_link_bullets_are_one_record_each(tmp_path, cv_topics) -> None:
    listing = tmp_path / "reading.md"
    listing.write_text(PAPER_HEADINGS, encoding="utf-8")
    found = read_markdown(str(listing), TopicBook(cv_topics), "deepfake-detection", None)
    drafts = {item.draft["title"]: item.draft for item in found.incoming}
    assert list(drafts) == [
        "FaceForensics++: Learning to Detect Manipulated Facial Images",
        "Exposing DeepFake Videos By Detecting Face Warping Artifacts",
        "Face image manipulation detection based on a CNN",
        "A paper heading with a year only",
    ]
    ffpp = drafts["FaceForensics++: Learning to Detect Manipulated Facial Images"]
    assert (ffpp["venue"], ffpp["year"], ffpp["arxiv"]) == ("ICCV", 2019, "1901.08971")
    assert ffpp["code"] == [{"url": "https://github.com/ondyari/FaceForensics", "official": False}]
    assert "links" not in ffpp and "notes" not in ffpp  # the bullet under '#### Summary' is the write-up
    fwa = drafts["Exposing DeepFake Videos By Detecting Face Warping Artifacts"]
    assert (fwa["venue"], fwa["year"], fwa["arxiv"]) == ("CVPR Workshops", 2019, "1811.00656")
    assert "code" not in fwa  # another paper's repository, kept as a note with its link
    assert fwa["notes"] == {"en": "improved version: [DSP-FWA](https://github.com/danmohaha/DSP-FWA)"}
    journal = drafts["Face image manipulation detection based on a CNN"]
    assert (journal["venue"], journal["year"]) == ("Expert Systems With Applications", 2019)
    assert drafts["A paper heading with a year only"]["year"] == 2018
    (warned,) = [d for d in found.diagnostics if "not imported" in d.message]
    assert (warned.line, warned.severity) == (3, "warning")
    assert "the text under 1 paper heading (line 3) was not imported" in warned.message


def test_a_link_at_the_end_of_an_entry_is_a_link_not_a_note() -> None:
    inline = parse_inline(
        "[Real-ESRGAN](https://arxiv.org/abs/2107.10833) [code](https://github.com/xinntao/Real-ESRGAN)"
    )
    assert inline.links == [("code", "https://github.com/xinntao/Real-ESRGAN")]
    assert (inline.notes, inline.affiliations) == ([], [])


LABELLED_LINES = """\
## Single-image HDR

#### HDRUNet ★
**[Paper]** (CVPRW 2021) HDRUNet: Single Image HDR Reconstruction with Denoising and Dequantization <Br>
**[Author]** Xiangyu Chen, Yihao Liu, [Chao Dong](http://xpixel.group/) <Br>
**[[Pytorch-Code](https://github.com/chxy95/HDRUNet)]**<Br>
a UNet with a condition network

#### HDR by Learning to Reverse the Camera Pipeline ★★
**[Paper]** (CVPR 2020) Single-Image HDR Reconstruction by Learning to Reverse the Camera Pipeline <Br>
**[Author]** Yu-Lun Liu, Wei-Sheng Lai <Br>
**[[Project](https://www.cmlab.csie.ntu.edu.tw/~yulunliu/SingleHDR)]** **[[Unofficial-TF-Code](https://github.com/example/SingleHDR)]**<Br>
"""


def test_papers_in_labelled_lines_under_their_name_headings(tmp_path, cv_topics) -> None:
    listing = tmp_path / "hdr.md"
    listing.write_text(LABELLED_LINES, encoding="utf-8")
    found = read_markdown(str(listing), TopicBook(cv_topics), None, None)
    hdrunet, single = (item.draft for item in found.incoming)
    assert hdrunet["title"] == "HDRUNet: Single Image HDR Reconstruction with Denoising and Dequantization"
    assert (hdrunet["short_name"], hdrunet["venue"], hdrunet["year"]) == ("HDRUNet", "CVPR Workshops", 2021)
    assert hdrunet["authors"] == ["Xiangyu Chen", "Yihao Liu", "Chao Dong"]
    assert hdrunet["code"] == [
        {"url": "https://github.com/chxy95/HDRUNet", "framework": "pytorch", "official": False}
    ]
    assert hdrunet["notes"] == {"en": "a UNet with a condition network"}
    assert "short_name" not in single  # a heading that paraphrases the title names nothing
    assert (single["venue"], single["year"], single["links"]) == (
        "CVPR",
        2020,
        {"project": "https://www.cmlab.csie.ntu.edu.tw/~yulunliu/SingleHDR"},
    )
    assert single["code"] == [
        {"url": "https://github.com/example/SingleHDR", "framework": "tensorflow", "official": False}
    ]
    # the name headings are not topics: both papers sit under the section above them
    assert [item.draft["topics"] for item in found.incoming] == [["single-image-hdr"], ["single-image-hdr"]]
    assert list(found.headings) == ["Single-image HDR"]


def test_an_entry_titled_only_paper_is_skipped_with_a_warning(tmp_path, cv_topics) -> None:
    listing = tmp_path / "labels.md"
    listing.write_text(
        "## Face Swap\n\n- [Paper](https://example.org/a.pdf), CVPR 2020\n- **[PDF]** ICCV 2019\n"
        "- [FSGAN](https://arxiv.org/abs/1908.05932) ICCV 2019\n",
        encoding="utf-8",
    )
    found = read_markdown(str(listing), TopicBook(cv_topics), None, None)
    assert [item.draft["title"] for item in found.incoming] == ["FSGAN"]
    warned = [(d.line, d.message) for d in found.diagnostics if "names no paper" in d.message]
    assert [line for line, _ in warned] == [3, 4]


@pytest.mark.parametrize(
    ("written", "title", "year"),
    [
        ("Afchar et al. (2018) — *MesoNet: a Compact Facial Video Forgery Detection Network* · "
         "[arXiv:1809.00888](https://arxiv.org/abs/1809.00888)", "MesoNet: a Compact Facial Video Forgery Detection Network", 2018),
        ("Güera & Delp (2018) — *Deepfake Video Detection Using Recurrent Neural Networks*",
         "Deepfake Video Detection Using Recurrent Neural Networks", 2018),
        ("Fridrich and Kodovský (2012): Rich Models for Steganalysis of Digital Images",
         "Rich Models for Steganalysis of Digital Images", 2012),
    ],
)  # fmt: skip
def test_a_cited_work_gives_its_title_and_year_not_the_citation(written: str, title: str, year: int) -> None:
    inline = parse_inline(written)
    assert (inline.title, inline.year, inline.authors) == (title, year, [])


def test_a_name_before_a_year_is_not_taken_for_authors() -> None:
    inline = parse_inline("FaceShifter (2020): Towards High Fidelity And Occlusion Aware Face Swapping")
    assert inline.title.startswith("FaceShifter")
