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
sentences). Names and tags already used in the editions loaded are reused.

Without --out the draft goes into my editions (editions/ in the user data dir, or
$BRIEFING_EDITIONS_DIR), where the app and every command find it at once, marked DRAFT.
The folder is written whole or not at all. An edition id that exists (mine, the team's or
shipped) is never overwritten: the draft is refused, or with --replace it replaces my
folder (a team or shipped edition is not touched: mine is used over it). --force is the
old name of --replace.

Then: briefing (open it), briefing review ID (check the doubtful values), briefing publish
ID (mark it published and share it with the team).

--edition ID names the edition and, without --out, its folder (default: the first and last
month of the period in the report's title, e.g. 2025-04-to-2025-09).

--score EDITION drafts from EDITION/source.txt and compares the draft with that
hand-checked edition (its own names are left out of the known names unless
--with-own-names, so the score is that of a report the drafter has never seen).

Exit status: 0 done, 2 on bad input (empty, unknown format, too large, not this report series).

examples:
  briefing draft report-2025-04-to-2025-09.txt
  briefing draft report.txt --out ~/drafts/2025-04-to-2025-09
  briefing draft --score data/2024-09-to-2025-03"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "draft", help="draft an edition folder from a report document",
        description="Draft a complete edition folder from a report document, for an analyst to check.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("source", nargs="?", metavar="SOURCE", help="the report: .txt, .md, .html or .pdf")
    parser.add_argument("--out", metavar="FOLDER", help="the folder to write (default: the edition id in my editions)")
    parser.add_argument("--replace", "--force", dest="replace", action="store_true",
                        help="replace my existing draft or edition of that id (--force: the old name)")
    parser.add_argument("--score", metavar="EDITION", help="draft from EDITION's source and score it against EDITION")
    parser.add_argument("--with-own-names", action="store_true",
                        help="with --score: let the drafter know the scored edition's own entity names")
    parser.add_argument("--json", action="store_true", help="with --score: the scores as JSON")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out) -> int:
    from ..model.library.catalog import data_paths
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

            check_target(target, args.replace)  # refuse before the work, not after it
        elif edition is not None:
            _refuse_existing(edition, args.replace)
        # A folder being replaced (--replace) is no source of known names for its own draft.
        draft = draft_edition(source, roots, edition=edition, exclude_known=target.name if target else edition)
        from ..model.draft.writer import write_draft

        if target is None:
            _refuse_existing(draft.edition_id, args.replace)
            target = _my_editions() / draft.edition_id
        write_draft(draft, target, force=args.replace)
    except DraftError as error:
        raise CommandError(f"draft: {error}") from None
    notes = draft.provenance.notes
    doubtful = sum(1 for n in notes if n.doubtful)
    files = draft.files
    from .output import safe  # SOURCE and --out are names from the file system: cleaned as data is

    print(f"drafted edition {draft.edition_id} from {safe(source)} ({draft.source_format}) into {safe(target)} "
          f"in {time.perf_counter() - started:.2f} s", file=out)
    print(f"  {len(files['news.toml']['items'])} news items, {len(files['medals.toml']['medals'])} medal rows, "
          f"{len(files['trends.toml']['articles'])} articles, {len(files['timeline.toml']['events'])} events, "
          f"{len(files['report.toml']['sections'])} sections", file=out)
    print(f"  {len(notes)} values drafted, {doubtful} doubtful: see {safe(target / 'REVIEW.md')}", file=out)
    if draft.outside_series:
        print("  outside the series: not laid out as the half-yearly report, so drafted as news "
              "(a paragraph an item, its dates, events and entities); check its period first", file=out)
    ident = draft.edition_id
    opening = "briefing" if args.out is None else f"briefing --data {safe(target)}"
    print("next:", file=out)
    print(f"  {opening:<34} open it beside the other editions, marked DRAFT", file=out)
    print(f"  {'briefing review ' + safe(ident):<34} check the {doubtful} doubtful values", file=out)
    print(f"  {'briefing publish ' + safe(ident):<34} mark it published once reviewed (into the team's "
          "editions with a team folder)", file=out)
    return 0


def _my_editions() -> Path:
    """My editions folder, made (private) when missing."""
    from ..model.locations import my_editions_dir

    folder = my_editions_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(f"draft: cannot make my editions folder {folder}: {error.strerror or error}") from None
    return folder


def _refuse_existing(edition: str, replace: bool) -> None:
    """Refuse a draft whose id is an edition already, anywhere, unless --replace (which touches only mine)."""
    from ..model.library.catalog import MINE, PLACE_NAMES, library

    for found in library().used:
        if found.id != edition:
            continue
        if replace:
            return
        where = f"{PLACE_NAMES[found.place]}: {found.folder}"
        if found.place == MINE:
            raise CommandError(f"draft: edition {edition} exists already ({where}); it is never overwritten: "
                               "use --replace to replace your draft, or --edition ID / --out FOLDER")
        raise CommandError(f"draft: edition {edition} exists already ({where}); draft it under another id with "
                           "--edition ID, into another folder with --out FOLDER, or with --replace into my "
                           "editions, where it is used over that one")


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
    from .output import safe

    print(f"draft of {safe(edition.name)} from {safe(source)}, {known}, scored against the hand-checked edition "
          f"({seconds:.2f} s):", file=out)
    print(format_lines(lines), file=out)
    print(f"values to review: {counts['doubtful']} doubtful of {counts['drafted']} drafted "
          f"({counts['ours']} more written by the drafter, marked ours)", file=out)
    return 0
