"""Which record of the new edition continues which record of the old one.

Three ways, tried in this order, each only on records the earlier ways left unmatched:

1. **follows**: the new record names the old one's key in its ``follows`` field. The
   edition says so explicitly, so this wins over everything else.
2. **id**: both records have the same id (ids are stable across editions, data/README.md).
3. **similar**: the next edition rewords, and an event's id starts with its date, so a
   refined date ("late 2025" became a day) gives a new id. Records of the same kind are
   compared on their words (title, text and id, without the id's date), their entities and
   their dates; a medal row on its sector and company. Pairs scoring above a threshold are
   taken best first, each record at most once.

Candidates for (3) come from an index of the old records' less common words, so the
work grows with the number of unmatched records, not with its square.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, NamedTuple, Sequence

from ..data.records import Article, Event, MedalRow, NewsItem, Record

#: How two records were matched.
BY_FOLLOWS, BY_ID, BY_SIMILARITY = "follows", "id", "similar"

#: A word shared by more unmatched old records than this says little about which is meant.
COMMON_WORD_LIMIT = 25
#: Candidates scored in full for each unmatched new record (those sharing the most words).
CANDIDATES = 8
#: Lowest score of a pair matched by similarity (see :func:`similarity`).
THRESHOLD = 0.45

_WORD = re.compile(r"[^\W_]+")
#: The date an event's id starts with: 2025-01-06, 2025-12, 2025, early-2025, by-2035...
_ID_DATE = re.compile(r"^(event|news|medal|article)-(?:(?:early|mid|late|by)-)?\d{4}(?:-\d{2}){0,2}-")


class Match(NamedTuple):
    """An old record and the new record that continues it."""

    old: Record
    new: Record
    how: str


class Matching(NamedTuple):
    """Every record of both editions, once: matched pairs, and those only in one edition."""

    pairs: list[Match]
    added: list[Record]
    dropped: list[Record]


def match_records(old: Sequence[Record], new: Sequence[Record]) -> Matching:
    """Match the records of one dataset (all news, or all events...) of two editions.

    Ids are unique within an edition's dataset, so records are told apart by id here (keys
    are built only for ``follows`` links: at 10,000 records a side that is a tenth of the work).
    """
    pairs: list[Match] = []
    old_by_id = {record.id: record for record in old}
    old_edition = old[0].edition if old else ""
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    prefix = old_edition + "/"
    for record in new:
        follows = record.follows
        if follows and follows.startswith(prefix):
            target = old_by_id.get(follows[len(prefix):])
            if target is not None and target.id not in taken_old:
                pairs.append(Match(target, record, BY_FOLLOWS))
                taken_old.add(target.id)
                taken_new.add(record.id)
    # Same id: one set intersection, then a pair per id, in the new edition's order.
    new_ids = [record.id for record in new]
    same = (old_by_id.keys() & set(new_ids)) - taken_old - taken_new
    pairs.extend([Match(old_by_id[record.id], record, BY_ID) for record in new if record.id in same])
    taken_old |= same
    taken_new |= same
    rest_old = [record for record in old if record.id not in taken_old]
    rest_new = [record for record in new if record.id not in taken_new]
    if rest_old and rest_new:
        for old_record, new_record in _similar(rest_old, rest_new):
            pairs.append(Match(old_record, new_record, BY_SIMILARITY))
            taken_old.add(old_record.id)
            taken_new.add(new_record.id)
    return Matching(
        pairs=pairs,
        added=[record for record in rest_new if record.id not in taken_new],
        dropped=[record for record in rest_old if record.id not in taken_old],
    )


# -- similarity -----------------------------------------------------------------------------------


class _Features(NamedTuple):
    words: frozenset[str]
    entities: frozenset[str]
    span: tuple | None
    group: tuple  # records in different groups are never matched (a medal row's sector and company)


def features(record: Record) -> _Features:
    """What similarity compares: words, entity names (case ignored), date span, and a group."""
    span = None
    group: tuple = ()
    if isinstance(record, NewsItem):
        text = f"{record.headline} {record.text}"
        span = record.dates[0].span() if record.dates else None
    elif isinstance(record, Event):
        text = f"{record.title} {record.text}"
        span = record.date.span()
    elif isinstance(record, Article):
        text = f"{record.topic} {record.summary} {record.institution or ''}"
    elif isinstance(record, MedalRow):
        text = record.satellite
        group = (record.sector.casefold(), record.company.casefold())
    else:  # pragma: no cover - every record kind is listed above
        text = ""
    id_words = _ID_DATE.sub("", record.id).replace("-", " ")
    words = frozenset(word.casefold() for word in _WORD.findall(f"{text} {id_words}"))
    entities = frozenset(name.casefold() for name in record.entities.names())
    return _Features(words, entities, span, group)


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: _Features, b: _Features) -> float:
    """0 to about 1.2: shared words count most, then shared entities, then dates that can be the same.

    A medal row of the same sector and company scores at least 1 (a changed medal or
    satellite is the same row); rows of another sector or company score 0.
    """
    if a.group != b.group:
        return 0.0
    if a.group:
        return 1.0 + _jaccard(a.words, b.words)
    score = _jaccard(a.words, b.words) + 0.3 * _jaccard(a.entities, b.entities)
    if a.span is not None and b.span is not None:
        overlap = a.span[0] <= b.span[1] and b.span[0] <= a.span[1]
        score += 0.15 if overlap else -0.15
    return score


def _tokens(feature: _Features) -> set:
    """What the candidate index is keyed on: words and entities; for a medal row, its words within its group."""
    if feature.group:
        return {(feature.group, word) for word in feature.words} | {(feature.group,)}
    return set(feature.words | feature.entities)


def _similar(old: list[Record], new: list[Record]) -> Iterable[tuple[Record, Record]]:
    """Pairs of an old and a new record that are alike enough, best first, each record once."""
    old_features = [features(record) for record in old]
    index: dict[Any, list[int]] = {}
    for position, feature in enumerate(old_features):
        for token in _tokens(feature):
            index.setdefault(token, []).append(position)
    index = {token: places for token, places in index.items() if len(places) <= COMMON_WORD_LIMIT}
    scored: list[tuple[float, int, int]] = []
    for new_position, record in enumerate(new):
        feature = features(record)
        shared: dict[int, int] = {}
        for token in _tokens(feature):
            for position in index.get(token, ()):
                shared[position] = shared.get(position, 0) + 1
        best = sorted(shared, key=shared.__getitem__, reverse=True)[:CANDIDATES] if len(shared) > CANDIDATES \
            else shared
        for position in best:
            score = similarity(old_features[position], feature)
            if score >= THRESHOLD:
                scored.append((score, new_position, position))
    # Best first; ties in record order, so the same editions always match the same way.
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, new_position, old_position in scored:
        if new_position in used_new or old_position in used_old:
            continue
        used_new.add(new_position)
        used_old.add(old_position)
        yield old[old_position], new[new_position]
