"""The whole model as one JSON document: the stable machine interface for other tools.

Shape (documented in data/README.md): ``editions`` (metadata and context of each
edition) and the top-level arrays ``news``, ``medals``, ``articles`` and ``events``
merged across editions, each record with its ``edition``. Dates are ISO text:
``2025-01-06``, or partial ``2025-12`` / ``2025`` for approximate dates, with the
report's wording and its qualifier (``early``, ``mid``, ``late``, ``by`` or null) beside them.
"""

from __future__ import annotations

import gc
from typing import Any, Mapping

from ..data.alias_records import NO_ALIASES, Aliases
from ..data.aliases import corrected_text
from ..data.dates import ReportDate, wording_in
from ..data.record_facts import record_title
from ..data.model import Model
from ..data.records import ENTITY_KINDS, Article, Edition, Entities, Event, MedalRow, NewsItem, ReportPart

#: 2: date_wording is the report's own wording (null where its paragraph does not write it); ours is date_display.
#: 3: every record has "title" and "date" (null where the report gives it none), as every front end shows them;
#: an article has "report_rank" (the rank the report states, null where it ranks none); relations have "words" (the report's).
FORMAT_VERSION = 3


def _date(date: ReportDate, source_text: str = "") -> dict[str, Any]:
    """``wording`` is how the report writes the date ("December 16, 2024", "late 2025"), found in
    ``source_text`` for an exact day; None when the paragraph does not write it. ``display`` is ours."""
    return {"date": date.iso, "precision": date.precision, "wording": wording_in(date, source_text),
            "display": date.display(), "approximate": not date.is_exact, "qualifier": date.qualifier}


def _entities(entities: Entities) -> dict[str, list[str]]:
    return {kind: list(getattr(entities, kind)) for kind in ENTITY_KINDS}


def _ours(text: str, key: str, aliases: Aliases) -> dict[str, Any]:
    """What we add to a record's text (data/aliases.toml): the text with its slips marked
    ``[sic: …]`` (null when it has none) and the editor's notes on it."""
    marked = corrected_text(text, aliases) if text else text
    return {"corrected_text": marked if marked != text else None, "editor_notes": list(aliases.notes_for(key))}


def news_json(item: NewsItem, model: Model) -> dict[str, Any]:
    report = model.report_for(item)
    return {
        "edition": item.edition, "id": item.id, "title": record_title(item), "section": item.section,
        "section_title": report.section_path(item.section), "kind": item.kind, "headline": item.headline,
        "dates": [date.iso for date in item.dates],
        # How the paragraph writes each date ("December 17, 2024"); null where it does not write it out.
        "dates_wording": [wording_in(date, item.text) for date in item.dates],
        # The item's own date (lists and citations show it), never a date it names in passing;
        # date_is_ours when it comes from news.toml's `date` rather than from the paragraph.
        "date": item.own_date.iso if item.own_date else None,
        "date_wording": wording_in(item.own_date, item.text) if item.own_date else None,
        "date_is_ours": item.own_date is not None and item.own_date not in item.dates,
        "text": item.text, "tags": list(item.tags), "entities": _entities(item.entities),
        **_ours(item.text, item.key, model.aliases), **_follows(item),
    }


def _follows(record: Any) -> dict[str, str]:
    """``{"follows": key}`` for a record that names the earlier record it continues, else nothing."""
    return {"follows": record.follows} if record.follows else {}


def medal_json(row: MedalRow, aliases: Aliases = NO_ALIASES) -> dict[str, Any]:
    return {"edition": row.edition, "id": row.id, "title": record_title(row), "date": None,
            "sector": row.sector, "company": row.company,
            "satellite": row.satellite, "medal": row.medal, "entities": _entities(row.entities),
            "editor_notes": list(aliases.notes_for(row.key)), **_follows(row)}


def article_json(article: Article, aliases: Aliases = NO_ALIASES) -> dict[str, Any]:
    return {"edition": article.edition, "id": article.id, "title": record_title(article), "date": None,
            "topic": article.topic, "theme": article.theme,
            "institution": article.institution, "downloads": article.downloads, "report_rank": article.rank,
            "summary": article.summary,
            "source": article.source, "entities": _entities(article.entities),
            **_ours(article.summary, article.key, aliases), **_follows(article)}


def event_json(event: Event, aliases: Aliases = NO_ALIASES, source_text: str = "") -> dict[str, Any]:
    """``source_text``: the paragraph the event comes from, where the report's wording of its date is found."""
    when = _date(event.date, source_text)
    return {"edition": event.edition, "id": event.id, "date": when["date"], "precision": when["precision"],
            "date_wording": when["wording"], "date_display": when["display"], "approximate": when["approximate"], "qualifier": when["qualifier"],
            "date_note": event.date_note or None, "status": event.status,
            "category": event.category, "title": record_title(event), "text": event.text, "source": event.source,
            "also": list(event.also), "entities": _entities(event.entities), **_ours(event.text, event.key, aliases),
            **_follows(event)}


