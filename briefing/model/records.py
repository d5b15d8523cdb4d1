"""Typed, immutable records of one report edition, and the model that holds every edition loaded.

The TOML files are described field by field in ``data/README.md``; each class here is
one kind of record. Records are immutable ``NamedTuple`` classes rather than dataclasses:
a dataclass costs about 0.8 ms to create at import and a NamedTuple 0.15 ms, and a shell
lookup's whole budget is about twice ``import tomllib`` (see bench/README.md). Records carry their ``edition`` so that a model merged across
editions still knows where every fact came from; ``key`` is unique across editions.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator, NamedTuple

from .dates import ReportDate

#: Medal order, best first. Sorting by medal uses this rank, never the alphabet.
MEDALS: tuple[str, ...] = ("Gold", "Silver", "Bronze")
MEDAL_RANK: dict[str, int] = {name: rank for rank, name in enumerate(MEDALS)}

#: Kinds of named entity, in the order they are shown, with a label for each.
ENTITY_KINDS: dict[str, str] = {
    "organisations": "Organisations",
    "people": "People",
    "spacecraft": "Spacecraft and constellations",
    "vehicles": "Launch vehicles",
    "places": "Places",
}

#: Event statuses: an event either happened or is planned (or a goal).
STATUSES: tuple[str, ...] = ("happened", "planned")

#: Section kinds: which part of the report a paragraph belongs to.
SECTION_KINDS: tuple[str, ...] = ("news", "policy", "magazine", "cnki")


class Entities(NamedTuple):
    """Named entities mentioned by a record, by kind."""

    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    spacecraft: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Every ``(kind, name)``, kinds in :data:`ENTITY_KINDS` order."""
        for kind in ENTITY_KINDS:
            for name in getattr(self, kind):
                yield kind, name

    def names(self) -> tuple[str, ...]:
        """Every name, of any kind."""
        return tuple(name for _, name in self.pairs())

    def __bool__(self) -> bool:
        return any(getattr(self, kind) for kind in ENTITY_KINDS)


class Section(NamedTuple):
    """A part of the report ("News Update") or a heading within one ("Record-Breaking Space Walk Achieved")."""

    id: str
    title: str
    kind: str
    parent: str | None = None


class Figure(NamedTuple):
    """A key figure of the report, shown on the overview ("Longest spacewalk: 9 h 6 min")."""

    id: str
    label: str
    value: str
    detail: str
    source: str


class Report(NamedTuple):
    """Metadata of one edition: title, period, introduction, sections and key figures."""

    edition: str
    title: str
    period: str
    period_start: dt.date
    period_end: dt.date
    introduction: tuple[str, ...]
    sources_note: str
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]

    def section(self, section_id: str) -> Section | None:
        """The section with ``section_id``, or None."""
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def section_path(self, section_id: str) -> str:
        """``"News Update › Record-Breaking Space Walk Achieved"`` for a heading's id."""
        titles: list[str] = []
        current = self.section(section_id)
        seen: set[str] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            titles.append(current.title)
            current = self.section(current.parent) if current.parent else None
        return " › ".join(reversed(titles))


class NewsItem(NamedTuple):
    """One paragraph of the report: a news, policy, magazine or CNKI paragraph."""

    edition: str
    id: str
    section: str
    kind: str
    headline: str
    dates: tuple[ReportDate, ...]
    text: str
    tags: tuple[str, ...]
    entities: Entities
    order: int

    dataset = "news"

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def title(self) -> str:
        return self.headline

    @property
    def first_date(self) -> ReportDate | None:
        """The item's own date: the first one listed (later ones are dates it mentions)."""
        return self.dates[0] if self.dates else None


class MedalRow(NamedTuple):
    """One row of the commercial remote-sensing medal table, exactly as the report gives it."""

    edition: str
    id: str
    sector: str
    company: str
    satellite: str
    medal: str
    order: int

    dataset = "medals"

    @property
    def entities(self) -> Entities:
        """The company and satellite, so a medal row is a way in like any other record."""
        return Entities(organisations=(self.company,), spacecraft=(self.satellite,))

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def title(self) -> str:
        return f"{self.medal}: {self.company}, {self.satellite} ({self.sector})"

    @property
    def medal_rank(self) -> int:
        return MEDAL_RANK[self.medal]


