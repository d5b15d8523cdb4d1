"""``briefing search QUERY...``: every record (and note) matching all the words, best hits first."""

from __future__ import annotations

import argparse
from typing import Any

from ..model.data.records import Article, Event, NewsItem, ReportPart
from ..model.store.ranking import Hit, contains, query_words
from ..model.store.database import DATASETS
from ..model.store.search import searcher
from ..model.data.text import fold, match_spans
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

#: ``--kind`` values: the datasets (``report``: the introduction, key figures and headings), and
#: ``notes`` for items whose note matches.
KINDS = ("news", "medals", "articles", "events", "report", "notes")

#: Characters of context shown around the first match.
SNIPPET_WIDTH = 72

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

When nothing matches, it says so and suggests near words ("pakistn" → "pakistan"): on
the terminal, or on stderr in a pipe.

Exit status: 0 when something matched, 1 when nothing did, 2 on a usage or data error.

examples:
  briefing search shijian
  briefing search long march --kind news --kind events
  briefing search guowang --limit 5
  briefing search pakistan --json | jq '.hits[].key'

--json prints {"query", "words", "kinds", "count", "total", "hits": [{"kind", "key", "id",
"rank" (0 phrase in title, 1 words in title, 2 phrase elsewhere, 3 words elsewhere),
"matched_in", "snippet", "record" (as in 'briefing export --format json', with "dataset")
or null for an orphaned note, "note" or null, "team_notes" (the team notes on the item
that hold a word, each with "author")}]}.
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


