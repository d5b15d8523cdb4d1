"""The numbers behind the edition-at-a-glance pictures: events by month, medal tallies, CNKI downloads.

* :func:`event_counts` counts events by month, happened/planned and exact/approximate in the
  store (one ``GROUP BY`` on columns it keeps), so 100,000 events cost one query, not a read of
  each; :func:`count_positions` counts a filtered list (the Timeline's) from per-event codes.
* :func:`build_strip` turns counts into :class:`Slot` cells: every month of the years the
  editions' periods cover (and, after a year's December, one cell for the events dated only to
  that year or a season of it, "late 2025"), and one cell per other year the events reach into.
* :mod:`briefing.model.glance_cells` lays the pictures out in character cells, for the app
  and the shell alike.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .data.model import Model
from .data.records import MEDALS
from .query.medal_sort import tally

#: Events dated more loosely than a month (a year, "late 2025") span more days than this.
WIDE_DAYS = 31
MONTH_LETTERS = "JFMAMJJASOND"
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Counts as the store groups them: (month ordinal, planned 0/1, wide 0/1) → events.
Counts = Mapping[tuple[int, int, int], int]


# -- counting --------------------------------------------------------------------------------------


def event_counts(model: Model) -> dict[tuple[int, int, int], int]:
    """The events of ``model``'s editions counted by (month ordinal, planned, wide), in the store."""
    store = model.store
    ids = [edition.id for edition in model.editions]
    if not ids or not hasattr(store, "query"):
        return {}
    # The expression of the store's index events_months (store/indexes.py): the count walks it in order.
    sql = (f"SELECT month, planned, last_day - first_day > {WIDE_DAYS}, count(*) FROM events "
           f"WHERE edition IN ({', '.join('?' * len(ids))}) GROUP BY 1, 2, 3")
    rows = store.heal(lambda: store.query(sql, ids))  # type: ignore[attr-defined]
    return {(int(month), int(planned), int(wide)): int(count) for month, planned, wide, count in rows}


def event_codes(months: Sequence[int], planned: Sequence[int], spans: Sequence[tuple[int, int]]) -> list[int]:
    """One int per event packing its month, status and width, for :func:`count_positions`."""
    return [month * 4 + flag * 2 + (last - first > WIDE_DAYS)
            for month, flag, (first, last) in zip(months, planned, spans)]


def count_positions(codes: Sequence[int], shown: Iterable[int] | None) -> dict[tuple[int, int, int], int]:
    """Counts like :func:`event_counts`, of the events at ``shown`` (None: every event)."""
    found = Counter(codes) if shown is None else Counter(map(codes.__getitem__, shown))
    return {(code >> 2, (code >> 1) & 1, code & 1): count for code, count in found.items()}


# -- the strip ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """One edition's period, drawn under the strip."""

    edition: str
    first: dt.date
    last: dt.date

    @property
    def label(self) -> str:
        return f"{month_name(self.first)} – {month_name(self.last)}"


@dataclass(frozen=True)
class Slot:
    """One cell of the strip: a month, a year's loosely dated events ("wide"), or a whole year."""

    kind: str  # "month", "wide" or "year"
    year: int
    month: int | None
    happened: int = 0
    planned: int = 0

    @property
    def total(self) -> int:
        return self.happened + self.planned

    @property
    def range_text(self) -> str:
        """The Timeline's date range that shows this cell's events: ``2025-01``, or ``2025``."""
        return f"{self.year}-{self.month:02}" if self.kind == "month" else str(self.year)

    @property
    def name(self) -> str:
        if self.kind == "month":
            return f"{MONTH_ABBREVIATIONS[self.month - 1]} {self.year}"  # type: ignore[index]
        if self.kind == "wide":
            return f"{self.year}, dated only to the year or a season"
        return str(self.year)

    def contains(self, day: dt.date) -> bool:
        return day.year == self.year and (self.kind != "month" or day.month == self.month)

    def describe(self) -> str:
        """``Jan 2025: 3 happened, 1 planned``."""
        return f"{self.name}: {self.happened} happened, {self.planned} planned"


@dataclass(frozen=True)
class Strip:
    """The cells in date order, the editions' periods, and which cell holds today."""

    slots: tuple[Slot, ...]
    periods: tuple[Period, ...]
    current: int | None = None

    @property
    def most(self) -> int:
        return max((slot.total for slot in self.slots), default=0)

    def in_period(self, slot: Slot) -> bool:
        """True when a month cell lies in an edition's period (its letter is drawn in capitals)."""
        if slot.kind != "month":
            return False
        first = dt.date(slot.year, slot.month, 1)  # type: ignore[arg-type]
        return any(period.first <= first <= period.last for period in self.periods)


#: Set to an ISO date (``2025-02-10``) to draw "now" there: screenshots and tests do not change by the day.
TODAY_ENV = "BRIEFING_TODAY"


