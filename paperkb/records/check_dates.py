"""Date checks: `year` and `month` are the venue's, which the arXiv id and the calendar bound."""

from __future__ import annotations

import re
from collections.abc import Iterator

from paperkb.diagnostics import Diagnostic, warning
from paperkb.records.calendar import VenueDates, month_name, venue_calendar
from paperkb.records.load import LoadedLibrary
from paperkb.records.model import Paper
from paperkb.records.yamltree import PosDict, Position

_NEW_ID_RE = re.compile(r"([0-9]{2})([0-9]{2})\.[0-9]{4,5}")
_OLD_ID_RE = re.compile(r"[a-z-]+(?:\.[A-Z]{2})?/([0-9]{2})([0-9]{2})[0-9]{3}")
YEAR_HINT = "year and month are the venue's (when it was held or published), not the preprint's"


def arxiv_posted(arxiv_id: str) -> tuple[int, int] | None:
    """(year, month) an arXiv id was first posted: '2008.00951' -> (2020, 8), 'cs/0112017' -> (2001, 12)."""
    match = _NEW_ID_RE.fullmatch(arxiv_id) or _OLD_ID_RE.fullmatch(arxiv_id)
    if not match:
        return None
    yy, month = int(match.group(1)), int(match.group(2))
    year = 2000 + yy if yy < 91 else 1900 + yy  # arXiv began in August 1991
    return (year, month) if 1 <= month <= 12 else None


def check_dates(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    """Warnings where a record's year or month cannot be its venue's."""
    calendar = venue_calendar()
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        if paper.year is None:
            continue
        venue = calendar.get(paper.venue or "")
        posted = arxiv_posted(paper.arxiv) if paper.arxiv else None
        found = list(_check_venue_year(loaded.path, paper, node, venue, posted))
        if not found and posted and paper.year < posted[0] - 1 and not paper.arxiv_after_venue:
            line, col = _at(node, "year")
            message = f"year {paper.year} is {posted[0] - paper.year} years before arXiv {paper.arxiv} ({posted[0]})"
            found.append(warning(loaded.path, line, col, message, YEAR_HINT, "year"))
        yield from found
        if venue is not None and paper.month is not None and venue.covers(paper.year):
            yield from _check_month(loaded.path, paper, node, venue)


def _at(node: PosDict, key: str) -> Position:
    return node.value_pos.get(key, node.pos)


def _check_venue_year(
    path: str, paper: Paper, node: PosDict, venue: VenueDates | None, posted: tuple[int, int] | None
) -> Iterator[Diagnostic]:
    if venue is None or not venue.covers(paper.year or 0):
        return
    year, name = paper.year or 0, paper.venue
    line, col = _at(node, "year")
    if not venue.is_held(year):
        why = f": {name} is held in {venue.years} years" if year not in venue.not_held else ""
        near = " or ".join(f"{name} {y}" for y in venue.held_near(year))
        yield warning(path, line, col, f"{name} {year} was not held{why}", f"did you mean {near}?", "year")
        return
    months = venue.months(year)
    if posted and posted > (year, max(months)) and not paper.arxiv_after_venue:
        later = venue.held_after(*posted)
        guess = f": {name} {later}?" if later else ""
        message = (
            f"arXiv {paper.arxiv} was posted in {month_name(posted[1])} {posted[0]}, "
            f"after {name} {year} in {month_name(months[-1])}{guess}"
        )
        hint = f"{YEAR_HINT}; if the preprint did come later, write arxiv_after_venue: true"
        yield warning(path, line, col, message, hint, "year")


def _check_month(path: str, paper: Paper, node: PosDict, venue: VenueDates) -> Iterator[Diagnostic]:
    months = venue.months(paper.year or 0)
    if months and paper.month not in months:
        line, col = _at(node, "month")
        held = " and ".join(month_name(m) for m in months)
        message = f"month {paper.month} disagrees with {paper.venue} {paper.year}, held in {held}"
        yield warning(path, line, col, message, f"write month: {months[0]} (the venue's month)", "month")
