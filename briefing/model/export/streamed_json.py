"""``briefing export --format json`` written a few hundred records at a time.

The text is exactly ``json.dumps(model_json(model, statuses), separators=(",", ":"))``
(:mod:`.as_json` defines the shape; ``tests/test_export_json.py`` holds the two to the same
bytes, in both ASCII modes). Building the whole document first held every record's dict and
the whole text at once: at 100,000 events, 1.86 GiB, and encoding the one document took more
than twice as long as encoding it in batches. Here each batch of records is made into text
and handed to ``write``, then dropped.

What records share is looked up once: section titles per section, editor's notes by record,
whether any correction's slip is in a text at all, and each distinct date's text.
"""

from __future__ import annotations

import gc
import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..data.aliases import corrected_text
from ..data.dates import ReportDate, wording_in
from ..data.model import Model
from ..data.records import ENTITY_KINDS, Article, Entities, Event, MedalRow, NewsItem
from .as_json import FORMAT_VERSION, aliases_json, edition_json

#: Records written at a time: large enough that the per-batch calls vanish, small enough that a
#: batch's text stays under a MB (alternating 128, 512 and 2,048 at 10,000 events: 512 at least as fast).
BATCH = 512

_KINDS = tuple(ENTITY_KINDS)


def write_model_json(model: Model, statuses: Mapping[str, Any] | None, write: Callable[[str], None], *,
                     ensure_ascii: bool = False) -> None:
    """Write :func:`.as_json.model_json` of ``model`` as compact JSON text to ``write``, piece by piece
    (no newline after it); ``ensure_ascii`` escapes every character outside ASCII, as ``json.dumps`` does."""
    # Nothing made here refers back to itself: the collector's passes over a batch's dicts and lists
    # could free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _write(model, statuses, write, json.JSONEncoder(
            ensure_ascii=ensure_ascii, separators=(",", ":"), check_circular=False).encode,
            encode_basestring_ascii if ensure_ascii else encode_basestring)  # the encoder's own, in C
    finally:
        if collecting:
            gc.enable()


def _write(model: Model, statuses: Mapping[str, Any] | None, write: Callable[[str], None],
           encode: Callable[[Any], str], quote: Callable[[str], str]) -> None:
    head = encode({"format": FORMAT_VERSION,
                   "editions": [edition_json(edition, (statuses or {}).get(edition.id)) for edition in model.editions]})
    write(head[:-1])  # the closing brace comes after the arrays
    shaped = _Shaper(model, quote)
    # Each event quotes its source paragraph, kept from the one pass over the news rather than
    # read back from the store.
    paragraphs: dict[tuple[str, str], str] = {}

    def news() -> Iterator[str]:
        for item in model.news:
            paragraphs[(item.edition, item.id)] = item.text
            yield shaped.news(item)

    _write_texts(write, ',"news":', news())
    _write_dicts(write, encode, ',"medals":', map(shaped.medal, model.medals))
    _write_dicts(write, encode, ',"articles":', map(shaped.article, model.articles))
    _write_texts(write, ',"events":',
                 (shaped.event(event, paragraphs.get((event.edition, event.source), "")) for event in model.events))
    write(',"aliases":' + encode(aliases_json(model.aliases)) + "}")


def _write_dicts(write: Callable[[str], None], encode: Callable[[Any], str], name: str,
                 records: Iterable[dict[str, Any]]) -> None:
    """``name`` then a JSON array of ``records``, a batch encoded at a time (as one array, its brackets cut)."""
    _write_texts(write, name, (encode(batch)[1:-1] for batch in _batches(records)), batched=True)


