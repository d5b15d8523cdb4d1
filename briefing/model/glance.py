"""The numbers behind the edition-at-a-glance pictures, and their layout in character cells.

* :func:`event_counts` counts events by month, happened/planned and exact/approximate in the
  store (one ``GROUP BY`` on columns it keeps), so 100,000 events cost one query, not a read of
  each; :func:`count_positions` counts a filtered list (the Timeline's) from per-event codes.
* :func:`build_strip` turns counts into :class:`Slot` cells: every month of the years the
  editions' periods cover (and, after a year's December, one cell for the events dated only to
  that year or a season of it, "late 2025"), and one cell per other year the events reach into.
* :func:`strip_lines` and :func:`segment_cells` lay the pictures out as runs of characters with
  *semantic* style names ("happened", "planned", "gold"...). The front ends map those names to
  colours, so happened/planned and gold/silver/bronze differ by shape first (``█`` against ``░``,
  ``█ ▒ ░``), and read the same in 16 colours, with ``NO_COLOR`` or in plain ASCII.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .data.records import MEDALS, Model
from .query.medal_sort import tally

#: Events dated more loosely than a month (a year, "late 2025") span more days than this.
WIDE_DAYS = 31
MONTH_LETTERS = "JFMAMJJASOND"
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Glyphs of the pictures: Unicode blocks, and the plain ASCII drawn with ``--ascii``.
BLOCKS = {"happened": "█", "planned": "░", "gold": "█", "silver": "▒", "bronze": "░", "bar": "█",
          "now": "▲", "wide": "~", "corner_left": "╰", "corner_right": "╯", "rule": "─"}
ASCII = {"happened": "#", "planned": ":", "gold": "#", "silver": "=", "bronze": "-", "bar": "#",
         "now": "^", "wide": "~", "corner_left": "\\", "corner_right": "/", "rule": "_"}
#: Partial blocks, one to seven eighths of a cell tall, for the happened part of a month's column.
EIGHTHS_UP = "▁▂▃▄▅▆▇"

#: Counts as the store groups them: (month ordinal, planned 0/1, wide 0/1) → events.
Counts = Mapping[tuple[int, int, int], int]


# -- counting --------------------------------------------------------------------------------------


def event_counts(model: Model) -> dict[tuple[int, int, int], int]:
    """The events of ``model``'s editions counted by (month ordinal, planned, wide), in the store."""
    store = model.store
    ids = [edition.id for edition in model.editions]
    if not ids or not hasattr(store, "query"):
        return {}
    # The expression of the store's index events_months (store/compile.py): the count walks it in order.
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


# -- layout in cells -----------------------------------------------------------------------------------

#: A run of characters and its semantic style ("" for none).
Run = tuple[str, str]


def segment_cells(values: Sequence[int], most: int, width: int) -> list[int]:
    """Cells for each value of a stacked bar whose longest total, ``most``, fills ``width``.

    Each non-zero value gets at least one cell, so a lone Bronze is never lost to rounding.
    """
    if most <= 0 or width <= 0:
        return [0] * len(values)
    cells = [max(1, round(v / most * width)) if v > 0 else 0 for v in values]
    while sum(cells) > width and max(cells) > 1:
        cells[cells.index(max(cells))] -= 1
    return cells


def medal_runs(medals: Sequence[int], most: int, width: int, glyphs: Mapping[str, str] = BLOCKS) -> list[Run]:
    """A company's bar: Gold, Silver and Bronze cells, each in its own glyph."""
    kinds = [m.lower() for m in MEDALS]
    return [(glyphs[kind] * cells, kind) for kind, cells in zip(kinds, segment_cells(medals, most, width)) if cells]


