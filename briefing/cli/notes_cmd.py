"""``briefing notes``: the analyst's notes and flags, newest first, including those whose item has gone."""

from __future__ import annotations

import argparse
from typing import Any

from .context import load, load_notes, note_json, record_title
from .output import Output, Styled

EPILOG = """\
Each note: when it was last edited (local time), its item's title and edition/id, and
its text. A note whose item is not in the loaded data (the data changed, or the note is
on another edition) is kept, listed and marked "orphaned". Notes are written in the app;
this command only reads them (a damaged notes file is reported, never changed).

Exit status: 0 when notes were shown, 1 when there are none, 2 on a usage or data error.

examples:
  briefing notes
  briefing notes --flagged
  briefing notes --json | jq '.notes[] | select(.orphaned)'

--json prints {"flagged_only", "count", "notes": [{"key", "edition", "dataset", "id",
"text", "flagged", "created", "updated" (ISO 8601 with offset), "title" (or null),
"orphaned"}]}.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "notes", help="your notes and flags, newest first",
        description="List your notes and flags.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--flagged", action="store_true", help="only flagged items")
    parser.add_argument("--json", action="store_true", help="print a JSON document (shape below)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, stream) -> int:
    model = load(args.data, args.edition).model
    notes = list(load_notes(args.edition).values())
    if args.flagged:
        notes = [note for note in notes if note.flagged]
    notes.sort(key=lambda note: note.updated, reverse=True)
    out = Output(stream)
    if args.json:
        out.json({"flagged_only": args.flagged, "count": len(notes),
                  "notes": [note_json(note, model) for note in notes]})
        return 0 if notes else 1
    if not notes:
        import sys

        print(f"briefing: no {'flagged items' if args.flagged else 'notes'} yet "
              "(notes are written in the app)", file=sys.stderr)
        return 1
    for number, note in enumerate(notes):
        if number:
            out.blank()
        record = model.get(note.key)
        stamp = note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        head: list[Any] = [Styled(stamp, "date"), "  "]
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
