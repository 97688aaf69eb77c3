"""The paper card and the one-line list entry as Python string building: the build's fast path.

A 10,000-paper site shows about 25,000 cards and 60,000 list entries; through Jinja macros they
cost seconds, here a few hundred milliseconds. The output is the same HTML, character for
character, as templates/_card.html.j2 and the `entry` macro of templates/_macros.html.j2 give for
the same view (tests/test_fragments.py renders both). When a site's templates folder holds other
versions of those two files, SiteRenderer renders with them instead (`matches_templates`).
"""

from __future__ import annotations

from typing import Any

import hashlib
import os
from typing import Any

# sha256 of templates/_card.html.j2 followed by templates/_macros.html.j2, the versions mirrored here.
# tests/test_fragments.py fails when either file changes: update the functions below, then this.
TEMPLATES_SHA256 = "5745d99b005e37dde469aa4dda4f89bda6dfdfec7b8e8ea6be46922106aa87f1"
TEMPLATE_FILES = ("_card.html.j2", "_macros.html.j2")
SEARCH_EXCLUDE = ' data-search-exclude="true"'


def escape(value: object) -> str:
    """What Jinja's autoescape writes for `value` (markupsafe.escape), as a plain str, faster."""
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("'", "&#39;").replace('"', "&#34;")


def templates_digest(templates_dir: str) -> str:
    """sha256 of the card template followed by the macros, as they are in `templates_dir`."""
    digest = hashlib.sha256()
    for name in TEMPLATE_FILES:
        with open(os.path.join(templates_dir, name), "rb") as handle:
            digest.update(handle.read().replace(b"\r\n", b"\n"))  # a Windows checkout is the same
    return digest.hexdigest()


def matches_templates(templates_dir: str) -> bool:
    """True when `templates_dir` holds the card and macro templates this module mirrors."""
    try:
        return templates_digest(templates_dir) == TEMPLATES_SHA256
    except OSError:
        return False


def topic_title(t: dict[str, Any]) -> str:
    if t.get("single"):
        return f'<span class="pkb-t">{escape(t["single"])}</span>'
    return (
        f'<span class="pkb-t" data-lang="en">{escape(t["en"])}</span>'
        '<span class="pkb-t-sep" aria-hidden="true"> · </span>'
        f'<span class="pkb-t" data-lang="zh" lang="zh">{escape(t["zh"])}</span>'
    )


def bilingual(en: str, zh: str) -> str:
    """The `bi` macro: an English and a Chinese label; the language switch shows one or both."""
    return (
        f'<span data-lang="en">{escape(en)}</span><span class="pkb-t-sep" aria-hidden="true"> · </span>'
        f'<span data-lang="zh" lang="zh">{escape(zh)}</span>'
    )


def item_attributes(c: dict[str, Any]) -> str:
    """The card root's data attributes, read by the filter and sort controls in paperkb.js."""
    tags = "|".join(tag["name"] for tag in c["tags"])
    return (
        f' data-status="{escape(c["status"])}" data-year="{escape(c["year"] or "")}"'
        f' data-venue="{escape(c["venue"] or "")}" data-tags="{escape(tags)}"'
        f' data-code="{1 if c["code"] else 0}" data-long="{1 if c["long_note_href"] else 0}"'
        f' data-added="{escape(c["added"] or "")}" data-title="{escape(c["title"])}"'
    )


def _similar(c: dict[str, Any]) -> str:
    refs = c["similar"]
    if not refs:
        return ""
    links = ", ".join(
        f'<a href="{escape(r["href"])}" title="{escape(r["title"])}">{escape(r["name"])}</a>' for r in refs
    )
    return f'<div class="pkb-card__refs pkb-card__similar"{SEARCH_EXCLUDE}>{bilingual("Similar", "相似")}: {links}</div>\n'


def status_badge(status: str, label: tuple[str, str]) -> str:
    return (
        f'<span class="pkb-badge pkb-badge--{escape(status)}"><span data-lang="en">{escape(label[0])}'
        f'</span> <span data-lang="zh" lang="zh">{escape(label[1])}</span></span>'
    )


