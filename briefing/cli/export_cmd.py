"""``briefing export``: the whole loaded model as JSON, or a meeting-ready Markdown briefing."""

from __future__ import annotations

import argparse

from .context import load, load_notes, load_team_notes
from .output import Output, safe
from .help_format import HelpFormatter

EPILOG = """\
--format json (the default) is the stable machine interface: {"format", "editions",
"news", "medals", "articles", "events"}, described in data/README.md. Each edition says its
"status" ("draft", "reviewed" or "published") with "left" and "doubtful" values to review;
in Markdown a draft is marked DRAFT under its title.

--format md is a briefing to read or print for a meeting: title, period, introduction,
key figures, the news by section with dates, the medal table with its context, the CNKI
articles and the timeline, with your notes as quotes under their items, each team note
after them with its author and time (--no-team leaves the team's notes out; notes whose
item is not in the data close the document).

examples:
  briefing export --format json > report.json
  briefing export --format md > briefing.md
  briefing export --format md --edition 2024-09-to-2025-03 | pandoc -o briefing.docx
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export", help="print the whole report as JSON or Markdown",
        description="Print every loaded edition (or --edition) as one document.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--format", choices=("json", "md"), default="json", help="output format (default json)")
    parser.add_argument("--no-team", dest="team", action="store_false",
                        help="Markdown: leave out the team's notes (only yours)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stream) -> int:
    loaded = load(args.data, args.edition)
    out = Output(stream, terminal=False)  # a document: never drawn with Rich, even on a terminal
    from ..model.library.catalog import data_paths
    from ..model.library.status import statuses_of

    statuses = statuses_of(data_paths(args.data))  # a draft is marked as one
    if args.format == "json":
        from ..model.export.streamed_json import write_model_json

        # The text Output.json would print of model_json, written a batch of records at a time:
        # a whole model held as dicts and text at once was most of the export's time and memory.
        # (A store damaged beyond repair midway now leaves a cut document before the error and exit 2.)
        write_model_json(loaded.model, statuses, lambda text: out.write(safe(text)),
                         ensure_ascii=not out.can_encode("\u00e9\u4e2d"))
        out.write("\n")
        return 0
    from ..model.export.as_markdown import briefing_markdown

    team = load_team_notes(args.edition) if args.team else []
    from ..model.followups.status import follow_ups
    from .followups_cmd import as_of, load_outcomes

    day = as_of(None)
    followups = follow_ups(loaded.model.editions, load_outcomes(), day)
    out.write(out_safe(briefing_markdown(loaded.model, load_notes(args.edition), team, statuses,
                                         followups=followups,
                                         as_of=day)))
    return 0


def out_safe(text: str) -> str:
    """The Markdown with control characters removed: it may be printed straight to a terminal."""
    from .output import safe

    return safe(text)
