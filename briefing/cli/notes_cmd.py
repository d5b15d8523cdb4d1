"""``briefing notes``: the analyst's notes and the team's, newest first, including those whose item has gone."""

from __future__ import annotations

import argparse
from typing import Any

from .context import load, load_notes, load_team_notes, note_json, record_title
from .output import Output, Styled
from .help_format import HelpFormatter

EPILOG = """\
Each note: when it was last edited (local time), its item's title and edition/id, and
its text. A team note (in the team folder, BRIEFING_TEAM_DIR or team_dir in config.toml)
says "team: LOGIN", its author: the account that owns its file. A note whose item is not
in the loaded data (the data changed, or the note is on another edition) is kept, listed
and marked "orphaned". Notes are written in the app or with 'briefing note'; this command
only reads them (a damaged notes file, yours or a teammate's, is reported, never changed).

Without --team or --author: your personal notes and every team note.

Exit status: 0 when notes were shown, 1 when there are none, 2 on a usage or data error.
--author LOGIN with no team note by LOGIN says so on stderr (with --json too), naming
the team's authors, or that no team folder is set.

examples:
  briefing notes
  briefing notes --flagged
  briefing notes --team --author alice
  briefing notes --json | jq '.notes[] | select(.orphaned)'

--json prints {"flagged_only", "team_only", "author", "count", "notes": [{"key", "edition",
"dataset", "id", "text", "flagged", "created", "updated" (ISO 8601 with offset), "scope"
("personal" or "team"), "author" (login name, or null for a personal note), "title" (or
null), "orphaned"}]}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "notes", help="your notes and flags, and the team's, newest first",
        description="List your notes and flags, and your team's notes with their authors.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("--flagged", action="store_true", help="only flagged items")
    parser.add_argument("--team", action="store_true", help="only team notes (shared in the team folder)")
    parser.add_argument("--author", metavar="LOGIN",
                        help="only notes LOGIN wrote: their team notes (and your personal ones, if LOGIN is you)")
    parser.add_argument("--mine", action="store_true", help="only notes you wrote: personal and your team notes")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stream) -> int:
    from ..model.notes.team import current_login

    model = load(args.data, args.edition).model
    author = current_login() if args.mine else args.author
    me = current_login()
    # (note, author): author None for a personal note.
    entries: list[tuple[Any, str | None]] = []
    if not args.team and (author is None or author == me):
        entries += [(note, None) for note in load_notes(args.edition).values()]
    team = load_team_notes()
    entries += [(shared.note, shared.author) for shared in team
                if (author is None or shared.author == author)
                and (not args.edition or shared.note.edition == args.edition)]
    if args.flagged:
        entries = [entry for entry in entries if entry[0].flagged]
    entries.sort(key=lambda entry: entry[0].updated, reverse=True)
    # An author no team note is by (a typo, or someone who never shared one) is said as such,
    # not as "no notes yet", which would read as if their notes had been looked for and were empty.
    unknown = author is not None and author != me and not any(shared.author == author for shared in team)
    out = Output(stream)
    if args.json:
        out.json({"flagged_only": args.flagged, "team_only": args.team, "author": author, "count": len(entries),
                  "notes": [note_json(note, model, by) for note, by in entries]})
        if unknown:
            _no_such_author(author, team)
        return 0 if entries else 1
    if unknown:
        _no_such_author(author, team)
        return 1
    if not entries:
        import sys

        from .output import safe

        what = ("flagged " if args.flagged else "") + ("team " if args.team else "") + "notes"
        if author is not None:
            what += f" by {safe(author)}"
        print(f"briefing: no {what} yet (notes are written in the app or with 'briefing note')", file=sys.stderr)
        return 1
    for number, (note, by) in enumerate(entries):
        if number:
            out.blank()
        record = model.get(note.key)
        stamp = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        head: list[Any] = [Styled(stamp, "date"), "  "]
        if by is not None:
            head += [Styled(f"team: {by}", "author"), "  "]
        if record is not None:
            head.append(Styled(record_title(record), "title"))
        else:
            head.append(Styled("orphaned: no such item in the loaded data", "orphan"))
        if note.flagged:
            head += ["  ", Styled("flagged", "flag")]
        out.line(head)
        out.line(Styled(note.key, "id"), indent=2)
        if note.text:
            out.paragraph(note.text, indent=2)
    return 0


def _no_such_author(author: str, team: list[Any]) -> None:
    """Say on stderr that no team note is by ``author``, and whose there are (or that no team folder is set)."""
    import sys

    from ..model.locations import team_dir
    from .output import one_line, safe

    directory, _ = team_dir()
    if directory is None:
        why = ("no team folder is set (BRIEFING_TEAM_DIR, or team_dir in config.toml), so there are only "
               "your own notes")
    else:
        authors = sorted({shared.author for shared in team})
        why = (f"no team note in {directory} is theirs; the team's notes are by {', '.join(authors)}" if authors
               else f"no one has written a team note in {directory} yet")
    print(one_line(safe(f"briefing: no notes by {author}: {why}")), file=sys.stderr)
