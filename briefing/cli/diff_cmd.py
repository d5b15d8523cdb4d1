"""``briefing diff [OLD] [NEW]``: what changed from one edition to the next, with the user's notes carried over."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..model.data.model import Model
from ..model.data.records import Edition
from ..model.store.opening import open_model
from .context import CommandError, load, load_notes
from .output import Output, Styled
from .help_format import HelpFormatter

EPILOG = """\
Compares two loaded editions (by default the two latest, by period), reading what changed
from the report's own words: the summary counts first, then planned events that came
true or are now overdue, dates refined ("late 2025" became a day) and moved, paragraphs
and items added and dropped, medal rows with another medal and the tallies by company,
CNKI downloads and ranks, paragraphs reworded word by word, entities seen for the first
time, your notes on old items shown on the items that continue them (or as orphans), and
last, apart and one line each, where only our wording differs (titles, headlines,
summaries, categories, ids, key figures): never counted as the report's changes.

The editions' paragraphs are matched first (reworded, moved or split paragraphs too);
records are then matched through their paragraph, date and key entity (a 'follows' link
in the new edition wins), never through a title or summary we wrote. Word changes are
coloured on a terminal and written [-old-]{+new+} in plain text; a paragraph too long to
diff word by word is shown whole, old then new.

Exit status: 0 when the report's words changed, 1 when they did not (whatever our wording),
2 on a usage or data error (fewer than two editions loaded, an unknown edition).

OLD and NEW are edition ids, or edition folders: a folder is loaded on its own, so a
draft of the next edition can be compared with the published one even under the same id.

examples:
  briefing diff
  briefing diff 2024-09-to-2025-03 2025-04-to-2025-09
  briefing diff data/2024-09-to-2025-03 ~/drafts/2024-09-to-2025-03
  briefing diff --json | jq '.summary'

--json prints {"format", "old", "new", "notices", "summary", "report_changed", "changes":
[{"category", "heading", "dataset", "matched_by", "old", "new", "status"?, "date"?,
"medal"?, "downloads"?, "rank"?, "related", "texts": [{"field", "old", "new",
"word_diff"}]}], "ours": [{"dataset", "old", "new", "fields", "texts"}], "figures",
"entities_first_seen", "medal_tallies", "medal_counts", "notes": {"carried", "orphaned"}}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "diff", help="what changed since the last edition",
        description="Compare two editions: what came true, what moved, what was reworded.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("old", nargs="?", metavar="OLD",
                        help="the earlier edition's id or folder (default: the second latest)")
    parser.add_argument("new", nargs="?", metavar="NEW", help="the later edition's id or folder (default: the latest)")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.add_argument("--full", action="store_true", help="whole texts in text changes, not only the words around them; our wording with its word diffs")
    parser.set_defaults(handler=handle)


def pick_editions(model: Model | None, old: str | None, new: str | None) -> tuple[Edition, Edition]:
    """The two editions to compare: as named (an id, or an edition's folder), else the two latest.

    Raises CommandError with a plain reason: fewer than two editions, an unknown one.
    """
    editions = model.editions if model is not None else ()
    known = ", ".join(e.id for e in editions)

    def named(ident: str) -> Edition:
        edition = model.edition(ident) if model is not None else None
        if edition is None:
            edition = _from_folder(ident)
        if edition is None:
            raise CommandError(f"no edition {ident!r} (loaded: {known or 'none'}; "
                               "an edition's folder works too)")
        return edition

    if old is None:
        if len(editions) < 2:
            only = editions[0].id if editions else "none"
            raise CommandError(f"diff needs two editions and only one is loaded ({only}); "
                               "add the other with --data PATH, or name two edition folders")
        return editions[-2], editions[-1]
    if new is None:
        first = named(old)
        later = [e for e in editions if e.report.period_start > first.report.period_start]
        if not later:
            raise CommandError(f"no edition after {old!r} to compare it with (loaded: {known}); name both")
        return first, later[-1]
    return named(old), named(new)


def _is_folder(argument: str | None) -> bool:
    return argument is not None and (Path(argument) / "report.toml").is_file()


def _from_folder(argument: str) -> Edition | None:
    """The edition in the folder ``argument``, loaded on its own (so two folders may hold the same id)."""
    if not _is_folder(argument):
        return None
    result = open_model([Path(argument)])
    if result.errors:
        count = len(result.errors)
        print(f"briefing: {count} problem{'s' if count != 1 else ''} in {argument}; "
              f"run 'briefing validate {argument}' to see them", file=sys.stderr)
    return result.model.editions[0] if result.model.editions else None


def handle(args: argparse.Namespace, stream) -> int:
    if getattr(args, "edition", None):
        raise CommandError("diff compares two editions: name them as 'briefing diff OLD NEW', not with --edition")
    # Two edition folders need nothing else loaded.
    model = None if _is_folder(args.old) and _is_folder(args.new) else load(args.data, None).model
    old, new = pick_editions(model, args.old, args.new)
    from ..model.diff.changes import diff_editions

    diff = diff_editions(old, new, load_notes())
    changed = diff.report_changed  # our wording differing is never a change of the report
    out = Output(stream)
    if args.json:
        from ..model.diff.as_json import diff_json

        out.json(diff_json(diff))
        return 0 if changed else 1
    from ..model.diff.as_text import diff_lines

    for line in diff_lines(diff, marks=not out.terminal, context=0 if args.full else 6):
        if not line.pieces:
            out.blank()
        else:
            out.line([Styled(text, style) for text, style in line.pieces], indent=line.indent)
    return 0 if changed else 1
