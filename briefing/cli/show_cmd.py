"""``briefing show ID``: one record in full, with what it links to and the user's note."""

from __future__ import annotations

import argparse
from typing import Any

from ..model.data.model import Model
from ..model.data.records import Article, Event, MedalRow, NewsItem, Record, ReportPart
from ..model.data.record_facts import record_source
from .context import (CommandError, display_id, load, load_notes, load_team_notes, note_json, record_title,
                      show_ids_with_edition)
from .output import Output, Styled
from .help_format import HelpFormatter
from .show_text import draw, draw_note, text_of

EPILOG = """\
ID is a record's id (as 'briefing search' lists it) or edition/id. An id found in
several editions is ambiguous: give edition/id then. A unique part of an id or title
works too ("shijian-25-launch"); a part found in several records lists them.

Shown: every field; the relations the report states between its entities ("Qingzhou
developed by CAS Innovation Academy for Microsatellites"); the report's text with each known slip marked "[sic: correction]"
(ours, from data/aliases.toml); the named entities by kind, each with its other names;
an editor's note where the report contradicts itself; links (a news item's events,
articles and key figures; the news items an event or article comes from; for a medal,
what the report says around the table); your note, if any; with two or more editions
loaded and no note of yours on it, your note on the record of an earlier edition that
it continues ("Your note, written on EDITION"); and the team's notes on it, each with
its author (the login name of the account whose team file holds it).

Exit status: 0 when the record was found, 1 when it was not, 2 when ID is ambiguous
(the candidates are listed on stderr) or on another usage or data error.

A part of the report is shown too: an introduction paragraph (intro-1, intro-2...), a key
figure (fig-...) or a heading (sec-...), saying which words are the report's and which ours.

examples:
  briefing show news-shijian-25-launched
  briefing show intro-1
  briefing show 2024-09-to-2025-03/event-2025-01-06-shijian-25-launch
  briefing show medal-longwave-ir-cast-gold --json

--json prints {"id", "record" (as in 'briefing export --format json', with "dataset"),
"section_title" (news only), "links": {"source", "events", "articles", "figures",
"medal_context"; for a heading also "items", the news items under it}, "note" (or null), "carried_note" ({"edition", "key", "text",
"flagged", "updated"}: your note written on the earlier edition's record, or null),
"team_notes" (a list, each with "author"), "corrected_text" (the text with "[sic: ...]" marks,
or null when it has no known slip), "aliases" ({entity: [other names]}), "editor_notes"
([text]), "relations" ([{"subject", "relation", "object", "source"}] touching its entities),
"edition_status" ({"status": "draft"/"reviewed"/"published", "left", "doubtful", ...})}.
"record" keeps the report's words unmarked. A record of a draft is marked DRAFT above it.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "show", help="one record in full, with its links and your note",
        description="Show one record: every field, its entities, its links and your note.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("ident", metavar="ID", help="a record id, or edition/id")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def find(model: Model, ident: str) -> Record | None:
    """The record named ``ident``; None if there is none; :class:`CommandError` if it is ambiguous."""
    ident = ident.strip()
    found = model.find(ident)
    if len(found) > 1:
        keys = ", ".join(record.key for record in found)
        raise CommandError(f"{ident!r} is in {len(found)} editions; give one of: {keys}")
    return found[0] if found else None


#: At most this many records are listed when a part of an id or title matches several.
MAX_CANDIDATES = 10


def by_part(model: Model, ident: str) -> list[Record]:
    """Records whose id holds ``ident`` (case and accents ignored), else those whose title does.

    Read only when no id is ``ident`` exactly, so an exact lookup stays a key lookup. The ids and
    folded titles are the store's columns: only the records found are read (reading every record
    took 2 s at 100,000 events, on every id mistyped).
    """
    from ..model.data.text import fold

    part = fold(" ".join(ident.split()))
    if not part:
        return []
    lists = _record_lists(model)
    in_id: list[list[int]] = [[] for _ in lists]
    in_title: list[list[int]] = [[] for _ in lists]
    for records, ids_at, titles_at in zip(lists, in_id, in_title):
        ids, titles = _column(records, "id", lambda record: record.id), _column(
            records, "title", lambda record: fold(record.title))
        for at, (record_id, title) in enumerate(zip(ids, titles)):
            if part in fold(record_id):
                ids_at.append(at)
            elif part in title:  # the stored title has its other forms after it: checked below
                titles_at.append(at)
    if any(in_id):
        return [record for records, at in zip(lists, in_id) for record in _picked(records, at)]
    return [record for records, at in zip(lists, in_title) for record in _picked(records, at)
            if part in fold(record.title)]


def _suggestions(model: Model, ident: str) -> list[str]:
    import difflib

    several = show_ids_with_edition(model)
    ids = sorted({value for records in _record_lists(model) for value in _column(
        records, "key" if several else "id", lambda record: record.key if several else record.id)})
    return difflib.get_close_matches(ident, ids, n=3, cutoff=0.6)


def _record_lists(model: Model) -> list:
    """Each edition's lists of the records an analyst looks up, in ``Model.records`` order."""
    return [records for edition in model.editions
            for records in (edition.news, edition.medals, edition.articles, edition.events)]


def _picked(records, positions: list[int]) -> list[Record]:
    """The records at ``positions`` of ``records`` (a stored list's read a page at a time)."""
    picked = getattr(records, "picked", None)
    return picked(positions) if picked is not None else [records[at] for at in positions]


def _column(records, name: str, of) -> list:
    """A store column of ``records`` (a stored list), without reading them; else ``of`` each record."""
    column = getattr(records, "column", None)
    return column(name) if column is not None else [of(record) for record in records]


