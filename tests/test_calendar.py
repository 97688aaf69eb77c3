"""The venue calendar: the shipped data file and the questions the date checks ask it."""

from __future__ import annotations

import pytest

from paperkb.records.calendar import parse_calendar, venue_calendar
from paperkb.records.check_dates import arxiv_posted

REQUIRED = (
    "CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML", "AAAI", "IJCAI", "ACM MM", "SIGGRAPH",
    "SIGGRAPH Asia", "WACV", "BMVC", "ACCV", "3DV", "ICASSP", "TPAMI", "IJCV", "TOG",
)  # fmt: skip


def test_shipped_calendar_names_the_common_venues():
    calendar = venue_calendar()
    assert set(REQUIRED) <= set(calendar)
    assert venue_calendar() is calendar  # read once


def test_cadence_and_skipped_years():
    calendar = venue_calendar()
    assert calendar["ICCV"].is_held(2019) and not calendar["ICCV"].is_held(2020)
    assert calendar["ECCV"].is_held(2020) and not calendar["ECCV"].is_held(2019)
    assert not calendar["3DV"].is_held(2023) and calendar["3DV"].is_held(2024)
    assert calendar["TPAMI"].is_held(2019) and not calendar["TPAMI"].covers(2019)
    assert calendar["ICCV"].held_near(2020) == [2019, 2021]


def test_months_and_later_editions():
    cvpr = venue_calendar()["CVPR"]
    assert cvpr.months(2017) == (7,) and cvpr.months(2018) == (6,)
    assert cvpr.held_after(2020, 8) == 2021
    assert cvpr.held_after(2020, 6) == 2020
    assert venue_calendar()["CVPR Workshops"] is cvpr


@pytest.mark.parametrize(
    ("arxiv_id", "posted"),
    [("2008.00951", (2020, 8)), ("1612.01925", (2016, 12)), ("cs/0112017", (2001, 12)),
     ("hep-th/9901001", (1999, 1)), ("2013.00001", None)],
)  # fmt: skip
def test_arxiv_posted(arxiv_id, posted):
    assert arxiv_posted(arxiv_id) == posted


@pytest.mark.parametrize(
    "entry",
    [{"kind": "fair"}, {"kind": "conference", "month": 6}, {"kind": "conference", "month": 13, "from": 2000},
     {"kind": "journal", "years": "leap"}, {"kind": "journal", "colour": "red"}],
)  # fmt: skip
def test_malformed_calendar_entry_is_refused(entry):
    with pytest.raises(ValueError):
        parse_calendar({"X": entry})
