"""The changes between two editions, in the order analysts ask about them.

:func:`diff_editions` matches the records of an old and a new edition
(:mod:`.matching`) and sorts every difference into one place, so each is reported once:

* each matched pair that differs is **one** :class:`Change`, filed under the first
  category that applies (a planned event that came true and was reworded is listed under
  "came true", with its text changes shown there); records only in one edition are new
  or dropped, except medal rows and CNKI articles, which have their own sections;
* figures (by id, else label), entities seen for the first time, the medal tallies by
  company and the country counts, and the notes carried over are listed beside them.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from ..data.dates import ReportDate
from ..data.records import ENTITY_KINDS, MEDALS, Article, Edition, Event, MedalRow, NewsItem, Record
from . import words as word_diff
from .matching import Match, match_records

#: Categories of change, in the order they are reported, with their headings.
CATEGORIES: dict[str, str] = {
    "came_true": "Planned events that came true",
    "overdue": "Planned events now overdue",
    "date_refined": "Dates refined",
    "date_changed": "Dates changed",
    "added": "New items",
    "dropped": "Dropped items",
    "medal_changed": "Medal rows with another medal",
    "medal_added": "Medal rows added",
    "medal_removed": "Medal rows removed",
    "article_moved": "CNKI articles: downloads and ranks",
    "article_added": "CNKI articles added",
    "article_dropped": "CNKI articles dropped",
    "reworded": "Text changes",
}

#: Text fields compared word by word, per dataset, with their labels.
TEXT_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "news": (("headline", "headline"), ("text", "text")),
    "events": (("title", "title"), ("text", "text"), ("category", "category")),
    "articles": (("topic", "topic"), ("theme", "theme"), ("institution", "institution"), ("summary", "summary")),
    "medals": (("sector", "sector"), ("company", "company"), ("satellite", "satellite")),
}


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
    changes: tuple[Change, ...]
    figures: tuple[FigureChange, ...]
    entities: tuple[NewEntity, ...]
    tallies: tuple[Tally, ...]
    countries: tuple[tuple[str, int | None, int | None], ...]
    carried: tuple[CarriedNote, ...]
    orphans: tuple[OrphanNote, ...]
    #: Matched pairs that did not change at all.
    unchanged: int

    def in_category(self, category: str) -> list[Change]:
        return [change for change in self.changes if change.category == category]

    def counts(self) -> dict[str, int]:
        """How many of each category of change, then of the other lists (the summary)."""
        counts = {category: 0 for category in CATEGORIES}
        for change in self.changes:
            counts[change.category] += 1
        counts["figures_changed"] = len(self.figures)
        counts["entities_first_seen"] = len(self.entities)
        counts["notes_carried"] = len(self.carried)
        counts["notes_orphaned"] = len(self.orphans)
        return counts


def diff_editions(old: Edition, new: Edition, notes: Mapping[str, Any] | None = None) -> EditionDiff:
    """Match ``old`` and ``new`` and list what changed; ``notes`` (keyed ``edition/id``) are carried over."""
    # Reading and pairing 10,000s of records allocates objects that all stay alive until the
    # diff is done: the collector's passes over them free nothing and took a third of the time
    # at 10,000 events (as in the loader, see load_editions).
    with paused_gc():
        return _diff(old, new, notes)


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic collector off for the block (allocation-heavy work on objects that all stay alive)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _diff(old: Edition, new: Edition, notes: Mapping[str, Any] | None) -> EditionDiff:
    changes: list[Change] = []
    unchanged = 0
    pairs_by_old: dict[str, Match] = {}
    old_records: dict[str, list[Record]] = {}
    new_records: dict[str, list[Record]] = {}
    for dataset in ("news", "events", "medals", "articles"):
        old_list = list(getattr(old, dataset))
        new_list = list(getattr(new, dataset))
        old_records[dataset], new_records[dataset] = old_list, new_list
        matching = match_records(old_list, new_list)
        old_rank = _ranks(old_list) if dataset == "articles" else {}
        new_rank = _ranks(new_list) if dataset == "articles" else {}
        period_end = new.report.period_end
        for pair in matching.pairs:
            pairs_by_old[pair.old.id] = pair
            old_record, new_record = pair.old, pair.new
            # Every field but edition, id, order and follows (the first two and last two) the same:
            # nothing changed, unless an event still planned has passed its date or an article moved
            # in the ranking. Most pairs end here, in one tuple comparison.
            if old_record[2:-2] == new_record[2:-2] and not (
                    (dataset == "events" and old_record.status == "planned" and _past(new_record.date, period_end))
                    or (dataset == "articles" and old_rank.get(old_record.key) != new_rank.get(new_record.key))):
                unchanged += 1
                continue
            change = _pair_change(dataset, pair, period_end, old_rank, new_rank)
            if change is None:
                unchanged += 1
            else:
                changes.append(change)
        for record in matching.added:
            category = {"medals": "medal_added", "articles": "article_added"}.get(dataset, "added")
            rank = (None, new_rank.get(record.key)) if dataset == "articles" else None
            changes.append(Change(category, dataset, None, record, rank=rank,
                                  downloads=(None, record.downloads) if dataset == "articles" else None))
        for record in matching.dropped:
            category = {"medals": "medal_removed", "articles": "article_dropped"}.get(dataset, "dropped")
            if isinstance(record, Event) and record.planned and _past(record.date, new.report.period_end):
                category = "overdue"  # gone from the new edition, and nothing says it happened
            rank = (old_rank.get(record.key), None) if dataset == "articles" else None
            changes.append(Change(category, dataset, record, None, rank=rank,
                                  downloads=(record.downloads, None) if dataset == "articles" else None))
    order = list(CATEGORIES)
    changes.sort(key=lambda change: (order.index(change.category), _sort_key(change)))
    carried, orphans = _notes(old, notes or {}, pairs_by_old, old_records)
    return EditionDiff(
        old=old, new=new, notices=tuple(_notices(old, new)), changes=tuple(changes),
        figures=tuple(_figures(old, new)), entities=tuple(_first_seen(old_records, new_records)),
        tallies=tuple(_tallies(old_records["medals"], new_records["medals"])),
        countries=tuple(_countries(old, new)), carried=tuple(carried), orphans=tuple(orphans),
        unchanged=unchanged,
    )


def _past(date: ReportDate, period_end: dt.date) -> bool:
    """True when every day ``date`` can mean lies on or before ``period_end``: the date has passed."""
    if date.year != period_end.year:  # most dates: no need to build the span's days
        return date.year < period_end.year
    return date.span()[1] <= period_end


def record_date(record: Record) -> ReportDate | None:
    if isinstance(record, Event):
        return record.date
    if isinstance(record, NewsItem):
        return record.own_date
    return None


def _date_change(old: Record, new: Record) -> DateChange | None:
    before, after = record_date(old), record_date(new)
    if before is None or after is None:
        return None
    old_span, new_span = before.span(), after.span()
    if old_span == new_span:
        return None
    refined = old_span[0] <= new_span[0] and new_span[1] <= old_span[1]
    return DateChange(before, after, refined)


def _texts(dataset: str, old: Record, new: Record) -> tuple[TextChange, ...]:
    out = []
    for field, label in TEXT_FIELDS[dataset]:
        before, after = getattr(old, field) or "", getattr(new, field) or ""
        if before != after:
            out.append(TextChange(label, before, after, word_diff.word_diff(before, after)))
    return tuple(out)


def _pair_change(dataset: str, pair: Match, period_end: dt.date, old_rank: dict[str, int],
                 new_rank: dict[str, int]) -> Change | None:
    old, new = pair.old, pair.new
    texts = _texts(dataset, old, new)
    date = _date_change(old, new)
    status = medal = downloads = rank = None
    category = "reworded"
    if isinstance(old, Event) and isinstance(new, Event):
        if old.status != new.status:
            status = (old.status, new.status)
        if old.planned and not new.planned:
            category = "came_true"
        elif old.planned and new.planned and _past(new.date, period_end):
            category = "overdue"
    if isinstance(old, MedalRow) and isinstance(new, MedalRow) and old.medal != new.medal:
        medal = (old.medal, new.medal)
        category = "medal_changed"
    if isinstance(old, Article) and isinstance(new, Article):
        ranks = (old_rank.get(old.key), new_rank.get(new.key))
        if old.downloads != new.downloads or ranks[0] != ranks[1]:
            downloads, rank = (old.downloads, new.downloads), ranks
            category = "article_moved"
    if category == "reworded" and date is not None:
        category = "date_refined" if date.refined else "date_changed"
    if category == "reworded" and not texts and status is None:
        return None  # nothing an analyst would see differs (entities and tags are not listed)
    return Change(category, dataset, old, new, pair.how, status, date, medal, downloads, rank, texts)


def _ranks(articles: Sequence[Record]) -> dict[str, int]:
    """Rank by downloads, most first (ties in report order), as ``briefing trends`` lists them."""
    ordered = sorted(articles, key=lambda a: -a.downloads)  # type: ignore[union-attr]
    return {article.key: rank for rank, article in enumerate(ordered, 1)}


def _sort_key(change: Change) -> tuple:
    if change.rank is not None:
        return (change.rank[1] or change.rank[0] or 0,)
    date = record_date(change.record)
    return (date.sort_key if date is not None else (0, 0), change.dataset, change.record.order)


def _notices(old: Edition, new: Edition) -> Iterable[str]:
    if old is new:
        yield f"both sides are the same edition, {old.id}: nothing can have changed"
        return
    if old.id == new.id:
        yield (f"both editions have the id {old.id}: keys such as {old.id}/… name a record of either; "
               "the first named is the old one")
    a, b = old.report, new.report
    if a.period_start <= b.period_end and b.period_start <= a.period_end:
        yield (f"the periods overlap: {old.id} covers {a.period_start} to {a.period_end}, "
               f"{new.id} covers {b.period_start} to {b.period_end}")
    if b.period_start < a.period_start:
        yield f"{new.id} starts before {old.id}: the 'new' edition is the older one"


def _figures(old: Edition, new: Edition) -> Iterable[FigureChange]:
    old_figures = list(old.report.figures)
    remaining = {figure.id: figure for figure in old_figures}
    by_label = {figure.label.casefold(): figure for figure in old_figures}
    for figure in new.report.figures:
        before = remaining.pop(figure.id, None)
        if before is None:
            candidate = by_label.get(figure.label.casefold())
            if candidate is not None and candidate.id in remaining:
                before = remaining.pop(candidate.id)
        if before is None:
            yield FigureChange(figure.label, None, figure.value, None, figure.id)
        elif before.value != figure.value:
            yield FigureChange(figure.label, before.value, figure.value, before.id, figure.id)
    for figure in remaining.values():
        yield FigureChange(figure.label, figure.value, None, figure.id, None)


def _first_seen(old: Mapping[str, list[Record]], new: Mapping[str, list[Record]]) -> Iterable[NewEntity]:
    # Exact names first, folded only when new: most names recur, and casefolding 100,000 of them
    # took a quarter of a second.
    known_exact = {names for records in old.values() for record in records for names in record.entities}
    known = {name.casefold() for names in known_exact for name in names}
    seen: set[str] = set()
    kinds = tuple(ENTITY_KINDS)
    for dataset in ("news", "events", "articles", "medals"):
        for record in new[dataset]:
            for kind, names in zip(kinds, record.entities):
                if names in known_exact:
                    continue
                for name in names:
                    folded = name.casefold()
                    if folded not in known and folded not in seen:
                        seen.add(folded)
                        yield NewEntity(kind, name, record)


def _tallies(old: Sequence[Record], new: Sequence[Record]) -> Iterable[Tally]:
    def count(rows: Sequence[Record]) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        for row in rows:
            out.setdefault(row.company, Counter())[row.medal] += 1  # type: ignore[union-attr]
        return out

    before, after = count(old), count(new)
    companies = list(before) + [company for company in after if company not in before]
    for company in companies:
        b, a = before.get(company, Counter()), after.get(company, Counter())
        yield Tally(company, tuple(b[m] for m in MEDALS), tuple(a[m] for m in MEDALS))  # type: ignore[arg-type]


def _countries(old: Edition, new: Edition) -> Iterable[tuple[str, int | None, int | None]]:
    before = {count.country: count.medals for count in old.medal_context.counts}
    after = {count.country: count.medals for count in new.medal_context.counts}
    for country in list(before) + [c for c in after if c not in before]:
        yield country, before.get(country), after.get(country)


def _notes(old: Edition, notes: Mapping[str, Any], pairs: Mapping[str, Match],
           old_records: Mapping[str, list[Record]]) -> tuple[list[CarriedNote], list[OrphanNote]]:
    carried: list[CarriedNote] = []
    orphans: list[OrphanNote] = []
    by_key: dict[str, Record] | None = None  # built only when a note's record is not matched
    for key, note in notes.items():
        if note.edition != old.id:
            continue
        if by_key is None and note.id not in pairs:
            by_key = {record.key: record for records in old_records.values() for record in records}
        pair = pairs.get(note.id)
        if pair is not None:
            carried.append(CarriedNote(note, pair.old, pair.new))
        else:
            orphans.append(OrphanNote(note, by_key.get(key) if by_key is not None else None))
    return carried, orphans

