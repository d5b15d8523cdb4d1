"""``briefing search QUERY...``: every record (and note) matching all the words, best hits first.

Prints what :mod:`briefing.model.search` finds: the palette and the Timeline's box ask the same.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..model.search.results import KINDS, SNIPPET_WIDTH, Result, search_results, snippet  # noqa: F401
from .context import (
    CommandError,
    display_id,
    kind_label,
    load,
    load_notes,
    load_team_notes,
    note_json,
    positive_int,
    record_date,
    record_title,
)
from .output import BREAK, Column, Output, Styled
from .help_format import HelpFormatter

EPILOG = """\
Words are ANDed; case and accents do not matter ("zhuque" finds "Zhúquè"). Hits whose
title holds the exact phrase come first, then title hits, then the rest. One line per
hit: date, kind, title, the text around the match, and the ID to give 'briefing show'
(edition/id when several editions are loaded). In a pipe, matches are marked *like this*.

The report's introduction (intro-1, intro-2...), its key figures (fig-...) and its headings
(sec-...) are searched too, listed after the other hits of the same rank as "intro",
"figure" and "heading"; --kind report keeps only those.

Your notes, and the team's (see 'briefing notes'), are searched with the items they are
on; --kind notes keeps only items whose note matches, and notes whose item is no longer in
the data ("orphaned note"). A match in a team note is shown as "note by LOGIN: ...".

The query is read as meant: a month in words is a date ("Dec 2024" finds what "2024-12"
finds), a name with a number finds the names it begins ("Long March 8" finds the Long March
8A, "CZ-5" the CZ-5B), British and American spellings find each other ("refueling"), and a
question's small words are left out ("who developed shijian-25").

When nothing matches, the hits of the nearest query that has some are shown, and it says so
("no hits for 'shenzou'; showing 'shenzhou'"); with none, it suggests near words ("pakistn" →
"pakistan"). The line is on the terminal, or on stderr in a pipe.