class MedalCount(NamedTuple):
    """Medals won by one country in the whole table (not only the Chinese rows shown)."""

    country: str
    medals: int


class MedalContext(NamedTuple):
    """What the report says around the medal table: source, counts, gaps, and the response."""

    edition: str
    source: str
    source_item: str
    summary: str
    counts: tuple[MedalCount, ...]
    previous_table_year: int
    sectors_without_chinese_medal: tuple[str, ...]
    holders_in_those_sectors: tuple[str, ...]
    response: str
    response_item: str


class Article(NamedTuple):
    """A most-downloaded CNKI article."""

    edition: str
    id: str
    topic: str
    theme: str
    institution: str | None
    downloads: int
    summary: str
    source: str
    entities: Entities
    order: int

    dataset = "articles"

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def title(self) -> str:
        return self.topic


class TrendsContext(NamedTuple):
    """The report's statement about the ten most downloaded CNKI articles."""

    edition: str
    statement: str
    since: str
    top_ten_on_topic: int
    topic: str
    source_item: str


class Event(NamedTuple):
    """A dated event on the timeline, linked to the news item it comes from."""

    edition: str
    id: str
    date: ReportDate
    status: str
    category: str
    title: str
    text: str
    source: str
    entities: Entities
    order: int

    dataset = "events"

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def planned(self) -> bool:
        return self.status == "planned"


#: Any record an analyst can open, search, cite or annotate.
Record = NewsItem | MedalRow | Article | Event


class Edition(NamedTuple):
    """Everything loaded from one edition's folder."""

    id: str
    report: Report
    news: tuple[NewsItem, ...]
    medals: tuple[MedalRow, ...]
    medal_context: MedalContext
    articles: tuple[Article, ...]
    trends: TrendsContext
    events: tuple[Event, ...]

    def records(self) -> Iterator[Record]:
        """Every record, in report order: news, medals, articles, events."""
        yield from self.news
        yield from self.medals
        yield from self.articles
        yield from self.events


class Model:
    """Every edition loaded, with look-ups by key and merged, chronologically sorted lists."""

    def __init__(self, editions: tuple[Edition, ...], warnings: tuple[str, ...] = ()) -> None:
        self.editions = tuple(editions)
        self.warnings = tuple(warnings)
        self._by_key: dict[str, Record] = {}
        for edition in self.editions:
            for record in edition.records():
                self._by_key[record.key] = record

    def __repr__(self) -> str:
        return f"Model(editions={[e.id for e in self.editions]!r})"

    @property
    def news(self) -> tuple[NewsItem, ...]:
        return tuple(item for edition in self.editions for item in edition.news)

    @property
    def medals(self) -> tuple[MedalRow, ...]:
        return tuple(row for edition in self.editions for row in edition.medals)

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(article for edition in self.editions for article in edition.articles)

    @property
    def events(self) -> tuple[Event, ...]:
        """Every event, chronological; ties keep edition then file order."""
        merged = [event for edition in self.editions for event in edition.events]
        return tuple(sorted(merged, key=lambda e: e.date.sort_key))

    def records(self) -> Iterator[Record]:
        for edition in self.editions:
            yield from edition.records()

    def get(self, key: str) -> Record | None:
        """The record with ``key`` (``edition/id``), or None."""
        return self._by_key.get(key)

    def find(self, ident: str) -> list[Record]:
        """Records whose key is ``ident`` or whose id is ``ident`` in any edition."""
        if ident in self._by_key:
            return [self._by_key[ident]]
        return [record for record in self.records() if record.id == ident]

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
        return Model((edition,), self.warnings)

    def report_for(self, record: Record) -> Report:
        edition = self.edition(record.edition)
        assert edition is not None
        return edition.report

    def events_from(self, news_key: str) -> list[Event]:
        """Events whose source is the news item ``news_key``."""
        edition, _, news_id = news_key.partition("/")
        return [e for e in self.events if e.edition == edition and e.source == news_id]