def handle(args: argparse.Namespace, stream) -> int:
    loaded = load(args.data, args.edition)
    model = loaded.model
    record = find(model, args.ident)
    import sys

    from .output import safe

    if record is None:
        candidates = by_part(model, args.ident)
        if len(candidates) == 1:
            record = candidates[0]
        elif candidates:
            shown = candidates[:MAX_CANDIDATES]
            more = f" (and {len(candidates) - len(shown)} more)" if len(candidates) > len(shown) else ""
            print(f"briefing: {safe(args.ident)!r} is part of {len(candidates)} records{more}; "
                  "give one of these ids:", file=sys.stderr)
            for candidate in shown:
                print(f"  {safe(display_id(model, candidate))}  {safe(record_title(candidate))}", file=sys.stderr)
            return 2
    if record is None:
        hints = _suggestions(model, args.ident)
        hint = f"; did you mean {' or '.join(hints)}?" if hints else "; try 'briefing search WORDS'"
        print(f"briefing: no record {safe(args.ident)!r}{hint}", file=sys.stderr)
        return 1
    notes = load_notes(args.edition)
    note = notes.get(record.key)
    carried = _carried(model, record, notes) if note is None else None
    team = sorted((shared for shared in load_team_notes(args.edition) if shared.key == record.key),
                  key=lambda shared: (shared.note.created, shared.author))
    links = _links(model, record)
    out = Output(stream)
    from ..model.library.catalog import data_paths
    from ..model.library.status import draft_line, statuses_of

    status = statuses_of(data_paths(args.data)).get(record.edition)
    if args.json:
        document = _json(model, record, links, note)
        document["edition_status"] = status.as_dict() if status is not None else None
        document["carried_note"] = None if carried is None else {
            "edition": carried.written_on, "key": carried.written_key, "text": carried.text,
            "flagged": carried.flagged, "updated": carried.updated.isoformat()}
        document["team_notes"] = [note_json(shared.note, model, shared.author) for shared in team]
        out.json(document)
        return 0
    if status is not None and status.is_draft:
        out.line(Styled(f"{draft_line(record.edition, status)}: this record is from an unreviewed draft", "flag"))
    draw(out, model, record, links, note)
    if carried is not None:
        draw_note(out, carried, f"Your note, written on {carried.written_on}")
    for shared in team:
        draw_note(out, shared.note, f"Team note by {shared.author}")
    return 0


def _carried(model: Model, record: Record, notes: dict[str, Any]) -> Any:
    """Your note on the earlier edition's record that ``record`` continues (model/diff/carried.py), or None."""
    if len(model.editions) < 2 or not notes:
        return None
    from ..model.diff.carried import carried_to

    return carried_to(record.key, record.dataset, model.editions, notes)


def _links(model: Model, record: Record) -> dict[str, Any]:
    """What ``record`` links to, or is linked from, within its edition."""
    edition = model.edition(record.edition)
    assert edition is not None
    links: dict[str, Any] = {"source": None, "events": [], "articles": [], "figures": [], "medal_context": None}

    def news(ident: str) -> NewsItem | None:
        # By key rather than by walking the edition's news: at 100,000 items that walk reads them all.
        found = model.get(f"{edition.id}/{ident}")
        return found if isinstance(found, NewsItem) else None

    if isinstance(record, NewsItem):
        links["events"] = model.events_from(record.key)
        links["articles"] = [a for a in edition.articles if a.source == record.id]
        links["figures"] = [f for f in edition.report.figures if f.source == record.id]
    else:
        source = record_source(record, model)  # the paragraph it comes from: one definition, in the model
        links["source"] = news(source) if source else None
    if isinstance(record, Event):
        links["also"] = [found for found in map(news, record.also) if found is not None]
    elif isinstance(record, MedalRow):
        links["medal_context"] = edition.medal_context
    elif isinstance(record, ReportPart) and record.kind == "section":
        # The section column, not the records: at 100,000 items reading them all would take seconds.
        under = [key for key, section in zip(edition.news.keys(), edition.news.column("section"))  # type: ignore[attr-defined]
                 if section == record.id]
        links["items"] = [found for found in map(model.get, under) if isinstance(found, NewsItem)]
    return links


def _json(model: Model, record: Record, links: dict[str, Any], note: Any) -> dict[str, Any]:
    from ..model.data.aliases import corrected_text
    from ..model.export.as_json import edition_json, record_json

    document: dict[str, Any] = {"id": display_id(model, record), "record": record_json(record, model)}
    if isinstance(record, NewsItem):
        document["section_title"] = model.report_for(record).section_path(record.section)
    context = None
    if links["medal_context"] is not None:
        edition = model.edition(record.edition)
        assert edition is not None
        context = edition_json(edition)["medal_context"]
    document["links"] = {
        "source": record_json(links["source"], model) if links["source"] is not None else None,
        "events": [record_json(e, model) for e in links["events"]],
        "articles": [record_json(a, model) for a in links["articles"]],
        "figures": [{"id": f.id, "label": f.label, "value": f.value, "detail": f.detail} for f in links["figures"]],
        "medal_context": context,
    }
    if "items" in links:
        document["links"]["items"] = [record_json(item, model) for item in links["items"]]
    document["note"] = note_json(note, model) if note is not None else None
    aliases = model.aliases
    text = text_of(record)
    marked = corrected_text(text, aliases) if text else ""
    document["corrected_text"] = marked if marked != text else None
    document["aliases"] = {name: list(aliases.of(name)) for name in record.entities.names() if aliases.of(name)}
    document["editor_notes"] = list(aliases.notes_for(record.key))
    edition = model.edition(record.edition)
    document["relations"] = [r._asdict() for r in (edition.relations_of(record.entities.names()) if edition else ())]
    return document
