"""``briefing export --format json`` written a few hundred records at a time.

The text is exactly ``json.dumps(model_json(model, statuses), separators=(",", ":"))``
(:mod:`.as_json` defines the shape; ``tests/test_export_json.py`` holds the two to the same
bytes). Building the whole document first held every record's dict and the whole text at
once: at 100,000 events, 1.7 GiB, and the encoder's one giant string cost more than all its
batches together. Here each batch of records is made into dicts, encoded by the C encoder
and handed to ``write``, then dropped.

The dicts are made with what every record would otherwise look up again: section titles
per section, editor's notes by record, and whether any correction's slip is in a text at
all. Lists are left as tuples, which the encoder writes as the same arrays.
"""

from __future__ import annotations

import gc
import json
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..data.aliases import corrected_text
from ..data.dates import wording_in
from ..data.model import Model
from ..data.records import ENTITY_KINDS, Article, Entities, Event, MedalRow, NewsItem
from .as_json import FORMAT_VERSION, aliases_json, edition_json

#: Records encoded at a time: large enough that the encoder's per-call cost vanishes, small
#: enough that a batch's dicts and text stay a few MB.
BATCH = 512

_KINDS = tuple(ENTITY_KINDS)


def write_model_json(model: Model, statuses: Mapping[str, Any] | None, write: Callable[[str], None], *,
                     ensure_ascii: bool = False) -> None:
    """Write :func:`.as_json.model_json` of ``model`` as compact JSON text to ``write``, piece by piece
    (no newline after it); ``ensure_ascii`` escapes every character outside ASCII, as ``json.dumps`` does."""
    # Nothing made here refers back to itself: the collector's passes over the dicts could free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _write(model, statuses, write, json.JSONEncoder(
            ensure_ascii=ensure_ascii, separators=(",", ":"), check_circular=False).encode)
    finally:
        if collecting:
            gc.enable()


def _write(model: Model, statuses: Mapping[str, Any] | None, write: Callable[[str], None],
           encode: Callable[[Any], str]) -> None:
    head = encode({"format": FORMAT_VERSION,
                   "editions": [edition_json(edition, (statuses or {}).get(edition.id)) for edition in model.editions]})
    write(head[:-1])  # the closing brace comes after the arrays
    shaped = _Shaper(model)
    # Each event quotes its source paragraph, kept from the one pass over the news rather than
    # read back from the store.
    paragraphs: dict[tuple[str, str], str] = {}

    def news() -> Iterator[dict[str, Any]]:
        for item in model.news:
            paragraphs[(item.edition, item.id)] = item.text
            yield shaped.news(item)

    _write_array(write, encode, ',"news":', news())
    _write_array(write, encode, ',"medals":', map(shaped.medal, model.medals))
    _write_array(write, encode, ',"articles":', map(shaped.article, model.articles))
    _write_array(write, encode, ',"events":',
                 (shaped.event(event, paragraphs.get((event.edition, event.source), "")) for event in model.events))
    write(',"aliases":' + encode(aliases_json(model.aliases)) + "}")


def _write_array(write: Callable[[str], None], encode: Callable[[Any], str], name: str,
                 records: Iterable[dict[str, Any]]) -> None:
    """``name`` then a JSON array of ``records``, a batch encoded at a time (as one array, its brackets cut)."""
    write(name + "[")
    batch: list[dict[str, Any]] = []
    first = True
    for record in records:
        batch.append(record)
        if len(batch) == BATCH:
            write(("" if first else ",") + encode(batch)[1:-1])
            batch.clear()
            first = False
    if batch:
        write(("" if first else ",") + encode(batch)[1:-1])
    write("]")


class _Shaper:
    """Each record as :mod:`.as_json` makes it (the same keys in the same order), with what records
    share looked up once."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.aliases = model.aliases
        self.slips = tuple(correction.wording for correction in self.aliases.corrections)
        notes: dict[str, list[str]] = {}
        for note in self.aliases.notes:
            notes.setdefault(note.record, []).append(note.text)
        self.notes = {key: tuple(texts) for key, texts in notes.items()}
        self.section_titles: dict[tuple[str, str], str] = {}

    def _corrected(self, text: str) -> str | None:
        """:func:`.as_json._ours`'s ``corrected_text``: only a text holding a slip is marked."""
        if text:
            for slip in self.slips:
                if slip in text:
                    marked = corrected_text(text, self.aliases)
                    return marked if marked != text else None
        return None

    def _section_title(self, item: NewsItem) -> str:
        place = (item.edition, item.section)
        title = self.section_titles.get(place)
        if title is None:
            title = self.section_titles[place] = self.model.report_for(item).section_path(item.section)
        return title

    def news(self, item: NewsItem) -> dict[str, Any]:
        text, dates, own = item.text, item.dates, item.own_date
        wordings = tuple([wording_in(date, text) for date in dates])
        isos = tuple([date.iso for date in dates])
        own_iso = own_wording = None
        ours = False
        if own is not None:
            try:
                place = dates.index(own)  # the paragraph's own date: its wording found above
                own_iso, own_wording = isos[place], wordings[place]
            except ValueError:  # news.toml's `date`, not one the paragraph lists
                own_iso, own_wording, ours = own.iso, wording_in(own, text), True
        record = {
            "edition": item.edition, "id": item.id, "title": item.title, "section": item.section,
            "section_title": self._section_title(item), "kind": item.kind, "headline": item.headline,
            "dates": isos, "dates_wording": wordings, "date": own_iso, "date_wording": own_wording,
            "date_is_ours": ours, "text": text, "tags": item.tags, "entities": _entities(item.entities),
            "corrected_text": self._corrected(text), "editor_notes": self.notes.get(item.key, ()),
        }
        if item.follows:
            record["follows"] = item.follows
        return record

    def medal(self, row: MedalRow) -> dict[str, Any]:
        record = {"edition": row.edition, "id": row.id, "title": row.title, "date": None,
                  "sector": row.sector, "company": row.company, "satellite": row.satellite, "medal": row.medal,
                  "entities": _entities(row.entities), "editor_notes": self.notes.get(row.key, ())}
        if row.follows:
            record["follows"] = row.follows
        return record

    def article(self, article: Article) -> dict[str, Any]:
        record = {"edition": article.edition, "id": article.id, "title": article.title, "date": None,
                  "topic": article.topic, "theme": article.theme, "institution": article.institution,
                  "downloads": article.downloads, "report_rank": article.rank, "summary": article.summary,
                  "source": article.source, "entities": _entities(article.entities),
                  "corrected_text": self._corrected(article.summary), "editor_notes": self.notes.get(article.key, ())}
        if article.follows:
            record["follows"] = article.follows
        return record

    def event(self, event: Event, paragraph: str) -> dict[str, Any]:
        """``paragraph``: the text of the event's source, where the report's wording of its date is found."""
        when = event.date
        record = {"edition": event.edition, "id": event.id, "date": when.iso, "precision": when.precision,
                  "date_wording": wording_in(when, paragraph), "date_display": when.display(),
                  "approximate": not when.is_exact, "qualifier": when.qualifier,
                  "date_note": event.date_note or None, "status": event.status, "category": event.category,
                  "title": event.title, "text": event.text, "source": event.source, "also": event.also,
                  "entities": _entities(event.entities), "corrected_text": self._corrected(event.text),
                  "editor_notes": self.notes.get(event.key, ())}
        if event.follows:
            record["follows"] = event.follows
        return record


def _entities(entities: Entities) -> dict[str, tuple[str, ...]]:
    """As :func:`.as_json._entities`: each kind's names (``other_names`` is not one)."""
    return dict(zip(_KINDS, entities))
