"""The changes between two editions, in the order analysts ask about them, read from the report's words.

:func:`diff_editions` matches the editions' paragraphs, then the records hung on them
(:mod:`.matching`), and sorts every difference into one place, so each is reported once:

* **report changes** (:attr:`EditionDiff.changes`) are what the report's words did: a
  paragraph added or dropped (with the records on it, one change), a medal row or CNKI
  article added or dropped, a medal, downloads or a status that changed, a date that moved
  or was refined (one change, never a drop and an add), and a paragraph reworded. A date
  or status counts only when its paragraph's words changed and the date is new to them
  (so a date we read differently from the same words is ours); a reworded paragraph whose
  change is a date is that one date change, its words diffed below it;
* **our wording** (:attr:`EditionDiff.ours`): differences only in what we wrote (titles,
  headlines, summaries, categories, ids, key figures, an event we read from unchanged
  words in one edition only), listed apart, never counted as the report's;
* entities seen for the first time (named by the records of report changes), the medal
  tallies by company and the country counts, and the notes carried over beside them.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from ..data.dates import ReportDate
from ..data.records import ENTITY_KINDS, MEDALS, Article, Edition, Event, NewsItem, Record, ReportPart
from . import words as word_diff
from .matching import BY_FOLLOWS, EditionMatch, Match, match_editions

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
    match = match_editions(old, new)
    builder = _Builder(old, new, match)
    builder.run()
    pairs_by_old = {pair.old.id: pair for matching in match.datasets.values() for pair in matching.pairs}
    old_records = {dataset: list(getattr(old, dataset)) for dataset in ("news", "events", "medals", "articles")}
    new_records = {dataset: list(getattr(new, dataset)) for dataset in ("news", "events", "medals", "articles")}
    order = list(CATEGORIES)
    changes = sorted(builder.changes, key=lambda change: (order.index(change.category), _sort_key(change)))
    ours = sorted(builder.ours, key=lambda change: (DATASET_ORDER.index(change.dataset), change.record.order))
    carried, orphans = _notes(old, notes or {}, pairs_by_old, old_records)
    return EditionDiff(
        old=old, new=new, notices=tuple(_notices(old, new)), changes=tuple(changes),
        figures=tuple(_figures(old, new)), entities=tuple(_first_seen(old_records, changes)),
        tallies=tuple(_tallies(old_records["medals"], new_records["medals"])),
        countries=tuple(_countries(old, new)), carried=tuple(carried), orphans=tuple(orphans),
        unchanged=builder.unchanged, ours=tuple(ours),
        paragraphs=(len(match.groups), sum(1 for group in match.groups if group.changed)),
    )


#: Order of datasets in our wording's list.
DATASET_ORDER = ("report", "news", "events", "articles", "medals")


class _Builder:
    """Sorts every pair and every unmatched record of an :class:`EditionMatch` into report changes and ours."""

    def __init__(self, old: Edition, new: Edition, match: EditionMatch) -> None:
        self.old, self.new, self.match = old, new, match
        self.changes: list[Change] = []
        self.ours: list[Change] = []
        self.unchanged = 0
        self.period_end, self.old_end = new.report.period_end, old.report.period_end
        self._spans: dict[int, tuple[set, set]] = {}
        #: Report changes of each changed paragraph group (the first carries the paragraph's word diff).
        self.by_group: dict[int, list[Change]] = {}
        #: Records already said by another change: (side, id).
        self._taken: set[tuple[str, str]] = set()
        #: The pair of each new paragraph record (news items and parts), by id.
        self._pair_of_new = {pair.new.id: pair for dataset in ("news", "report")
                             for pair in match.datasets[dataset].pairs}

    # -- the report's dates of a paragraph group ---------------------------------------------------

    def spans(self, index: int) -> tuple[set, set]:
        """Every date span the records of a group's old and new paragraphs read from its words."""
        if index not in self._spans:
            group = self.match.groups[index]
            old_ids = {record.id for record in group.old}
            new_ids = {record.id for record in group.new}
            self._spans[index] = (_group_spans(self.old, old_ids), _group_spans(self.new, new_ids))
        return self._spans[index]

    def changed_group(self, record: Record) -> int | None:
        """The index of ``record``'s paragraph group (new side) when that paragraph's words changed."""
        index = self.match.group_of(record, "new")
        if index is not None and self.match.groups[index].changed:
            return index
        return None

    def date_is_new(self, index: int, date: DateChange) -> bool:
        """True when the date moved in the words: the old date is gone from them, or the new one is new to them."""
        old_spans, new_spans = self.spans(index)
        return date.old.span() not in new_spans or date.new.span() not in old_spans

    # -- sorting -----------------------------------------------------------------------------------

    def run(self) -> None:
        match = self.match
        old_rank, new_rank = _ranks(list(self.old.articles)), _ranks(list(self.new.articles))
        rank_pairs: list[Match] = []
        for dataset in ("news", "events", "articles", "medals", "report"):
            matching = match.datasets[dataset]
            for pair in matching.pairs:
                if dataset == "medals":
                    self._medal_pair(pair)
                elif dataset == "articles" and old_rank.get(pair.old.key) != new_rank.get(pair.new.key) \
                        and pair.old.downloads == pair.new.downloads:  # type: ignore[union-attr]
                    rank_pairs.append(pair)
                    self._record_pair(dataset, pair, old_rank, new_rank)
                else:
                    self._record_pair(dataset, pair, old_rank, new_rank)
        self._paragraphs_added_and_dropped(old_rank, new_rank)
        self._unmatched_on_matched_paragraphs(old_rank, new_rank)
        self._groups_reworded()
        # A rank moves because the report's downloads moved; with no such change a rank of ours is not news.
        moved = any(change.category in ("article_moved", "article_added", "article_dropped")
                    for change in self.changes)
        for pair in rank_pairs:
            ours = [c for c in self.ours if c.new is pair.new]
            if moved:
                for change in ours:
                    self.ours.remove(change)
                self.changes.append(Change("article_moved", "articles", pair.old, pair.new, pair.how,
                                           downloads=(pair.old.downloads, pair.new.downloads),  # type: ignore
                                           rank=(old_rank.get(pair.old.key), new_rank.get(pair.new.key))))
            elif not ours:
                self.ours.append(Change("ours", "articles", pair.old, pair.new, pair.how, fields=("rank",)))

    def _report(self, index: int | None, change: Change) -> None:
        self.changes.append(change)
        if index is not None:
            self.by_group.setdefault(index, []).append(change)

    def _record_pair(self, dataset: str, pair: Match, old_rank: dict, new_rank: dict) -> None:
        old, new = pair.old, pair.new
        if pair.how == BY_FOLLOWS and dataset in ("news", "report") and \
                self.match.group_of(old, "old") != self.match.group_of(new, "new"):
            self._linked_paragraphs(dataset, pair)
            return
        index = self.changed_group(new)
        category = None
        date = _date_change(old, new)
        status = None
        if isinstance(old, Event) and isinstance(new, Event):
            if old.status != new.status and index is not None:
                status = (old.status, new.status)
            if old.planned and not new.planned and index is not None:
                category = "came_true"
            elif old.planned and new.planned and _past(new.date, self.period_end) \
                    and not _past(old.date, self.old_end):
                category = "overdue"  # derived from the new period: listed whether or not the words changed
                if date is not None and (index is None or not self.date_is_new(index, date)):
                    date = None
            elif date is not None and index is not None and self.date_is_new(index, date):
                category = "date_refined" if date.refined else "date_changed"
        elif isinstance(old, NewsItem) and date is not None and index is not None and self.date_is_new(index, date):
            category = "date_refined" if date.refined else "date_changed"
        elif isinstance(old, Article) and index is not None and old.downloads != new.downloads:  # type: ignore
            category = "article_moved"
        if category is not None:
            extra: dict[str, Any] = {}
            if category == "article_moved":
                extra = {"downloads": (old.downloads, new.downloads),  # type: ignore[union-attr]
                         "rank": (old_rank.get(old.key), new_rank.get(new.key))}
            elif category in ("came_true", "overdue", "date_refined", "date_changed"):
                extra = {"date": date}
            self._report(index, Change(category, dataset, old, new, pair.how, status, **extra))
            return
        if index is not None and dataset in ("news", "report") and not _our_fields(dataset, old, new, date):
            return  # its paragraph's changed words are its change (below), not "unchanged"
        self._ours_or_unchanged(dataset, pair, date)

    def _ours_or_unchanged(self, dataset: str, pair: Match, date: DateChange | None) -> None:
        old, new = pair.old, pair.new
        fields = _our_fields(dataset, old, new, date)
        if not fields:
            self.unchanged += 1
            return
        texts = tuple(_texts(OUR_FIELDS.get(dataset, ()), old, new))
        status = (old.status, new.status) if isinstance(old, Event) and isinstance(new, Event) \
            and old.status != new.status else None
        self.ours.append(Change("ours", dataset, old, new, pair.how, status, date, texts=texts, fields=fields))

    def _linked_paragraphs(self, dataset: str, pair: Match) -> None:
        """A paragraph the new edition says (``follows``) continues another than the one with its words."""
        old, new = pair.old, pair.new
        if " ".join(old.text.split()) == " ".join(new.text.split()):
            self._ours_or_unchanged(dataset, pair, _date_change(old, new))
            return
        text = TextChange("text", old.text, new.text, word_diff.word_diff(old.text, new.text))
        date = _date_change(old, new)
        category = "reworded" if date is None else ("date_refined" if date.refined else "date_changed")
        self.changes.append(Change(category, dataset, old, new, pair.how, date=date, texts=(text,)))
        self._taken.add(("old", old.id))
        self._taken.add(("new", new.id))

    def _medal_pair(self, pair: Match) -> None:
        old, new = pair.old, pair.new
        texts = tuple(_texts(MEDAL_CELLS, old, new))
        if old.medal != new.medal:  # type: ignore[union-attr]
            self.changes.append(Change("medal_changed", "medals", old, new, pair.how,
                                       medal=(old.medal, new.medal), texts=texts))  # type: ignore[union-attr]
        elif texts:
            self.changes.append(Change("reworded", "medals", old, new, pair.how, texts=texts))
        elif old.id != new.id:
            self.ours.append(Change("ours", "medals", old, new, pair.how, fields=("id",)))
        else:
            self.unchanged += 1

    def _paragraphs_added_and_dropped(self, old_rank: dict, new_rank: dict) -> None:
        """One change for each paragraph the report added or dropped, with the records on it."""
        match = self.match
        for side, paragraphs, edition in (("new", match.added_paragraphs, self.new),
                                          ("old", match.dropped_paragraphs, self.old)):
            ids = {record.id for record in paragraphs}
            sections_with_items = {record.section for record in paragraphs if isinstance(record, NewsItem)}
            unmatched = self._unmatched(side)
            on: dict[str, list[Record]] = {}
            for record in unmatched:
                source = getattr(record, "source", None)
                if source in ids:
                    on.setdefault(source, []).append(record)
            for paragraph in paragraphs:
                if isinstance(paragraph, ReportPart) and paragraph.kind == "section" \
                        and paragraph.id in sections_with_items:
                    continue  # a heading that came or went with its paragraphs: those say it
                related = on.get(paragraph.id, [])
                articles = [record for record in related if isinstance(record, Article)]
                record: Record = articles[0] if articles else paragraph
                dataset = record.dataset
                others = tuple(r for r in [paragraph, *related] if r is not record)
                if side == "new":
                    category = "article_added" if articles else "added"
                    rank = (None, new_rank.get(record.key)) if articles else None
                    downloads = (None, record.downloads) if articles else None  # type: ignore[union-attr]
                    self.changes.append(Change(category, dataset, None, record, rank=rank, downloads=downloads,
                                               related=others))
                else:
                    category = "article_dropped" if articles else "dropped"
                    rank = (old_rank.get(record.key), None) if articles else None
                    downloads = (record.downloads, None) if articles else None  # type: ignore[union-attr]
                    self.changes.append(Change(category, dataset, record, None, rank=rank, downloads=downloads,
                                               related=others))
                for taken in related:
                    self._taken.add((side, taken.id))
        for row in match.datasets["medals"].added:
            self.changes.append(Change("medal_added", "medals", None, row))
        for row in match.datasets["medals"].dropped:
            self.changes.append(Change("medal_removed", "medals", row, None))

    def _unmatched(self, side: str) -> list[Record]:
        out: list[Record] = []
        for dataset in ("events", "articles"):
            matching = self.match.datasets[dataset]
            out.extend(matching.added if side == "new" else matching.dropped)
        return out

    def _unmatched_on_matched_paragraphs(self, old_rank: dict, new_rank: dict) -> None:
        """Events, articles and paragraph pieces in one edition only, on paragraphs both have."""
        match = self.match
        for side in ("new", "old"):
            for record in self._unmatched(side):
                if (side, record.id) in self._taken:
                    continue
                index = match.group_of(record, side)
                changed = index is not None and match.groups[index].changed
                new_in_words = False
                if changed and isinstance(record, Event):
                    old_spans, new_spans = self.spans(index)  # type: ignore[arg-type]
                    new_in_words = record.date.span() not in (old_spans if side == "new" else new_spans)
                elif changed and isinstance(record, Article):
                    new_in_words = True
                if new_in_words:
                    category = ("added" if side == "new" else "dropped") if isinstance(record, Event) else \
                        ("article_added" if side == "new" else "article_dropped")
                    olds, news = (None, record) if side == "new" else (record, None)
                    extra: dict[str, Any] = {}
                    if isinstance(record, Article):
                        rank = new_rank if side == "new" else old_rank
                        extra = {"rank": (None, rank.get(record.key)) if side == "new" else (rank.get(record.key), None),
                                 "downloads": (None, record.downloads) if side == "new" else (record.downloads, None)}
                    self._report(index, Change(category, record.dataset, olds, news, **extra))
                else:
                    olds, news = (None, record) if side == "new" else (record, None)
                    where = "only in the new edition" if side == "new" else "only in the old edition"
                    self.ours.append(Change("ours", record.dataset, olds, news, fields=(f"{where}, on the same words",)))
        for dataset in ("news", "report"):
            matching = match.datasets[dataset]
            for side, records in (("new", matching.added), ("old", matching.dropped)):
                for record in records:
                    if match.group_of(record, side) is None:
                        continue  # an added or dropped paragraph: reported above
                    olds, news = (None, record) if side == "new" else (record, None)
                    self.ours.append(Change("ours", dataset, olds, news, fields=("the paragraph cut elsewhere",)))

    def _groups_reworded(self) -> None:
        """Each paragraph whose words changed: its word diff under its first change, else one "reworded" change."""
        for index, group in enumerate(self.match.groups):
            if not group.changed:
                continue
            field = "heading" if any(getattr(r, "kind", "") == "section" for r in group.new) else "text"
            text = TextChange(field, group.old_text, group.new_text,
                              word_diff.word_diff(group.old_text, group.new_text))
            facts = self.by_group.get(index)
            if facts:
                facts = _without_repeated_dates(facts, self.changes)
                order = list(CATEGORIES)
                first = min(facts, key=lambda change: (order.index(change.category), _sort_key(change)))
                self.changes[self.changes.index(first)] = first._replace(texts=(text, *first.texts))
                continue
            pair = next((self._pair_of_new[r.id] for r in group.new if r.id in self._pair_of_new), None)
            if pair is not None and (("old", pair.old.id) in self._taken or ("new", pair.new.id) in self._taken):
                continue  # said by its follows link
            old_record, new_record = (pair.old, pair.new) if pair is not None else (group.old[0], group.new[0])
            self.changes.append(Change("reworded", new_record.dataset, old_record, new_record,
                                       pair.how if pair is not None else "paragraph", texts=(text,)))


