"""``briefing export``: the whole loaded model as JSON, or a meeting-ready Markdown briefing."""

from __future__ import annotations

import argparse
import json

from ..model.export_json import model_json
from .context import load


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "export", help="print the whole report as JSON or Markdown",
        description="Print every loaded edition as one document.",
        epilog="examples:\n  briefing export --format json > report.json\n  briefing export --format md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--format", choices=("json", "md"), default="json", help="output format (default json)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out) -> int:
    loaded = load(args.data, args.edition)
    if args.format == "json":
        json.dump(model_json(loaded.model), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    from ..model.export_markdown import briefing_markdown
    from ..model.notes_store import NotesStore

    out.write(briefing_markdown(loaded.model, NotesStore.default().read_quietly()))
    return 0
