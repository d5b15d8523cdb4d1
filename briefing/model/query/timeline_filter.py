"""Which timeline events to show: category, date range and status filters, and search as you type.

The Timeline tab recomputes the shown events on every keystroke, at up to 100,000
events, so everything here works on *positions* (ints into the chronological events
tuple) and per-event columns computed once, never on widgets or rendered text.

Imports neither textual nor rich.
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field, and this module loads on lookups (the first compile() of a process builds the
# AST types: a millisecond).

import bisect
from array import array
import datetime as dt
from collections import OrderedDict
from typing import NamedTuple, Protocol, Sequence

from ..data.dates import QUALIFIERS, DateError, parse_bound
from ..data.records import Event

#: The order ``p`` cycles through: every event, then only happened ones, then only planned ones.
STATUS_CYCLE: tuple[str | None, ...] = (None, "happened", "planned")


class TimelineFilter(NamedTuple):
    """The filters besides search: one category, a date range (either end open), one status.

    A NamedTuple rather than a frozen dataclass: ``dataclasses`` imports inspect, ast and dis,
    a tenth of `briefing timeline`'s time."""

    category: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    #: The bounds as the analyst typed them (``2025-01``), to show them back in the same words.
    start_text: str = ""
    end_text: str = ""
    status: str | None = None

    @property
    def active(self) -> bool:
        return self.category is not None or self.start is not None or self.end is not None or self.status is not None

    def describe(self) -> list[str]:
        """``["category: constellations", "from 2025-01", "planned"]``, one part per active filter."""
        parts: list[str] = []
        if self.category is not None:
            parts.append(f"category: {self.category}")
        if self.start is not None:
            parts.append(f"from {self.start_text or self.start.isoformat()}")
        if self.end is not None:
            parts.append(f"to {self.end_text or self.end.isoformat()}")
        if self.status is not None:
            parts.append(self.status)
        return parts

    def next_status(self) -> "TimelineFilter":
        """The filter with the status moved on: all → happened → planned → all."""
        index = STATUS_CYCLE.index(self.status) if self.status in STATUS_CYCLE else 0
        return self._replace(status=STATUS_CYCLE[(index + 1) % len(STATUS_CYCLE)])

    def with_dates(self, start_text: str, end_text: str) -> "TimelineFilter":
        """The filter with the range ``start_text``..``end_text`` (blank = open); raises DateError."""
        start_text, end_text = start_text.strip(), end_text.strip()
        start = parse_bound(start_text, end=False) if start_text else None
        end = parse_bound(end_text, end=True) if end_text else None
        if start is not None and end is not None and start > end:
            raise DateError(f"'from' {start_text} is after 'to' {end_text}")
        return self._replace(start=start, end=end, start_text=start_text if start else "",
                       end_text=end_text if end else "")


def month_ordinal(event: Event) -> int:
    """Months since year 0 of the first month the event's date can mean; never decreases along the timeline.

    ``late 2025`` counts as September 2025, where it sorts, so month and year keys can
    step through the chronological list in order.
    """
    return event.date.month_ordinal


