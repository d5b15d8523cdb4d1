"""Parse the command line and run a command, or open the app when none is given."""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import __version__
from ..model.store.damage import StoreDamaged
from .command_error import CommandError
from .help_format import HelpFormatter

#: Each command's name and the module that defines it (its options and its handler), in help order.
COMMANDS: dict[str, str] = {
    "search": "search_cmd", "show": "show_cmd", "medals": "medals_cmd", "timeline": "timeline_cmd",
    "trends": "trends_cmd", "notes": "notes_cmd", "note": "note_cmd", "export": "export_cmd",
    "validate": "validate_cmd", "serve": "serve_cmd", "draft": "draft_cmd", "diff": "diff_cmd",
    "editions": "editions_cmd", "publish": "publish_cmd",
    "followups": "followups_cmd", "followup": "followup_cmd",
    "review": "review_cmd",
    "overview": "overview_cmd",
}

#: Options of the top-level parser that take a value (so the value is not taken for a command name).
_VALUED = ("--data", "--edition")


def command_named(argv: list[str]) -> str | None:
    """The command ``argv`` runs, if it names one: a lookup then imports only that command's module."""
    values_left = 0
    for token in argv:
        if values_left:
            values_left -= 1
        elif token == "--":
            return None
        elif token in _VALUED:
            values_left = 1
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None


def _messages_as_written() -> None:
    """Have argparse use its messages as written, without asking gettext for a translation.

    argparse asks gettext for each message it builds, and gettext looks for a catalogue every
    time (importing locale and looking in folders): 8% of a lookup's CPU time. Python ships no
    catalogue for argparse, so nothing printed changes.
    """
    argparse._ = lambda message: message  # type: ignore[attr-defined]
    argparse.ngettext = lambda singular, plural, n: singular if n == 1 else plural  # type: ignore[attr-defined]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``only`` that one (the others are then not imported)."""
    _messages_as_written()
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
  briefing overview                          the edition at a glance: events by month, medals, CNKI
  briefing notes --flagged                   your flagged items
  briefing note news-shijian-25-launched "Check the orbit." --team
                                             a note the team sees, with your name
  briefing export --format md > brief.md     a Markdown briefing for a meeting
  briefing diff                              what changed since the last edition
  briefing followups --overdue               plans past their window, nothing said of them
  briefing validate                          check the data
  briefing draft report.txt                  draft the next edition into my editions
  briefing editions                          every edition: where it lives, draft or published
  briefing publish ID                        mark a reviewed draft published (and share it with the team)
  briefing review ID                         review the draft's doubtful values

Every listing command takes --json. Output is plain text in a pipe or with NO_COLOR
set, and drawn with colour on a terminal. Exit status: 0 found, 1 nothing found,
2 usage or data error. 'briefing COMMAND --help' shows each command's options.""",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    add_common_options(parser, default=None)
    parser.add_argument("--present", action="store_true", help="open the app in presenter mode (notes hidden)")
    parser.add_argument("--no-mouse", dest="mouse", action="store_false",
                        help="open the app with mouse tracking off, so the terminal selects text "
                             "without Shift (also BRIEFING_NO_MOUSE=1)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(f".{module}", __package__).add_parser(commands)
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


def run(argv: list[str], *, resume_gc: bool = False) -> int:
    """Run the command ``argv`` names; ``resume_gc``: the collector was paused for the imports
    (see ``briefing.__main__``), and resumes once the command's parser is built."""
    parser = build_parser(command_named(argv))
    if resume_gc:
        import gc

        gc.freeze()  # what the imports made lives as long as the process: never walked again
        gc.enable()
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
    except StoreDamaged as error:
        # A damaged store compiles itself again once (Store.heal); damaged a second time, it is said.
        say(f"briefing: the compiled store is damaged even after compiling it again: {error}")
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