def _column(slot: Slot, most: int, height: int, ascii: bool) -> list[Run]:
    """The cells of one slot's column, bottom up: happened (solid) under planned (shaded)."""
    if most <= 0 or slot.total == 0:
        return [(" ", "")] * height
    glyphs = ASCII if ascii else BLOCKS
    planned_cells = max(1, round(slot.planned / most * height)) if slot.planned else 0
    if ascii:
        happened_eighths = (max(1, round(slot.happened / most * height)) * 8) if slot.happened else 0
    else:
        happened_eighths = max(1, round(slot.happened / most * height * 8)) if slot.happened else 0
    happened_cells = -(-happened_eighths // 8)
    if happened_cells + planned_cells > height:
        planned_cells = max(min(planned_cells, height - happened_cells), 1 if slot.planned else 0)
        if happened_cells + planned_cells > height:
            happened_cells = height - planned_cells
            happened_eighths = min(happened_eighths, happened_cells * 8)
    cells: list[Run] = []
    for row in range(height):
        if row < happened_eighths // 8:
            cells.append((glyphs["happened"], "happened"))
        elif row == happened_eighths // 8 and happened_eighths % 8:
            cells.append((EIGHTHS_UP[happened_eighths % 8 - 1], "happened"))
        elif happened_cells <= row < happened_cells + planned_cells:
            cells.append((glyphs["planned"], "planned"))
        else:
            cells.append((" ", ""))
    return cells


def _groups(strip: Strip) -> list[list[int]]:
    """Slot indexes grouped as drawn: a year of months (and its wide cell), or a lone year."""
    groups: list[list[int]] = []
    for index, slot in enumerate(strip.slots):
        if slot.kind == "month" and slot.month != 1 or slot.kind == "wide":
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _slot_width(slot: Slot, month_width: int) -> int:
    return month_width if slot.kind == "month" else (2 if slot.kind == "wide" else 4)


def strip_layout(strip: Strip, width: int) -> tuple[int, list[list[list[int]]]]:
    """The month cell's width (2 when everything fits on one band at 2, else 1) and the bands of groups."""
    groups = _groups(strip)
    for month_width in (2, 1):
        bands: list[list[list[int]]] = [[]]
        used = 0
        for group in groups:
            group_width = sum(_slot_width(strip.slots[i], month_width) for i in group)
            if bands[-1] and used + 1 + group_width > width:
                bands.append([])
                used = 0
            used += group_width + (1 if bands[-1] else 0)
            bands[-1].append(group)
        if len(bands) == 1 or month_width == 1:
            return month_width, bands
    raise AssertionError("unreachable")


def strip_lines(strip: Strip, width: int, *, height: int = 4, ascii: bool = False, cursor: int | None = None,
                show_periods: bool = True, band_of: int | None = None) -> list[list[Run]]:
    """The strip as lines of runs, ``width`` cells at most (wrapped into bands of whole years).

    Per band: ``height`` rows of columns (happened solid, planned shaded above it), a row of
    month letters (capitals inside an edition's period; ``~`` over a year's loosely dated
    events; the current month as ``▲``), a row of years, and with ``show_periods`` one row per
    edition bracketing its period. ``cursor`` is the slot drawn in the "cursor" style. Rows of
    columns blank across a band are left out. ``band_of``: only the band holding that slot (the
    Timeline, where the list needs the rows).
    """
    glyphs = ASCII if ascii else BLOCKS
    month_width, bands = strip_layout(strip, width)
    most = strip.most
    lines: list[list[Run]] = []
    if band_of is not None:
        bands = [band for band in bands if any(band_of in group for group in band)] or bands[:1]
    for band in bands:
        columns: list[list[Run]] = [[] for _ in range(height)]
        letters: list[Run] = []
        years: list[Run] = []
        starts: dict[int, int] = {}
        position = 0
        for number, group in enumerate(band):
            if number:
                for row in columns:
                    row.append((" ", ""))
                letters.append((" ", ""))
                years.append((" ", ""))
                position += 1
            group_start = position
            for index in group:
                slot = strip.slots[index]
                slot_width = _slot_width(slot, month_width)
                starts[index] = position
                column = _column(slot, most, height, ascii)
                bar_width = slot_width if slot.kind == "month" and month_width == 1 else slot_width - 1
                for row in range(height):
                    text, style = column[height - 1 - row]
                    columns[row].append((text * bar_width + " " * (slot_width - bar_width), style))
                if index == strip.current:
                    label, style = glyphs["now"], "now"
                elif slot.kind == "month":
                    letter = MONTH_LETTERS[slot.month - 1]  # type: ignore[index]
                    label, style = (letter, "in-period") if strip.in_period(slot) else (letter.lower(), "label")
                elif slot.kind == "wide":
                    label, style = glyphs["wide"], "label"
                else:
                    label, style = "", "label"
                if index == cursor:
                    style = "cursor"
                    label = label or " "
                letters.append((label.ljust(slot_width if slot.kind != "year" else len(label)), style))
                if slot.kind == "year":
                    letters.append((" " * (slot_width - len(label)), ""))
                position += slot_width
            first = strip.slots[group[0]]
            year_text = str(first.year)[: position - group_start]
            cursor_here = cursor in group and first.kind == "year"
            years.append((year_text.ljust(position - group_start), "cursor" if cursor_here else "year"))
        drawn = [row for row in columns if any(text.strip() for text, _ in row)]
        lines.extend(drawn or columns[-1:])
        lines.append(letters)
        lines.append(years)
        if show_periods:
            for period in strip.periods:
                lines.append(_period_row(strip, period, band, starts, width, glyphs, len(strip.periods) > 1,
                                         month_width))
    return [_trim(line) for line in lines]


def _period_row(strip: Strip, period: Period, band: list[list[int]], starts: dict[int, int], width: int,
                glyphs: Mapping[str, str], several: bool, month_width: int) -> list[Run]:
    inside = [index for group in band for index in group
              if strip.slots[index].kind != "wide" and _overlaps(strip.slots[index], period)]
    if not inside:
        return []
    first = starts[inside[0]]
    last_slot = strip.slots[inside[-1]]
    last = starts[inside[-1]] + _slot_width(last_slot, month_width) - 1
    if month_width == 2 and last_slot.kind == "month":
        last -= 1  # the bracket ends under the last column, not the gap after it
    span = last - first + 1
    # The fullest label that fits: inside the bracket, after it, or before it.
    labels = [f"{period.edition}: {period.label}", period.edition] if several else [period.label]
    if glyphs is ASCII:
        labels = [label.replace("–", "-") for label in labels]
    inner = max(span - 2, 0)
    right = glyphs["corner_right"] if span >= 2 else ""
    for label in labels:
        padded = f" {label} "
        if len(padded) <= inner:
            return [(" " * first, ""), (glyphs["corner_left"] + padded.center(inner, glyphs["rule"]) + right, "period")]
    bracket = glyphs["corner_left"] + glyphs["rule"] * inner + right
    for label in labels:
        if first + len(bracket) + 1 + len(label) <= width:
            return [(" " * first, ""), (bracket, "period"), (" " + label, "period-label")]
        if len(label) + 1 <= first:
            return [(" " * (first - len(label) - 1), ""), (label + " ", "period-label"), (bracket, "period")]
    return [(" " * first, ""), (bracket, "period")]


def _overlaps(slot: Slot, period: Period) -> bool:
    if slot.kind == "month":
        first = dt.date(slot.year, slot.month, 1)  # type: ignore[arg-type]
        return period.first <= first <= period.last
    return period.first.year <= slot.year <= period.last.year


def _trim(line: list[Run]) -> list[Run]:
    """The line without trailing blanks (so a pipe gets no padding)."""
    while line and not line[-1][0].strip():
        line = line[:-1]
    if line:
        text, style = line[-1]
        line = line[:-1] + [(text.rstrip(), style)]
    return line


def legend_runs(ascii: bool = False, *, now: bool = True) -> list[Run]:
    """``█ happened  ░ planned  ~ year or season only  JFM in period  ▲ now``."""
    glyphs = ASCII if ascii else BLOCKS
    runs: list[Run] = [(glyphs["happened"], "happened"), (" happened  ", ""), (glyphs["planned"], "planned"),
                       (" planned  ", ""), (glyphs["wide"], "label"), (" year or season only  ", ""),
                       ("JFM", "in-period"), (" in period", "")]
    if now:
        runs += [("  ", ""), (glyphs["now"], "now"), (" now", "")]
    return runs


def medal_legend_runs(ascii: bool = False) -> list[Run]:
    glyphs = ASCII if ascii else BLOCKS
    runs: list[Run] = []
    for medal in MEDALS:
        runs += [(glyphs[medal.lower()], medal.lower()), (f" {medal}  ", "")]
    runs[-1] = (runs[-1][0].rstrip(), "")
    return runs


def wrap_runs(runs: Sequence[Run], width: int) -> list[list[Run]]:
    """A legend's runs on as many lines as ``width`` needs, broken only before a glyph (a styled run)."""
    lines: list[list[Run]] = [[]]
    used = 0
    for index, (text, style) in enumerate(runs):
        item = len(text) + (len(runs[index + 1][0]) if style and index + 1 < len(runs) and not runs[index + 1][1]
                            else 0)
        if style and lines[-1] and used + len(text.rstrip()) + item - len(text) > width:
            lines[-1] = _trim(lines[-1])
            lines.append([])
            used = 0
        lines[-1].append((text, style))
        used += len(text)
    return [_trim(line) for line in lines]
