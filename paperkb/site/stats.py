"""Charts drawn at build time as inline SVG (no script, no network): colours come from CSS classes.

Each chart is drawn about as wide as the page's content column and scales to it (width 100%); on a
narrow screen it keeps a minimum width, so its 12px labels stay readable, and scrolls sideways.
A label is English and Chinese in two <tspan>s marked data-lang, so the language switch shows one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from paperkb.records.model import Paper
from paperkb.site.markup import escape

STATUS_ORDER = ("read", "reading", "to-read")
STATUS_NAMES = {"read": ("read", "已读"), "reading": ("reading", "在读"), "to-read": ("to read", "待读")}
FONT = 'font-size="12"'
PAGE_WIDTH = 880  # about material's content column on a desktop screen, table of contents hidden
SMALLEST_SCALE = 0.8  # below this the chart scrolls rather than shrinks its labels further
Label = str | tuple[str, str]  # one text, or English and Chinese


def _svg(width: float, height: float, label: str, body: list[str]) -> str:
    least = int(width * SMALLEST_SCALE)
    return (
        f'<svg class="pkb-chart" viewBox="0 0 {width:g} {height:g}" width="100%" '
        f'style="min-width: {least}px" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>' + "".join(body) + "</svg>"
    )


def plain(label: Label) -> str:
    """A label as one line of text: `Face Swap · 换脸`."""
    return label if isinstance(label, str) else f"{label[0]} · {label[1]}"


def _spans(label: Label) -> str:
    if isinstance(label, str):
        return escape(label)
    en, zh = label
    return (
        f'<tspan data-lang="en">{escape(en)}</tspan><tspan class="pkb-t-sep"> · </tspan>'
        f'<tspan data-lang="zh">{escape(zh)}</tspan>'
    )


def _text(x: float, y: float, text: object, anchor: str = "start", css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    body = _spans(text) if isinstance(text, tuple) else escape(text)
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" {FONT}{klass}>{body}</text>'


def _rect(x: float, y: float, w: float, h: float, css: str, tip: str, opacity: float = 1.0) -> str:
    fade = f' fill-opacity="{opacity:.2f}"' if opacity < 1 else ""
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{max(w, 0):g}" height="{h:g}" class="{css}"{fade}>'
        f"<title>{escape(tip)}</title></rect>"
    )


def year_span(papers: list[Paper], most: int = 30) -> list[int]:
    """Every year from the first paper's to the last one's, empty years included (the latest `most`)."""
    years = [paper.year for paper in papers if paper.year]
    if not years:
        return []
    last = max(years)
    return list(range(max(min(years), last - most + 1), last + 1))


def year_label(year: int, slot: float) -> str:
    """The year as written under its column: '19 when the column is too narrow for 2019."""
    return str(year) if slot >= 34 else f"'{year % 100:02d}"


def label_width(labels: Sequence[Label]) -> int:
    """Room for the longest label at 12px: CJK characters are about twice as wide as Latin ones."""
    widest = max((sum(12 if ord(ch) > 0x2E80 else 6.6 for ch in plain(label)) for label in labels), default=0)
    return int(widest) + 16


def render_year_topic_heatmap(rows: Sequence[tuple[Label, list[Paper]]], years: list[int]) -> str:
    """Papers per year (columns) per topic (rows): a shaded grid with the counts written in."""
    row_h, top = 22, 24
    left = label_width([label for label, _ in rows])
    cell = max(24.0, min(48.0, (PAGE_WIDTH - left - 8) / max(len(years), 1)))
    counts = [Counter(p.year for p in papers if p.year in years) for _, papers in rows]
    peak = max((max(c.values(), default=0) for c in counts), default=0) or 1
    body = [_text(left + i * cell + cell / 2, 16, year_label(y, cell), "middle") for i, y in enumerate(years)]
    for r, ((label, _), count) in enumerate(zip(rows, counts, strict=True)):
        y = top + r * row_h
        body.append(_text(left - 8, y + 15, label, "end"))
        for i, year in enumerate(years):
            n = count.get(year, 0)
            x = left + i * cell
            css = "pkb-heat" if n else "pkb-heat pkb-heat--empty"
            tip = f"{plain(label)}, {year}: {n}"
            body.append(_rect(x + 1, y + 1, cell - 2, row_h - 2, css, tip, 0.2 + 0.8 * n / peak))
            if n:
                on_dark = " pkb-heat__n--on" if 0.2 + 0.8 * n / peak > 0.55 else ""
                body.append(_text(x + cell / 2, y + 15, n, "middle", "pkb-heat__n" + on_dark))
    width = left + cell * max(len(years), 1) + 8
    return _svg(width, top + row_h * len(rows) + 6, "Papers per year per topic · 各主题每年论文数", body)