def today() -> dt.date:
    """Today, or the day :data:`TODAY_ENV` names."""
    import os

    named = os.environ.get(TODAY_ENV, "").strip()
    if named:
        try:
            return dt.date.fromisoformat(named)
        except ValueError:
            pass
    return dt.date.today()


def month_name(day: dt.date) -> str:
    return f"{MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"


def periods_of(model: Model) -> tuple[Period, ...]:
    return tuple(Period(e.id, e.report.period_start, e.report.period_end) for e in model.editions)


def build_strip(counts: Counts, periods: Sequence[Period], today: dt.date | None = None) -> Strip:
    """The strip of ``counts``: months through the years of ``periods``, single cells for other years."""
    month_years = sorted({year for p in periods for year in range(p.first.year, p.last.year + 1)})
    if not month_years and counts:
        month_years = [min(month for month, _, _ in counts) // 12]
    per_month: dict[int, list[int]] = {}
    wide: dict[int, list[int]] = {}
    per_year: dict[int, list[int]] = {}
    for (month, planned, is_wide), count in counts.items():
        year = month // 12
        if year in month_years:
            cell = wide.setdefault(year, [0, 0]) if is_wide else per_month.setdefault(month, [0, 0])
        else:
            cell = per_year.setdefault(year, [0, 0])
        cell[planned] += count
    if today is not None and today.year not in month_years:
        per_year.setdefault(today.year, [0, 0])
    slots: list[Slot] = []
    years = sorted(set(month_years) | set(per_year))
    for year in years:
        if year in per_year:
            slots.append(Slot("year", year, None, *per_year[year]))
            continue
        for month in range(1, 13):
            slots.append(Slot("month", year, month, *per_month.get(year * 12 + month - 1, (0, 0))))
        if year in wide:
            slots.append(Slot("wide", year, None, *wide[year]))
    current = None
    if today is not None:
        current = next((i for i, slot in enumerate(slots) if slot.kind != "wide" and slot.contains(today)), None)
    return Strip(tuple(slots), tuple(periods), current)


def strip_of(model: Model, today: dt.date | None = None) -> Strip:
    """The strip of every event of ``model`` (counted in the store)."""
    return build_strip(event_counts(model), periods_of(model), today)


# -- medals and CNKI -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tallied:
    """A bar of the medal pictures: a country's medals (the report gives only its total), or a company's."""

    name: str
    total: int
    #: Gold, Silver, Bronze; empty for a country (the report gives no split).
    medals: tuple[int, ...] = ()
    edition: str = ""


@dataclass(frozen=True)
class Downloads:
    """A bar of the CNKI picture: an article and its downloads; Enter opens ``paragraph``."""

    topic: str
    downloads: int
    key: str
    paragraph: str


@dataclass(frozen=True)
class Glance:
    """Everything the pictures show, for one model."""

    strip: Strip
    countries: tuple[Tallied, ...] = ()
    companies: tuple[Tallied, ...] = ()
    articles: tuple[Downloads, ...] = ()
    editions: tuple[str, ...] = field(default_factory=tuple)


def glance(model: Model, today: dt.date | None = None) -> Glance:
    """The numbers of every picture: the strip from the store, tallies and downloads from the records."""
    several = len(model.editions) > 1
    countries = tuple(Tallied(c.country, c.medals, edition=e.id if several else "")
                      for e in model.editions for c in e.medal_context.counts)
    companies = tuple(Tallied(group.name, group.count, tuple(group.counts().get(m, 0) for m in MEDALS))
                      for group in tally(model.medals).by_company)
    articles = tuple(Downloads(a.topic, a.downloads, a.key, f"{a.edition}/{a.source}")
                     for a in sorted(model.articles, key=lambda a: -a.downloads))
    return Glance(strip_of(model, today), countries, companies, articles, tuple(e.id for e in model.editions))


def glance_json(found: Glance) -> dict:
    """The numbers behind the pictures, as ``briefing overview --json`` prints them."""
    strip = found.strip
    return {
        "editions": list(found.editions),
        "periods": [{"edition": p.edition, "from": p.first.isoformat(), "to": p.last.isoformat()}
                    for p in strip.periods],
        "months": [{"kind": s.kind, "range": s.range_text, "happened": s.happened, "planned": s.planned,
                    "in_period": strip.in_period(s), "current": i == strip.current}
                   for i, s in enumerate(strip.slots)],
        "medals_by_country": [{"country": t.name, "medals": t.total, **({"edition": t.edition} if t.edition else {})}
                              for t in found.countries],
        "medals_by_company": [{"company": t.name, "medals": t.total,
                               **{m.lower(): n for m, n in zip(MEDALS, t.medals)}} for t in found.companies],
        "cnki_downloads": [{"topic": a.topic, "downloads": a.downloads, "key": a.key} for a in found.articles],
    }
