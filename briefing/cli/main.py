"""Parse the command line and run a command, or open the app when none is given."""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..cli import (
    export_cmd,
    medals_cmd,
    note_cmd,
    notes_cmd,
    search_cmd,
    serve_cmd,
    show_cmd,
    timeline_cmd,
    trends_cmd,
    validate_cmd,
)
from .context import CommandError

COMMANDS = (search_cmd, show_cmd, medals_cmd, timeline_cmd, trends_cmd, notes_cmd, note_cmd, export_cmd, validate_cmd,
            serve_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Browse periodic reports on China's space segment: the app with no command, "
                    "quick lookups with one.",
        epilog="""\
examples:
  briefing                                   open the app
  briefing search shijian                    find records (and notes) by words
  briefing show news-shijian-25-launched     one record in full
  briefing medals --sort medal               the medal table, Gold first, with tally
  briefing timeline --from 2025-01 --to 2025-02
  briefing trends                            most downloaded CNKI articles
  briefing notes --flagged                   your flagged items
  briefing note news-shijian-25-launched "Check the orbit." --team
                                             a note the team sees, with your name
  briefing export --format md > brief.md     a Markdown briefing for a meeting
  briefing validate                          check the data

Every listing command takes --json. Output is plain text in a pipe or with NO_COLOR
set, and drawn with colour on a terminal. Exit status: 0 found, 1 nothing found,
2 usage or data error. 'briefing COMMAND --help' shows each command's options.""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    add_common_options(parser, default=None)
    parser.add_argument("--present", action="store_true", help="open the app in presenter mode (notes hidden)")
    parser.add_argument("--no-mouse", dest="mouse", action="store_false",
                        help="open the app with mouse tracking off, so the terminal selects text "
                             "without Shift (also BRIEFING_NO_MOUSE=1)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(commands)
    for sub in commands.choices.values():
        # SUPPRESS keeps `briefing --data X search ...` working: the subcommand's unset
        # option must not overwrite the value given before the command name.
        add_common_options(sub, default=argparse.SUPPRESS)
    return parser


def add_common_options(parser: argparse.ArgumentParser, default) -> None:
    """``--data`` and ``--edition``, accepted before the command name and after it."""
    parser.add_argument("--data", action="append", metavar="PATH", default=default,
                        help="an edition folder or a folder of editions (repeatable; default: "
                             "$BRIEFING_DATA, else the shipped data)")
    parser.add_argument("--edition", metavar="ID", default=default, help="only this edition (its folder name)")


def run(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit:  # argparse has printed usage or help already
        return int(exit.code or 0)
    if args.command is None:
        from ..app import run_app

        return run_app(data=args.data, edition=args.edition, present=args.present, mouse=args.mouse)
    if sys.stdout is None:  # `briefing search x >&-`: Python starts with no stdout at all
        say("briefing: standard output is closed; nothing can be printed")
        return 2
    try:
        code = args.handler(args, sys.stdout)
        sys.stdout.flush()  # a full disk or a closed descriptor shows here, not at exit
        return code
    except CommandError as error:
        say(f"briefing: {error}")
        return 2
    except BrokenPipeError:  # `briefing search x | head` closing early is not an error
        _discard_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as error:  # `> /dev/full`, an I/O error on the output
        _discard_stdout()
        where = f" {error.filename}" if error.filename else " the output"
        say(f"briefing: cannot write{where}: {error.strerror or error}")
        return 2


def say(line: str) -> None:
    """Print one line on stderr, cleaned like data text; nothing when stderr is closed too."""
    from .output import one_line, safe

    try:
        if sys.stderr is not None:
            print(one_line(safe(line)), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's own flush at exit cannot fail with a traceback."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
