"""One function per kind of page; each returns the pages of that kind, ready for MkDocs."""

from __future__ import annotations

from typing import Any

from collections.abc import Callable

from markupsafe import Markup

from paperkb.site import urls
from paperkb.site.fragments import bilingual
from paperkb.site.headings import PageHeadings
from paperkb.site.markup import safe_href, split_long_note
from paperkb.records.model import Paper, Topic
from paperkb.site.renderer import SitePage, SiteRenderer, bilingual_title, page_title, topic_title_html
from paperkb.site.stats import (
    render_progress_bars,
    render_status_legend,
    render_year_bars,
    render_year_topic_heatmap,
    year_span,
)
from paperkb.site.views import (
    by_year_desc,
    entry_view,
    group_by,
    group_by_first_topic,
    recently_added,
    status_counts,
    topic_tree,
    topic_view,
)


def render_home(renderer: SiteRenderer) -> list[SitePage]:
    """Home: counts by topic and status, the topic tree, recently added papers."""
    ctx, library = renderer.ctx, renderer.ctx.library
    rows = [
        {
            "topic": topic_view(ctx, t),
            "depth": d,
            "counts": status_counts(library.papers_by_topic.get(t.id, [])),
        }
        for t, d in topic_tree(library)
    ]
    return [
        renderer.page(
            "home.md.j2",
            urls.HOME,
            page_title(urls.HOME),
            counts=status_counts(library.papers),
            topic_count=len(library.topics),
            long_note_count=len(ctx.long_notes),
            rows=rows,
            recent=[renderer.entry(p) for p in recently_added(library)],
            links=_browse_links(renderer),
        )
    ]


def _browse_links(renderer: SiteRenderer) -> dict[str, str]:
    names = {
        "all": urls.ALL_PAPERS, "queue": urls.QUEUE, "tags": urls.TAGS, "years": urls.YEARS,
        "venues": urls.VENUES, "stats": urls.STATS, "notes": urls.LONG_NOTES,
    }  # fmt: skip
    links = {name: renderer.link(src) for name, src in names.items()}
    links["bibtex"] = urls.ROOT + urls.BIBTEX_FILE
    return links


def render_topic_page(renderer: SiteRenderer, topic: Topic) -> SitePage:
    """A topic: titles, breadcrumb, description, subtopics, resources and its paper cards."""
    ctx, library = renderer.ctx, renderer.ctx.library
    papers = by_year_desc(library.papers_by_topic.get(topic.id, []))
    description = topic.description
    return renderer.page(
        "topic.md.j2",
        urls.topic_src(topic.id, bool(library.children.get(topic.id))),
        topic_title_html(topic.title),
        in_nav=urls.topics_in_nav(len(library.topics)),
        topic=topic_view(ctx, topic),
        ancestors=[topic_view(ctx, t) for t in library.ancestors(topic.id)[:-1]],
        description_en=Markup(ctx.notes.render(description.en if description else None, top=2)),
        description_zh=Markup(ctx.notes.render(description.zh if description else None, top=2)),
        resources=[{"title": r.title, "href": safe_href(r.url), "note": r.note} for r in topic.links],
        children=[topic_view(ctx, t) for t in library.children.get(topic.id, [])],
        below=sum(len(library.papers_by_topic.get(t.id, [])) for t in library.descendants(topic.id)),
        counts=status_counts(papers),
        cards=[renderer.card(p, searchable=p.topics[0] == topic.id) for p in papers],
    )


def render_topics(renderer: SiteRenderer) -> list[SitePage]:
    """One page per topic, in tree order."""
    return [render_topic_page(renderer, topic) for topic, _ in topic_tree(renderer.ctx.library)]


def render_all_papers(renderer: SiteRenderer) -> list[SitePage]:
    """Every paper as a compact row with both notes folded in, grouped under its first topic
    (kept out of search: the cards on the topic pages are indexed)."""
    ctx = renderer.ctx
    groups = [
        {
            "topic": topic_view(ctx, topic),
            "rows": [Markup(renderer.row(p)) for p in papers],
        }
        for topic, papers in group_by_first_topic(ctx.library, ctx.library.papers)
    ]
    count = len(ctx.library.papers)
    return [renderer.page("all.md.j2", urls.ALL_PAPERS, page_title(urls.ALL_PAPERS), groups=groups, count=count)]


def render_queue(renderer: SiteRenderer) -> list[SitePage]:
    """Reading and to-read papers, grouped by topic."""
    ctx, sections = renderer.ctx, []
    for status in ("reading", "to-read"):
        papers = [p for p in ctx.library.papers if p.status == status]
        groups = [
            {"topic": topic_view(ctx, topic), "entries": [renderer.entry(p) for p in group]}
            for topic, group in group_by_first_topic(ctx.library, papers)
        ]
        sections.append({"status": status, "count": len(papers), "groups": groups})
    return [renderer.page("queue.md.j2", urls.QUEUE, page_title(urls.QUEUE), sections=sections)]