Exit status: 0 when something matched (or a near query's hits are shown), 1 when nothing did,
2 on a usage or data error.

examples:
  briefing search shijian
  briefing search long march --kind news --kind events
  briefing search guowang --limit 5
  briefing search pakistan --json | jq '.hits[].key'

--json prints {"query", "words" (as read), "shown_for" (the near query whose hits are shown, or
null), "kinds", "count", "total", "hits": [{"kind", "key", "id", "title", "date",
"rank" (0 phrase in title, 1 words in title, 2 phrase elsewhere, 3 words elsewhere),
"matched_in", "snippet", "record" (as in 'briefing export --format json', with "dataset")
or null for an orphaned note, "note" or null, "carried_note" (your note on the record this one
continues in an earlier edition, with "written_on") or null, "team_notes" (the team notes on the
item that hold a word, each with "author")}]}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "search", help="find news, medals, articles, events, the report's introduction, figures and headings, and notes",
        description="Search every record, and your notes, for all the words of QUERY.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="words to find (all of them)")
    parser.add_argument("--kind", action="append", choices=KINDS, metavar="KIND",
                        help="only this kind: news, medals, articles, events, report (introduction, key "
                             "figures, headings) or notes (repeatable)")
    parser.add_argument("--limit", type=positive_int, metavar="N", help="show at most N hits")
    parser.add_argument("--all", action="store_true",
                        help="on a terminal, every hit (by default a first screen, and how many more)")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stream) -> int:
    query = " ".join(args.query)
    if not query.split():
        raise CommandError("the query is empty; give at least one word to search for")
    loaded = load(args.data, args.edition)
    model = loaded.model
    kinds = [kind for kind in KINDS if kind in set(args.kind or KINDS)]
    every_note = load_notes(None)
    notes = {key: note for key, note in every_note.items() if note.edition == args.edition} if args.edition \
        else every_note
    out = Output(stream)
    # Only the hits shown are ranked and read: --limit, or on a terminal a first screen (not with
    # --all, --json or in a pipe); the rest are counted by the index.
    shown = args.limit or (None if args.all or args.json else out.first_screen())
    listed = search_results(model, query, kinds=kinds, notes=notes, team=load_team_notes(args.edition),
                            full_model=loaded.result.model, every_note=every_note, limit=shown)
    found, results = listed.found, listed.results
    words = list(found.marks)
    if args.json:
        out.json({
            "query": query, "words": list(found.reading.words),
            "shown_for": found.shown_for.typed if found.shown_for is not None and results else None,
            "kinds": kinds, "count": len(results), "total": listed.total,
            "hits": [_hit_json(r, model) for r in results],
        })
        return 0 if results else 1
    if not results:
        _say(out, found.notice if not found.hits else f"No hits for {' '.join(query.split())!r} of that kind")
        return 1
    if found.shown_for is not None:
        _say(out, found.notice)
    rows: list[list[Any]] = []
    for r in results:
        record = r.record
        date = record_date(record) if record is not None else None
        title = record_title(record) if record is not None else f"(orphaned note) {r.key}"
        shown_id = display_id(model, record) if record is not None else r.key
        match: list[Styled] = [Styled(r.snippet, words=tuple(words))]
        if r.label:
            match.insert(0, Styled(r.label, "label"))
        rows.append([
            Styled(date.display() if date else "-", "date"),
            Styled(kind_label(r.kind, record), "kind"),
            # Matches are marked in titles only on a terminal: in a pipe the title stays copyable.
            Styled(title, "title", tuple(words) if out.terminal else ()),
            match,
            Styled(shown_id, "id"),
        ])
    columns = [Column("Date"), Column("Kind"), Column("Title", truncate=True), Column("Match", truncate=True),
               Column("ID")]
    spare = out.spare_width(columns, rows)
    if spare is not None and spare < 70:
        # A narrow terminal: the ID and the match go on a second line, so the title keeps the width.
        columns = columns[:2] + [Column("Title, ID and match", truncate=True)]
        rows = [row[:2] + [[row[2], BREAK, row[4], "  ", *row[3]]] for row in rows]
        if shown and not args.limit:  # two lines a hit: half as many fill the screen
            results, rows = results[:max(5, shown // 2)], rows[:max(5, shown // 2)]
    out.table(columns, rows, header=out.terminal)
    if out.terminal:
        total = listed.total  # counted only here: a pipe gets the hits alone
        told = f"{len(results)} of {total:,} hits" if total > len(results) else \
            f"{total} hit{'s' if total != 1 else ''}"
        shown_query = found.shown_for.typed if found.shown_for is not None else query
        more = f"; {total - len(results):,} more: --all shows every hit, --limit N the first N" \
            if total > len(results) and not args.limit else ""
        out.line(Styled(f"{told} for {' '.join(shown_query.split())!r}{more}", "dim"))
    return 0


def _say(out: Output, message: str) -> None:
    """A line about the search itself: dim on a terminal, on stderr in a pipe (stdout keeps only hits)."""
    import sys

    from .output import safe

    if out.terminal:
        out.line(Styled(safe(message), "dim"))
    else:
        print(f"briefing: {safe(message)}", file=sys.stderr)


def _hit_json(result: Result, model: Any) -> dict[str, Any]:
    from ..model.export.as_json import record_json

    record = result.record
    date = record_date(record) if record is not None else None
    over = result.carried
    return {
        "kind": result.kind, "key": result.key,
        "id": display_id(model, record) if record is not None else result.key,
        "title": record_title(record) if record is not None else None,
        "date": date.iso if date is not None else None,
        "rank": result.rank, "matched_in": result.matched_in,
        "snippet": result.label + result.snippet,
        "record": record_json(record, model) if record is not None else None,
        "note": note_json(result.note, model) if result.note is not None else None,
        "carried_note": ({**note_json(over.note), "written_on": over.written_on} if over is not None else None),
        "team_notes": [note_json(shared.note, model, shared.author) for shared in result.team],
    }
