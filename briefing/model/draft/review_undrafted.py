"""Sentences the drafter read past: a date with no event drafted from its sentence, or a known name
the paragraph's record does not list; and an event made from one of them at review.

Computed from the draft itself (news.toml's paragraphs and entities, timeline.toml's events,
review.toml's spans) with the drafter's own date grammar and name finder, so what is listed
is what the drafter would have seen. An event made here is written like a drafted one (date,
status, category, a title of ours, the sentence as its text, the names found) and its values
join the review as doubtful, to be edited or rejected like any other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .review_fields import shown

if TYPE_CHECKING:
    from .review_decisions import Outcome, ReviewSession

#: Confidence of the values of an event made at review: doubtful until an analyst decides them.
MADE_CONFIDENCE = 0.5
MADE_HOW = "ours: an event made at review from a sentence the drafter left out"


@dataclass(frozen=True)
class Undrafted:
    """A sentence of a paragraph that produced no record for its date or a name in it."""

    id: str
    item: str
    #: The sentence's span in the paragraph's text.
    start: int
    end: int
    text: str
    #: (start, end, value) of each date in the sentence, relative to it.
    dates: tuple[tuple[int, int, Any], ...]
    #: (start, end, name, kind) of each known name no record lists, relative to the sentence.
    names: tuple[tuple[int, int, str, str], ...]
    #: Every known name in the sentence, listed or not, with its kind: the entities of an event made from it.
    entities: tuple[tuple[str, str], ...] = ()

    @property
    def why(self) -> str:
        parts = []
        if self.dates:
            parts.append("a date with no event: " + ", ".join(shown(d[2]) for d in self.dates))
        if self.names:
            parts.append("names no record lists: " + ", ".join(dict.fromkeys(n[2] for n in self.names)))
        return "; ".join(parts)


def undrafted(session: ReviewSession) -> list[Undrafted]:
    """Every sentence of the draft with a date or a known name that produced no record, in report order."""
    from .date_grammar import find_dates
    from .entities import EntityFinder
    from .known_names import known_names
    from .sentences import sentence_spans

    news = session._read_data("news.toml").get("items", []) or []
    events = session._read_data("timeline.toml").get("events", []) or []
    from ..locations import shipped_data_dir

    # The names of the shipped editions and of this draft's own records (never a scan of the folder
    # around the draft, which may be any folder, /tmp included).
    known = known_names([shipped_data_dir()], exclude=session.folder.name)
    listed: dict[str, set[str]] = {}
    for item in news:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            names = {n for kind in (item.get("entities") or {}).values() if isinstance(kind, list) for n in kind}
            listed[item["id"]] = names
            for kind, values in (item.get("entities") or {}).items():
                for name in values if isinstance(values, list) else ():
                    if isinstance(name, str):
                        known.setdefault(name, kind)
    finder = EntityFinder(known)
    drafted_spans: dict[str, list[tuple[int, int]]] = {}
    for value in session.values:
        if value.file == "timeline.toml" and value.item and value.end > value.start:
            drafted_spans.setdefault(value.item, []).append((value.start, value.end))
    for event in events:
        if isinstance(event, dict) and event.get("source") in session.texts:
            text = session.texts[event["source"]]
            at = text.find(str(event.get("text", ""))) if event.get("text") else -1
            if at >= 0:
                drafted_spans.setdefault(event["source"], []).append((at, at + len(event["text"])))
            for kind, values in (event.get("entities") or {}).items():
                listed.setdefault(event["source"], set()).update(v for v in values if isinstance(v, str))
    found: list[Undrafted] = []
    for item_id, text in session.texts.items():
        spans = drafted_spans.get(item_id, [])
        mentions = [m for m in find_dates(text) if not m.reference]
        for start, end in sentence_spans(text):
            if any(a < end and b > start for a, b in spans):
                continue  # an event came from this sentence
            sentence = text[start:end]
            dates = tuple((m.start - start, m.end - start, m.value) for m in mentions if start <= m.start < end)
            known_here = [m for m in finder.find(sentence) if not m.new]
            names = tuple((m.start, m.end, m.name, m.kind) for m in known_here
                          if m.name not in listed.get(item_id, set()))
            if dates or names:
                ident = "s" + hashlib.blake2s(f"{item_id}\x1f{start}\x1f{sentence}".encode(), digest_size=4).hexdigest()[:7]
                entities = tuple(dict.fromkeys((m.name, m.kind) for m in known_here))
                found.append(Undrafted(ident, item_id, start, end, sentence, dates, names, entities))
    return found


def make_event(session: ReviewSession, sentence: Undrafted) -> Outcome:
    """Add an event made from ``sentence`` to timeline.toml, its values to the review as doubtful."""
    from .events import category_of, status_of, title_of
    from .ids import slug
    from .review_store import Plan
    from .review_values import ReviewError

    def plan(values: dict) -> Plan:
        timeline = session._read_data("timeline.toml")
        report = session._read_data("report.toml")
        events = [e for e in timeline.get("events", []) or [] if isinstance(e, dict)]
        taken = {e.get("id") for e in events}
        if sentence.dates:
            date_start, date_end, date = sentence.dates[0]
            date_confidence = MADE_CONFIDENCE
        else:
            item = next((i for i in session._read_data("news.toml").get("items", []) if i.get("id") == sentence.item), {})
            date = (item.get("dates") or [item.get("date")] or [None])[0]
            if date is None:
                period_end = report.get("period_end")
                date = str(period_end.year) if isinstance(period_end, dt.date) else str(dt.date.today().year)
            date_start = date_end = 0
            date_confidence = 0.3
        period_end = report.get("period_end") if isinstance(report.get("period_end"), dt.date) else dt.date.max
        try:
            status, _ = status_of(date, sentence.text, period_end)
        except (ValueError, TypeError):
            status = "happened"
        same_item = [e.get("category") for e in events if e.get("source") == sentence.item and e.get("category")]
        category = Counter(same_item).most_common(1)[0][0] if same_item else category_of(sentence.text)
        title = title_of(sentence.text)
        base = f"event-{slug(shown(date), 3)}-{slug(title, 4)}"
        ident, number = base, 2
        while ident in taken:
            ident, number = f"{base}-{number}", number + 1
        names: dict[str, list[str]] = {}
        for name, kind in sentence.entities:
            names.setdefault(kind, []).append(name)
        event: dict[str, Any] = {"id": ident, "date": date, "status": status, "category": category,
                                 "title": title, "text": sentence.text, "source": sentence.item}
        if names:
            event["entities"] = names
        if sentence.item not in session.texts:
            raise ReviewError(f"paragraph {sentence.item} is no longer in news.toml")

        def value(field: str, shown_value: str, span: tuple[int, int], confidence: float = MADE_CONFIDENCE) -> dict:
            return {"file": "timeline.toml", "record": ident, "field": field, "value": shown_value,
                    "item": sentence.item, "start": span[0], "end": span[1], "confidence": confidence,
                    "how": MADE_HOW, "reviewed": False}

        whole = (sentence.start, sentence.end)
        added = [value("date", shown(date), (sentence.start + date_start, sentence.start + date_end), date_confidence),
                 value("title", title, whole), value("status", status, whole), value("category", category, whole)]
        change = {"file": "timeline.toml", "record": ident, "op": "insert_record", "after": event,
                  "index": len(events)}
        return Plan("make-event", f"made {ident} from the sentence: edit its title and date", {}, [change], added=added)

    return session._decide(plan)
