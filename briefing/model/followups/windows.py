"""Due windows from the report's wording: the first and last day a plan can be kept.

A plan's date is a :class:`~briefing.model.data.dates.ReportDate`; its window is the span of
days the wording can mean: "late 2025" is 1 September to 31 December 2025, "2025" and
"by 2025" end on 31 December 2025, "early" is January to April, "mid" May to August,
"December 2025" the month, an exact day that day. The window is ours; the wording shown
beside it is always the report's (or, for a slip an analyst recorded, the analyst's).

:func:`parse_window` reads a new window an analyst types (``--slipped``): the report's
forms, plus "the first half of 2026", "H2 2026", "Q3 2026", "end of 2026", "mid-2026",
``2026-06`` and ``2026-06-30``.
"""

# No "from __future__ import annotations": NamedTuple compiles string annotations, and this
# module loads on every `briefing followups`.

import datetime as dt
import re
from typing import NamedTuple

from ..data.dates import MONTH_ABBREVIATIONS, DateError, ReportDate, days_in_month


class DueWindow(NamedTuple):
    """The days a plan is due in (``start``..``end``, both included) and the words that gave them."""

    start: dt.date
    end: dt.date
    wording: str

    def status_on(self, day: dt.date) -> str:
        """``"upcoming"`` before the window, ``"due"`` inside it, ``"overdue"`` after it."""
        if day < self.start:
            return "upcoming"
        return "due" if day <= self.end else "overdue"

    def span_text(self) -> str:
        """Our short reading of the window: ``Sep–Dec 2025``, ``Jan–Dec 2027``, ``6 Jan 2025``."""
        start, end = self.start, self.end
        if start == end:
            return f"{start.day} {MONTH_ABBREVIATIONS[start.month - 1]} {start.year}"
        whole_months = start.day == 1 and end.day == days_in_month(end.year, end.month)
        if whole_months:
            first, last = MONTH_ABBREVIATIONS[start.month - 1], MONTH_ABBREVIATIONS[end.month - 1]
            if start.year == end.year:
                return f"{first} {start.year}" if start.month == end.month else f"{first}–{last} {start.year}"
            return f"{first} {start.year}–{last} {end.year}"
        return f"{start.isoformat()}–{end.isoformat()}"


def window_of(date: ReportDate) -> DueWindow:
    """The window of a plan dated ``date``, with the report's wording (ours, ``6 Jan 2025``, for a bare day)."""
    start, end = date.span()
    return DueWindow(start, end, date.wording or date.display())


#: "the first half of 2026", "second half 2026", "H1 2026", "1H 2026".
_HALF = (r"^(?:the\s+)?(?:(?P<word>first|second)\s+half(?:\s+of)?|h(?P<h>[12])|(?P<h2>[12])h)\s+"
         r"(?P<year>\d{4})$")
#: "Q3 2026", "the third quarter of 2026".
_QUARTER = (r"^(?:q(?P<q>[1-4])|(?:the\s+)?(?P<word>first|second|third|fourth)\s+quarter(?:\s+of)?)\s+"
            r"(?P<year>\d{4})$")
#: "end of 2026", "the end of 2026", "year-end 2026".
_END = r"^(?:(?:the\s+)?end\s+of|year-end)\s+(?P<year>\d{4})$"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def parse_window(text: str) -> DueWindow:
    """The window ``text`` names, keeping ``text`` (spaces tidied) as its wording; raises DateError.

    "end of 2026" is read as the last four months, as "late 2026" is.
    """
    wording = " ".join(str(text).split())
    if not wording:
        raise DateError("the new window is empty; give one such as \"mid 2026\" or 2026-06")
    lowered = wording.casefold().replace("mid-", "mid ")
    if re.fullmatch(r"\d{4}-\d{1,2}(?:-\d{1,2})?", lowered):
        from ..data.dates import parse_bound

        return DueWindow(parse_bound(lowered, end=False), parse_bound(lowered, end=True), wording)
    match = re.match(_HALF, lowered)
    if match:
        half = 1 if (match["word"] == "first" or match["h"] == "1" or match["h2"] == "1") else 2
        year = _year(match["year"], wording)
        first = 1 if half == 1 else 7
        return DueWindow(dt.date(year, first, 1), dt.date(year, first + 5, days_in_month(year, first + 5)), wording)
    match = re.match(_QUARTER, lowered)
    if match:
        quarter = int(match["q"]) if match["q"] else _ORDINALS[match["word"]]
        year = _year(match["year"], wording)
        first = 3 * quarter - 2
        return DueWindow(dt.date(year, first, 1), dt.date(year, first + 2, days_in_month(year, first + 2)), wording)
    match = re.match(_END, lowered)
    if match:
        year = _year(match["year"], wording)
        return DueWindow(dt.date(year, 9, 1), dt.date(year, 12, 31), wording)
    try:
        date = ReportDate.parse(lowered)
    except DateError:
        raise DateError(
            f"cannot read the window {wording!r}: use the report's words (\"late 2026\", \"mid 2026\", \"2026\", "
            "\"by 2027\", \"June 2026\"), \"the first half of 2026\", \"Q3 2026\", or a date 2026-06 / 2026-06-30"
        ) from None
    start, end = date.span()
    return DueWindow(start, end, wording)


def _year(text: str, wording: str) -> int:
    year = int(text)
    if not 1 <= year <= 9999:
        raise DateError(f"year out of range in {wording!r}")
    return year
