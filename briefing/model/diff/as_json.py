"""An :class:`~.changes.EditionDiff` as one JSON document: what ``briefing diff --json`` prints.

Shape: ``{"old", "new"`` (edition id, title, period), ``"notices"``, ``"summary"`` (counts
by category), ``"changes"`` (one object per change, in report order of categories, each
with ``category``, ``dataset``, ``old`` and ``new`` records (or null) and what differs),
``"report_changed"`` (false when the report's words are the same, whatever our wording),
``"ours"`` (differences only in our own fields, never the report's), ``"figures"`` (ours),
``"entities_first_seen"``, ``"medal_tallies"``, ``"medal_counts"`` and
``"notes"`` (``carried`` and ``orphaned``)}. Dates are ISO text with the report's wording.
"""

from __future__ import annotations

from typing import Any

from ..data.dates import ReportDate
from ..data.records import MEDALS, Edition, Record
from . import words
from .as_text import label
from .changes import CATEGORIES, Change, EditionDiff, record_date

FORMAT_VERSION = 2  # 2: changes read from the report's words; "ours" apart


def _date(date: ReportDate | None) -> dict[str, Any] | None:
    if date is None:
        return None
    return {"date": date.iso, "precision": date.precision, "wording": date.display(),
            "approximate": not date.is_exact}


def _edition(edition: Edition) -> dict[str, Any]:
    report = edition.report
    return {"id": edition.id, "title": report.title, "period": report.period,
            "period_start": report.period_start.isoformat(), "period_end": report.period_end.isoformat()}


def _record(record: Record | None) -> dict[str, Any] | None:
    if record is None:
        return None
    body: dict[str, Any] = {"key": record.key, "edition": record.edition, "id": record.id,
                            "dataset": record.dataset, "title": label(record)}
    date = record_date(record)
    if date is not None:
        body["date"] = _date(date)
    for field in ("status", "medal", "downloads", "follows"):
        if hasattr(record, field):
            body[field] = getattr(record, field)
    return body


def change_json(change: Change) -> dict[str, Any]:
    body: dict[str, Any] = {"category": change.category, "heading": CATEGORIES[change.category],
                            "dataset": change.dataset, "matched_by": change.how or None,
                            "old": _record(change.old), "new": _record(change.new)}
    if change.status is not None:
        body["status"] = {"old": change.status[0], "new": change.status[1]}
    if change.date is not None:
        body["date"] = {"old": _date(change.date.old), "new": _date(change.date.new), "refined": change.date.refined}
    if change.medal is not None:
        body["medal"] = {"old": change.medal[0], "new": change.medal[1]}
    if change.downloads is not None:
        body["downloads"] = {"old": change.downloads[0], "new": change.downloads[1]}
    if change.rank is not None:
        body["rank"] = {"old": change.rank[0], "new": change.rank[1]}
    body["related"] = [_record(record) for record in change.related]
    body["texts"] = [{"field": t.field, "old": t.old, "new": t.new, "word_diff": words.as_plain(t.runs)}
                     for t in change.texts]
    return body


def _note(note: Any) -> dict[str, Any]:
    return {"key": note.key, "edition": note.edition, "dataset": note.dataset, "id": note.id, "text": note.text,
            "flagged": note.flagged, "updated": note.updated.isoformat()}


def diff_json(diff: EditionDiff) -> dict[str, Any]:
    """The whole diff as JSON-ready dicts and lists."""
    return {
        "format": FORMAT_VERSION,
        "old": _edition(diff.old),
        "new": _edition(diff.new),
        "notices": list(diff.notices),
        "summary": {**diff.counts(), "unchanged": diff.unchanged},
        "report_changed": diff.report_changed,
        "changes": [change_json(change) for change in diff.changes],
        "ours": [{"dataset": c.dataset, "old": _record(c.old), "new": _record(c.new), "fields": list(c.fields),
                  "texts": [{"field": t.field, "old": t.old, "new": t.new} for t in c.texts]} for c in diff.ours],
        "figures": [{"label": f.label, "old": f.old, "new": f.new, "old_id": f.old_id, "new_id": f.new_id}
                    for f in diff.figures],
        "entities_first_seen": [{"kind": e.kind, "name": e.name, "first": e.first.key} for e in diff.entities],
        "medal_tallies": [{"company": t.company, "before": dict(zip(MEDALS, t.before)),
                           "after": dict(zip(MEDALS, t.after)), "changed": t.changed} for t in diff.tallies],
        "medal_counts": [{"country": country, "old": before, "new": after}
                         for country, before, after in diff.countries],
        "notes": {
            "carried": [{**_note(c.note), "written_on": c.note.edition, "now_on": c.new.key} for c in diff.carried],
            "orphaned": [{**_note(o.note), "record_in_old_edition": o.old is not None} for o in diff.orphans],
        },
    }
