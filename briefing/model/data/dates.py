"""Dates as the report gives them: exact days, and approximate ones kept in the report's words.

An exact day is a TOML date (``2025-01-06``). An approximate one is a string in the
report's own wording: ``"2001"``, ``"December 2024"``, ``"early 2024"``, ``"late 2025"``,
``"by 2035"``. Both kinds sort together on one time line: an approximate date sorts at
the start of the span it names, and a wider span sorts after a narrower one that starts
on the same day ("December 2024" before "December 16, 2024" is wrong, so spans are
compared by start, then by width, narrowest first).
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field (a millisecond a module), and these modules load on every lookup.

import datetime as dt
import re
from typing import Callable, NamedTuple

#: English month names, as the report writes them (not the calendar module's: those follow the locale).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
MONTHS = {name.casefold(): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name.casefold(): number for number, name in enumerate(MONTH_ABBREVIATIONS, start=1)})


def days_in_month(year: int, month: int) -> int:
    """28 to 31; raises ValueError for a month outside 1-12."""
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month}")
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (following - dt.timedelta(days=1)).day

#: Qualifiers the report uses before a year or month, and the months of the year each covers.
QUALIFIERS: dict[str, tuple[int, int]] = {
    "early": (1, 4),
    "mid": (5, 8),
    "late": (9, 12),
    "by": (1, 12),
}

#: An approximate date in the report's words. Compiled by ``re`` on first use (and cached there),
#: not at import: a lookup reads dates from the store and never parses one.
_APPROX = r"^(?:(?P<qualifier>early|mid|late|by)\s+)?(?:(?P<month>[A-Za-z]+)\s+)?(?P<year>\d{4})$"


class DateError(ValueError):
    """A date string that is not one of the forms the format allows."""


class ReportDate(NamedTuple):
    """A day, a month or a year, possibly qualified ("late 2025"), with the report's wording."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str | None = None
    wording: str = ""

    @classmethod
    def exact(cls, day: dt.date) -> "ReportDate":
        """The exact day ``day``."""
        return cls(day.year, day.month, day.day, None, "")

    @classmethod
    def parse(cls, value: "str | dt.date") -> "ReportDate":
        """Parse a TOML date or the report's wording; raise :class:`DateError` if neither."""
        if isinstance(value, dt.datetime):
            raise DateError("a date-time is not allowed; use a date such as 2025-01-06")
        if isinstance(value, dt.date):
            return cls.exact(value)
        if not isinstance(value, str):
            raise DateError(f"expected a date or a string such as \"late 2025\", got {type(value).__name__}")
        text = " ".join(value.split())
        match = re.match(_APPROX, text, re.IGNORECASE)
        if not match:
            raise DateError(
                f"cannot read date {value!r}: use a TOML date (2025-01-06) or the report's "
                "wording: \"2025\", \"December 2024\", \"early 2024\", \"late 2025\", \"by 2035\""
            )
        year = int(match["year"])
        if not 1 <= year <= 9999:
            raise DateError(f"year out of range in {value!r}")
        month = None
        if match["month"]:
            month = MONTHS.get(match["month"].casefold())
            if month is None:
                raise DateError(f"unknown month {match['month']!r} in {value!r}")
        qualifier = match["qualifier"].casefold() if match["qualifier"] else None
        return cls(year, month, None, qualifier, text)

    @property
    def is_exact(self) -> bool:
        """True for a whole calendar day with no qualifier."""
        return self.day is not None

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def iso(self) -> str:
        """ISO text: ``2025-01-06``, or partial ``2025-12`` / ``2025`` for approximate dates."""
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def span(self) -> tuple[dt.date, dt.date]:
        """The first and last day this date can mean."""
        if self.day is not None:
            day = dt.date(self.year, self.month, self.day)
            return day, day
        if self.month is not None:
            last = days_in_month(self.year, self.month)
            return dt.date(self.year, self.month, 1), dt.date(self.year, self.month, last)
        first_month, last_month = QUALIFIERS.get(self.qualifier or "", (1, 12))
        last = days_in_month(self.year, last_month)
        return dt.date(self.year, first_month, 1), dt.date(self.year, last_month, last)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Chronological order among exact and approximate dates: span start, then width."""
        start, end = self.span()
        return start.toordinal(), end.toordinal() - start.toordinal()

    @property
    def month_ordinal(self) -> int:
        """Months since year 0 of the first month the date can mean; never decreases along a timeline.

        ``late 2025`` counts as September 2025, where it sorts, so month and year keys can
        step through a chronological list in order.
        """
        month = self.month if self.month is not None else QUALIFIERS.get(self.qualifier or "", (1, 12))[0]
        return self.year * 12 + month - 1

    def display(self) -> str:
        """How to show the date: the report's wording when approximate, ``6 Jan 2025`` when exact."""
        if self.day is not None:
            return f"{self.day} {MONTH_ABBREVIATIONS[self.month - 1]} {self.year}"
        return self.wording or self.iso

    def to_toml(self) -> "str | dt.date":
        """The value to write back to TOML."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        return self.wording or self.iso

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """True when any day this date can mean lies within ``start``..``end`` (either open)."""
        first, last = self.span()
        if start is not None and last < start:
            return False
        if end is not None and first > end:
            return False
        return True


def parse_bound(value: str, *, end: bool) -> dt.date:
    """Parse a command-line bound ``2025``, ``2025-01`` or ``2025-01-06``.

    With ``end=True`` a year or month means its last day, so ``--to 2025-02`` includes February.
    """
    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1:
            year, = numbers
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if len(numbers) == 2:
            year, month = numbers
            last = days_in_month(year, month)
            return dt.date(year, month, last if end else 1)
        if len(numbers) == 3:
            return dt.date(*numbers)
    except ValueError:
        pass
    raise DateError(f"cannot read date {value!r}: use 2025, 2025-01 or 2025-01-06")


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def wording_in(date: ReportDate, text: str) -> str | None:
    """How ``text`` (the report's paragraph) writes ``date``, or None when it does not.

    Approximate dates keep the report's wording already ("late 2025"). An exact day is
    stored as a TOML date, so its wording is looked for in the paragraph: "December 16, 2024",
    "16 December 2024", or "December 16" when the year is left to the reader.
    """
    if date.day is None:
        return date.wording or None
    month, day, year = _MONTH_NAMES[date.month - 1], date.day, date.year
    # As the patterns r"\bDecember 16, 2024\b", r"\b16 December,? 2024\b" and r"\bDecember 16(?!\d)"
    # would find them, in that order of preference, by plain string search with the same
    # boundaries: an export of 100,000 events asks this 30,000 times, and a pattern per day
    # (or a pattern for every day) cost most of its time.
    for needles, end in (((f"{month} {day}, {year}",), _WORD), ((f"{day} {month}, {year}", f"{day} {month} {year}"), _WORD),
                         ((f"{month} {day}",), _DIGIT)):
        found = _leftmost(text, needles, end)
        if found is not None:
            return found
    return None


def _leftmost(text: str, needles: tuple[str, ...], end: "Callable[[str], object]") -> str | None:
    """The first of ``needles`` in ``text`` not preceded by a word character and not followed by
    one that ``end`` matches: the leftmost, as a regular expression's search finds it."""
    best: tuple[int, str] | None = None
    for needle in needles:
        start = text.find(needle)
        while start != -1:
            after = start + len(needle)
            if (start == 0 or not _WORD(text[start - 1])) and (after == len(text) or not end(text[after])):
                if best is None or start < best[0]:
                    best = (start, needle)
                break
            start = text.find(needle, start + 1)
    return None if best is None else best[1]


def _WORD(ch: str) -> bool:
    """``\\w`` for one character, without compiling a pattern as the module loads (every lookup loads it)."""
    return ch.isalnum() or ch == "_"


def _DIGIT(ch: str) -> bool:
    """``\\d`` for one character."""
    return ch.isdecimal()
