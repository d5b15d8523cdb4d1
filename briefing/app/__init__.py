"""The Textual app. Imported only when ``briefing`` runs with no command."""

from __future__ import annotations

import sys


def run_app(data: list[str] | None = None, edition: str | None = None, present: bool = False,
            mouse: bool = True) -> int:
    """Open the app on the editions named (or the defaults); return the exit status.

    A data path that holds no edition at all is reported in the shell before the app
    starts: an analyst who mistyped ``--data`` wants a one-line answer, not an empty app.
    ``mouse=False`` (``--no-mouse``, or ``BRIEFING_NO_MOUSE=1``) leaves mouse tracking off, so the
    terminal's own selection works over SSH without holding Shift.
    """
    from ..model.loader import find_editions
    from ..model.locations import data_paths

    problems: list = []
    if not find_editions(data_paths(data), problems):
        for problem in problems or ["no editions found"]:
            print(f"briefing: {problem}", file=sys.stderr)
        return 2
    from .app import make_app

    app = make_app(data, edition, present=present)
    app.run(mouse=mouse and not mouse_off_by_env())
    return app.return_code or 0


def mouse_off_by_env() -> bool:
    """True when ``BRIEFING_NO_MOUSE`` is set to anything but ``""``/``0``: the default for ``--no-mouse``."""
    import os

    return os.environ.get("BRIEFING_NO_MOUSE", "").strip() not in ("", "0")
