"""One loader a dataset file: its checked tables made into the edition's records.

Each takes the file's parsed data (``{}`` when it did not load) and gives records, or empty
ones, never raising: what is wrong is added to the file's problems.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from ..safe_io import NotRegularFile, TooLarge, read_regular
from . import schema
from .dates import ReportDate
from .record_facts import own_date
from .records import (Article, Entities, Event, Figure, MedalContext, MedalCount, MedalRow, NewsItem, Relation,
                      Report, Section, TrendsContext)
from .schema_checks import (INVALID, CheckedFile, check_table, check_top_level, check_value, checked_records,
                            each_checked_record)

NO_ENTITIES = Entities()

def load_report(edition_id: str, file: CheckedFile, data: dict) -> Report:
    fallback = Report(edition_id, edition_id, "", dt.date.min, dt.date.min, (), "", (), ())
    if not data:
        return fallback
    top = {k: v for k, v in schema.REPORT.items() if k not in ("sections", "figures")}
    scalars = {k: v for k, v in data.items() if k not in ("sections", "figures")}
    check_top_level(file, data, schema.REPORT)
    values = check_table(file, {k: v for k, v in scalars.items() if k in top}, top, (), "report")
    sections = tuple(Section(v["id"], v["title"], v["kind"], v.get("parent"))
                     for _, v in checked_records(file, data, "sections", schema.SECTION, "section"))
    figures = tuple(Figure(**v) for _, v in checked_records(file, data, "figures", schema.FIGURE, "figure"))
    if values is None:
        return Report(edition_id, edition_id, "", dt.date.min, dt.date.min, (), "", sections, figures)
    if "source_sha256" in values:
        _check_source_text(file, values["source_sha256"])
    start, end = values["period_start"], values["period_end"]
    for key, date in (("period_start", start), ("period_end", end)):
        if not date.is_exact:
            file.error((key,), f"report: {key!r} must be an exact date such as 2024-09-01")
    return Report(
        edition=edition_id,
        title=values["title"],
        period=values["period"],
        period_start=start.span()[0],
        period_end=end.span()[1],
        introduction=values["introduction"],
        sources_note=values.get("sources_note", ""),
        sections=sections,
        figures=figures,
    )


#: The report texts are tens of kilobytes; a larger "source" is refused unread.
MAX_SOURCE_BYTES = 16 * 1024 * 1024


def _check_source_text(file: CheckedFile, expected: str) -> None:
    """The edition's ``source.txt`` must exist and hash to ``source_sha256``: the data says what it was made from."""
    path = file.path.parent / schema.SOURCE_TEXT
    try:
        raw = read_regular(path, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        file.error(("source_sha256",), f"report: the source text {schema.SOURCE_TEXT} is missing from the edition folder")
        return
    except TooLarge:
        file.error(("source_sha256",), f"report: {schema.SOURCE_TEXT} is over the {MAX_SOURCE_BYTES:,}-byte limit")
        return
    except NotRegularFile as error:
        file.error(("source_sha256",), f"report: {schema.SOURCE_TEXT}: {error.strerror}; only regular files are read")
        return
    except OSError as error:
        file.error(("source_sha256",), f"report: cannot read {schema.SOURCE_TEXT}: {error.strerror or error}")
        return
    import hashlib  # only when the TOML is read: an up-to-date store needs no hash

    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected.strip().lower():
        file.error(("source_sha256",), f"report: {schema.SOURCE_TEXT} has SHA-256 {actual}, "
                                       f"not the {expected!r} report.toml records: the source text changed")


#: Gives a record's entities their other names from its entities and text (:func:`.aliases.other_names_for`).
Names = Callable[[Entities, str], Entities]


def named(names: Names | None, entities: Entities, text: str) -> Entities:
    return names(entities, text) if names is not None else entities


def load_news(edition_id: str, report: Report, file: CheckedFile, data: dict, names: Names | None = None) -> list[NewsItem]:
    if not data:
        return []
    check_top_level(file, data, schema.NEWS)
    kinds = {s.id: s.kind for s in report.sections}
    start, end = report.period_start, report.period_end
    # Whether each date begins within the period (the dates are kept once: at 100,000 items working
    # out each item's spans again was a tenth of the news' load).
    within: dict[ReportDate, bool] = {}
    items = []
    for order, (_, v) in enumerate(each_checked_record(file, data, "items", schema.NEWS_ITEM, "news item")):
        get = v.get
        dates = get("dates", ())
        own = get("date")
        if not own:
            for date in dates:
                inside = within.get(date)
                if inside is None:
                    inside = within[date] = own_date((date,), start, end) is not None
                if inside:
                    own = date
                    break
            else:
                own = None
        section, text = v["section"], v["text"]
        # Positional, in NewsItem's field order: keywords cost a dict a record.
        items.append(NewsItem(edition_id, v["id"], section, kinds.get(section, "news"), v["headline"], dates, text,
                              get("tags", ()), get("entities", NO_ENTITIES) if names is None else
                              names(get("entities", NO_ENTITIES), text), order,
                              get("follows"), own))
    return items


def load_relations(file: CheckedFile, data: dict) -> list[Relation]:
    if not data or not isinstance(data.get("relations", []), list):
        return []
    return [Relation(**{**v, "words": tuple(v.get("words", ()))})
            for _, v in checked_records(file, data, "relations", schema.RELATION, "relation")]


def _empty_medal_context(edition_id: str) -> MedalContext:
    return MedalContext(edition_id, "", "", "", (), 0, (), (), "", "")


def load_medals(edition_id: str, file: CheckedFile, data: dict,
                names: Names | None = None) -> tuple[list[MedalRow], MedalContext]:
    if not data:
        return [], _empty_medal_context(edition_id)
    check_top_level(file, data, schema.MEDALS)
    context = _empty_medal_context(edition_id)
    if "context" in data:
        values = check_value(file, data["context"], schema.MEDALS["context"], ("context",), "medal context")
        if values is not INVALID:
            counts = tuple(MedalCount(**c) for _, c in
                           checked_records(file, values, "counts", schema.MEDAL_COUNT, "medal count"))
            fields = {k: v for k, v in values.items() if k != "counts"}
            context = MedalContext(edition=edition_id, counts=counts, **fields)
    rows = []
    for order, (_, v) in enumerate(each_checked_record(file, data, "medals", schema.MEDAL_ROW, "medal row")):
        if "entities" not in v:  # a row listing none names its company and satellite cell
            v["entities"] = Entities(organisations=(v["company"],), spacecraft=(v["satellite"],))
        v["entities"] = named(names, v["entities"], f"{v['company']} {v['satellite']}")
        rows.append(MedalRow(edition=edition_id, order=order, **v))
    return rows, context


def load_trends(edition_id: str, file: CheckedFile, data: dict,
                names: Names | None = None) -> tuple[list[Article], TrendsContext]:
    empty = TrendsContext(edition_id, "", "", 0, "", "")
    if not data:
        return [], empty
    check_top_level(file, data, schema.TRENDS)
    context = empty
    if "context" in data:
        values = check_value(file, data["context"], schema.TRENDS["context"], ("context",), "trends context")
        if values is not INVALID:
            context = TrendsContext(edition=edition_id, **values)
    articles = []
    for order, (_, v) in enumerate(checked_records(file, data, "articles", schema.ARTICLE, "article")):
        if v["downloads"] < 0:
            file.error(("articles", order, "downloads"), f"article {v['id']!r}: downloads cannot be negative")
            continue
        articles.append(Article(
            edition=edition_id, id=v["id"], topic=v["topic"], theme=v["theme"],
            institution=v.get("institution"), downloads=v["downloads"], summary=v["summary"],
            source=v["source"], entities=named(names, v.get("entities", NO_ENTITIES), v["summary"]), order=order,
            follows=v.get("follows"), rank=v.get("rank"),
        ))
    return articles, context


def load_timeline(edition_id: str, file: CheckedFile, data: dict, names: Names | None = None) -> list[Event]:
    if not data:
        return []
    check_top_level(file, data, schema.TIMELINE)
    events = []
    for order, (_, v) in enumerate(each_checked_record(file, data, "events", schema.EVENT, "event")):
        get, text = v.get, v["text"]
        # Positional, in Event's field order: keywords cost a dict a record.
        events.append(Event(edition_id, v["id"], v["date"], v["status"], v["category"], v["title"], text, v["source"],
                            get("entities", NO_ENTITIES) if names is None else names(get("entities", NO_ENTITIES), text),
                            order, get("also", ()),
                            get("date_note", ""), get("follows")))
    return events