class EventColumns:
    """Per-event facts the filters read, computed once per event list."""

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = events
        self._spans: list[tuple[int, int]] | None = None  # built on first date filter
        # The store keeps these columns beside the events, so the events themselves need not be read.
        self._column = events.column  # type: ignore[attr-defined]  # a StoredRecords
        # Arrays rather than lists: compact, and not walked by every full garbage collection.
        rows = self._column("month, category, planned")  # one query: this runs as the tab opens
        self.months: Sequence[int] = array("l", [month for month, _, _ in rows])
        names: dict[str, str] = {}  # one string per category, not one per event
        self.categories: list[str] = [names.setdefault(category, category) for _, category, _ in rows]
        self.planned: Sequence[int] = bytes([planned for _, _, planned in rows])

    def __len__(self) -> int:
        return len(self.events)

    def spans(self) -> list[tuple[int, int]]:
        """First and last day (ordinals) each event's date can mean."""
        if self._spans is None:
            self._spans = self._column("first_day, last_day")
        return self._spans

    def positions(self, flt: TimelineFilter, within: list[int] | None = None) -> list[int] | None:
        """Positions of events passing ``flt``, in order, among ``within`` (sorted) if given.

        None means every event: no filter is active and there is no ``within``.
        """
        if not flt.active:
            return within
        keep: Sequence[int] = range(len(self.events)) if within is None else within
        if flt.category is not None:
            categories, wanted = self.categories, flt.category
            keep = [i for i in keep if categories[i] == wanted]
        if flt.status is not None:
            planned, want_planned = self.planned, int(flt.status == "planned")
            keep = [i for i in keep if planned[i] == want_planned]
        if flt.start is not None or flt.end is not None:
            # Same rule as ReportDate.overlaps: any day the date can mean lies in the range.
            spans = self.spans()
            low = flt.start.toordinal() if flt.start is not None else -1
            high = flt.end.toordinal() if flt.end is not None else 10**9
            keep = [i for i in keep if spans[i][1] >= low and spans[i][0] <= high]
        return list(keep)

    def category_counts(self) -> list[tuple[str, int]]:
        """Every category with how many events it has, alphabetically."""
        counts: dict[str, int] = {}
        for category in self.categories:
            counts[category] = counts.get(category, 0) + 1
        return sorted(counts.items(), key=lambda item: item[0].casefold())

    # -- rows with year headers -------------------------------------------------------------

    def rows(self, shown: Sequence[int]) -> tuple[Sequence[int], dict[int, int]]:
        """List rows for ``shown``: ``~p`` is a header for the year of event ``p``, other values are events.

        Returns the rows (an array: see :class:`IncrementalSearch` on why) and, for each
        header row, how many events its year holds. Years
        never decrease along ``shown``, so each year's block is found by bisection and
        copied as a slice: the cost is a memory copy, not a Python loop per event.
        """
        rows = array("q")
        counts: dict[int, int] = {}
        months = self.months
        start, total = 0, len(shown)
        while start < total:
            year = months[shown[start]] // 12
            end = bisect.bisect_left(shown, (year + 1) * 12, lo=start, key=months.__getitem__)
            counts[len(rows)] = end - start
            rows.append(~shown[start])
            rows.extend(shown[start:end])
            start = end
        return rows, counts

    def step_period(self, rows: Sequence[int], row: int, step: int, months_per_period: int) -> int | None:
        """The row of the first event of the next (``step=1``) or previous (``-1``) month or year in ``rows``.

        ``months_per_period`` is 1 for months and 12 for years. Returns None when there
        is no such period in the rows.
        """
        if row < 0 or row >= len(rows) or rows[row] < 0:
            return None
        months = self.months

        def period(index: int) -> int:
            value = rows[index]
            return months[value if value >= 0 else ~value] // months_per_period

        current = period(row)
        if step > 0:
            target = bisect.bisect_right(range(len(rows)), current, key=period)
            # Skip the year header that opens a new year: the cursor goes to an event.
            while target < len(rows) and rows[target] < 0:
                target += 1
            return target if target < len(rows) else None
        first_of_current = bisect.bisect_left(range(len(rows)), current, key=period)
        if first_of_current == 0:
            return None
        previous = period(first_of_current - 1)
        target = bisect.bisect_left(range(len(rows)), previous, key=period)
        while target < len(rows) and rows[target] < 0:
            target += 1
        return target


class Matcher(Protocol):
    def matching(self, words: Sequence[str], within: Sequence[int] | None = None) -> list[int]: ...


def narrows(previous: Sequence[str], words: Sequence[str]) -> bool:
    """True when every event matching ``words`` also matches ``previous``.

    That holds when each earlier word is contained in some new word: typing on at the
    end ("spa" → "spac"), or adding a word ("spacesail" → "spacesail 2025").
    """
    return all(any(old in new for new in words) for old in previous)


class IncrementalSearch:
    """Search results for each query, reusing the last result when the new query only narrows it.

    Keeps the results of recent queries, so backspace back to an earlier query costs
    nothing, and scans the whole filtered list only when the query changes direction.
    Results are kept as arrays: a full garbage collection walks every item of every
    list, and at 100,000 events the cached lists made that a 26 ms pause mid-keystroke.
    """

    def __init__(self, matcher: Matcher, cache_size: int = 64) -> None:
        self._matcher = matcher
        self._base: list[int] | None = None
        self._cache: OrderedDict[tuple[str, ...], Sequence[int]] = OrderedDict()
        self._cache_size = cache_size
        self._last: tuple[tuple[str, ...], Sequence[int]] | None = None

    def set_base(self, base: list[int] | None) -> None:
        """Search only among ``base`` (the other filters' result; None for every event) from now on."""
        self._base = base
        self._cache.clear()
        self._last = None

    def matching(self, words: Sequence[str]) -> Sequence[int] | None:
        """Positions matching every word among the base; None means every event (no words, no base)."""
        key = tuple(words)
        if not key:
            return self._base
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            self._last = (key, cached)
            return cached
        within: Sequence[int] | None = self._base
        if self._last is not None and narrows(self._last[0], key):
            within = self._last[1]
        # One word at a time, longest (most selective) first: each pass is the matcher's fast
        # single-word scan over what is left, several times quicker than testing all words per event.
        result: list[int] | None = None
        for word in sorted(set(key), key=len, reverse=True):
            result = self._matcher.matching([word], within=within)
            within = result
            if not result:
                break
        assert result is not None
        result = array("q", result)
        self._cache[key] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self._last = (key, result)
        return result
