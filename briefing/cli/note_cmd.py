"""``briefing note RECORD TEXT [--team]``: write or delete one note from the shell, so notes can be scripted."""

from __future__ import annotations

import argparse
import sys

from .context import CommandError, load
from .output import one_line, safe
from .help_format import HelpFormatter

EPILOG = """\
RECORD is a record id (as 'briefing search' lists it), edition/id, or a unique part of
one, as for 'briefing show'. TEXT replaces the note's text ('-' reads it from standard
input); the record's flag is kept. Without --team the note is personal (your private
notes file); with --team it goes to your file in the team folder (BRIEFING_TEAM_DIR, or
team_dir in config.toml), where the team sees it under your login name.

--delete removes the note (text and flag) instead; an orphaned note (its item is no longer
in the data) is deleted by its edition/id. A text that replaces an earlier one prints the
earlier text on stderr, so it is not lost. A note being written elsewhere at the same
moment is waited for (up to 30 s), never overwritten.

Exit status: 0 when the note was written or deleted, 1 when there was no note to delete,
2 on a usage or data error, or when the note could not be written (it says why).

examples:
  briefing note news-shijian-25-launched "Check the orbit against Space-Track."
  briefing note news-shijian-25-launched "Seen by the whole team." --team
  echo "From a script" | briefing note medal-longwave-ir-cast-gold -
  briefing note news-shijian-25-launched --delete --team
"""

#: A script waits this long for another writer's lock (the app waits 3 s: a person is waiting there).
LOCK_TIMEOUT = 30.0


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "note", help="write (or --delete) one note, personal or --team",
        description="Write or delete the note on one record.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("ident", metavar="RECORD", help="a record id, or edition/id")
    parser.add_argument("text", metavar="TEXT", nargs="?", help="the note's text ('-': read standard input)")
    parser.add_argument("--team", action="store_true", help="the note in the team folder, shown with your name")
    parser.add_argument("--delete", action="store_true", help="delete the note instead of writing it")
    parser.set_defaults(handler=handle)


def _notebook(team: bool):
    """Your personal notebook, or your own file in the team folder."""
    if not team:
        from ..model.notes.notebook import Notebook
        from ..model.locations import config_dir

        return Notebook(config_dir(), LOCK_TIMEOUT)
    from ..model.notes.team import TeamFolder

    folder, problem = TeamFolder.configured()
    if folder is None:
        raise CommandError(problem or "no team folder is set: set BRIEFING_TEAM_DIR, or team_dir in "
                                      "config.toml in your config folder (see the README)")
    warning = folder.problem()
    if warning:
        print(f"briefing: warning: {one_line(safe(warning))}", file=sys.stderr)
    return folder.mine(LOCK_TIMEOUT)


def _target(model, ident: str, notes: dict) -> tuple[str, str, str]:
    """(edition, dataset, id) of RECORD: a record in the data, else (for --delete) a note's own key."""
    from .show_cmd import by_part, find

    record = find(model, ident)
    if record is None:
        candidates = by_part(model, ident)
        if len(candidates) > 1:
            keys = ", ".join(candidate.key for candidate in candidates[:10])
            raise CommandError(f"{ident!r} is part of {len(candidates)} records; give one of: {keys}")
        record = candidates[0] if candidates else None
    if record is not None and record.dataset == "report":
        raise CommandError(f"{ident!r} is a part of the report itself (its introduction, a key figure or a "
                           "heading): notes are kept on news items, medal rows, articles and events")
    if record is not None:
        return record.edition, record.dataset, record.id
    ident = ident.strip()
    orphans = [note for key, note in notes.items() if ident in (key, note.id)]
    if len(orphans) == 1:
        note = orphans[0]
        return note.edition, note.dataset, note.id
    raise CommandError(f"no record {ident!r} in the loaded data; try 'briefing search WORDS'")


def handle(args: argparse.Namespace, stream) -> int:
    from ..model.notes.notebook import NotebookError

    if args.delete and args.text is not None:
        raise CommandError("--delete takes no TEXT")
    if not args.delete and args.text is None:
        raise CommandError("give the note's TEXT (or '-' to read it from standard input), or --delete")
    text = args.text
    if text == "-":
        text = sys.stdin.read()
    model = load(args.data, args.edition, quiet_problems=True).model
    notebook = _notebook(args.team)
    notes = notebook.load()  # moves aside a damaged file of your own, as the app does
    if notebook.problem:
        print(f"briefing: warning: {one_line(safe(notebook.problem))}", file=sys.stderr)
    edition, dataset, ident = _target(model, args.ident, notes if args.delete else {})
    key = f"{edition}/{ident}"
    where = "team note" if args.team else "note"
    existing = notes.get(key)
    try:
        if args.delete:
            if existing is None:
                print(f"briefing: no {where} on {safe(key)}", file=sys.stderr)
                return 1
            notebook.delete(edition, dataset, ident)
            stream.write(f"Deleted your {where} on {safe(key)}.\n")
            return 0
        if not text.strip():
            raise CommandError("the note's TEXT is empty; use --delete to remove a note")
        result = notebook.save(edition, dataset, ident, text,
                               seen_updated=existing.updated if existing is not None else None)
    except NotebookError as error:
        raise CommandError(error.message) from None
    if existing is not None and existing.text not in ("", text):
        print(f"briefing: replaced the earlier text of your {where} on {safe(key)}, which was:", file=sys.stderr)
        print(safe(existing.text), file=sys.stderr)
    said = f"Saved your {where} on {safe(key)}"
    if args.team:
        said += f" (the team sees it as {safe(notebook.login)}'s)"
    stream.write(said + ".\n")
    if result.replaced is not None:  # written elsewhere between our read and our save
        print(f"briefing: {one_line(safe(result.message))} The text it replaced:", file=sys.stderr)
        print(safe(result.replaced.text), file=sys.stderr)
    elif result.message not in ("Saved.", "Nothing to save."):
        print(f"briefing: {one_line(safe(result.message))}", file=sys.stderr)
    return 0