def _write_texts(write: Callable[[str], None], name: str, texts: Iterable[str], *, batched: bool = False) -> None:
    """``name`` then a JSON array of the values ``texts`` (each already JSON), a batch written at a time
    (``batched``: each text is a batch's values already)."""
    write(name + "[")
    first = True
    for batch in texts if batched else map(",".join, _batches(texts)):
        write(batch if first else "," + batch)
        first = False
    write("]")


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Shaper:
    """Each record as :mod:`.as_json` makes it (the same keys in the same order), with what records
    share looked up once: a news item and an event as their JSON text, medal rows and articles
    (a twentieth of the records) as dicts for the encoder.

    The text is written here because making a dict of twenty fields and then walking it in the
    encoder took a quarter longer than quoting each value (``quote``, the encoder's own string
    quoting) into a template that holds the keys."""

    def __init__(self, model: Model, quote: Callable[[str], str]) -> None:
        self.model = model
        self.quote = quote
        self.aliases = model.aliases
        self.slips = tuple(correction.wording for correction in self.aliases.corrections)
        notes: dict[str, list[str]] = {}
        for note in self.aliases.notes:
            notes.setdefault(note.record, []).append(note.text)
        self.notes = {key: tuple(texts) for key, texts in notes.items()}
        self.section_titles: dict[tuple[str, str], str] = {}
        self.isos: dict[ReportDate, str] = {}
        self.event_dates: dict[ReportDate, tuple[str, str, str | None]] = {}

    def _corrected(self, text: str) -> str | None:
        """:func:`.as_json._ours`'s ``corrected_text``: only a text holding a slip is marked."""
        if text:
            for slip in self.slips:
                if slip in text:
                    marked = corrected_text(text, self.aliases)
                    return marked if marked != text else None
        return None

    def _texts(self, texts: Iterable[str]) -> str:
        """A JSON array of ``texts``."""
        return f"[{','.join(map(self.quote, texts))}]"

    def _or_null(self, text: str | None) -> str:
        return "null" if text is None else self.quote(text)

    def _entities(self, entities: Entities) -> str:
        """As :func:`.as_json._entities`: each kind's names (``other_names`` is not one)."""
        join, quote = ",".join, self.quote  # each list in place: most are empty, and a call each cost more
        organisations, people, spacecraft, vehicles, places, plans, _ = entities
        return (f'{{"organisations":[{join(map(quote, organisations))}],"people":[{join(map(quote, people))}],'
                f'"spacecraft":[{join(map(quote, spacecraft))}],"vehicles":[{join(map(quote, vehicles))}],'
                f'"places":[{join(map(quote, places))}],"plans":[{join(map(quote, plans))}]}}')

    def _notes(self, record: NewsItem | Event) -> str:
        return self._texts(self.notes.get(record.key, ())) if self.notes else "[]"

    def _section_title(self, item: NewsItem) -> str:
        place = (item.edition, item.section)
        title = self.section_titles.get(place)
        if title is None:
            title = self.section_titles[place] = self.quote(self.model.report_for(item).section_path(item.section))
        return title

    def _iso(self, date: ReportDate) -> str:
        iso = self.isos.get(date)
        if iso is None:
            iso = self.isos[date] = self.quote(date.iso)
        return iso

    def news(self, item: NewsItem) -> str:
        """:func:`.as_json.news_json` as JSON text."""
        quote, or_null, join = self.quote, self._or_null, ",".join
        text, dates, own = item.text, item.dates, item.own_date
        wordings = [wording_in(date, text) for date in dates]
        isos = [self._iso(date) for date in dates]
        own_iso, own_wording, ours = "null", None, "false"
        if own is not None:
            try:
                place = dates.index(own)  # the paragraph's own date: its wording found above
                own_iso, own_wording = isos[place], wordings[place]
            except ValueError:  # news.toml's `date`, not one the paragraph lists
                own_iso, own_wording, ours = self._iso(own), wording_in(own, text), "true"
        return (f'{{"edition":{quote(item.edition)},"id":{quote(item.id)},"title":{quote(item.title)},'
                f'"section":{quote(item.section)},"section_title":{self._section_title(item)},'
                f'"kind":{quote(item.kind)},"headline":{quote(item.headline)},"dates":[{join(isos)}],'
                f'"dates_wording":[{join(map(or_null, wordings))}],"date":{own_iso},'
                f'"date_wording":{or_null(own_wording)},"date_is_ours":{ours},"text":{quote(text)},'
                f'"tags":[{join(map(quote, item.tags))}],"entities":{self._entities(item.entities)},'
                f'"corrected_text":{or_null(self._corrected(text))},"editor_notes":{self._notes(item)}'
                + (f',"follows":{quote(item.follows)}}}' if item.follows else "}"))

    def event(self, event: Event, paragraph: str) -> str:
        """:func:`.as_json.event_json` as JSON text; ``paragraph``: the text of the event's source, where
        the report's wording of its date is found."""
        quote, or_null, when = self.quote, self._or_null, event.date
        facts = self.event_dates.get(when)
        if facts is None:  # a few thousand distinct dates among 100,000 events
            facts = self.event_dates[when] = (
                f'"date":{self._iso(when)},"precision":{quote(when.precision)}',
                f'"date_display":{quote(when.display())},"approximate":{"false" if when.is_exact else "true"},'
                f'"qualifier":{or_null(when.qualifier)}',
                None if when.is_exact else or_null(wording_in(when, "")))  # an approximate date's wording is its own
        before, after, wording = facts
        return (f'{{"edition":{quote(event.edition)},"id":{quote(event.id)},{before},'
                f'"date_wording":{wording or or_null(wording_in(when, paragraph))},{after},'
                f'"date_note":{or_null(event.date_note or None)},"status":{quote(event.status)},'
                f'"category":{quote(event.category)},"title":{quote(event.title)},"text":{quote(event.text)},'
                f'"source":{quote(event.source)},"also":[{",".join(map(quote, event.also))}],'
                f'"entities":{self._entities(event.entities)},"corrected_text":{or_null(self._corrected(event.text))},'
                f'"editor_notes":{self._notes(event)}'
                + (f',"follows":{quote(event.follows)}}}' if event.follows else "}"))

    def medal(self, row: MedalRow) -> dict[str, Any]:
        record = {"edition": row.edition, "id": row.id, "title": row.title, "date": None,
                  "sector": row.sector, "company": row.company, "satellite": row.satellite, "medal": row.medal,
                  "entities": dict(zip(_KINDS, row.entities)), "editor_notes": self.notes.get(row.key, ())}
        if row.follows:
            record["follows"] = row.follows
        return record

    def article(self, article: Article) -> dict[str, Any]:
        record = {"edition": article.edition, "id": article.id, "title": article.title, "date": None,
                  "topic": article.topic, "theme": article.theme, "institution": article.institution,
                  "downloads": article.downloads, "report_rank": article.rank, "summary": article.summary,
                  "source": article.source, "entities": dict(zip(_KINDS, article.entities)),
                  "corrected_text": self._corrected(article.summary), "editor_notes": self.notes.get(article.key, ())}
        if article.follows:
            record["follows"] = article.follows
        return record