def part_json(part: ReportPart, aliases: Aliases = NO_ALIASES) -> dict[str, Any]:
    """A part of the report (``briefing search`` and ``show``); ``quoted`` says whether ``text`` is the
    report's words (an introduction paragraph, a heading) or ours (a key figure's value and detail)."""
    return {"edition": part.edition, "id": part.id, "kind": part.kind, "title": record_title(part), "date": None,
            "text": part.text,
            "quoted": not part.ours, "title_is_ours": part.kind != "section",
            "entities": _entities(part.entities), **_ours(part.text, part.key, aliases)}


def record_json(record: Any, model: Model) -> dict[str, Any]:
    """Any record as JSON, with its dataset named."""
    if isinstance(record, NewsItem):
        body = news_json(record, model)
    elif isinstance(record, MedalRow):
        body = medal_json(record, model.aliases)
    elif isinstance(record, Article):
        body = article_json(record, model.aliases)
    elif isinstance(record, ReportPart):
        body = part_json(record, model.aliases)
    else:
        body = event_json(record, model.aliases, _source_text(record, model))
    return {"dataset": record.dataset, **body}


def _source_text(event: Event, model: Model) -> str:
    """The paragraph ``event`` comes from, or "" when it is not loaded."""
    source = model.get(f"{event.edition}/{event.source}")
    return source.text if isinstance(source, NewsItem) else ""


def edition_json(edition: Edition, status: Any = None) -> dict[str, Any]:
    """One edition's metadata; ``status`` (:class:`~briefing.model.library.status.Status`) adds
    ``status`` ("draft", "reviewed", "published") with ``left`` and ``doubtful`` values to review."""
    report = edition.report
    medals = edition.medal_context
    trends = edition.trends
    return {
        "id": edition.id, "title": report.title, "period": report.period,
        "period_start": report.period_start.isoformat(), "period_end": report.period_end.isoformat(),
        "introduction": list(report.introduction), "sources_note": report.sources_note,
        "sections": [{"id": s.id, "title": s.title, "kind": s.kind, "parent": s.parent} for s in report.sections],
        "figures": [{"id": f.id, "label": f.label, "value": f.value, "detail": f.detail, "source": f.source}
                    for f in report.figures],
        "medal_context": {
            "source": medals.source, "source_item": medals.source_item, "summary": medals.summary,
            "counts": [{"country": c.country, "medals": c.medals} for c in medals.counts],
            "previous_table_year": medals.previous_table_year,
            "sectors_without_chinese_medal": list(medals.sectors_without_chinese_medal),
            "holders_in_those_sectors": list(medals.holders_in_those_sectors),
            "response": medals.response, "response_item": medals.response_item,
        },
        "relations": [relation._asdict() for relation in edition.relations],
        "trends": {"statement": trends.statement, "since": trends.since, "topic": trends.topic,
                   "top_ten_on_topic": trends.top_ten_on_topic, "source_item": trends.source_item},
        **({"status": status.kind, "left": status.left, "doubtful": status.total} if status is not None else {}),
    }


def model_json(model: Model, statuses: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole model as a JSON-ready dict; each edition with its status when ``statuses`` are given."""
    # Millions of dicts and lists that all live until the document is written: the collector's
    # passes over them free nothing (as in the loader and the compile), and at 10,000 events
    # took a third of the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _model_json(model, statuses)
    finally:
        if collecting:
            gc.enable()


def _model_json(model: Model, statuses: Mapping[str, Any] | None) -> dict[str, Any]:
    aliases = model.aliases
    news: list[dict[str, Any]] = []
    # Each event quotes its source paragraph: kept from this one pass over the news rather
    # than each read back from the store (at 100,000 events, a third of the export).
    paragraphs: dict[tuple[str, str], str] = {}
    for item in model.news:
        news.append(news_json(item, model))
        paragraphs[(item.edition, item.id)] = item.text
    return {
        "format": FORMAT_VERSION,
        "editions": [edition_json(edition, (statuses or {}).get(edition.id)) for edition in model.editions],
        "news": news,
        "medals": [medal_json(row, aliases) for row in model.medals],
        "articles": [article_json(article, aliases) for article in model.articles],
        "events": [event_json(event, aliases, paragraphs.get((event.edition, event.source), ""))
                   for event in model.events],
        "aliases": aliases_json(aliases),
    }


def aliases_json(aliases: Aliases) -> dict[str, Any]:
    """data/aliases.toml as loaded: ours, not the report's."""
    return {
        "note": "Ours, not the report's: other names, corrections of the report's slips, editor's notes.",
        "entities": [{"name": e.name, "aliases": list(e.aliases)} for e in aliases.entities],
        "corrections": [{"wording": c.wording, "correction": c.correction, "note": c.note}
                        for c in aliases.corrections],
        "editor_notes": [{"record": n.record, "text": n.text} for n in aliases.notes],
    }