def _without_repeated_dates(facts: list[Change], changes: list[Change]) -> list[Change]:
    """A news item's date change that an event on the same paragraph already says is dropped (said once)."""
    event_dates = {(c.date.old.span(), c.date.new.span()) for c in facts
                   if c.date is not None and c.dataset == "events"}
    kept = []
    for change in facts:
        if change.dataset == "news" and change.date is not None and \
                (change.date.old.span(), change.date.new.span()) in event_dates:
            changes.remove(change)
            continue
        kept.append(change)
    return kept


def _group_spans(edition: Edition, paragraph_ids: set[str]) -> set:
    """The date spans the records of some paragraphs read from them: the items' dates, their events' dates."""
    spans: set = set()
    for item in edition.news:
        if item.id in paragraph_ids:
            spans.update(date.span() for date in item.dates)
    for event in edition.events:
        if event.source in paragraph_ids:
            spans.add(event.date.span())
    return spans


def _our_fields(dataset: str, old: Record, new: Record, date: DateChange | None) -> tuple[str, ...]:
    """The names of our fields that differ between two matched records (the report's words being the same)."""
    fields = [label for field, label in OUR_FIELDS.get(dataset, ())
              if (getattr(old, field) or "") != (getattr(new, field) or "")]
    if date is not None:
        fields.append("date as we read it")
    if isinstance(old, Event) and isinstance(new, Event) and old.status != new.status:
        fields.append("status as we read it")
    if isinstance(old, Article) and isinstance(new, Article) and old.downloads != new.downloads:
        fields.append("downloads as we read them")
    if old.id != new.id:
        fields.append("id")
    return tuple(fields)


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