def render_year_bars(papers: list[Paper], years: list[int]) -> str:
    """Papers per year, each bar split by reading status; a year without papers keeps its place."""
    plot_h, top, left = 160, 14, 40
    slot = max(24.0, min(64.0, (PAGE_WIDTH - left - 8) / max(len(years), 1)))
    bar = slot * 0.75
    by_year = {year: Counter(p.status for p in papers if p.year == year) for year in years}
    peak = max((sum(c.values()) for c in by_year.values()), default=0) or 1
    body: list[str] = []
    for i, year in enumerate(years):
        x, base = left + i * slot + (slot - bar) / 2, float(top + plot_h)
        for status in STATUS_ORDER:
            n = by_year[year].get(status, 0)
            h = plot_h * n / peak
            if n:
                body.append(_rect(x, base - h, bar, h, f"pkb-s-{status}", f"{year}, {status}: {n}"))
            base -= h
        total = sum(by_year[year].values())
        body.append(_text(x + bar / 2, base - 3, total or "", "middle"))
        body.append(_text(x + bar / 2, top + plot_h + 16, year_label(year, slot), "middle"))
    right = left + len(years) * slot
    body.append(f'<line x1="{left - 4}" x2="{right:g}" y1="{top + plot_h}" y2="{top + plot_h}" class="pkb-axis"/>')
    return _svg(right + 8, top + plot_h + 26, "Papers per year by status · 每年论文数（按阅读状态）", body)


def render_progress_bars(rows: Sequence[tuple[Label, list[Paper]]]) -> str:
    """Reading progress: one bar a row, split into read, reading and to-read, with the counts."""
    row_h = 24
    left = label_width([label for label, _ in rows])
    plot_w = max(240, PAGE_WIDTH - left - 90)
    peak = max((len(papers) for _, papers in rows), default=0) or 1
    body = []
    for r, (label, papers) in enumerate(rows):
        y, x = r * row_h + 4, float(left)
        counts = Counter(p.status for p in papers)
        body.append(_text(left - 8, y + 15, label, "end"))
        for status in STATUS_ORDER:
            w = plot_w * counts.get(status, 0) / peak
            if w:
                tip = f"{plain(label)}: {counts[status]} {status}"
                body.append(_rect(x, y + 2, w, row_h - 6, f"pkb-s-{status}", tip))
            x += w
        summary = " / ".join(str(counts.get(s, 0)) for s in STATUS_ORDER)
        body.append(_text(x + 6, y + 15, summary, "start", "pkb-chart__muted"))
    return _svg(left + plot_w + 90, row_h * len(rows) + 8, "Reading progress by topic · 各主题阅读进度", body)


def render_status_legend() -> str:
    """A small legend of the status colours, as HTML, in both languages."""
    items = "".join(
        f'<span class="pkb-legend__item"><span class="pkb-legend__swatch pkb-s-{s}"></span>'
        f'<span data-lang="en">{en}</span><span class="pkb-t-sep" aria-hidden="true"> · </span>'
        f'<span data-lang="zh" lang="zh">{zh}</span></span>'
        for s, (en, zh) in ((s, STATUS_NAMES[s]) for s in STATUS_ORDER)
    )
    return f'<div class="pkb-legend">{items}</div>'
