"""Each dataset of two editions read once for a diff: from a store, decoded together, and a record the
new edition carries unchanged made from the old one.

A diff reads every record of both editions (60,000 at 10,000 events), and decoding them was
half its time. Here a few thousand rows are read at a time and decoded by
:func:`~..store.codec.decode_records`, which checks what the store's per-record reading checks
in fewer steps. A record is stored as the JSON array of its fields, edition first: a new
record whose text after its edition is the text of the old record with its id, but for its
``order`` (one event added or dropped moves every later one), is that record with the new
edition and order. It is made from the old one, so the two share their texts and names
(at 100,000 events that is most of a hundred MB the diff no longer holds twice). A store
found damaged is rebuilt and the dataset read again (:meth:`~..store.database.Store.heal`), as
for any other read. Records not from a store (an edition loaded from its files) are taken as
they are.
"""

from __future__ import annotations

import json
import re
from typing import Any, Sequence

from ..data.records import Article, Event, MedalRow, NewsItem, Record, ReportPart
from ..store.codec import Undecodable, decode_records, encode, scan_at
from ..store.database import StoreDamaged, StoredRecords

#: Rows read and decoded at a time.
ROWS = 4096
#: New records in a row not found among the old ones after which the rest are decoded without looking.
KEPT_TRIES = 64


def read_all(records: Sequence[Record]) -> list[Record]:
    """Every record of ``records`` in order, read once."""
    if not isinstance(records, StoredRecords):
        return list(records)
    return records.store.heal(lambda: _read_all(records))


def read_both(old: Sequence[Record], new: Sequence[Record]) -> tuple[list[Record], list[Record]]:
    """Every record of one dataset of two editions, in order, each edition's as :func:`read_all` reads it."""
    if not (isinstance(old, StoredRecords) and isinstance(new, StoredRecords)) \
            or old.edition is None or new.edition is None:
        return read_all(old), read_all(new)
    return old.store.heal(lambda: new.store.heal(lambda: _read_both(old, new)))


def _read_all(records: StoredRecords, texts_kept: list[Any] | None = None) -> list[Record]:
    out: list[Record] = []
    for start in range(0, len(records.seqs), ROWS):
        texts = _texts(records, records.seqs[start:start + ROWS])
        if texts_kept is not None:
            texts_kept.extend(texts)
        out.extend(_decoded(records, texts))
    return out


def _read_both(old: StoredRecords, new: StoredRecords) -> tuple[list[Record], list[Record]]:
    old_texts: list[Any] = []
    old_records = _read_all(old, old_texts)
    place: dict[Any, int] | None = None  # an old record's position by its id, made at the first need
    # As the encoder writes an edition's id, first in each of its records (compact, not ASCII-escaped).
    old_head = "[" + json.dumps(old.edition, ensure_ascii=False) + ","
    new_head = "[" + json.dumps(new.edition, ensure_ascii=False) + ","
    kept_as = _Kept(old_texts, old_records, old_head, new_head)

    new_records: list[Record] = []
    shift = 0  # where the old edition's record of the same id was last found, from the new one's position
    # Looking stops after KEPT_TRIES records in a row that were not kept (a draft's ids, events renumbered).
    misses = 0
    for start in range(0, len(new.seqs), ROWS):
        made: list[Any] = _texts(new, new.seqs[start:start + ROWS])
        left: list[int] = []  # places in made of the texts to decode
        for spot, text in enumerate(made):
            if misses >= KEPT_TRIES:
                left.append(spot)
                continue
            position = start + spot + shift  # records kept keep their place: most are where the last one was
            record = kept_as(text, position, new.edition)
            if record is None:
                if place is None:
                    place = {old_record.id: at for at, old_record in enumerate(old_records)}  # type: ignore[union-attr]
                found = place.get(_id_of(text, new_head))
                record = None if found is None or found == position else kept_as(text, found, new.edition)
                if record is None:
                    left.append(spot)
                    misses += 1
                    continue
                shift = found - start - spot
            misses = 0
            made[spot] = record
        for spot, record in zip(left, _decoded(new, [made[spot] for spot in left])):
            made[spot] = record
        new_records.extend(made)
    return old_records, new_records


