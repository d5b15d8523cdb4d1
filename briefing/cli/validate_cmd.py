"""``briefing validate [PATH]``: every problem in a dataset as ``file:line: message``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..model.data.loader import load_editions
from ..model.library.catalog import data_paths
from .help_format import HelpFormatter


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate", help="check datasets and list every problem",
        description="Check editions and print every problem as file:line: message. "
                    "A draft's values left to review are one line (each with --verbose). "
                    "Exit 0 when clean, 1 when there are errors.",
        epilog="examples:\n  briefing validate\n  briefing validate data/2024-09-to-2025-03\n"
               "  briefing validate --verbose 2025-04-to-2025-09-folder",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="edition folders or folders of editions")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list each doubtful value left to review, at its line in review.toml")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out) -> int:
    paths = [Path(p) for p in args.paths] if args.paths else data_paths(args.data)
    # Validation reads the TOML itself: it is the check, not a read of the data through the store.
    result = load_editions(paths)
    problems = list(result.problems)
    if args.verbose:
        from ..model.data.editions import find_editions
        from ..model.data.toml_reading import parse_toml
        from ..model.data.review_marks import unreviewed_values

        for folder in find_editions(paths, []):
            problems += unreviewed_values(folder, parse_toml)
        problems.sort(key=lambda p: (str(p.path), p.line or 0))
    for problem in problems:
        print(str(problem), file=out)
    editions = result.editions
    records = sum(len(e.news) + len(e.medals) + len(e.articles) + len(e.events) for e in editions)
    errors, warnings = len(result.errors), sum(1 for p in problems if not p.is_error)
    if errors:
        print(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}",
              file=out)
        return 1
    names = ", ".join(e.id for e in editions)
    print(f"ok: {len(editions)} edition{'s' if len(editions) != 1 else ''} ({names}), "
          f"{records} records, {warnings} warning{'s' if warnings != 1 else ''}", file=out)
    return 0
