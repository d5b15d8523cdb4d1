"""The Textual app. Imported only when ``briefing`` runs with no command."""

from __future__ import annotations

import sys


def run_app(data: list[str] | None = None, edition: str | None = None, present: bool = False,
            mouse: bool = True, review=None) -> int:
    """Open the app on the editions named (or the defaults); return the exit status.

    A data path that holds no edition at all is reported in the shell before the app
    starts: an analyst who mistyped ``--data`` wants a one-line answer, not an empty app.
    ``mouse=False`` (``--no-mouse``, or ``BRIEFING_NO_MOUSE=1``) leaves mouse tracking off, so the
    terminal's own selection works over SSH without holding Shift. ``review`` (a draft's folder,
    from ``briefing review EDITION``) opens the Review screen over the editions.
    """
    from ..model.data.editions import find_editions
    from ..model.library.catalog import data_paths

    problems: list = []
    if not find_editions(data_paths(data), problems):
        for problem in problems or ["no editions found"]:
            say(f"briefing: {problem}")
        return 2
    if not _terminal_input():
        # Drawn on a terminal the app could not be driven from: no key, not even q, would reach it.
        say("briefing: the app needs a terminal on standard input; use a command such as "
            "'briefing search WORDS' in scripts (see 'briefing --help')")
        return 2
    from .app import make_app

    app = make_app(data, edition, present=present, review=review)
    app.run(mouse=mouse and not mouse_off_by_env())
    return app.return_code or 0


def mouse_off_by_env() -> bool:
    """True when ``BRIEFING_NO_MOUSE`` is set to anything but ``""``/``0``: the default for ``--no-mouse``."""
    import os

    return os.environ.get("BRIEFING_NO_MOUSE", "").strip() not in ("", "0")


def _terminal_input() -> bool:
    """True when standard input is open and a terminal (not closed, /dev/null, a file or a pipe)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        return False


def say(line: str) -> None:
    """One line on stderr with terminal control characters replaced (paths come from the file system)."""
    from ..model.data.text import clean_text

    try:
        if sys.stderr is not None:
            print(" ".join(clean_text(line)[0].split()), file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass
