"""Links checked once records are built: ids unique in an edition, links that point at something,
``follows`` into earlier editions, and the aliases file's links into the editions of its folder.

Imports neither textual nor rich.
"""

from __future__ import annotations

from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from .alias_records import Aliases
from .aliases import check_against
from .editions import find_editions
from .records import Edition
from .schema_checks import CheckedFile

#: Dataset files holding records, with their array's key and the edition's attribute.
_RECORD_FILES = (("news.toml", "items", "news"), ("medals.toml", "medals", "medals"),
                 ("trends.toml", "articles", "articles"), ("timeline.toml", "events", "events"))


class FileRead(NamedTuple):
    """What the link checks need of a dataset file once its records are built, so that its parsed
    tables can be let go before the next file is read (at 100,000 events they are hundreds of MB)."""

    file: CheckedFile
    #: The file parsed to something (``{}`` when it was missing, unreadable or not read).
    loaded: bool
    #: Position of the first record with each id in the file's array, for pointing problems at the right line.
    first: dict[str, int]
    #: Positions of the second and later records with an id used more than once (an int an id, not
    #: a list: at 100,000 records the lists were some 9 MB a file, alive while the next was parsed).
    more: dict[str, list[int]]

    @classmethod
    def of(cls, file: CheckedFile, data: dict, key: str | None) -> "FileRead":
        first: dict[str, int] = {}
        more: dict[str, list[int]] = {}
        tables = data.get(key, []) if key is not None and isinstance(data, dict) else []
        tables = tables if isinstance(tables, list) else []
        ids = [table.get("id") if isinstance(table, dict) else None for table in tables]
        if set(map(type, ids)) <= {str}:  # the common case, in C: every table has an id
            # Reversed, so that the first of an id's positions is the one kept.
            first = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1)))
            if len(first) == len(ids):  # and no id twice
                return cls(file, bool(data), first, more)
            first = {}
        for index, table in enumerate(tables):
            if isinstance(table, dict):
                ident = table.get("id")
                if isinstance(ident, str) and first.setdefault(ident, index) != index:
                    more.setdefault(ident, []).append(index)
        return cls(file, bool(data), first, more)

    def index_of(self, ident: str) -> int:
        """Position of the first record with ``ident`` (0 when there is none)."""
        return self.first.get(ident, 0)

    def place(self, ident: str, nth: int) -> int:
        """Position of the ``nth`` record (from 0) with ``ident`` (0 when there are fewer)."""
        if nth == 0:
            return self.first.get(ident, 0)
        later = self.more.get(ident, ())
        return later[nth - 1] if nth - 1 < len(later) else 0


#: The array of records each dataset file holds.
RECORD_KEYS = {file_name: key for file_name, key, _ in _RECORD_FILES}


class Follows(NamedTuple):
    """A record's ``follows`` link, and where it is written."""

    file: CheckedFile
    location: tuple
    record: Any


def check_follows(editions: list[Edition], links: list[Follows]) -> None:
    """Each ``follows`` names a record of the same kind in an earlier edition, when that edition is loaded.

    A link to an edition that is not loaded is not a problem: the next edition is often
    validated on its own, and the link is checked when both are loaded.
    """
    if not links:
        return
    position = {edition.id: index for index, edition in enumerate(editions)}
    by_edition = {edition.id: edition for edition in editions}
    keys: dict[str, dict[str, str]] = {}
    for link in links:
        record = link.record
        target_edition, _, target_id = record.follows.partition("/")
        label = f"{record.dataset} record {record.id!r}: 'follows'"
        if target_edition == record.edition:
            link.file.error(link.location, f"{label} names a record of its own edition; "
                                           "it must name one of an earlier edition")
            continue
        if target_edition not in position:
            continue
        if position[target_edition] > position.get(record.edition, -1):
            link.file.error(link.location, f"{label} names edition {target_edition!r}, which is not earlier "
                                           f"than {record.edition!r} (editions are ordered by period_start)")
            continue
        if target_edition not in keys:
            keys[target_edition] = {r.id: r.dataset for r in by_edition[target_edition].records()}
        dataset = keys[target_edition].get(target_id)
        if dataset is None:
            link.file.error(link.location, f"{label} links to {record.follows!r}, which does not exist")
        elif dataset != record.dataset:
            link.file.error(link.location, f"{label} links to {record.follows!r}, a {dataset} record, "
                                           f"not one of {record.dataset}")


def collect_follows(edition: Edition, files_read: dict[str, FileRead], follows: list[Follows]) -> None:
    """Add each of ``edition``'s records with a ``follows`` link to ``follows``, with where it is written."""
    for file_name, key, records in _RECORD_FILES:
        for record in getattr(edition, records):
            if record.follows is not None:
                read = files_read[file_name]
                follows.append(Follows(read.file, (key, read.index_of(record.id), "follows"), record))


def _resolved_parent(folder: Path) -> Path | None:
    try:
        return folder.resolve().parent
    except (OSError, RuntimeError):
        return None


def check_aliases(aliases_by_folder: dict[Path, tuple[CheckedFile, Aliases]], folders: list[Path],
                  editions: list[Edition]) -> None:
    """Links from each aliases file into the editions of its folder; entities and slips are
    checked only when every edition of the folder was loaded."""
    for here, (file, aliases) in aliases_by_folder.items():
        mine = [edition for folder, edition in zip(folders, editions) if _resolved_parent(folder) == here]
        try:
            in_folder = {folder.resolve() for folder in find_editions([here], [])}
        except (OSError, RuntimeError):
            continue
        loaded = {folder.resolve() for folder in folders if _resolved_parent(folder) == here}
        check_against(aliases, mine, file.error, complete=in_folder <= loaded)


def check_links(edition: Edition, files: dict[str, FileRead]) -> None:
    """Duplicate IDs across the edition, and links that point at nothing."""
    owners: dict[str, str] = {}

    def claim(ident: str, file_name: str, location: tuple) -> None:
        file = files[file_name].file
        if ident in owners:
            file.error(location, f"duplicate id {ident!r} (already used in {owners[ident]})")
        else:
            owners[ident] = file_name

    report = edition.report
    for index, section in enumerate(report.sections):
        claim(section.id, "report.toml", ("sections", index, "id"))
    for index, figure in enumerate(report.figures):
        claim(figure.id, "report.toml", ("figures", index, "id"))
    for record_file, key, records in (("news.toml", "items", edition.news), ("medals.toml", "medals", edition.medals),
                                      ("trends.toml", "articles", edition.articles),
                                      ("timeline.toml", "events", edition.events)):
        read = files[record_file]
        taken: dict[str, int] = {}  # how many records with each id were claimed: the next takes the next place
        idents = [record.id for record in records]
        if len(set(idents)) == len(idents) and owners.keys().isdisjoint(idents):  # the common case, in C
            owners.update(dict.fromkeys(idents, record_file))
            continue
        for record in records:
            ident = record.id
            if ident not in owners:  # the first record with its id: claimed without a location made
                owners[ident] = record_file
                taken[ident] = 1
                continue
            nth = taken.get(ident, 0)
            taken[ident] = nth + 1
            claim(ident, record_file, (key, read.place(ident, nth), "id"))

    section_ids = {s.id for s in report.sections}
    news_ids = {n.id for n in edition.news} | files["news.toml"].file.dropped_ids

    def link(file_name: str, location: tuple, target: str, targets: set[str], what: str, label: str) -> None:
        if target and target not in targets:
            files[file_name].file.error(location, f"{label} links to {what} {target!r}, which does not exist")

    if not files["report.toml"].loaded:
        # report.toml did not load: its error is the cause, and every link into its sections
        # (each news item's) would be reported again as a follow-on error.
        section_ids = None
    for index, section in enumerate(report.sections):
        if section.parent and section_ids is not None:
            link("report.toml", ("sections", index, "parent"), section.parent, section_ids, "section",
                 f"section {section.id!r}")
    if not edition.news and not files["news.toml"].loaded:
        return  # news did not load; every link into it would be reported again for nothing
    for index, figure in enumerate(report.figures):
        link("report.toml", ("figures", index, "source"), figure.source, news_ids, "news item",
             f"figure {figure.id!r}")
    news_file = files["news.toml"]
    # Each record's links looked at one by one only when some record's, gathered in C, lead nowhere.
    sound_sections = section_ids is None or set(map(attrgetter("section"), edition.news)) - section_ids <= {""}
    for item in edition.news if section_ids is not None and not sound_sections else ():
        if item.section in section_ids or not item.section:
            continue
        link("news.toml", ("items", news_file.index_of(item.id), "section"), item.section, section_ids, "section",
             f"news item {item.id!r}")
    ctx = edition.medal_context
    link("medals.toml", ("context", "source_item"), ctx.source_item, news_ids, "news item", "medal context")
    link("medals.toml", ("context", "response_item"), ctx.response_item, news_ids, "news item", "medal context")
    link("trends.toml", ("context", "source_item"), edition.trends.source_item, news_ids, "news item",
         "trends context")
    news_by_id = {item.id: item for item in edition.news} if edition.relations else {}
    for index, relation in enumerate(edition.relations):
        location = ("relations", index)
        label = f"relation {relation.subject!r} {relation.relation} {relation.object!r}"
        link("news.toml", location + ("source",), relation.source, news_ids, "news item", label)
        item = news_by_id.get(relation.source)
        if item is None:
            continue
        named = set(item.entities.names())
        flat = " ".join(item.text.split())
        for words in relation.words:
            if " ".join(words.split()) not in flat:
                news_file.file.error(location + ("words",), f"{label}: {words!r} is not in the text of its "
                                                                  f"source item {relation.source!r}")
        for end in ("subject", "object"):
            name = getattr(relation, end)
            if name not in named:
                news_file.file.error(location + (end,), f"{label}: {name!r} is not an entity of its "
                                                             f"source item {relation.source!r}")
    trends_file = files["trends.toml"]
    for article in edition.articles:
        if article.source in news_ids or not article.source:  # what link() would pass, without its label made
            continue
        link("trends.toml", ("articles", trends_file.index_of(article.id), "source"), article.source, news_ids,
             "news item", f"article {article.id!r}")
    timeline_file = files["timeline.toml"]
    events = edition.events
    targets = set(map(attrgetter("source"), events)).union(chain.from_iterable(map(attrgetter("also"), events)))
    for event in events if not targets - news_ids <= {""} else ():
        if event.source in news_ids or not event.source:
            if not event.also or news_ids.issuperset(event.also):
                continue
        place = timeline_file.index_of(event.id)
        link("timeline.toml", ("events", place, "source"), event.source, news_ids,
             "news item", f"event {event.id!r}")
        for also in event.also:
            link("timeline.toml", ("events", place, "also"), also, news_ids,
                 "news item", f"event {event.id!r}")

