"""``briefing publish EDITION``: mark a reviewed draft published and copy it into the team's editions."""

from __future__ import annotations

import argparse
from pathlib import Path

from .context import CommandError
from .help_format import HelpFormatter

EPILOG = """\
Refuses while doubtful values are left to review (it says how many, and how to see them).
Otherwise it writes published.toml into the edition (who and when) and, with a team folder
($BRIEFING_TEAM_DIR or team_dir in config.toml), copies the edition into the team's editions
folder, whole or not at all, readable by the team's group: teammates see it at once, in
'briefing editions' and the app. An edition already in the team's editions is never replaced.

--force --reason TEXT publishes with values left; the reason is kept and shown by
'briefing editions'.

EDITION is an edition id (mine first, as everywhere) or an edition folder.

examples:
  briefing publish 2025-04-to-2025-09
  briefing publish 2025-04-to-2025-09 --force --reason "needed for Monday's meeting; figures checked"

Exit status: 0 published, 2 refused (values left, no such edition, the team folder cannot be written)."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "publish", help="mark an edition published and share it with the team",
        description="Mark a reviewed draft published and, with a team folder, copy it into the team's editions.",
        epilog=EPILOG, formatter_class=HelpFormatter,
    )
    parser.add_argument("target", metavar="EDITION", help="the edition's id, or its folder")
    parser.add_argument("--force", action="store_true", help="publish even with values left to review")
    parser.add_argument("--reason", metavar="TEXT", default="", help="with --force: why (kept and shown)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out) -> int:
    from ..model.library.catalog import PLACE_NAMES, library, named_library, team_editions_dir
    from ..model.library.publish import PublishRefused, publish
    from ..model.locations import team_dir
    from .output import one_line, safe

    target = Path(args.target)
    found = None
    if "/" in args.target or args.target in (".", ".."):
        named = named_library([target])
        found = named.used[0] if len(named.used) == 1 else None
        if found is None:
            raise CommandError(f"publish: {args.target} is not an edition folder (no report.toml)")
        if found.folder.resolve().parent == _resolved(team_editions_dir()[0]):
            raise CommandError(f"publish: {args.target} is in the team's editions already")
    else:
        editions = library()
        matches = [entry for entry in editions.used if entry.id == args.target]
        if not matches:
            known = ", ".join(entry.id for entry in editions.used) or "none"
            raise CommandError(f"publish: no edition {args.target!r} (found: {known}); 'briefing editions' lists them")
        found = matches[0]
    team, problem = team_dir()
    if problem:
        raise CommandError(f"publish: {problem}")
    try:
        done = publish(found, team=team, force=args.force, reason=args.reason)
    except PublishRefused as error:
        raise CommandError(f"publish: {error}") from None
    forced = f" (forced: {done.status.reason})" if done.status.reason else ""
    print(one_line(safe(f"published {found.id} from {PLACE_NAMES[found.place]} ({found.folder}){forced}")), file=out)
    if done.team_copy is not None:
        print(one_line(safe(f"  copied into the team's editions: {done.team_copy}; teammates see it now")), file=out)
    else:
        print("  no team folder is set, so it is published here only; set BRIEFING_TEAM_DIR or team_dir in "
              "config.toml to share editions with the team", file=out)
    return 0


def _resolved(path: Path | None) -> Path | None:
    try:
        return path.resolve() if path is not None else None
    except OSError:
        return None
