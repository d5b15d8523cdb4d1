"""Typed, immutable records of one report edition, and the edition that holds them.

The TOML files are described field by field in ``data/README.md``; each class here is
one kind of record. Records are immutable ``NamedTuple`` classes rather than dataclasses:
a dataclass costs about 0.8 ms to create at import and a NamedTuple 0.15 ms, and a shell
lookup's whole budget is about twice ``import tomllib`` (see bench/README.md). Records carry their ``edition`` so that a model merged across
editions still knows where every fact came from; ``key`` is unique across editions.
The model of every edition loaded is :mod:`.model`; a record's date, title and source
are defined once in :mod:`.record_facts`.
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field (a millisecond a module), and these modules load on every lookup.

import datetime as dt
from typing import Callable, Iterator, NamedTuple, Sequence

from .alias_records import NO_ALIASES, Aliases
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
    "plans": "Plans and programmes",
}


class Entities(NamedTuple):
    """Named entities mentioned by a record, by kind."""

    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    spacecraft: tuple[str, ...] = ()
    vehicles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    #: Other names of the entities above and corrected forms of the report's slips in the
    #: record's text, from ``data/aliases.toml`` (ours, not the report's): search finds the
    #: record by them. Filled by the loader; never listed as entities.
    other_names: tuple[str, ...] = ()

    def pairs(self) -> Iterator[tuple[str, str]]:
        """Every ``(kind, name)``, kinds in :data:`ENTITY_KINDS` order."""
        for kind in ENTITY_KINDS:
            for name in getattr(self, kind):
                yield kind, name

    def names(self) -> tuple[str, ...]:
        """Every name, of any kind, in :data:`ENTITY_KINDS` order (the fields' order, a test checks):
        the tuples joined, not :meth:`pairs` walked, as a compile asks every record (a million calls at
        100,000 events)."""
        return self.organisations + self.people + self.spacecraft + self.vehicles + self.places + self.plans

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
    #: ``edition/id`` of the record this one continues in an earlier edition (see briefing diff).
    follows: str | None = None
    #: The item's own date, shown in lists, citations and exports: see :func:`.record_facts.own_date`.
    own_date: ReportDate | None = None

    dataset = "news"

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def title(self) -> str:
        return self.headline


class MedalRow(NamedTuple):
    """One row of the commercial remote-sensing medal table, exactly as the report gives it."""

    edition: str
    id: str
    sector: str
    company: str
    satellite: str
    medal: str
    order: int
    #: The company and satellites, as ``[medals.entities]`` lists them (spellings as
    #: elsewhere: "Gaofen-1, Gaofen-2" is two spacecraft), so a row is a way in like any other.
    entities: Entities = Entities()
    #: ``edition/id`` of the record this one continues in an earlier edition (see briefing diff).
    follows: str | None = None

    dataset = "medals"

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
    #: ``edition/id`` of the record this one continues in an earlier edition (see briefing diff).
    follows: str | None = None
    #: Its rank by downloads where the report states one ("the most downloaded", 1); None where it does not.
    rank: int | None = None

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


class Relation(NamedTuple):
    """A typed link the report states between two entities: ``Qingzhou`` "developed by" ``CAS Innovation…``."""

    subject: str
    relation: str
    object: str
    source: str  # the news item that says so
    #: The report's words that state it, verbatim from the source item (a test holds them to the report).
    words: tuple[str, ...] = ()

    def other(self, name: str) -> str | None:
        """The entity at the other end from ``name``, or None when ``name`` is at neither end."""
        if name == self.subject:
            return self.object
        return self.subject if name == self.object else None


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
    #: Other news items the event also comes from (``source`` is the main one).
    also: tuple[str, ...] = ()
    #: Ours: where the date comes from when the source paragraph does not give it.
    date_note: str = ""
    #: ``edition/id`` of the record this one continues in an earlier edition (see briefing diff).
    follows: str | None = None

    dataset = "events"

    @property
    def sources(self) -> tuple[str, ...]:
        """Every news item the event comes from, ``source`` first."""
        return (self.source, *self.also)

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def planned(self) -> bool:
        return self.status == "planned"


#: Kinds of report part, with what each is called in listings.
PART_KINDS: dict[str, str] = {"introduction": "introduction", "figure": "key figure", "section": "heading"}


class ReportPart(NamedTuple):
    """A part of ``report.toml`` made searchable: an introduction paragraph, a key figure or a heading.

    Built by the loader from the :class:`Report` (no file of its own). Whose words it holds
    differs by kind: an introduction paragraph's ``text`` and a heading are the report's
    (verbatim); a paragraph's ``title`` ("Introduction, paragraph 1") and a key figure's
    label, value and detail are ours (see :attr:`ours`).
    """

    edition: str
    id: str  # "intro-1"…, a figure's id, a section's id
    kind: str  # one of PART_KINDS
    title: str  # ours for a paragraph ("Introduction, paragraph 1"), the label of a figure, a heading's path
    text: str  # the paragraph; "value: detail" of a figure; the heading
    entities: Entities
    order: int

    dataset = "report"

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def ours(self) -> bool:
        """True when the text is our summary (a key figure), False when it is the report's words."""
        return self.kind == "figure"


def report_parts(report: Report, entities: Callable[[str], Entities] | None = None) -> tuple[ReportPart, ...]:
    """The introduction's paragraphs, the key figures and the headings of ``report``, in that order.

    ``entities`` gives a part's entities from its text (the loader fills in other names from
    data/aliases.toml); without it a part names none.
    """
    named = entities or (lambda text: Entities())
    parts: list[ReportPart] = []

    def add(ident: str, kind: str, title: str, text: str) -> None:
        parts.append(ReportPart(report.edition, ident, kind, title, text, named(f"{title} {text}"), len(parts)))

    for number, paragraph in enumerate(report.introduction, 1):
        add(f"intro-{number}", "introduction", f"Introduction, paragraph {number}", paragraph)
    for figure in report.figures:
        add(figure.id, "figure", figure.label, f"{figure.value}: {figure.detail}")
    for section in report.sections:
        add(section.id, "section", report.section_path(section.id), section.title)
    return tuple(parts)


#: Any record an analyst can open, search, cite or annotate (a report part: open and search).
Record = NewsItem | MedalRow | Article | Event | ReportPart

#: The :class:`Edition` field holding a dataset's records, where it is not the dataset's name
#: (``report`` is the edition's :class:`Report`; its parts are ``parts``).
_FIELDS = {"report": "parts"}


def field_of(dataset: str) -> str:
    """The :class:`Edition` (and :class:`~.model.Model`) attribute listing the records of ``dataset``."""
    return _FIELDS.get(dataset, dataset)


class Edition(NamedTuple):
    """Everything loaded from one edition's folder."""

    id: str
    report: Report
    #: Tuples as the loader builds them; sequences read on demand once the edition is in a store.
    news: Sequence[NewsItem]
    medals: Sequence[MedalRow]
    medal_context: MedalContext
    articles: Sequence[Article]
    trends: TrendsContext
    events: Sequence[Event]
    #: Other names, corrections and editor's notes from data/aliases.toml (ours), shared by
    #: the editions of one data folder.
    aliases: Aliases = NO_ALIASES
    #: Relations the report states between entities (``[[relations]]`` in news.toml).
    relations: tuple[Relation, ...] = ()
    #: The introduction, key figures and headings as records search finds (:func:`report_parts`).
    parts: Sequence[ReportPart] = ()

    def relations_of(self, names: Sequence[str]) -> tuple[Relation, ...]:
        """The relations with any of ``names`` at either end, in file order."""
        wanted = set(names)
        return tuple(r for r in self.relations if r.subject in wanted or r.object in wanted)

    def records(self) -> Iterator[Record]:
        """Every record of the datasets an analyst annotates, in report order: news, medals, articles,
        events (not the report's parts, which are in ``parts``)."""
        yield from self.news
        yield from self.medals
        yield from self.articles
        yield from self.events


def keys_of(records: Sequence[Record]) -> list[str]:
    """Every record's key, in order, listed by the store without reading the records."""
    return records.keys()  # type: ignore[attr-defined]  # a StoredRecords


def news_date_width(item: NewsItem) -> int:
    """The widest wording among the item's dates ("17 Dec 2024", "late 2025")."""
    return max((len(date.wording) for date in item.dates), default=0)


def count_planned(events: Sequence[Event]) -> int:
    """How many of ``events`` are planned, counted by the store without reading the events."""
    return sum(events.column("planned"))  # type: ignore[attr-defined]  # a StoredRecords
