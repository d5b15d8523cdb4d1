"""``briefing followups``: every plan of the report and what became of it, as of today or ``--as-of DATE``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import Any

from .context import NOTES_FILE, CommandError, display_id, load
from .output import BREAK, Column, Output, Styled, one_line, safe
from .help_format import HelpFormatter

EPILOG = """\
Each planned event and goal is due in the window its wording gives ("late 2025" is
September to December 2025, "2025" and "by 2025" end on 31 December 2025, "early" is
January to April, "mid" May to August), always shown with the report's words. Its status
on the day (today, or --as-of DATE): upcoming (before its window), due (inside it),
overdue (past it, with no outcome), happened (a later edition reports the matching event,
matched as 'briefing diff' matches, or an analyst recorded it), slipped (to a new window
that has not begun), cancelled. Overdue first, then due, upcoming and slipped, then settled.

Outcomes are recorded with 'briefing followup RECORD --happened DATE' (or --slipped,
--cancelled); yours and the team's are read.

Exit status: 0 when plans were listed, 1 when none matched, 2 on a usage or data error.

examples:
  briefing followups
  briefing followups --overdue
  briefing followups --as-of 2026-12-06 --json

--json prints {"as_of", "counts": {status: n}, "count", "followups": [{"id", "key",
"edition", "title", "status", "due_from", "due_by" (ISO days of the window judged by),
"wording" (the report's words, latest edition), "first_wording" (the first edition's),
"window_wording" (the words the window comes from: a slip's), "window" (ours:
"Sep-Dec 2025"), "happened_on" (or null), "reported_by" (a later edition's record, or
null), "outcome": {"kind", "date", "window", "source", "note", "recorded", "scope",
"author"} or null, "outcomes": [...] }]}.
"""

#: How each status is drawn on a terminal; the word is always printed, so no colour is needed to read it.
STATUS_STYLES = {"overdue": "flag", "due": "planned", "upcoming": "", "slipped": "planned", "happened": "date",
                 "cancelled": "dim"}


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "followups", help="the report's plans: upcoming, due, overdue, happened, slipped, cancelled",
        description="List every planned event and goal with its status as of a day.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--as-of", dest="as_of", metavar="DATE", help="the day to judge by (default: today)")
    parser.add_argument("--overdue", action="store_true", help="only the overdue plans")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def as_of(value: str | None) -> dt.date:
    """``--as-of``'s day (2026-12-06), or today; the only place the shell reads the clock for follow-ups."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"--as-of: cannot read {value!r}; give a day such as 2026-12-06") from None


def load_outcomes() -> list[Any]:
    """Your outcomes and the team's; what could not be read is said on stderr, never moved or rewritten."""
    from ..model.locations import config_dir, team_dir

    outcomes: list[Any] = []
    problems: list[str] = []
    folder = config_dir()
    if os.path.exists(folder / NOTES_FILE):  # no notes file: nothing to import the notebook for
        from ..model.followups.outcomes import read_personal
        from ..model.notes.notebook import Notebook

        found, said = read_personal(Notebook(folder))
        outcomes += found
        problems += said
    directory, setting_problem = team_dir()
    if setting_problem:
        problems.append(setting_problem)
    if directory is not None:
        from ..model.followups.outcomes import read_team
        from ..model.notes.team import TeamFolder

        read = TeamFolder(directory).read()
        found, said = read_team(read, os.getuid())
        outcomes += found
        problems += [*read.problems, *said]
    for problem in problems:
        print(f"briefing: warning: {one_line(safe(problem))}", file=sys.stderr)
    return outcomes


def outcome_json(outcome: Any) -> dict[str, Any]:
    return {"kind": outcome.kind, "date": outcome.date.isoformat() if outcome.date else None,
            "window": outcome.window, "source": outcome.source or None, "note": outcome.note or None,
            "recorded": outcome.recorded.isoformat(), "scope": outcome.scope, "author": outcome.author}


def followup_json(item: Any) -> dict[str, Any]:
    """One plan as JSON (the shape in the epilog)."""
    reported = item.reported
    return {
        "id": item.id, "key": item.key, "edition": item.event.edition, "title": item.event.title,
        "status": item.status, "due_from": item.window.start.isoformat(), "due_by": item.window.end.isoformat(),
        "wording": item.wording, "first_wording": item.first.wording, "window_wording": item.window.wording,
        "window": item.window.span_text(),
        "happened_on": item.happened_on, "reported_by": reported.key if reported is not None else None,
        "outcome": outcome_json(item.outcome) if item.outcome is not None else None,
        "outcomes": [outcome_json(outcome) for outcome in item.outcomes],
    }


def handle(args: argparse.Namespace, stream) -> int:
    day = as_of(args.as_of)
    model = load(args.data, args.edition).model
    from ..model.followups.status import counts, follow_ups

    items = follow_ups(model.editions, load_outcomes(), day)
    tally = counts(items)
    if args.overdue:
        items = [item for item in items if item.status == "overdue"]
    out = Output(stream)
    if args.json:
        out.json({"as_of": day.isoformat(), "counts": tally, "count": len(items),
                  "followups": [followup_json(item) for item in items]})
        return 0 if items else 1
    if not items:
        print("briefing: no overdue plans" if args.overdue else "briefing: the report plans nothing",
              file=sys.stderr)
        return 1
    rows = []
    narrow_rows = []
    for item in items:
        then = ""  # what followed the report's words: a slip's new window, the day it happened
        if item.window.wording != item.wording:
            then = item.window.wording
        if item.status == "happened" and item.happened_on:
            then = item.happened_on
        status = Styled(item.status, STATUS_STYLES[item.status])
        title, ident = Styled(item.event.title, "title"), Styled(display_id(model, item.event), "id")
        window = Styled(item.window.span_text(), "dim")
        due = item.wording + (f" → {then}" if then else "")
        rows.append([status, Styled(due, "date"), window, title, ident])
        # Narrow: the words on one line, what followed (or the window) under them; the ID under the title.
        narrow_rows.append([status, [Styled(item.wording, "date"), BREAK, Styled(f"→ {then}", "date") if then
                                     else window], [title, BREAK, ident]])
    columns = [Column("Status"), Column("Due (report's words)"), Column("Window"), Column("Plan", truncate=True),
               Column("ID")]
    spare = out.spare_width(columns, rows)
    if spare is not None and spare < 40:
        columns = [Column("Status"), Column("Due"), Column("Plan", truncate=True)]
        rows = narrow_rows
    out.table(columns, rows, header=out.terminal)
    if out.terminal:
        said = ", ".join(f"{n} {status}" for status, n in tally.items() if n)
        out.line(Styled(f"As of {day.isoformat()}: {said}", "dim"))
    return 0
