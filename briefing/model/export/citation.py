"""Markdown citations of records, and of the analyst's notes on them, to paste into a paper.

A citation names the item, quotes what the report says, where it says it, and which
edition and item it comes from, so a reader can find it again; the analyst's note, if
any, follows as a blockquote. Only the report's words stand as the report's: a title or
summary we wrote (a headline the report does not give, an article's topic line, a
timeline event's title and summary) is marked "ours", and an event cites the paragraph
it comes from in the report's words. An item is dated by its own date
(:func:`~briefing.model.data.records.own_date`), never by a date it names in passing. :func:`notes_markdown` gathers every note into one
document, in report order, and never leaves a note out: notes whose item is not in
the loaded data are listed at the end as orphaned.

Imports neither textual nor rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from ..notes.notebook import DATASETS, Note
from ..notes.team import TeamNote
from ..data.model import Model
from ..data.records import Article, Event, MedalRow, NewsItem, Record, Report
from ..data.record_facts import record_date
from ..data.text import clean_text
from .markdown_text import escape

#: What the report calls each non-news dataset, for a citation's "Section" line.
DATASET_SECTIONS: dict[str, str] = {
    "medals": "Medal table",
    "articles": "CNKI trends",
    "events": "Timeline",
}


def _one_line(value: str) -> str:
    """``value`` on one line, so a title cannot break out of its heading."""
    return " ".join(value.split())


def _title(record: Record, model: Model) -> str:
    """The heading's text: the report's heading, or ours marked as ours."""
    title = _one_line(record.title)
    if isinstance(record, NewsItem):
        section = model.report_for(record).section(record.section)
        # The section's heading, perhaps less a part label ("Policy Update: ") or a number ("1.1 ").
        if section is not None and title and title in _one_line(section.title):
            return title  # the report's own heading
        return f"{title} (our headline)"
    if isinstance(record, Article):
        return f"{title} (our title; the report gives the article none)"
    if isinstance(record, Event):
        return f"{title} (our title)"
    return title  # a medal row: the table's own cells


def _item_text(record: Record, model: Model) -> str:
    if isinstance(record, NewsItem):
        return record.text
    if isinstance(record, MedalRow):
        return f"{record.medal} — {record.company}, {record.satellite} ({record.sector})"
    if isinstance(record, Article):
        institution = record.institution or "not named in the report"
        return f"{record.summary}\n\nDownloads: {record.downloads:,}. Institution: {institution}."
    if isinstance(record, Event):
        planned = " (planned)" if record.planned else ""
        # The event's text is our summary of the paragraph: marked so, and the paragraph itself follows.
        text = f"Our summary: {record.date.display()}{planned}: {record.text}"
        source = model.get(f"{record.edition}/{record.source}")
        if isinstance(source, NewsItem):
            text += f"\n\nThe report ({_section(source, model)}):\n\n{source.text}"
        return text
    raise TypeError(f"not a record: {type(record).__name__}")


def _section(record: Record, model: Model) -> str:
    if isinstance(record, NewsItem):
        return model.report_for(record).section_path(record.section) or record.section
    return DATASET_SECTIONS[record.dataset]


def _dates(record: Record) -> list[str]:
    """The record's own date, then (for a paragraph) the other dates it names in passing."""
    if isinstance(record, NewsItem):
        own = record_date(record)  # the one date every front end gives the record
        lines = []
        if own is None:
            if record.dates:
                lines.append("Date: none given for what it reports")
        elif own in record.dates:
            lines.append(f"Date: {own.display()}")
        else:
            lines.append(f"Date: {own.display()} (ours: the paragraph gives none of its own)")
        others = [date.display() for date in record.dates if date != own]
        if others:
            lines.append("Other dates it names: " + ", ".join(others))
        return lines
    if isinstance(record, Event):
        return [f"Date: {record.date.display()}"]
    return []


def _source(report: Report) -> str:
    """``"<title>, <period>"``, without saying the period twice when the title ends with it."""
    title = _one_line(report.title)
    period = _one_line(report.period)
    if not period or title.endswith(period):
        return title
    return f"{title}, {period}"


def note_quote(note: Note, author: str | None = None) -> str:
    """The note as a Markdown blockquote, quoted line by line; ``""`` for an empty, unflagged note.

    A team note (``author`` given: its file owner's login name) says who wrote it and when
    (UTC). Terminal control characters the user may have typed are shown as ``�``: the
    text may be printed to a terminal or pasted elsewhere.
    """
    text = escape(note.text)  # as the Markdown export escapes it: a note's HTML never goes live
    if author is not None:
        by = f"{_one_line(clean_text(author)[0])} (team, {note.updated.astimezone(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)"
        label = f"Note by {by}, flagged" if note.flagged else f"Note by {by}"
        if not text.strip():
            return f"> Flagged by {by}, no note." if note.flagged else ""
    else:
        label = "Note (flagged)" if note.flagged else "Note"
        if not text.strip():
            return "> Flagged, no note." if note.flagged else ""
    lines = text.split("\n")
    quoted = [f"> {label}: {lines[0]}".rstrip()]
    quoted.extend(f"> {line}".rstrip() for line in lines[1:])
    return "\n".join(quoted)


