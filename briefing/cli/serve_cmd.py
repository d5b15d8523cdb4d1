"""``briefing serve``: show the app in a browser, for a meeting-room screen (needs ``briefing[serve]``)."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import TextIO

from .context import CommandError
from .help_format import HelpFormatter

DEFAULT_PORT = 8000
DEFAULT_FONT_SIZE = 16
INSTALL_HINT = "briefing serve needs the serve extra: pip install 'briefing[serve]'"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve", help="show the app in a web browser (for a meeting)",
        description="Serve the app to web browsers: each tab runs its own app, in presenter mode, "
                    "with notes read-only. Binds to 127.0.0.1 unless --host says otherwise; from "
                    "a laptop, reach it through an SSH tunnel.",
        epilog="""\
examples:
  briefing serve                       prints http://127.0.0.1:8000/?token=KEY to open here
  ssh -L 8000:localhost:8000 server    on the laptop; then open http://localhost:8000/?token=KEY
  briefing serve --font-size 24        large text for a projector (or &fontsize=24 after the key)
  briefing serve --notes               a private showing: your notes and the team's shown, read-only

The address it prints holds a key (?token=..., new at each start), checked on the page and
on its websocket: any account on this machine can reach 127.0.0.1, and only those given the
address can open the briefing (with --notes, your notes). Keep it to the room. At most
--max-apps browser tabs (default 4) are served at once, each its own app process of yours;
one more is shown a page saying the briefing is full.""",
        formatter_class=HelpFormatter,
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1; anything else lets others on the network in)")
    parser.add_argument("--notes", action="store_true", help="show your notes and, with a team folder, the team's (read-only); "
                                                             "by default none are read")
    parser.add_argument("--max-apps", type=int, default=None, metavar="N",
                        help="browser tabs served at once, each its own app process (default 4; 1-64)")
    parser.add_argument("--font-size", type=int, default=DEFAULT_FONT_SIZE, metavar="PX",
                        help=f"text size in the browser, in pixels (default {DEFAULT_FONT_SIZE}; "
                             "a page's ?fontsize= overrides it)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    if any(importlib.util.find_spec(name) is None for name in ("textual_serve", "aiohttp", "aiohttp_jinja2")):
        raise CommandError(INSTALL_HINT)
    if not 0 < args.port < 65536:
        raise CommandError(f"--port {args.port}: not a port number (1-65535)")
    from ..serve.server import DEFAULT_MAX_APPS, MAX_FONT, MIN_FONT, BriefingServer, is_loopback

    max_apps = DEFAULT_MAX_APPS if args.max_apps is None else args.max_apps
    if not 1 <= max_apps <= 64:
        raise CommandError(f"--max-apps {max_apps}: between 1 and 64, please")

    if not MIN_FONT <= args.font_size <= MAX_FONT:
        raise CommandError(f"--font-size {args.font_size}: between {MIN_FONT} and {MAX_FONT}, please")
    if not is_loopback(args.host):
        print(f"briefing: warning: serving on {args.host}: the page's key travels unencrypted (plain HTTP), "
              f"so anyone who can watch the network to port {args.port} there can read it, and the briefing. "
              "Prefer the default (127.0.0.1) and an SSH tunnel.", file=sys.stderr)
    server = BriefingServer(args.host, args.port, font_size=args.font_size, data=args.data,
                            edition=args.edition, notes=args.notes, max_apps=max_apps)
    try:
        server.serve()
    except OSError as error:
        raise CommandError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}")
    return 0
