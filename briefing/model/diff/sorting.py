"""Every pair and every unmatched record of two matched editions, sorted into the report's changes and ours.

The rule (see :mod:`.changes`): a paragraph group whose words are the same yields no report
change, whatever the records hung on it say; in a group whose words changed, a record's
date or status counts when the date is new to the words, and the group's word diff goes
under its first change (or is itself one "reworded" change). Imports neither textual nor rich.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..data.records import Article, Edition, Event, NewsItem, Record, ReportPart
from . import words as word_diff
from .kinds import (CATEGORIES, MEDAL_CELLS, OUR_FIELDS, Change, DateChange, TextChange, past, ranks,
                    record_date, sort_key)
from .matching import BY_FOLLOWS, EditionMatch, Match, content_of

class Sorter:
    """Sorts every pair and every unmatched record of an :class:`EditionMatch` into report changes and ours."""

    def __init__(self, old: Edition, new: Edition, match: EditionMatch) -> None:
        self.old, self.new, self.match = old, new, match
        self.changes: list[Change] = []  # a place emptied (None) while sorting, when a change is said by another
        self.ours: list[Change] = []
        self.unchanged = 0
        self.period_end, self.old_end = new.report.period_end, old.report.period_end
        self._spans: dict[int, tuple[set, set]] = {}
        self._by_paragraph: tuple[dict, dict] | None = None
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
            if self._by_paragraph is None:  # one pass over each edition, the first time a group asks
                changed = [group for group in self.match.groups if group.changed]
                self._by_paragraph = (
                    _spans_by_paragraph(self.match.old_records, {r.id for g in changed for r in g.old}),
                    _spans_by_paragraph(self.match.new_records, {r.id for g in changed for r in g.new}))
            old_spans, new_spans = self._by_paragraph
            group = self.match.groups[index]
            self._spans[index] = (set().union(*(old_spans.get(r.id, ()) for r in group.old)),
                                  set().union(*(new_spans.get(r.id, ()) for r in group.new)))
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
        old_rank, new_rank = ranks(match.old_records["articles"]), ranks(match.new_records["articles"])
        rank_pairs: list[Match] = []
        for dataset in ("news", "events", "articles", "medals", "report"):
            matching = match.datasets[dataset]
            compared, events = dataset != "articles", dataset == "events"  # once, not for each of 30,000 pairs
            last_kind: type | None = None  # a dataset's records are of one class: its content getter found once
            for pair in matching.pairs:
                old, new, _ = pair
                kind = type(old)
                if kind is not last_kind:
                    last_kind, same = kind, content_of(kind)
                # Every field but edition the same: nothing changed, unless a planned event's date has
                # passed by the new period (overdue), or an article's rank moved. Most pairs end here.
                if compared and kind is type(new) and same(old) == same(new) and not (
                        events and old.status == "planned"  # type: ignore[union-attr]
                        and past(new.date, self.period_end)  # type: ignore[union-attr]
                        and not past(old.date, self.old_end)):  # type: ignore[union-attr]
                    self.unchanged += 1
                    continue
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
        self.changes = [change for change in self.changes if change is not None]
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
        if index is not None:
            self.by_group.setdefault(index, []).append(len(self.changes))
        self.changes.append(change)

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
            elif old.planned and new.planned and past(new.date, self.period_end) \
                    and not past(old.date, self.old_end):
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
            positions = self.by_group.get(index)
            if positions:
                changes = self.changes
                positions = _without_repeated_dates(positions, changes)
                first = min(positions, key=lambda p: (ORDER[changes[p].category], sort_key(changes[p])))  # type: ignore
                changes[first] = changes[first]._replace(texts=(text, *changes[first].texts))  # type: ignore
                continue
            pair = next((self._pair_of_new[r.id] for r in group.new if r.id in self._pair_of_new), None)
            if pair is not None and (("old", pair.old.id) in self._taken or ("new", pair.new.id) in self._taken):
                continue  # said by its follows link
            old_record, new_record = (pair.old, pair.new) if pair is not None else (group.old[0], group.new[0])
            self.changes.append(Change("reworded", new_record.dataset, old_record, new_record,
                                       pair.how if pair is not None else "paragraph", texts=(text,)))


#: Position of each category in the report's order.
ORDER = {category: position for position, category in enumerate(CATEGORIES)}


def _without_repeated_dates(positions: list[int], changes: list[Change | None]) -> list[int]:
    """A news item's date change that an event on the same paragraph already says is dropped (said once):
    its place in ``changes`` is emptied; the positions kept are returned."""
    facts = [changes[p] for p in positions]
    event_dates = {(c.date.old.span(), c.date.new.span()) for c in facts
                   if c is not None and c.date is not None and c.dataset == "events"}
    kept = []
    for position, change in zip(positions, facts):
        if change is not None and change.dataset == "news" and change.date is not None and \
                (change.date.old.span(), change.date.new.span()) in event_dates:
            changes[position] = None
            continue
        kept.append(position)
    return kept


def _spans_by_paragraph(records: dict[str, list[Record]], paragraphs: set[str]) -> dict[str, set]:
    """Paragraph id → the date spans its records read from it (the item's dates, its events' dates), for
    ``paragraphs`` only."""
    spans: dict[str, set] = {}
    for item in records.get("news", ()):
        if item.id in paragraphs:
            spans.setdefault(item.id, set()).update(date.span() for date in item.dates)  # type: ignore[union-attr]
    for event in records.get("events", ()):
        if event.source in paragraphs:  # type: ignore[union-attr]
            spans.setdefault(event.source, set()).add(event.date.span())  # type: ignore[union-attr]
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


