"""One timeline row as plain-string Text: date column, happened/planned marker, title, search matches lit.

Rows are built only for the lines on screen (the VirtualList asks), so the cost of
highlighting does not grow with the number of events.
"""

from __future__ import annotations

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


def event_row(event: Event, words: list[str], marks: str, *, match: Style, planned: Style, dim: Style,
              marks_style: Style) -> Text:
    """``✎⚑ 6 Jan 2025     ● Shijian-25 launched…``; planned events read ``◇ planned · …`` in the planned colour.

    ``marks`` are the note and flag marks (two cells, or blank), as :meth:`BriefingTab.marker` gives them.
    """
    date = event.date.display()
    if cell_len(date) > DATE_WIDTH - 1:
        date = set_cell_size(date, DATE_WIDTH - 2) + "…"
    date_cell = set_cell_size(date, DATE_WIDTH)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(set_cell_size(marks, MARKS_WIDTH) + " ", marks_style)
    date_start = len(text.plain)
    text.append(date_cell, dim)
    text.append(PLANNED_MARK if event.planned else HAPPENED_MARK, planned if event.planned else dim)
    title_start = len(text.plain)
    text.append(event.title, planned if event.planned else None)
    if words:
        for start, end in match_spans(date_cell, words):
            text.stylize(match, date_start + start, date_start + end)
        for start, end in match_spans(event.title, words):
            text.stylize(match, title_start + start, title_start + end)
    return text


def year_row(year: int, count: int, width: int, *, header: Style) -> Text:
    """``── 2025 · 12 events ──────`` filling ``width``: a heading row the cursor skips."""
    label = f"── {year} · {count} event{'s' if count != 1 else ''} "
    # As a span, not Text's base style: the list renders Text segment by segment, which drops the base style.
    return Text.assemble((label + "─" * max(width - cell_len(label), 0), header), no_wrap=True)