def snippet(text: str, words: list[str], width: int = SNIPPET_WIDTH) -> str:
    """About ``width`` characters of ``text`` around the first match of ``words``, on one line, with "…" where cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    spans = match_spans(text, words)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        # Start on a word boundary when one is near, so the snippet does not open mid-word.
        if space != -1 and start - space < 15:
            start = space + 1
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + width // 2:
            end = space
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _bodies(record: Any) -> list[tuple[str, str]]:
    """``(label, text)`` of each text a snippet can come from, most telling first."""
    entities = ("", "; ".join(record.entities.names()))
    if isinstance(record, NewsItem):
        return [("", record.text), ("tags: ", ", ".join(record.tags)),
                ("dates: ", ", ".join(d.display() for d in record.dates)), entities]
    if isinstance(record, Article):
        return [("", record.summary), ("", " · ".join(filter(None, (record.theme, record.institution)))), entities]
    if isinstance(record, Event):
        return [("", record.text), ("", " · ".join((record.category, record.date.display(), record.status))),
                entities]
    if isinstance(record, ReportPart):
        return [("", record.text), entities]
    return [("", " · ".join((record.sector, record.company, record.satellite, record.medal))), entities]


def _matches(text: str, words: list[str]) -> bool:
    """True when ``text`` holds one of ``words`` as search matches it (a short word whole)."""
    folded = fold(text)
    return any(contains(folded, word) for word in words)


def handle(args: argparse.Namespace, stream) -> int:
    query = " ".join(args.query)
    words = query_words(query)
    if not words:
        raise CommandError("the query is empty; give at least one word to search for")
    loaded = load(args.data, args.edition)
    model = loaded.model
    notes = load_notes(args.edition)
    team: dict[str, list[Any]] = {}
    for shared in load_team_notes(args.edition):
        team.setdefault(shared.key, []).append(shared)
    kinds = set(args.kind or KINDS)
    # Every note on an item, yours and the team's, is searched as one text with the item.
    texts: dict[str, list[str]] = {key: [note.text] for key, note in notes.items() if note.text}
    for key, shared_notes in team.items():
        texts.setdefault(key, []).extend(shared.text for shared in shared_notes if shared.text)
    note_texts = {key: "\n".join(parts) for key, parts in texts.items() if parts}

    index = searcher(model, note_texts)
    out = Output(stream)
    # Only the hits shown are ranked and read: --limit, or on a terminal a first screen (not with
    # --all, --json or in a pipe). The kinds are narrowed in the search unless notes are asked
    # for with some kinds, where a hit of another kind may still show for its note.
    shown = args.limit or (None if args.all or args.json else out.first_screen())
    narrowed = "notes" not in kinds or kinds.issuperset(DATASETS)
    limit = shown if narrowed else None
    datasets = sorted(kinds & set(DATASETS)) if narrowed else None
    results: list[dict[str, Any]] = []
    for hit in index.search(query, datasets, limit):
        note = notes.get(hit.record.key)
        note_hit = note is not None and _matches(note.text, words)
        team_hits = [shared for shared in team.get(hit.record.key, ()) if _matches(shared.text, words)]
        if hit.record.dataset not in kinds and not ("notes" in kinds and (note_hit or team_hits)):
            continue
        results.append(_result(hit, note, note_hit, words, team_hits))
    orphans = 0
    if "notes" in kinds:
        orphaned = _orphan_results(model, notes, words, team)
        orphans = len(orphaned)
        results.extend(orphaned)

    total = len(results)
    if limit and len(results) - orphans >= limit:
        total = index.count(query, datasets) + orphans  # more than were ranked: counted by the index
    if shown:
        results = results[:shown]
    if args.json:
        out.json({
            "query": query, "words": words, "kinds": sorted(kinds, key=KINDS.index), "count": len(results),
            "total": total,
            "hits": [_hit_json(r, model) for r in results],
        })
        return 0 if results else 1
    if not results:
        _no_hits(out, model, query)
        return 1
    rows: list[list[Any]] = []
    for r in results:
        record = r["record"]
        date = record_date(record) if record is not None else None
        title = record_title(record) if record is not None else f"(orphaned note) {r['key']}"
        shown_id = display_id(model, record) if record is not None else r["key"]
        match: list[Styled] = [Styled(r["snippet"], words=tuple(words))]
        if r["label"]:
            match.insert(0, Styled(r["label"], "label"))
        rows.append([
            Styled(date.display() if date else "-", "date"),
            Styled(kind_label(r["kind"], record), "kind"),
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
        told = f"{len(results)} of {total:,} hits" if total > len(results) else \
            f"{total} hit{'s' if total != 1 else ''}"
        more = f"; {total - len(results):,} more: --all shows every hit, --limit N the first N" \
            if total > len(results) and not args.limit else ""
        out.line(Styled(f"{told} for {query!r}{more}", "dim"))
    return 0


def _no_hits(out: Output, model: Any, query: str) -> None:
    """Say that nothing matched, with queries of near words that would (on stdout on a terminal, else stderr)."""
    import sys

    from ..model.store.suggest import corrected_queries, vocabulary
    from .output import safe

    message = f"No hits for {safe(query)!r}"
    suggestions = corrected_queries(query, vocabulary(model))
    if suggestions:
        message += "; did you mean " + " or ".join(repr(safe(s)) for s in suggestions) + "?"
    if out.terminal:
        out.line(Styled(message, "dim"))
    else:
        print(f"briefing: {message}", file=sys.stderr)


def _result(hit: Hit, note: Any, note_hit: bool, words: list[str], team_hits: list[Any]) -> dict[str, Any]:
    """One hit, with the text to show around the match and where it comes from."""
    record = hit.record
    label, text = "", None
    for label, body in _bodies(record):
        if body and _matches(body, words):
            text = body
            break
    if text is None and note_hit:
        label, text = "note: ", note.text
    if text is None and team_hits:
        label, text = f"note by {team_hits[0].author}: ", team_hits[0].text
    if text is None:  # matched in the title only: show how the record begins
        label, text = _bodies(record)[0]
    return {"kind": record.dataset, "key": record.key, "record": record, "note": note, "rank": hit.rank,
            "matched_in": hit.field, "snippet": snippet(text, words), "label": label, "team": team_hits}


def _orphan_results(model: Any, notes: dict[str, Any], words: list[str],
                    team: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Notes (yours, then the team's) whose item is not in the loaded data, holding every word."""
    out = []

    def holds(text: str) -> bool:
        folded = fold(text)
        return bool(text) and all(word in folded for word in words)

    for key in dict.fromkeys([*notes, *team]):
        if model.get(key) is not None:
            continue
        note = notes.get(key)
        team_hits = [shared for shared in team.get(key, ()) if holds(shared.text)]
        if note is not None and holds(note.text):
            label, text = "note: ", note.text
        elif team_hits:
            label, text = f"note by {team_hits[0].author}: ", team_hits[0].text
        else:
            continue
        out.append({"kind": "notes", "key": key, "record": None, "note": note, "rank": 3,
                    "matched_in": "note", "snippet": snippet(text, words), "label": label, "team": team_hits})
    return out


def _hit_json(result: dict[str, Any], model: Any) -> dict[str, Any]:
    from ..model.export.as_json import record_json

    record = result["record"]
    return {
        "kind": result["kind"], "key": result["key"],
        "id": display_id(model, record) if record is not None else result["key"],
        "rank": result["rank"], "matched_in": result["matched_in"],
        "snippet": result["label"] + result["snippet"],
        "record": record_json(record, model) if record is not None else None,
        "note": note_json(result["note"], model) if result["note"] is not None else None,
        "team_notes": [note_json(shared.note, model, shared.author) for shared in result["team"]],
    }
