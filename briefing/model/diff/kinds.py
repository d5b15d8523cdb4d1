"""What a diff is made of: the categories of change, a change, the diff, and the small helpers they share.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from typing import Any, Iterator, NamedTuple, Sequence

from ..data.dates import ReportDate
from ..data.record_facts import record_date  # the one definition of a record's date
from ..data.records import Edition, Record
from . import words as word_diff

#: Categories of change, in the order they are reported, with their headings.
CATEGORIES: dict[str, str] = {
    "came_true": "Planned events that came true",
    "overdue": "Planned events now overdue",
    "date_refined": "Dates refined",
    "date_changed": "Dates changed",
    "added": "New paragraphs and items",
    "dropped": "Dropped paragraphs and items",
    "medal_changed": "Medal rows with another medal",
    "medal_added": "Medal rows added",
    "medal_removed": "Medal rows removed",
    "article_moved": "CNKI articles: downloads and ranks",
    "article_added": "CNKI articles added",
    "article_dropped": "CNKI articles dropped",
    "reworded": "Wording changed",
}

#: Where differences only in our own fields are listed, apart from the report's changes.
OURS_HEADING = "Our wording differs (titles, summaries, categories, ids: ours, not the report's)"

#: Our own fields, compared word by word, per dataset, with their labels (ours, not the report's).
OUR_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "news": (("headline", "headline"),),
    "events": (("title", "title"), ("text", "text"), ("category", "category")),
    "articles": (("topic", "topic"), ("theme", "theme"), ("summary", "summary")),
    "medals": (),
    "report": (),
}

#: The medal table's cells: the report's words.
MEDAL_CELLS = (("sector", "sector"), ("company", "company"), ("satellite", "satellite"))


class TextChange(NamedTuple):
    """One text field of a matched pair that differs, with its word runs."""

    field: str
    old: str
    new: str
    runs: list[word_diff.Run]


class DateChange(NamedTuple):
    old: ReportDate
    new: ReportDate
    #: True when the new date is narrower and inside the old one ("late 2025" became 2025-11-20).
    refined: bool


class Change(NamedTuple):
    """One change: a matched pair that differs, or a record only in one edition."""

    category: str
    dataset: str
    old: Record | None
    new: Record | None
    #: How the pair was matched ("follows", "id", "similar"); "" for a record in one edition only.
    how: str = ""
    status: tuple[str, str] | None = None
    date: DateChange | None = None
    medal: tuple[str, str] | None = None
    downloads: tuple[int | None, int | None] | None = None
    rank: tuple[int | None, int | None] | None = None
    texts: tuple[TextChange, ...] = ()
    #: Other records on an added or dropped paragraph (its events and articles).
    related: tuple[Record, ...] = ()
    #: For our wording: the names of our fields that differ ("title", "id", "event read only here"...).
    fields: tuple[str, ...] = ()

    @property
    def record(self) -> Record:
        """The newer of the two records (the old one for a dropped record)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]


class FigureChange(NamedTuple):
    """A key figure whose value changed, or one only in one edition (``old`` or ``new`` None)."""

    label: str
    old: str | None
    new: str | None
    old_id: str | None
    new_id: str | None


class NewEntity(NamedTuple):
    """An entity named in the new edition and in no record of the old one; ``first`` names it first."""

    kind: str
    name: str
    first: Record


class Tally(NamedTuple):
    """Medals of one company, Gold, Silver and Bronze, before and after."""

    company: str
    before: tuple[int, int, int]
    after: tuple[int, int, int]

    @property
    def changed(self) -> bool:
        return self.before != self.after


class CarriedNote(NamedTuple):
    """A note written on a record of the old edition, shown on the record that continues it."""

    note: Any
    old: Record
    new: Record


class OrphanNote(NamedTuple):
    """A note on a record of the old edition that nothing in the new one continues (or that is not in the old one)."""

    note: Any
    old: Record | None


class EditionDiff(NamedTuple):
    """Everything that changed from ``old`` to ``new``."""

    old: Edition
    new: Edition
    #: Plain warnings about the comparison itself (overlapping periods, an edition against itself).
    notices: tuple[str, ...]
    #: What the report's words changed, each once.
    changes: tuple[Change, ...]
    figures: tuple[FigureChange, ...]
    entities: tuple[NewEntity, ...]
    tallies: tuple[Tally, ...]
    countries: tuple[tuple[str, int | None, int | None], ...]
    carried: tuple[CarriedNote, ...]
    orphans: tuple[OrphanNote, ...]
    #: Matched pairs that did not change at all.
    unchanged: int
    #: Differences only in our own fields (category "ours"): never the report's changes.
    ours: tuple[Change, ...] = ()
    #: Paragraphs matched, and of those whose words changed.
    paragraphs: tuple[int, int] = (0, 0)

    @property
    def report_changed(self) -> bool:
        """True when the report's words changed (what ``briefing diff``'s exit status says)."""
        return bool(self.changes)

    def in_category(self, category: str) -> list[Change]:
        return [change for change in self.changes if change.category == category]

    def counts(self) -> dict[str, int]:
        """How many of each category of change, then of the other lists (the summary)."""
        counts = {category: 0 for category in CATEGORIES}
        for change in self.changes:
            counts[change.category] += 1
        counts["figures_changed"] = len(self.figures)
        counts["entities_first_seen"] = len(self.entities)
        counts["report_changes"] = len(self.changes)
        counts["ours"] = len(self.ours) + len(self.figures)
        counts["notes_carried"] = len(self.carried)
        counts["notes_orphaned"] = len(self.orphans)
        return counts



@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic collector off for the block (allocation-heavy work on objects that all stay alive)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            # Everything made in the block is young: the first allocation after enable() would
            # have the collector go through all of it (80-95 ms at 10,000 events, everything
            # still alive). Moved to the oldest generation instead, it is looked at by the next
            # full collection, as it would be after surviving this one.
            gc.freeze()
            gc.unfreeze()
            gc.enable()



def past(date: ReportDate, period_end: dt.date) -> bool:
    """True when every day ``date`` can mean lies on or before ``period_end``: the date has passed."""
    if date.year != period_end.year:  # most dates: no need to build the span's days
        return date.year < period_end.year
    return date.span()[1] <= period_end


def ranks(articles: Sequence[Record]) -> dict[str, int]:
    """Rank by downloads, most first (ties in report order), as ``briefing trends`` lists them."""
    ordered = sorted(articles, key=lambda a: -a.downloads)  # type: ignore[union-attr]
    return {article.key: rank for rank, article in enumerate(ordered, 1)}


def sort_key(change: Change) -> tuple:
    if change.rank is not None:
        return (change.rank[1] or change.rank[0] or 0,)
    date = record_date(change.record)
    return (date.sort_key if date is not None else (0, 0), change.dataset, change.record.order)


