"""One timeline row as plain-string Text: date column, happened/planned marker, title, search matches lit.

Rows are built only for the lines on screen (the VirtualList asks), so the cost of
highlighting does not grow with the number of events.
"""

from __future__ import annotations

from array import array
from typing import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text

from ...model.data.records import Event
from ...model.data.text import match_spans

#: Cells of the date column: "December 2024" and "30 Dec 2024" fit, with a space to spare.
DATE_WIDTH = 14
#: Cells of the note/flag marks column ("✎⚑").
MARKS_WIDTH = 2
HAPPENED_MARK = "● "
PLANNED_MARK = "◇ planned · "
#: A plan past its window with nothing said of it (see the Follow-ups tab): a word, readable without colour.
OVERDUE_MARK = "◆ overdue · "


#: Cells of an edition's mark in a row ("Sep25+" and a space).
EDITION_WIDTH = 7


def event_row(event: Event, words: list[str], marks: str, *, match: Style, planned: Style, dim: Style,
              marks_style: Style, overdue: bool = False, edition: str = "") -> Text:
    """``✎⚑ 6 Jan 2025     ● Shijian-25 launched…``; planned events read ``◇ planned · …`` in the planned colour.

    ``overdue``: the plan is past its window with no outcome; it reads ``◆ overdue · …`` instead, in bold.

    ``marks`` are the note and flag marks (two cells, or blank), as :meth:`BriefingTab.marker` gives them;
    ``edition`` the edition's narrow mark ("Sep25+") when several editions are listed together.
    """
    date = event.date.display()
    if cell_len(date) > DATE_WIDTH - 1:
        date = set_cell_size(date, DATE_WIDTH - 2) + "…"
    date_cell = set_cell_size(date, DATE_WIDTH)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(set_cell_size(marks, MARKS_WIDTH) + " ", marks_style)
    date_start = len(text.plain)
    text.append(date_cell, dim)
    if edition:
        text.append(set_cell_size(edition, EDITION_WIDTH), dim)
    if overdue:
        text.append(OVERDUE_MARK, planned + Style(bold=True))
    else:
        text.append(PLANNED_MARK if event.planned else HAPPENED_MARK, planned if event.planned else dim)
    title_start = len(text.plain)
    text.append(event.title, planned if event.planned else None)
    if words:
        for start, end in match_spans(date_cell, words, whole_short=False):
            text.stylize(match, date_start + start, date_start + end)
        for start, end in match_spans(event.title, words, whole_short=False):
            text.stylize(match, title_start + start, title_start + end)
    return text


def year_row(year: int, count: int, width: int, *, header: Style, last_year: int | None = None) -> Text:
    """``── 2025 · 12 events ──────`` filling ``width``: a heading row the cursor skips.

    ``last_year``: the heading of several years with one event each, ``── 1992–2023 · 5 events``.
    """
    years = f"{year}–{last_year}" if last_year is not None and last_year != year else str(year)
    label = f"── {years} · {count} event{'s' if count != 1 else ''} "
    # As a span, not Text's base style: the list renders Text segment by segment, which drops the base style.
    return Text.assemble((label + "─" * max(width - cell_len(label), 0), header), no_wrap=True)


def merge_lone_years(rows: Sequence[int], counts: dict[int, int], year_of: Callable[[int], int]
                     ) -> tuple[Sequence[int], dict[int, int], dict[int, int]]:
    """Rows with each run of years holding one event apiece under one heading (1992–2023 · 5 events).

    A heading per lone event spent half of an 80x24 list on headings. ``rows`` and
    ``counts`` are :meth:`EventColumns.rows`' (a header row is ``~position``); ``year_of``
    gives an event's year. Returns the rows, the header counts, and each merged heading's
    last year. The loop runs per heading, never per event: events are copied as slices.
    """
    headers = sorted(counts)
    lone = [h for h in headers if counts[h] == 1]
    if len(lone) < 2 or not any(b == a + 2 for a, b in zip(lone, lone[1:])):
        return rows, counts, {}
    merged, new_counts, spans = array("q"), {}, {}
    copied, i = 0, 0
    while i < len(headers):
        first = last = i
        while (last + 1 < len(headers) and counts[headers[last]] == 1 and counts[headers[last + 1]] == 1
               and headers[last + 1] == headers[last] + 2):
            last += 1
        head = headers[first]
        merged.extend(rows[copied:head])
        new_counts[len(merged)] = last - first + 1 if last > first else counts[head]
        merged.append(rows[head])
        if last > first:
            spans[len(merged) - 1] = year_of(rows[headers[last] + 1])
            merged.extend(rows[headers[k] + 1] for k in range(first, last + 1))
            copied = headers[last] + 2
        else:
            copied = head + 1
        i = last + 1
    merged.extend(rows[copied:])
    return merged, new_counts, spans
