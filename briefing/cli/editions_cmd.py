"""``briefing editions``: every edition found, where it lives, its status and what it holds.

Reads folder metadata only (the top of report.toml, table headers, review.toml by lines):
it never compiles or validates an edition, so it answers as fast as a lookup.
"""

from __future__ import annotations

import argparse

from .help_format import HelpFormatter

EPILOG = """\
Editions live in three places, all read by default: mine (editions/ in the user data dir,
or $BRIEFING_EDITIONS_DIR; briefing draft writes there), the team's ($BRIEFING_TEAM_DIR/editions,
where briefing publish copies) and shipped (inside briefing). The same id in two places:
mine is used over the team's over shipped, and the line says so. --data PATH lists exactly PATH.

Status: draft (N of M doubtful values left to review), reviewed (none left), published
(published.toml, or a hand-checked edition with no review.toml).

examples:
  briefing editions
  briefing editions --json | jq '.editions[] | select(.status == "draft") | .id'

--json prints {"editions": [{"id", "title", "period", "period_start", "place", "where", "folder",
"status", "left", "doubtful", "label", "published_by", "published_at", "reason", "counts",
"source_format", "sha256", "why", "problem"}], "passed_over": [{"id", "where", "folder",
"used"}], "problems": [LINE]}."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "editions", help="list editions: where each lives, draft or published, what it holds",
        description="List every edition: id, title, period, where it lives, status, record counts, source.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out) -> int:
    from ..model.library.catalog import PLACE_NAMES, library, named_library
    from ..model.library.summary import summarize
    from ..model.locations import named_data_paths
    from .output import Output, Styled, one_line, safe

    named = named_data_paths(getattr(args, "data", None))
    found = named_library(named) if named is not None else library()
    summaries = [summarize(entry, found.why(entry)) for entry in found.used]
    summaries.sort(key=lambda s: (s.period_start, s.id))
    wanted = getattr(args, "edition", None)
    if wanted:
        summaries = [s for s in summaries if s.id == wanted]
    printer = Output(out)
    if args.json:
        printer.json({
            "editions": [s.as_dict() for s in summaries],
            "passed_over": [{"id": passed.id, "where": PLACE_NAMES[passed.place], "folder": safe(str(passed.folder)),
                             "used": PLACE_NAMES[used.place]} for passed, used in found.shadowed],
            "problems": found.problems,
        })
        return 0 if summaries else 1
    for s in summaries:
        counts = ", ".join(f"{count} {word}" for word, count in s.counts.items())
        source = " ".join(part for part in (s.source_format, f"sha256 {s.sha256}" if s.sha256 else "") if part)
        title = s.title if len(s.title) <= 48 else s.title[:47] + "…"
        pieces = [Styled(s.id, "id"), Styled(title, "title"), Styled(s.period, "date"), Styled(PLACE_NAMES[s.place]),
                  Styled(s.status.label(), "flag" if s.status.is_draft else "dim"), Styled(counts), Styled(source, "dim")]
        shown = [piece for piece in pieces if piece.text]
        printer.line([part for index, piece in enumerate(shown)
                      for part in ((Styled("  "),) if index else ())
                      + (Styled(one_line(piece.text), piece.style, piece.words),)])
        for extra in (s.why, s.problem, s.status.problem):
            if extra:
                printer.line(Styled(one_line(safe(f"  {extra}")), "dim"))
    import sys

    for problem in found.problems:
        print(f"briefing: {one_line(safe(problem))}", file=sys.stderr)
    if not summaries:
        print("briefing: no editions found", file=sys.stderr)
        return 1
    return 0
