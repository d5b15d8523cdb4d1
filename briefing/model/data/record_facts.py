"""What a record is dated, titled and sourced by: one definition each, for every front end.

The app's lists and labels, the palette, ``briefing search`` and ``show``, the exports and
citations all ask here, so one record never shows two dates or two titles:

* :func:`record_date`: an event's date; a news paragraph's own date (``NewsItem.own_date``:
  the first listed date inside the edition's period, never a date it names in passing);
  nothing for a medal row, a CNKI article or a part of the report, which the report does
  not date.
* :func:`record_title`: the record's one-line title (``.title``; a medal row's reads
  "Gold: China Siwei, Gaojing-01 (Opto-electronic imaging)").
* :func:`record_source`: the id of the report's paragraph (news item) the record comes
  from: a news item is its own source; an event's and an article's ``source``; a medal
  row's is the paragraph that reviews the table; a key figure's ``source``. ``source``
  means that everywhere: the paragraph a record comes from.
"""

# No "from __future__ import annotations": this module loads on every lookup, as records does.

import datetime as dt
from typing import Sequence

from .dates import ReportDate
from .records import Article, Event, MedalRow, NewsItem, Record, ReportPart


def record_date(record: Record) -> ReportDate | None:
    """The date a record is listed, cited and exported under; None when the report gives it none."""
    if isinstance(record, Event):
        return record.date
    if isinstance(record, NewsItem):
        return record.own_date
    return None


def record_title(record: Record) -> str:
    """The record's one-line title, as every list, hit and export shows it."""
    return record.title


def record_source(record: Record, model=None) -> str | None:
    """The id of the news item (the report's paragraph) ``record`` comes from, or None.

    ``model`` (a :class:`~briefing.model.data.records.Model`) is needed only for a medal row
    and a key figure, whose paragraph is named by their edition rather than the record.
    """
    if isinstance(record, NewsItem):
        return record.id
    if isinstance(record, (Event, Article)):
        return record.source
    edition = model.edition(record.edition) if model is not None else None
    if isinstance(record, MedalRow):
        return edition.medal_context.source_item if edition is not None else None
    if isinstance(record, ReportPart) and record.kind == "figure" and edition is not None:
        return next((figure.source for figure in edition.report.figures if figure.id == record.id), None)
    return None


def own_date(dates: Sequence[ReportDate], period_start: dt.date, period_end: dt.date) -> ReportDate | None:
    """When the paragraph's news happened or was reported: the first listed date that begins within the period.

    A paragraph also names dates in passing: the 2021 medal table, the early-2024 launch of
    the first 6G test satellite, a 2023 precursor network. Those lie before the edition's
    period (or, as "by 2035", after it) and are never the item's date. Among the dates in the
    period the first listed wins (data/README.md: list the main event's date first). None
    when the paragraph dates nothing it reports within the period: lists say "no date".
    """
    for date in dates:
        start = date.span()[0]
        if period_start <= start <= period_end:
            return date
    return None
