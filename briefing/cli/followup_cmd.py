"""``briefing followup RECORD``: record what became of a plan (happened, slipped, cancelled), personal or ``--team``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from .context import CommandError, load
from .output import one_line, safe
from .help_format import HelpFormatter

EPILOG = """\
RECORD is a planned event's id (as 'briefing followups' lists it), edition/id, or a
unique part of one. Exactly one of --happened DATE (the day it happened, 2025-12-14),
--slipped WINDOW (the new window: "mid 2026", "the first half of 2026", "Q3 2026",
2026-06), --cancelled or --reopen (back to its window) is given. Without --team the
outcome is personal (your notes file); with --team it goes to your file in the team
folder, where the team sees it under your login name. Outcomes are kept as notes are:
locked, written atomically, never lost; every one is kept, and the latest counts.

Exit status: 0 when recorded, 2 on a usage or data error or when it could not be
written (it says why).

examples:
  briefing followup event-late-2025-qingzhou-test-flight --happened 2025-12-14 \\
      --source https://example.org/kinetica-2 --note "On the second Kinetica-2."
  briefing followup event-late-2025-haolong-test-flight --slipped "mid 2026" --team
  briefing followup event-2025-key-advances-aimed-for --cancelled
"""

#: A script waits this long for another writer's lock, as 'briefing note' does.
LOCK_TIMEOUT = 30.0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "followup", help="record what became of a plan: --happened, --slipped, --cancelled",
        description="Record the outcome of one planned event.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("ident", metavar="RECORD", help="a planned event's id, or edition/id")
    kind = parser.add_mutually_exclusive_group(required=True)
    kind.add_argument("--happened", metavar="DATE", help="it happened on DATE (2025-12-14)")
    kind.add_argument("--slipped", metavar="WINDOW", help="it moved to WINDOW (\"mid 2026\", 2026-06)")
    kind.add_argument("--cancelled", action="store_true", help="it will not happen")
    kind.add_argument("--reopen", action="store_true", help="take back the outcome: judged by its window again")
    parser.add_argument("--source", metavar="URL", default="", help="where it says so")
    parser.add_argument("--note", metavar="TEXT", default="", help="a word on it")
    parser.add_argument("--team", action="store_true", help="in the team folder, shown with your name")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stream) -> int:
    from ..model.followups.outcomes import OutcomeError, new_outcome, record_outcome
    from .note_cmd import _notebook
    from .show_cmd import by_part, find

    model = load(args.data, args.edition, quiet_problems=True).model
    record = find(model, args.ident)
    if record is None:
        candidates = [r for r in by_part(model, args.ident) if r.dataset == "events"]
        if len(candidates) > 1:
            keys = ", ".join(candidate.key for candidate in candidates[:10])
            raise CommandError(f"{args.ident!r} is part of {len(candidates)} events; give one of: {keys}")
        record = candidates[0] if candidates else None
    if record is None:
        raise CommandError(f"no record {args.ident!r} in the loaded data; 'briefing followups' lists the plans")
    if record.dataset != "events" or not record.planned:
        raise CommandError(f"{record.key} is not a planned event: outcomes are recorded on plans "
                           "('briefing followups' lists them)")
    kind = ("happened" if args.happened else "slipped" if args.slipped else
            "cancelled" if args.cancelled else "reopened")
    day = None
    if args.happened:
        try:
            day = dt.date.fromisoformat(args.happened.strip())
        except ValueError:
            raise CommandError(f"--happened: cannot read {args.happened!r}; give a day such as 2025-12-14") from None
    try:
        outcome = new_outcome(record.edition, record.id, kind, dt.datetime.now(dt.timezone.utc), date=day,
                              window=args.slipped, source=args.source, note=args.note)
    except ValueError as error:
        raise CommandError(f"--slipped: {error}" if args.slipped else str(error)) from None
    notebook = _notebook(args.team)
    try:
        record_outcome(notebook, outcome)
    except OutcomeError as error:
        raise CommandError(error.message) from None
    said = {"happened": f"happened on {day}", "slipped": f"slipped to {outcome.window}",
            "cancelled": "cancelled", "reopened": "reopened (judged by its window again)"}[kind]
    where = f" (the team sees it as {notebook.login}'s)" if args.team else ""
    stream.write(f"Recorded: {safe(record.key)} {one_line(safe(said))}{safe(where)}.\n")
    if notebook.moved_aside is not None:
        print(f"briefing: your damaged notes file was moved to {safe(str(notebook.moved_aside))}", file=sys.stderr)
    return 0
