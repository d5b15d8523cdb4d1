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

from collections import Counter
from itertools import chain
from operator import attrgetter
from typing import Any, Iterable, Mapping, Sequence

from ..data.records import ENTITY_KINDS, MEDALS, Edition, Record
from .kinds import (CATEGORIES, MEDAL_CELLS, OUR_FIELDS, OURS_HEADING, CarriedNote, Change, DateChange,  # noqa: F401
                    EditionDiff, FigureChange, NewEntity, OrphanNote, Tally, TextChange, paused_gc, record_date,
                    sort_key)
from .matching import EditionMatch, Match, match_editions
from .sorting import Sorter


def diff_editions(old: Edition, new: Edition, notes: Mapping[str, Any] | None = None,
                  match: EditionMatch | None = None) -> EditionDiff:
    """Match ``old`` and ``new`` and list what changed; ``notes`` (keyed ``edition/id``) are carried over.

    ``match``: the two editions already matched (the App's one matching, :func:`.carried.match_all`).
    """
    # Reading and pairing 10,000s of records allocates objects that all stay alive until the
    # diff is done: the collector's passes over them free nothing and took a third of the time
    # at 10,000 events (as in the loader, see load_editions).
    with paused_gc():
        return _diff(old, new, notes, match)


def _diff(old: Edition, new: Edition, notes: Mapping[str, Any] | None, match: EditionMatch | None) -> EditionDiff:
    if match is None:
        match = match_editions(old, new)
    builder = Sorter(old, new, match)
    builder.run()
    # Only notes ask which new record continues an old one (30,000 pairs at 10,000 events).
    pairs_by_old = {pair.old.id: pair for matching in match.datasets.values() for pair in matching.pairs} \
        if notes else {}
    old_records, new_records = match.old_records, match.new_records
    order = list(CATEGORIES)
    changes = sorted(builder.changes, key=lambda change: (order.index(change.category), sort_key(change)))
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
    # Walked in C (map, chain): 30,000 records at 10,000 events.
    known_exact = set(chain.from_iterable(map(_ENTITIES, chain.from_iterable(old.values()))))
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


_ENTITIES = attrgetter("entities")
_COMPANY_MEDAL = attrgetter("company", "medal")


def _tallies(old: Sequence[Record], new: Sequence[Record]) -> Iterable[Tally]:
    def count(rows: Sequence[Record]) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        # The (company, medal) pairs of 20,000 rows counted in C; companies in the order first met, as the rows.
        for (company, medal), times in Counter(map(_COMPANY_MEDAL, rows)).items():
            medals = out.get(company)
            if medals is None:
                medals = out[company] = Counter()
            medals[medal] = times
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


