"""Each dataset of an edition read once for a diff: from a store, its records decoded together.

A diff reads every record of both editions (60,000 at 10,000 events). Going through a
store's records decodes them one call at a time with the store's per-record checks; here
a few thousand rows are read at a time and decoded by :func:`~..store.codec.decode_records`,
which checks the same things in fewer steps. A store found damaged is rebuilt and read again
(:meth:`~..store.database.Store.heal`), as for any other read. Records not from a store (an
edition loaded from its files) are taken as they are.
"""

from __future__ import annotations

from typing import Sequence

from ..data.records import Record
from ..store.codec import Undecodable, decode_records
from ..store.database import StoreDamaged, StoredRecords

#: Rows read and decoded at a time: their JSON text is dropped as soon as they are records, so the
#: text of 100,000 news items (about 100 MB) is never held at once.
ROWS = 4096


def read_all(records: Sequence[Record]) -> list[Record]:
    """Every record of ``records`` in order, read once."""
    if not isinstance(records, StoredRecords):
        return list(records)
    seqs = records.seqs
    out: list[Record] = []
    for start in range(0, len(seqs), ROWS):
        chunk = seqs[start:start + ROWS]
        out.extend(records.store.heal(lambda: _decoded(records, chunk)))
    return out


def _decoded(records: StoredRecords, chunk: Sequence[int]) -> list[Record]:
    store, dataset = records.store, records.dataset
    rows = store.query(f"SELECT seq, record FROM {dataset}_records WHERE seq >= ? AND seq <= ? ORDER BY seq",
                       (chunk[0], chunk[-1]))
    if len(rows) != len(chunk):  # another edition's rows among them (or rows missing: damage, found below)
        wanted = set(chunk)
        rows = [row for row in rows if row[0] in wanted]
    if len(rows) != len(chunk):
        raise StoreDamaged(store.name, f"{len(chunk) - len(rows)} {dataset} records missing")
    try:
        return decode_records(dataset, [text for _, text in rows])
    except Undecodable as error:
        raise StoreDamaged(store.name, f"a {dataset} record does not decode: {error}") from None
