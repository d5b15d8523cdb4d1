"""One-line labels for any record, shared by lists that mix datasets (entities, notes)."""

from __future__ import annotations

from rich.text import Text

from ...model.data.record_facts import record_date as dated, record_title
from ...model.data.records import Article, MedalRow, Record

DATASET_TAGS = {"news": "news", "medals": "medal", "articles": "cnki", "events": "event"}


def record_date(record: Record) -> str:
    """The record's date as lists show it (the model's one definition), "" when it has none."""
    date = dated(record)
    return date.display() if date is not None else ""


def record_row(record: Record, width: int) -> Text:
    """``event  6 Jan 2025  Shijian-25 launched`` as plain-string Text."""
    tag = DATASET_TAGS.get(record.dataset, record.dataset)
    date = record_date(record)
    detail = ""
    if isinstance(record, MedalRow):
        detail = record.sector
    elif isinstance(record, Article):
        detail = f"{record.downloads:,} downloads"
    return Text.assemble((f"{tag:<6}", "dim"), " ", (f"{date:<14}", "dim"), " ", record_title(record),
                         ("  " + detail if detail else "", "dim"))
