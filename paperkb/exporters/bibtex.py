"""BibTeX for records: one entry a paper, keyed by the record id, read back by bibtexparser."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import cast

from paperkb.records.arxiv_id import abs_url
from paperkb.records.model import Paper

JOURNALS = frozenset({"TPAMI", "IJCV", "TOG", "TIP", "TVCG", "TMM", "TIFS", "arXiv"})
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"\textasciicircum{}",
}
_SPECIALS_TABLE = str.maketrans(_SPECIALS)
# Character pairs LaTeX turns into other characters ('--' is an en dash, '``' an opening quote).
_LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
_KINDS = {"repo": "software", "dataset": "dataset", "website": "online", "blog": "online", "book": "book"}


def latex_escape(text: str) -> str:
    """Plain text as BibTeX field text: specials escaped, ligatures broken, one line."""
    text = " ".join(text.split())
    text = text.translate(_SPECIALS_TABLE)
    return _LIGATURES.sub("{}", text)


def _name(author: str) -> str:
    escaped = latex_escape(author)
    if "," in author or re.search(r"\band\b", author, re.IGNORECASE):
        return "{" + escaped + "}"  # keep it one name
    return escaped


def _url_field(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def _entry_type(paper: Paper) -> str:
    if paper.kind in _KINDS:
        return _KINDS[paper.kind]
    if paper.venue and paper.venue not in JOURNALS:
        return "inproceedings"
    return "article" if paper.venue or paper.arxiv else "misc"


def _fields(paper: Paper, entry_type: str) -> Iterable[tuple[str, str]]:
    if paper.authors:
        yield "author", " and ".join(_name(author) for author in paper.authors)
    yield "title", latex_escape(paper.title)
    if paper.venue:
        yield ("booktitle" if entry_type == "inproceedings" else "journal"), latex_escape(paper.venue)
    if paper.year is not None:
        yield "year", str(paper.year)
    if paper.month is not None:
        yield "month", MONTH_MACROS[paper.month - 1]
    if paper.arxiv:
        yield "eprint", paper.arxiv
        yield "archivePrefix", "arXiv"
        if paper.arxiv_category:
            yield "primaryClass", latex_escape(paper.arxiv_category)
    if paper.doi:
        yield "doi", _url_field(paper.doi)
    url = (
        paper.links.get("paper") or paper.links.get("pdf") or (abs_url(paper.arxiv) if paper.arxiv else None)
    )
    if url is None and paper.code:
        url = paper.code[0].url
    if url:
        yield "url", _url_field(url)


def bibtex_entry_for(paper: Paper) -> str:
    """One record as a BibTeX entry (notes are not exported); ends with a newline."""
    entry_type = _entry_type(paper)
    lines = [f"@{entry_type}{{{paper.id},"]
    for key, value in _fields(paper, entry_type):
        rendered = value if key == "month" else "{" + value + "}"
        lines.append(f"  {key} = {rendered},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export_bibtex(papers: Iterable[Paper] | object) -> str:
    """Every record of a Library (or an iterable of papers) as one .bib text."""
    records = cast("Iterable[Paper]", getattr(papers, "papers", papers))
    return "\n".join(bibtex_entry_for(paper) for paper in records)
