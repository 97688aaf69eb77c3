"""Charts drawn at build time as inline SVG (no script, no network): colours come from CSS classes."""

from __future__ import annotations

from collections import Counter

from paperkb.site.markup import escape
from paperkb.records.model import Paper

STATUS_ORDER = ("read", "reading", "to-read")
FONT = 'font-size="12"'


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="pkb-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: object, anchor: str = "start", css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" {FONT}{klass}>{escape(text)}</text>'


def _rect(x: float, y: float, w: float, h: float, css: str, tip: str, opacity: float = 1.0) -> str:
    fade = f' fill-opacity="{opacity:.2f}"' if opacity < 1 else ""
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{max(w, 0):g}" height="{h:g}" class="{css}"{fade}>'
        f"<title>{escape(tip)}</title></rect>"
    )


def year_span(papers: list[Paper], most: int = 30) -> list[int]:
    """The years that have papers, oldest first (the latest `most` of them)."""
    return sorted({paper.year for paper in papers if paper.year})[-most:]


def label_width(labels: list[str]) -> int:
    """Room for the longest label at 12px: CJK characters are about twice as wide as Latin ones."""
    widest = max((sum(12 if ord(ch) > 0x2E80 else 6.6 for ch in label) for label in labels), default=0)
    return int(widest) + 16


def render_year_topic_heatmap(rows: list[tuple[str, list[Paper]]], years: list[int]) -> str:
    """Papers per year (columns) per topic (rows): a shaded grid with the counts written in."""
    cell, row_h, top = 34, 22, 24
    left = label_width([label for label, _ in rows])
    counts = [Counter(p.year for p in papers if p.year in years) for _, papers in rows]
    peak = max((max(c.values(), default=0) for c in counts), default=0) or 1
    body = [_text(left + i * cell + cell / 2, 16, f"'{y % 100:02d}" if len(years) > 12 else y, "middle")
            for i, y in enumerate(years)]  # fmt: skip
    for r, ((label, _), count) in enumerate(zip(rows, counts, strict=True)):
        y = top + r * row_h
        body.append(_text(left - 8, y + 15, label, "end"))
        for i, year in enumerate(years):
            n = count.get(year, 0)
            x = left + i * cell
            css = "pkb-heat" if n else "pkb-heat pkb-heat--empty"
            body.append(
                _rect(x + 1, y + 1, cell - 2, row_h - 2, css, f"{label}, {year}: {n}", 0.2 + 0.8 * n / peak)
            )
            if n:
                on_dark = " pkb-heat__n--on" if 0.2 + 0.8 * n / peak > 0.55 else ""
                body.append(_text(x + cell / 2, y + 15, n, "middle", "pkb-heat__n" + on_dark))
    width = left + cell * max(len(years), 1) + 8
    return _svg(width, top + row_h * len(rows) + 6, "Papers per year per topic", body)


def render_year_bars(papers: list[Paper], years: list[int]) -> str:
    """Papers per year, each bar split by reading status."""
    bar, gap, plot_h, top = 26, 8, 160, 14
    by_year = {year: Counter(p.status for p in papers if p.year == year) for year in years}
    peak = max((sum(c.values()) for c in by_year.values()), default=0) or 1
    body = []
    for i, year in enumerate(years):
        x, base = 40 + i * (bar + gap), float(top + plot_h)
        for status in STATUS_ORDER:
            n = by_year[year].get(status, 0)
            h = plot_h * n / peak
            if n:
                body.append(_rect(x, base - h, bar, h, f"pkb-s-{status}", f"{year}, {status}: {n}"))
            base -= h
        total = sum(by_year[year].values())
        body.append(_text(x + bar / 2, base - 3, total or "", "middle"))
        body.append(_text(x + bar / 2, top + plot_h + 16, year, "middle"))
    body.append(f'<line x1="36" x2="{40 + len(years) * (bar + gap)}" y1="{top + plot_h}" '
                f'y2="{top + plot_h}" class="pkb-axis"/>')  # fmt: skip
    return _svg(48 + len(years) * (bar + gap), top + plot_h + 26, "Papers per year by status", body)


def render_progress_bars(rows: list[tuple[str, list[Paper]]]) -> str:
    """Reading progress: one bar a row, split into read, reading and to-read, with the counts."""
    row_h, plot_w = 24, 420
    left = label_width([label for label, _ in rows])
    peak = max((len(papers) for _, papers in rows), default=0) or 1
    body = []
    for r, (label, papers) in enumerate(rows):
        y, x = r * row_h + 4, float(left)
        counts = Counter(p.status for p in papers)
        body.append(_text(left - 8, y + 15, label, "end"))
        for status in STATUS_ORDER:
            w = plot_w * counts.get(status, 0) / peak
            if w:
                body.append(
                    _rect(x, y + 2, w, row_h - 6, f"pkb-s-{status}", f"{label}: {counts[status]} {status}")
                )
            x += w
        summary = " / ".join(str(counts.get(s, 0)) for s in STATUS_ORDER)
        body.append(_text(x + 6, y + 15, summary, "start", "pkb-chart__muted"))
    return _svg(left + plot_w + 90, row_h * len(rows) + 8, "Reading progress by topic", body)


def render_status_legend() -> str:
    """A small legend of the status colours, as HTML."""
    items = "".join(
        f'<span class="pkb-legend__item"><span class="pkb-legend__swatch pkb-s-{s}"></span>{s}</span>'
        for s in STATUS_ORDER
    )
    return f'<div class="pkb-legend">{items}</div>'