def _compared_date(record: Record) -> ReportDate | None:
    """The date compared across editions: an event's; a news item's first (its own date depends on the period)."""
    if isinstance(record, NewsItem):
        return record.dates[0] if record.dates else None
    return record_date(record)


def _date_change(old: Record, new: Record) -> DateChange | None:
    before, after = _compared_date(old), _compared_date(new)
    if before is None or after is None:
        return None
    old_span, new_span = before.span(), after.span()
    if old_span == new_span:
        return None
    refined = old_span[0] <= new_span[0] and new_span[1] <= old_span[1]
    return DateChange(before, after, refined)


def _texts(fields: Iterable[tuple[str, str]], old: Record, new: Record) -> Iterator[TextChange]:
    for field, label in fields:
        before, after = getattr(old, field) or "", getattr(new, field) or ""
        if before != after:
            yield TextChange(label, before, after, word_diff.word_diff(before, after))


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


def _first_seen(old: Mapping[str, list[Record]], changes: Sequence[Change]) -> Iterable[NewEntity]:
    """Names in the records of the report's changes (new side) that no record of the old edition names."""
    # Exact names first, folded only when new: most names recur, and casefolding 100,000 of them
    # took a quarter of a second.
    candidates = [record for change in changes if change.new is not None
                  for record in (change.new, *change.related) if record.edition == change.new.edition]
    if not candidates:
        return
    known_exact = {names for records in old.values() for record in records for names in record.entities}
    known = {name.casefold() for names in known_exact for name in names}
    seen: set[str] = set()
    kinds = tuple(ENTITY_KINDS)
    for record in candidates:
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

