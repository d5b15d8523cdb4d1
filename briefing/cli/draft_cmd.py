"""``briefing draft SOURCE``: draft an edition folder from a report document; ``--score`` measures a draft.

This module only declares the command: the drafter (``briefing.model.draft``) is imported
when the command runs, so start-up and lookups never load it.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from .context import CommandError
from .help_format import HelpFormatter

EPILOG = """\
Reads the report (the series' text export .txt, Markdown .md, HTML .html, or PDF .pdf,
which needs the draft extra: pip install 'briefing[draft]') and writes a complete edition
folder: the five TOML files, the source document with its SHA-256, review.toml (where each
value came from and how sure the drafter is) and REVIEW.md (the doubtful values beside their
sentences). Names and tags already used in the editions of --data are reused.

The folder is written whole or not at all; an existing one is replaced only with --force.
Then check it: briefing validate FOLDER (every unreviewed value is a warning), and open it:
briefing --data FOLDER.

--edition ID names the edition and, without --out, its folder (default: the first and last
month of the period in the report's title, e.g. 2025-04-to-2025-09).

--score EDITION drafts from EDITION/source.txt and compares the draft with that
hand-checked edition (its own names are left out of the known names unless
--with-own-names, so the score is that of a report the drafter has never seen).

Exit status: 0 done, 2 on bad input (empty, unknown format, too large, not this report series).

examples:
  briefing draft report-2025-04-to-2025-09.txt --out data/2025-04-to-2025-09
  briefing validate data/2025-04-to-2025-09
  briefing draft --score data/2024-09-to-2025-03"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "draft", help="draft an edition folder from a report document",
        description="Draft a complete edition folder from a report document, for an analyst to check.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="the report: .txt, .md, .html or .pdf")
    parser.add_argument("--out", metavar="FOLDER", help="the folder to write (default: the edition id, here)")
    parser.add_argument("--force", action="store_true", help="replace an existing draft or edition folder")
    parser.add_argument("--score", metavar="EDITION", help="draft from EDITION's source and score it against EDITION")
    parser.add_argument("--with-own-names", action="store_true",
                        help="with --score: let the drafter know the scored edition's own entity names")
    parser.add_argument("--json", action="store_true", help="with --score: the scores as JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out) -> int:
    from ..model.locations import data_paths
    from ..model.draft.errors import DraftError
    from ..model.draft.pipeline import draft_edition

    roots = data_paths(getattr(args, "data", None))
    started = time.perf_counter()
    try:
        if args.score:
            return _score(args, out, roots, started)
        if not args.source:
            raise CommandError("draft: give the report document to draft from (or --score EDITION)")
        source = Path(args.source)
        edition = getattr(args, "edition", None)
        if edition is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", edition):
            raise CommandError(f"draft: --edition {edition!r}: an edition id is lowercase letters, digits "
                               "and hyphens, such as 2025-04-to-2025-09")
        target = Path(args.out) if args.out else None
        if target is not None:
            from ..model.draft.writer import check_target

            check_target(target, args.force)  # refuse before the work, not after it
        # A folder being replaced (--force) is no source of known names for its own draft.
        draft = draft_edition(source, roots, edition=edition, exclude_known=target.name if target else edition)
        from ..model.draft.writer import write_draft

        target = target or Path(draft.edition_id)
        write_draft(draft, target, force=args.force)
    except DraftError as error:
        raise CommandError(f"draft: {error}") from None
    notes = draft.provenance.notes
    doubtful = sum(1 for n in notes if n.doubtful)
    files = draft.files
    print(f"drafted edition {draft.edition_id} from {source} ({draft.source_format}) into {target} "
          f"in {time.perf_counter() - started:.2f} s", file=out)
    print(f"  {len(files['news.toml']['items'])} news items, {len(files['medals.toml']['medals'])} medal rows, "
          f"{len(files['trends.toml']['articles'])} articles, {len(files['timeline.toml']['events'])} events, "
          f"{len(files['report.toml']['sections'])} sections", file=out)
    print(f"  {len(notes)} values drafted, {doubtful} doubtful: see {target / 'REVIEW.md'}", file=out)
    if draft.outside_series:
        print("  outside the series: not laid out as the half-yearly report, so drafted as news "
              "(a paragraph an item, its dates, events and entities); check its period first", file=out)
    print(f"next: briefing validate {target}", file=out)
    return 0


def _score(args, out, roots, started) -> int:
    from ..model.draft.pipeline import draft_edition
    from ..model.draft.score import find_source, format_lines, load_edition_files, review_counts, score

    edition = Path(args.score)
    gold = load_edition_files(edition)
    source = Path(args.source) if args.source else find_source(edition)
    draft = draft_edition(source, roots, edition=edition.name,
                          exclude_known=None if args.with_own_names else edition.name)
    seconds = time.perf_counter() - started
    lines = score(draft.files, gold)
    counts = review_counts(draft.provenance.notes)
    if args.json:
        json.dump({"edition": edition.name, "source": str(source), "seconds": round(seconds, 3),
                   "own_names_known": bool(args.with_own_names), "scores": [line.as_dict() for line in lines],
                   "values": counts}, out, indent=2)
        print(file=out)
        return 0
    known = "with its own names known" if args.with_own_names else "with its own names left out of the known names"
    print(f"draft of {edition.name} from {source}, {known}, scored against the hand-checked edition "
          f"({seconds:.2f} s):", file=out)
    print(format_lines(lines), file=out)
    print(f"values to review: {counts['doubtful']} doubtful of {counts['drafted']} drafted "
          f"({counts['ours']} more written by the drafter, marked ours)", file=out)
    return 0
