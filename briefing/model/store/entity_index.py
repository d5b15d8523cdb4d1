"""Which records name the same organisation, person, spacecraft, vehicle or place: entities as ways in."""

from __future__ import annotations

from typing import Iterable

from ..data.records import Model, Record
from ..data.text import fold


class EntityIndex:
    """Records by the entities they name, matched without regard to case or accents."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._records: dict[str, list[Record]] = {}
        self._names: dict[str, tuple[str, str]] = {}
        for record in records:
            for kind, name in record.entities.pairs():
                key = fold(name)
                bucket = self._records.setdefault(key, [])
                if not bucket or bucket[-1] is not record:
                    bucket.append(record)
                self._names.setdefault(key, (kind, name))

    def records_naming(self, name: str) -> list[Record]:
        """Every record that names ``name``, in model order."""
        return list(self._records.get(fold(name), ()))

    def kind_of(self, name: str) -> str | None:
        """The entity kind ``name`` was first seen as."""
        entry = self._names.get(fold(name))
        return entry[0] if entry else None

    def names(self) -> list[tuple[str, str, int]]:
        """``(kind, name, record count)`` of every entity, most named first."""
        rows = [(kind, name, len(self._records[key])) for key, (kind, name) in self._names.items()]
        rows.sort(key=lambda row: (-row[2], fold(row[1])))
        return rows


class StoredEntities:
    """:meth:`EntityIndex.records_naming` for a model read from the store, which indexes entities itself."""

    def __init__(self, model: Model) -> None:
        assert model.source is not None
        self._source = model.source
        self._editions = {edition.id for edition in model.editions}

    def records_naming(self, name: str) -> list[Record]:
        return [record for record in self._source.naming(name) if record.edition in self._editions]