def _team_quotes(team: Iterable[TeamNote]) -> list[str]:
    ordered = sorted(team, key=lambda shared: (shared.note.created, shared.author))
    return [quote for quote in (note_quote(shared.note, shared.author) for shared in ordered) if quote]


def citation_markdown(record: Record, model: Model, note: Note | None, *, level: int = 3,
                      team: Sequence[TeamNote] = (), draft: bool = False) -> str:
    """A short Markdown citation of ``record``, with ``note`` as a blockquote under it.

    ``team`` are the team's notes on ``record``; each follows, naming its author. ``draft``:
    the record's edition is an unreviewed draft, and the source line says so.
    ``level`` is the heading level of the title line (``###`` by default, as it sits
    inside :func:`notes_markdown`'s document).
    """
    report = model.report_for(record)
    parts = [
        f"{'#' * level} {_title(record, model)}",
        _item_text(record, model),
    ]
    details = [f"- Section: {_section(record, model)}"]
    details += [f"- {line}" for line in _dates(record)]
    unreviewed = ", from an unreviewed draft" if draft else ""
    details.append(f"- Source: {_source(report)} (edition {record.edition}{unreviewed}), item {record.id}")
    parts.append("\n".join(details))
    if note is not None:
        quote = note_quote(note)
        if quote:
            parts.append(quote)
    parts.extend(_team_quotes(team))
    return "\n\n".join(parts) + "\n"


def _orphan_markdown(note: Note | None, team: Sequence[TeamNote] = ()) -> str:
    first = note if note is not None else team[0].note
    title = f"### {_one_line(first.edition)}/{_one_line(first.id)} ({_one_line(first.dataset)})"
    quotes = ([note_quote(note)] if note is not None else []) + _team_quotes(team)
    body = "\n\n".join(quote for quote in quotes if quote) or "> (empty note)"
    return f"{title}\n\n{body}\n"


def notes_markdown(model: Model, notes: dict[str, Note], *, flagged_only: bool = False,
                   team: Sequence[TeamNote] = ()) -> str:
    """Every note (or only flagged ones) as one Markdown document; ``team`` notes with their authors.

    Editions in model order; within each, annotated records in report order (news,
    medals, articles, events, each in file order). Notes on records not in ``model``
    follow under "Orphaned notes"; no note is ever dropped.
    """
    personal = {key: note for key, note in notes.items() if note.flagged or not flagged_only}
    shared: dict[str, list[TeamNote]] = {}
    for item in team:
        if item.note.flagged or not flagged_only:
            shared.setdefault(item.key, []).append(item)
    chosen = dict.fromkeys([*personal, *shared])
    title = "Flagged items" if flagged_only else "Notes"
    blocks = [f"# {title}\n"]
    shown: set[str] = set()
    for edition in model.editions:
        # Report order; the records are found by key, not by reading every record of the edition.
        records = [record for record in (model.get(key) for key in chosen)
                   if record is not None and record.edition == edition.id]
        records.sort(key=_report_order)
        if not records:
            continue
        report = edition.report
        blocks.append(f"## {_one_line(report.title)}\n\n{report.period} (edition {edition.id})\n")
        blocks.extend(citation_markdown(record, model, personal.get(record.key), team=shared.get(record.key, ()))
                      for record in records)
        shown.update(record.key for record in records)
    orphans = [key for key in chosen if key not in shown]
    if orphans:
        dataset_rank = {name: rank for rank, name in enumerate(DATASETS)}

        def first(key: str) -> Note:
            return personal[key] if key in personal else shared[key][0].note

        orphans.sort(key=lambda key: (first(key).edition, dataset_rank.get(first(key).dataset, len(DATASETS)),
                                      first(key).id))
        blocks.append(
            "## Orphaned notes\n\nThese notes are on items that are not in the data loaded now "
            "(another edition, or an item that was renamed or removed). They are kept.\n"
        )
        blocks.extend(_orphan_markdown(personal.get(key), shared.get(key, ())) for key in orphans)
    if len(blocks) == 1:
        blocks.append("No flagged items.\n" if flagged_only else "No notes yet.\n")
    return "\n".join(blocks)


#: Records of one edition in report order: its news, medal rows, articles, then events, each in file order.
_RECORD_ORDER = {"news": 0, "medals": 1, "articles": 2, "events": 3}


def _report_order(record: Record) -> tuple[int, int]:
    return _RECORD_ORDER[record.dataset], record.order