def _listing(
    renderer: SiteRenderer, groups: dict[str, Any], anchor: Callable[[object], str], label: Callable[[object], str]
) -> list[dict[str, Any]]:
    return [
        {
            "label": label(key),
            "id": anchor(key),
            "entries": [renderer.entry(p) for p in by_year_desc(papers)],
        }
        for key, papers in groups.items()
    ]


def render_tags(renderer: SiteRenderer) -> list[SitePage]:
    """Every tag with its papers, alphabetically."""
    groups = group_by(renderer.ctx.library.papers, lambda p: list(dict.fromkeys(p.tags)))
    ordered = dict(sorted(groups.items(), key=lambda item: item[0].lower()))
    tags = _listing(renderer, ordered, lambda tag: urls.anchor_slug("tag", str(tag)), lambda tag: f"#{tag}")
    return [renderer.page("tags.md.j2", urls.TAGS, page_title(urls.TAGS), tags=tags)]


def render_years(renderer: SiteRenderer) -> list[SitePage]:
    """Papers by year, newest first; papers without a year at the end."""
    groups = group_by(renderer.ctx.library.papers, lambda p: p.year or 0)
    ordered = dict(sorted(groups.items(), key=lambda item: -int(item[0]) if item[0] else 1))
    years = _listing(
        renderer, ordered, lambda y: f"year-{y or 'unknown'}", lambda y: str(y) if y else Markup(bilingual("Year unknown", "年份不详"))
    )
    return [renderer.page("years.md.j2", urls.YEARS, page_title(urls.YEARS), years=years)]


def render_venues(renderer: SiteRenderer) -> list[SitePage]:
    """Papers by venue, the busiest venues first; papers without a venue at the end."""
    groups = group_by(renderer.ctx.library.papers, lambda p: p.venue or "")
    ordered = dict(sorted(groups.items(), key=lambda item: (not item[0], -len(item[1]), item[0].lower())))
    venues = _listing(
        renderer,
        ordered,
        lambda v: urls.anchor_slug("venue", str(v) or "unknown"),
        lambda v: str(v) if v else Markup(bilingual("No venue", "无会议或期刊")),
    )
    return [renderer.page("venues.md.j2", urls.VENUES, page_title(urls.VENUES), venues=venues)]


def render_stats(renderer: SiteRenderer) -> list[SitePage]:
    """Counts and charts drawn at build time as inline SVG."""
    library = renderer.ctx.library
    papers = library.papers
    years = year_span(papers)
    rows = [
        ((("\u2003" * depth) + topic.title.shown_en, topic.title.shown_zh), library.papers_by_topic.get(topic.id, []))
        for topic, depth in topic_tree(library)
    ]
    charts = {
        "heatmap": Markup(render_year_topic_heatmap(rows, years)),
        "years": Markup(render_year_bars(papers, years)),
        "overall": Markup(render_progress_bars([(("All papers", "全部"), papers)])),
        "progress": Markup(render_progress_bars(rows)),
        "legend": Markup(render_status_legend()),
    }
    counts = status_counts(papers)
    undated = sum(1 for p in papers if not p.year)
    return [
        renderer.page("stats.md.j2", urls.STATS, page_title(urls.STATS), charts=charts, counts=counts, undated=undated)
    ]


def render_long_note_page(renderer: SiteRenderer, paper: Paper) -> SitePage:
    """A paper's long note under its metadata header, split into English and Chinese parts."""
    ctx = renderer.ctx
    note = split_long_note(ctx.long_notes[paper.id])
    headings = PageHeadings({paper.id})  # the page's other ids: the paper's, then material's own
    common = headings.anchor(ctx.notes.render(note.common, top=2), "note")  # under the page's <h1>
    english = headings.anchor(ctx.notes.render(note.en, top=2), "en", "en")
    chinese = headings.anchor(ctx.notes.render(note.zh, top=2), "zh", "zh")
    return renderer.page(
        "paper.md.j2",
        urls.long_note_src(paper.id),
        paper.display_name,
        in_nav=False,  # listed on the Long notes page: a nav entry each would cost every page
        toc=tuple(headings.toc_tokens()),
        contents=headings.contents(),  # the same list in the page, for screens without the sidebar
        c=renderer.card_view(paper),
        common=Markup(common),
        note_en=Markup(english),
        note_zh=Markup(chinese),
    )


def render_long_notes(renderer: SiteRenderer) -> list[SitePage]:
    """The list of long notes, then one page per long note."""
    ctx = renderer.ctx
    papers = [p for p in ctx.library.papers if p.id in ctx.long_notes]
    entries = [renderer.entry(p) for p in papers]
    index = renderer.page("notes.md.j2", urls.LONG_NOTES, page_title(urls.LONG_NOTES), entries=entries)
    return [index, *(render_long_note_page(renderer, p) for p in papers)]


PAGE_BUILDERS: tuple[Callable[[SiteRenderer], list[SitePage]], ...] = (
    render_home,
    render_topics,
    render_all_papers,
    render_queue,
    render_long_notes,
    render_tags,
    render_years,
    render_venues,
    render_stats,
)
