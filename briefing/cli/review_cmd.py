"""``briefing review EDITION``: review a draft's doubtful values, in the app or from the shell.

This module only declares the command; the review (``briefing.model.draft.review_decisions``)
is imported when it runs, and the app only when no shell action is given.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .context import CommandError
from .help_format import HelpFormatter

EPILOG = """\
With no option, opens the app on the Review screen of the draft: each doubtful value
(confidence under 0.9) beside the report's sentence it came from, in the report's order.
From the shell:

  --list           the doubtful values left, one block each (--all: decided ones too)
  --json           with --list: an array of objects with id, record, field, value,
                   confidence, why and sentence (and file, item, how, decision)
  --accept ID...   accept values by id (the ids --list prints)
  --reject ID...   drop values from their records (a required one: edit it in the app,
                   or reject its whole record there)
  --accept-above C accept every value not yet decided at or above confidence C (0-1)

Every decision is saved at once, under a lock, in the draft's review.toml (and the edition's
TOML file for a reject), so two analysts reviewing one draft lose no decision of either.
When nothing doubtful is left, the draft reads "reviewed".

EDITION is an edition folder, or the id of an edition among the data paths (--data).

Exit status: 0 done (or values listed), 1 nothing left to list, 2 on a bad id or edition.

examples:
  briefing review data/2025-04-to-2025-09
  briefing review 2025-04-to-2025-09 --list --json
  briefing review data/2025-04-to-2025-09 --accept v1a2b3c4 v5d6e7f8
  briefing review data/2025-04-to-2025-09 --accept-above 0.8"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "review", help="review a draft's doubtful values (the app, or --list / --accept)",
        description="Review a drafted edition: accept, edit or reject each doubtful value.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("target", metavar="EDITION", help="the draft's folder, or its edition id")
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument("--list", action="store_true", help="list the doubtful values left")
    actions.add_argument("--accept", nargs="+", metavar="ID", help="accept these values")
    actions.add_argument("--reject", nargs="+", metavar="ID", help="drop these values from their records")
    actions.add_argument("--accept-above", type=_confidence, metavar="CONFIDENCE",
                         help="accept every value not yet decided at or above CONFIDENCE")
    parser.add_argument("--all", action="store_true", help="with --list: decided values too")
    parser.add_argument("--json", action="store_true", help="with --list: JSON")
    parser.set_defaults(handler=handle)


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a confidence is a number from 0 to 1, not {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a confidence is from 0 to 1, not {text}")
    return value


def handle(args: argparse.Namespace, out) -> int:
    from ..model.draft.review_decisions import open_review
    from ..model.draft.review_places import find_draft
    from ..model.draft.review_values import ReviewError
    from .context import data_paths  # the paths every command loads from, found as they find them

    try:
        folder, by_id = find_draft(args.target, data_paths(args.data))
        if not (args.list or args.accept or args.reject or args.accept_above is not None):
            return _open_app(args, folder, by_id)
        session = open_review(folder)
        if args.list:
            return _list(session, out, everything=args.all, as_json=args.json)
        if args.accept_above is not None:
            outcome = session.accept_above(args.accept_above)
            print(outcome.message, file=out)
        elif args.accept:
            for ident in args.accept:
                session.get(ident)  # every id checked before any is decided
            print(session.accept(list(args.accept)).message, file=out)
        else:
            for ident in args.reject:
                session.get(ident)
            for ident in args.reject:
                print(session.reject(ident).message, file=out)
    except ReviewError as error:
        raise CommandError(str(error)) from None
    print(session.left_phrase(), file=out)
    return 0


def _list(session, out, *, everything: bool, as_json: bool) -> int:
    from .output import one_line, safe

    shown = [v for v in session.doubtful() if everything or not v.reviewed]
    if as_json:
        rows = []
        for value in shown:
            sentence = session.sentence(value)
            rows.append({"id": value.id, "record": value.record, "field": value.field, "value": value.value,
                         "confidence": value.confidence, "why": session.why(value), "sentence": sentence.text,
                         "span": [sentence.start, sentence.end], "file": value.file, "item": value.item,
                         "how": value.how, "decision": value.decision})
        json.dump(rows, out, ensure_ascii=False, indent=2)
        print(file=out)
        return 0 if rows else 1
    print(safe(f"{session.left_phrase()} · draft {session.edition_id} ({session.folder})"), file=out)
    record = None
    for value in shown:
        if value.record_key != record:
            record = value.record_key
            print(safe(f"\n{value.record} ({value.file})"), file=out)
        mark = f" [{value.decision}]" if value.decision else ""
        print(safe(one_line(f"  {value.id}  {value.field} = {value.value!r}  {value.confidence:.2f}{mark}")),
              file=out)
        print(safe(one_line(f"      why: {session.why(value)}")), file=out)
        sentence = session.sentence(value)
        if sentence.text:
            text = sentence.text
            if sentence.end > sentence.start:  # the value's span marked as search matches are: *like this*
                text = f"{text[:sentence.start]}*{text[sentence.start:sentence.end]}*{text[sentence.end:]}"
            print(safe(one_line(f"      “{text}”")), file=out)
    return 0 if shown else 1


def _open_app(args: argparse.Namespace, folder: Path, by_id: bool) -> int:
    from ..app import run_app

    if by_id:
        return run_app(data=args.data, edition=folder.name, review=folder)
    return run_app(data=[str(folder)], review=folder)