def _title_line(c: dict[str, Any]) -> str:
    short = c["short_name"]
    text = ""
    if short and not c["title"].startswith(short):
        text = f'<span class="pkb-card__short">{escape(short)}</span> '
    title = escape(c["title"])
    if c["href"]:
        return f'{text}<a href="{escape(c["href"])}" rel="noopener">{title}</a>'
    return f"{text}{title}"


def _meta_line(c: dict[str, Any]) -> str:
    parts = ['<div class="pkb-card__meta">', status_badge(c["status"], c["status_label"])]
    if c["venue"]:
        parts.append(f' <a class="pkb-card__venue" href="{escape(c["venue_href"])}">{escape(c["venue"])}</a>')
    if c["year"]:
        parts.append(f' <a class="pkb-card__venue" href="{escape(c["year_href"])}">{escape(c["year"])}</a>')
    if c["kind"] != "paper":
        parts.append(f' <span class="pkb-card__kind">{bilingual(*c["kind_label"])}</span>')
    if c["arxiv"]:
        parts.append(f' <span class="pkb-card__arxiv">arXiv:{escape(c["arxiv"])}</span>')
    if c["arxiv_posted"]:
        parts.append(
            ' <span class="pkb-card__posted" title="first posted on arXiv · 首次发布于 arXiv">'
            f"arXiv {escape(c['arxiv_posted'])}</span>"
        )
    parts.append("</div>\n")
    return "".join(parts)


def _notes(c: dict[str, Any]) -> str:
    if not (c["note_en"] or c["note_zh"]):
        return ""
    parts = ['<div class="pkb-notes">\n']
    if c["note_en"]:
        parts.append(f'<div class="pkb-note" data-lang="en" lang="en">\n{escape(c["note_en"])}\n</div>\n')
    if c["note_zh"]:
        parts.append(f'<div class="pkb-note" data-lang="zh" lang="zh">\n{escape(c["note_zh"])}\n</div>\n')
    parts.append("</div>\n")
    return "".join(parts)


def _summary_and_source(c: dict[str, Any]) -> str:
    """'No notes yet' where there are none, the labelled summary, and the record's source, small."""
    parts = []
    if not (c["note_en"] or c["note_zh"] or c["long_note_href"]):
        parts.append(f'<div class="pkb-notes pkb-notes--empty">{bilingual("No notes yet", "暂无笔记")}</div>\n')
    if c["summary_en"] or c["summary_zh"]:
        parts.append(
            '<div class="pkb-summary" title="a description from elsewhere, not from the notes · 外部摘要，非笔记原文">\n'
            f'<div class="pkb-summary__label">{bilingual("Summary", "摘要")} '
            f"<small>({bilingual('not from the notes', '非笔记原文')})</small></div>\n"
        )
        for lang in ("en", "zh"):
            if c[f"summary_{lang}"]:
                parts.append(
                    f'<div class="pkb-summary__text" data-lang="{lang}" lang="{lang}">\n'
                    f"{escape(c[f'summary_{lang}'])}\n</div>\n"
                )
        parts.append("</div>\n")
    if c["source"]:
        parts.append(
            f'<div class="pkb-card__source"{SEARCH_EXCLUDE}><small>{bilingual("Source", "来源")}: '
            f"{escape(c['source'])}</small></div>\n"
        )
    return "".join(parts)


def _code_link(code: dict[str, Any]) -> str:
    text = f'<a class="pkb-link pkb-link--code" href="{escape(code["href"])}" rel="noopener">'
    text += f"{escape(code['label'])}</a>"
    framework, official = code["framework"], code["official"]
    if framework or official:
        joiner = ", " if framework and official else ""
        text += f' <span class="pkb-card__framework">({escape(framework)}{joiner}'
        text += f"{bilingual('official', '官方') if official else ''})</span>"
    return text + " "


