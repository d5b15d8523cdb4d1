"""``briefing timeline``: the report's dated events in order, narrowed by dates, category, words or status."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from ..model.data.dates import DateError, parse_bound
from ..model.data.model import Model
from ..model.data.records import Event
from ..model.store.ranking import query_words
from ..model.data.text import fold
from .context import CommandError, display_id, load
from .output import BREAK, Column, Output, Styled
from .help_format import HelpFormatter

EPILOG = """\
DATE is 2025, 2025-01 or 2025-01-06; --to 2025-02 includes all of February. An
approximate event ("late 2025", "December 2024") is shown when any day it can mean lies
in the range, and keeps the report's wording. Planned events (and goals) are marked.
--category matches any category holding the text ("crewed" finds "crewed spaceflight");
--query keeps events holding all its words (case and accents ignored).

Exit status: 0 when events were shown, 1 when none matched, 2 on a usage or data error.

examples:
  briefing timeline --from 2025-01 --to 2025-02
  briefing timeline --planned
  briefing timeline --category constellations --from 2024
  briefing timeline --query guowang --json

--json prints {"from", "to" (ISO dates or null), "category", "query", "status", "count",
"events": [{"edition", "id", "date" (ISO, partial when approximate: "2025-12", "2025"),
"precision", "date_wording", "approximate", "qualifier" ("early", "mid", "late", "by"
or null), "date_note" (or null), "status", "category", "title", "text", "source", "also",
"entities"}]}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "timeline", help="dated events in order, by date range, category, words or status",
        description="List the report's dated events, earliest first.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--from", dest="start", metavar="DATE", help="events on or after DATE")
    parser.add_argument("--to", dest="end", metavar="DATE", help="events on or before DATE (inclusive)")
    parser.add_argument("--category", metavar="C", help="only categories holding C")
    parser.add_argument("--query", metavar="Q", help="only events holding all the words of Q")
    status = parser.add_mutually_exclusive_group()
    status.add_argument("--planned", dest="status", action="store_const", const="planned",
                        help="only planned events and goals")
    status.add_argument("--happened", dest="status", action="store_const", const="happened",
                        help="only events that happened")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle, status=None)


def _bound(value: str | None, *, end: bool, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_bound(value, end=end)
    except DateError as error:
        raise CommandError(f"{option}: {error}") from None


def select(model: Model, start: dt.date | None = None, end: dt.date | None = None, category: str | None = None,
           query: str | None = None, status: str | None = None) -> list[Event]:
    """Events, chronological, that overlap ``start``..``end`` and match the other filters."""
    from ..model.query.timeline_filter import EventColumns, TimelineFilter
    from ..model.store.matching import SearchIndex

    # Filtered on the columns the store keeps beside the events: only the events shown are read.
    events = model.events
    columns = EventColumns(events)
    kept = columns.positions(TimelineFilter(start=start, end=end, status=status))
    positions: list[int] = list(range(len(events))) if kept is None else list(kept)
    if category:
        needle = fold(" ".join(category.split()))
        positions = [i for i in positions if needle in fold(columns.categories[i])]
    if query:
        # Read as `briefing search`, the palette and the Timeline's box read it ("Dec 2024", "Long March 8").
        from ..model.search.reading import name_lookup, read_query

        words = list(read_query(query, name_lookup(model)).words)
        positions = SearchIndex(events).matching(words, within=positions)
    return [events[i] for i in positions]


def handle(args: argparse.Namespace, stream) -> int:
    start = _bound(args.start, end=False, option="--from")
    end = _bound(args.end, end=True, option="--to")
    if start and end and start > end:
        raise CommandError(f"--from {args.start} is after --to {args.end}")
    if args.query is not None and not query_words(args.query):
        raise CommandError("--query is empty; give at least one word")
    model = load(args.data, args.edition).model
    events = select(model, start, end, args.category, args.query, args.status)
    out = Output(stream)
    if args.json:
        from ..model.export.as_json import event_json

        out.json({
            "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
            "category": args.category, "query": args.query, "status": args.status, "count": len(events),
            "events": [event_json(e, model.aliases) for e in events],
        })
        return 0 if events else 1
    if not events:
        import sys

        from .output import safe

        hint = ""
        if args.category and not any(fold(args.category.strip()) in fold(e.category) for e in model.events):
            categories = sorted({e.category for e in model.events})
            hint = f"; categories are: {', '.join(categories)}"
        print(f"briefing: no events match{safe(hint)}", file=sys.stderr)
        return 1
    # Matches are marked on a terminal only: piped titles stay as the report wrote them.
    words = tuple(query_words(args.query)) if args.query and out.terminal else ()
    several = len(model.editions) > 1
    rows: list[list[Any]] = []
    for event in events:
        rows.append([
            Styled(event.date.display(), "date"),
            Styled("planned", "planned") if event.planned else "",
            event.category,
            Styled(event.title, "title", words),
            Styled(display_id(model, event), "id"),
        ])
    columns = [Column("Date"), Column("Status"), Column("Category"), Column("Event", truncate=True), Column("ID")]
    if not any(e.planned for e in events):
        columns.pop(1)
        for row in rows:
            row.pop(1)
    spare = out.spare_width(columns, rows)
    if spare is not None and spare < 50:
        # A narrow terminal: ID and category go under the title, which keeps the width. The ID
        # comes first on that line so that, when the line is cut, it is the category that loses:
        # an ID is only useful whole, pasted into `briefing show`.
        columns = columns[:-3] + [Column("Event", truncate=True)]
        rows = [row[:-3] + [[row[-2], BREAK, row[-1], "  ", Styled(row[-3], "dim")]] for row in rows]
    out.table(columns, rows, header=out.terminal)
    if out.terminal:
        planned = sum(1 for e in events if e.planned)
        summary = f"{len(events)} event{'s' if len(events) != 1 else ''}"
        if planned:
            summary += f", {planned} planned"
        if several:
            summary += f", from {len(model.editions)} editions"
        out.line(Styled(summary, "dim"))
    return 0
