"""Each dataset of two editions read once for a diff: from a store, decoded together, and a record the
new edition carries unchanged made from the old one.

A diff reads every record of both editions (60,000 at 10,000 events), and decoding them was
half its time. Here a few thousand rows are read at a time and decoded by
:func:`~..store.codec.decode_records`, which checks what the store's per-record reading checks
in fewer steps. A record is stored as the JSON array of its fields, edition first: a new
record whose text after its edition is the text of the old record with its id is that record
with the new edition. It is made from the old one, so the two share their texts and names
(at 100,000 events that is most of a hundred MB the diff no longer holds twice). A store
found damaged is rebuilt and the dataset read again (:meth:`~..store.database.Store.heal`), as
for any other read. Records not from a store (an edition loaded from its files) are taken as
they are.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from ..data.records import Record
from ..store.codec import Undecodable, decode_records
from ..store.database import StoreDamaged, StoredRecords

#: Rows read and decoded at a time.
ROWS = 4096
#: New records in a row not found among the old ones after which the rest are decoded without looking.
KEPT_TRIES = 64

_scan = json.JSONDecoder().raw_decode


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
    cut, old_cut = len(new_head), len(old_head)

    def same(text: Any, position: int) -> bool:
        """True when ``text`` is, after its edition, the old record's at ``position`` (its id included)."""
        if not 0 <= position < len(old_texts):
            return False
        before = old_texts[position]
        return type(text) is str and type(before) is str and len(text) - cut == len(before) - old_cut \
            and text.startswith(new_head) and before.startswith(old_head) and text[cut:] == before[old_cut:]

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
            position = start + spot + shift  # records kept keep their order: most are where the last one was
            if not same(text, position):
                if place is None:
                    place = {record.id: at for at, record in enumerate(old_records)}  # type: ignore[union-attr]
                found = place.get(_id_of(text, new_head))
                if found is None or found == position or not same(text, found):
                    left.append(spot)
                    misses += 1
                    continue
                position, shift = found, found - start - spot
            misses = 0
            kept = old_records[position]
            made[spot] = tuple.__new__(type(kept), (new.edition, *kept[1:]))
        for spot, record in zip(left, _decoded(new, [made[spot] for spot in left])):
            made[spot] = record
        new_records.extend(made)
    return old_records, new_records


def _id_of(text: Any, head: str) -> Any:
    """The id a stored record's text gives after its edition's ``head``, or None."""
    if type(text) is not str or not text.startswith(head):
        return None
    try:
        ident, _ = _scan(text, len(head))
    except ValueError:
        return None
    return ident if type(ident) is str else None


def _texts(records: StoredRecords, chunk: Sequence[int]) -> list[Any]:
    """The stored texts of the records at ``chunk`` (ascending positions in their table)."""
    store, dataset = records.store, records.dataset
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
