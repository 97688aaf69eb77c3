"""The venue calendar: in which years and months each venue is held (venue_calendar.yaml)."""

from __future__ import annotations

import functools
import importlib.resources
from dataclasses import dataclass, field

import yaml

CADENCES = ("every", "odd", "even")
KINDS = ("conference", "journal")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class VenueDates:
    """One venue's calendar; `dates` maps a year to the months that edition ran in."""

    name: str
    kind: str
    month: int | None = None
    years: str = "every"
    first_year: int | None = None
    not_held: frozenset[int] = frozenset()
    dates: dict[int, tuple[int, ...]] = field(default_factory=dict)

    @property
    def is_conference(self) -> bool:
        return self.kind == "conference"

    def covers(self, year: int) -> bool:
        """Whether the calendar vouches for `year` (journals and early years are not checked)."""
        return self.is_conference and self.first_year is not None and year >= self.first_year

    def is_held(self, year: int) -> bool:
        if not self.covers(year) or year in self.not_held:
            return not self.covers(year)
        return self.years == "every" or (year % 2 == 1) == (self.years == "odd")

    def months(self, year: int) -> tuple[int, ...]:
        """The months the `year` edition ran in, the first being the one it opened in."""
        if year in self.dates:
            return self.dates[year]
        return (self.month,) if self.month else ()

    def held_after(self, year: int, month: int) -> int | None:
        """The first edition that opens in or after (year, month): where a later preprint fits."""
        for candidate in range(year, year + 4):
            if self.is_held(candidate) and (candidate, max(self.months(candidate))) >= (year, month):
                return candidate
        return None

    def held_near(self, year: int) -> list[int]:
        """The editions just before and after a year it was not held."""
        before = next((y for y in range(year - 1, year - 4, -1) if self.is_held(y)), None)
        after = next((y for y in range(year + 1, year + 4) if self.is_held(y)), None)
        return [y for y in (before, after) if y is not None]


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


def _as_months(value: object) -> tuple[int, ...]:
    months = tuple(value) if isinstance(value, list) else (value,)
    if not months or not all(isinstance(m, int) and 1 <= m <= 12 for m in months):
        raise ValueError(f"months must be 1..12, found {value!r}")
    return months


def parse_calendar(data: dict[str, dict[str, object]]) -> dict[str, VenueDates]:
    """Venue dates by every name and alias; raises ValueError on a malformed entry."""
    calendar: dict[str, VenueDates] = {}
    for name, entry in data.items():
        unknown = set(entry) - {"kind", "month", "years", "from", "not_held", "dates", "aliases"}
        kind, years = entry.get("kind"), entry.get("years", "every")
        if unknown or kind not in KINDS or years not in CADENCES:
            raise ValueError(f"venue {name}: bad kind, years or fields {sorted(unknown)}")
        month = entry.get("month")
        venue = VenueDates(
            name=name,
            kind=str(kind),
            month=_as_months(month)[0] if month is not None else None,
            years=str(years),
            first_year=entry.get("from"),  # type: ignore[arg-type]
            not_held=frozenset(entry.get("not_held", [])),  # type: ignore[call-overload]
            dates={int(y): _as_months(m) for y, m in (entry.get("dates") or {}).items()},  # type: ignore[attr-defined]
        )
        if venue.is_conference and (venue.month is None or venue.first_year is None):
            raise ValueError(f"venue {name}: a conference needs 'month' and 'from'")
        for alias in [name, *entry.get("aliases", [])]:  # type: ignore[misc]
            calendar[str(alias)] = venue
    return calendar


@functools.cache
def venue_calendar() -> dict[str, VenueDates]:
    """The shipped calendar, read once per process."""
    text = importlib.resources.files("paperkb.records").joinpath("venue_calendar.yaml").read_text("utf-8")
    return parse_calendar(yaml.safe_load(text))
