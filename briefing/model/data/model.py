"""The model: every edition loaded, its records read from the compiled store as they are asked for.

The record types it hands out are :mod:`.records`; the store it reads is :mod:`briefing.model.store`.
"""

# No "from __future__ import annotations": this module loads on every lookup, as records does.

from typing import Iterator, Protocol, Sequence

from .alias_records import NO_ALIASES, Aliases
from .records import Article, Edition, Event, MedalRow, NewsItem, Record, Report, ReportPart


class RecordSource(Protocol):
    """Where a :class:`Model` reads its records: the compiled store (:mod:`briefing.model.store.database`)."""

    def sequence(self, dataset: str, edition: str | None = None) -> Sequence[Record]:
        """Every record of ``dataset`` in model order (events chronological), of one edition or all."""
        ...

    def get(self, key: str) -> Record | None: ...

    def with_id(self, ident: str) -> list[Record]: ...

    def events_from(self, edition: str, news_id: str) -> list[Event]: ...

    def naming(self, name: str) -> list[Record]:
        """Every record naming the entity ``name``, case and accents ignored."""
        ...


class Model:
    """Every edition loaded, with look-ups by key and merged, chronologically sorted lists.

    The records are read from ``store``, the compiled store, as they are asked for: at
    100,000 events they would not fit the app's memory budget, and one read path means
    the app, the shell commands and the exports can never disagree.
    """

    def __init__(self, editions: tuple[Edition, ...], warnings: tuple[str, ...], store: RecordSource) -> None:
        self.editions = tuple(editions)
        self.warnings = tuple(warnings)
        self.store = store
        several = len(self.editions) != 1
        self.news: Sequence[NewsItem] = store.sequence("news") if several else self.editions[0].news
        self.medals: Sequence[MedalRow] = store.sequence("medals") if several else self.editions[0].medals
        self.articles: Sequence[Article] = store.sequence("articles") if several else self.editions[0].articles
        self.events: Sequence[Event] = store.sequence("events") if several else self.editions[0].events
        self.parts: Sequence[ReportPart] = store.sequence("report") if several else self.editions[0].parts

    def __repr__(self) -> str:
        return f"Model(editions={[e.id for e in self.editions]!r})"

    @property
    def aliases(self) -> Aliases:
        """Other names, corrections and editor's notes (ours) of every edition loaded."""
        merged = NO_ALIASES
        for edition in self.editions:
            merged = merged.merged(edition.aliases) if merged else edition.aliases
        return merged

    def records(self) -> Iterator[Record]:
        for edition in self.editions:
            yield from edition.records()

    def _shown(self, record: Record | None) -> bool:
        return record is not None and self.edition(record.edition) is not None

    def get(self, key: str) -> Record | None:
        """The record with ``key`` (``edition/id``), or None."""
        record = self.store.get(key)
        return record if self._shown(record) else None

    def find(self, ident: str) -> list[Record]:
        """Records whose key is ``ident`` or whose id is ``ident`` in any edition."""
        record = self.get(ident)
        if record is not None:
            return [record]
        return [r for r in self.store.with_id(ident) if self._shown(r)]

    def naming(self, name: str) -> list[Record]:
        """Every record of the editions shown that names the entity ``name`` (case and accents ignored)."""
        return [record for record in self.store.naming(name) if self._shown(record)]

    def edition(self, edition_id: str) -> Edition | None:
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        return None

    def only(self, edition_id: str) -> "Model":
        """A model of just one edition (raises KeyError if it is not loaded)."""
        edition = self.edition(edition_id)
        if edition is None:
            raise KeyError(edition_id)
        return Model((edition,), self.warnings, self.store)

    def report_for(self, record: Record) -> Report:
        edition = self.edition(record.edition)
        assert edition is not None
        return edition.report

    def events_from(self, news_key: str) -> list[Event]:
        """Events whose source is the news item ``news_key``, chronological."""
        edition, _, news_id = news_key.partition("/")
        return self.store.events_from(edition, news_id) if self.edition(edition) is not None else []
