"""One-line labels for any record, shared by lists that mix datasets (entities, notes)."""

from __future__ import annotations

from rich.text import Text

from ...model.data.records import Article, Event, MedalRow, NewsItem, Record

DATASET_TAGS = {"news": "news", "medals": "medal", "articles": "cnki", "events": "event"}


def record_date(record: Record) -> str:
    if isinstance(record, Event):
        return record.date.display()
    if isinstance(record, NewsItem) and record.own_date is not None:
        return record.own_date.display()
    return ""


def record_row(record: Record, width: int) -> Text:
    """``event  6 Jan 2025  Shijian-25 launched`` as plain-string Text."""
    tag = DATASET_TAGS.get(record.dataset, record.dataset)
    date = record_date(record)
    detail = ""
    if isinstance(record, MedalRow):
        detail = record.sector
    elif isinstance(record, Article):
        detail = f"{record.downloads:,} downloads"
    return Text.assemble((f"{tag:<6}", "dim"), " ", (f"{date:<14}", "dim"), " ", record.title,
                         ("  " + detail if detail else "", "dim"))