def _links(c: dict[str, Any]) -> str:
    if not (c["code"] or c["links"]):
        return ""
    parts = ['<div class="pkb-card__links">']
    parts.extend(_code_link(code) for code in c["code"])
    parts.extend(
        f'<a class="pkb-link" href="{escape(link["href"])}" rel="noopener">{escape(link["label"])}</a> '
        for link in c["links"]
    )
    parts.append("</div>\n")
    return "".join(parts)


def _chips(c: dict[str, Any]) -> str:
    topics = "".join(
        f'<a class="pkb-chip pkb-chip--topic" href="{escape(t["href"])}">{topic_title(t)}</a> '
        for t in c["topics"]
    )
    tags = "".join(
        f'<a class="pkb-chip pkb-chip--tag" href="{escape(tag["href"])}">#{escape(tag["name"])}</a> '
        for tag in c["tags"]
    )
    text = f'<div class="pkb-card__chips"><div class="pkb-card__topics"{SEARCH_EXCLUDE}>{topics}</div>{tags}'
    return text + "</div>\n"


def _references(label: tuple[str, str], css: str, refs: list[dict[str, Any]]) -> str:
    if not refs:
        return ""
    links = ", ".join(
        f'<a href="{escape(r["href"])}" title="{escape(r["title"])}">{escape(r["name"])}</a>' for r in refs
    )
    return f'<div class="{css}">{bilingual(*label)}: {links}</div>\n'


def card_html(c: dict[str, Any], searchable: bool = True) -> str:
    """The card for view `c` (views.card_view), as templates/_card.html.j2 renders it, stripped."""
    heading = f'<h3 class="pkb-card__title" id="{escape(c["id"])}"{"" if searchable else SEARCH_EXCLUDE}>'
    parts = [
        f'<div class="pkb-card pkb-item pkb-card--{escape(c["status"])}"{item_attributes(c)}>\n'
        f"{heading}{_title_line(c)}",
        f'<a class="headerlink" href="#{escape(c["id"])}" title="Permanent link">&para;</a></h3>\n',
        _meta_line(c),
        f'<div class="pkb-card__authors">{", ".join(map(escape, c["authors"]))}</div>\n'
        if c["authors"]
        else "",
        f'<div class="pkb-card__affiliations">{" · ".join(map(escape, c["affiliations"]))}</div>\n'
        if c["affiliations"]
        else "",
        _notes(c),
        _summary_and_source(c),
        _links(c),
        _chips(c),
        _references(("Related", "相关"), "pkb-card__refs", c["related"]),
        _references(("Referenced by", "被引用"), "pkb-card__refs pkb-card__refs--back", c["backlinks"]),
        _similar(c),
        f'<details class="pkb-card__bibtex"{SEARCH_EXCLUDE}><summary>BibTeX</summary>\n'
        f'<pre class="pkb-bibtex">{escape(c["bibtex"])}</pre>\n</details>\n',
    ]
    if c["long_note_href"]:
        parts.append(
            f'<div class="pkb-card__more"{SEARCH_EXCLUDE}><a href="{escape(c["long_note_href"])}">'
            f"{bilingual('Long note', '详细笔记')} →</a></div>\n"
        )
    parts.append("</div>")
    return "".join(parts)


def entry_html(e: dict[str, Any]) -> str:
    """A one-line entry for view `e` (views.entry_view), as the `entry` macro renders it."""
    short = e["short_name"]
    name = ""
    if short and not e["title"].startswith(short):
        name = f"<strong>{escape(short)}</strong> · "
    parts = [f'<li class="pkb-entry"><a href="{escape(e["href"])}">{name}{escape(e["title"])}</a>']
    venue, year = e["venue"], e["year"]
    if venue or year:
        gap = " " if venue and year else ""
        parts.append(f' <span class="pkb-entry__meta">{escape(venue or "")}{gap}{escape(year or "")}</span>')
    parts.append(" " + status_badge(e["status"], e["status_label"]))
    if e["long_note_href"]:
        note = bilingual("long note", "详细笔记")
        parts.append(f' <a class="pkb-entry__note" href="{escape(e["long_note_href"])}">{note}</a>')
    parts.append("</li>")
    return "".join(parts)