class _Kept:
    """The new edition's record a stored text is when it is an old record's text but for its edition and
    its ``order`` (its place among the edition's records: one record added or dropped moves every one
    after it), made from that old record; else None."""

    def __init__(self, old_texts: list[Any], old_records: list[Record], old_head: str, new_head: str) -> None:
        self.old_texts, self.old_records = old_texts, old_records
        self.old_head, self.new_head, self.cut = old_head, new_head, len(new_head)
        #: Each old record's text around its order, (before, after), made at the first need.
        self.around: list[tuple[str, str] | None] = [None] * len(old_texts)
        self.tails: dict[tuple, str] = {}  # the text of the fields after the order, by their values

    def __call__(self, text: Any, position: int, edition: str) -> Record | None:
        if not 0 <= position < len(self.old_texts) or type(text) is not str or not text.startswith(self.new_head):
            return None
        kept, old_text = self.old_records[position], self.old_texts[position]
        cut, old_cut = self.cut, len(self.old_head)
        # The same order too (most records): the texts are compared whole, without finding the order.
        longer = (len(text) - cut) - (len(old_text) - old_cut)
        if not longer and text.endswith(old_text[old_cut:]) and old_text.startswith(self.old_head):
            return tuple.__new__(type(kept), (edition, *kept[1:]))
        if not -ORDER_DIGITS <= longer <= ORDER_DIGITS:  # more than an order's digits changed: decoded
            return None
        around = self.around[position]
        if around is None:
            around = self._around(position)
        if not around:
            return None
        before, after = around
        end = cut + len(before)
        if not text.startswith(before, cut) or not text.endswith(after) or len(text) - len(after) <= end + 1 \
                or text[end] != ",":
            return None
        digits = text[end + 1:len(text) - len(after)]
        if _WHOLE.fullmatch(digits) is None:
            return None
        at = _ORDER[type(kept)]
        return tuple.__new__(type(kept), (edition, *kept[1:at], int(digits), *kept[at + 1:]))

    def _around(self, position: int) -> tuple[str, str] | tuple[()]:
        """The old text after its edition, cut at its order: the text before it, and after it (from the comma or
        the closing bracket); () when the text is not as the encoder writes the record (then it is decoded)."""
        record, text = self.old_records[position], self.old_texts[position]
        at = _ORDER.get(type(record))
        if at is None or type(text) is not str or not text.startswith(self.old_head):
            self.around[position] = ()
            return ()
        rest = tuple(record[at + 1:])
        after = self.tails.get(rest)
        if after is None:
            after = self.tails[rest] = ("," if rest else "") + encode(rest)[1:]
        digits = "," + str(record[at])
        found: tuple[str, str] | tuple[()] = ()
        end = len(text) - len(after) - len(digits)
        if text.endswith(after) and text.endswith(digits, 0, len(text) - len(after)) and end >= len(self.old_head):
            found = (text[len(self.old_head):end], after)
        self.around[position] = found
        return found


#: Digits an order may gain or lose between editions for its record to be looked for around it (a record
#: whose text differs by more is decoded: always right, only slower).
ORDER_DIGITS = 3
#: Where each record class holds its order.
_ORDER = {cls: cls._fields.index("order") for cls in (NewsItem, MedalRow, Article, Event, ReportPart)}
#: An order as JSON writes a whole number.
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")


def _id_of(text: Any, head: str) -> Any:
    """The id a stored record's text gives after its edition's ``head``, or None."""
    if type(text) is not str or not text.startswith(head):
        return None
    try:
        ident, _ = scan_at(text, len(head))
    except (ValueError, RecursionError, StopIteration):
        return None
    return ident if type(ident) is str else None


def _texts(records: StoredRecords, chunk: Sequence[int]) -> list[Any]:
    """The stored texts of the records at ``chunk`` (ascending positions in their table)."""
    store, dataset = records.store, records.dataset
    if chunk[-1] - chunk[0] == len(chunk) - 1:  # every seq of the range (as an edition's rows are written)
        # Every row of the range is one of the chunk's: their texts alone (no seq to make for each of 60,000).
        texts = store.query(f"SELECT record FROM {dataset}_records WHERE seq >= ? AND seq <= ? ORDER BY seq",
                            (chunk[0], chunk[-1]))
        if len(texts) == len(chunk):
            return [text for (text,) in texts]
    rows = store.query(f"SELECT seq, record FROM {dataset}_records WHERE seq >= ? AND seq <= ? ORDER BY seq",
                       (chunk[0], chunk[-1]))
    if len(rows) != len(chunk):  # another edition's rows among them (or rows missing: damage)
        wanted = set(chunk)
        rows = [row for row in rows if row[0] in wanted]
    if len(rows) != len(chunk):
        raise StoreDamaged(store.name, f"{len(chunk) - len(rows)} {dataset} records missing")
    return [text for _, text in rows]


def _decoded(records: StoredRecords, texts: list[Any]) -> list[Record]:
    try:
        return decode_records(records.dataset, texts)
    except Undecodable as error:
        raise StoreDamaged(records.store.name, f"a {records.dataset} record does not decode: {error}") from None
