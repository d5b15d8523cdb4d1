"""The app as a browser tab runs it under ``briefing serve``: presenter mode, notes read-only or absent.

Started by the server (``briefing/serve/server.py``) in a process of its own for each tab,
with ``python -I``: nothing is imported from the working folder. It talks to the server
over its standard input and output only, through :class:`ServedDriver`, and binds nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import threading
from typing import Any

from textual import messages
from textual.content import Content
from textual.drivers.web_driver import WebDriver

from ..model.notes.notebook import Notebook
from .app import BriefingApp
from .notes_controller import NotesController, shown_notes

#: Seconds the app has to quit by itself once the server is gone (or SIGTERM came) before it is ended.
EXIT_GRACE = 2.0

READ_ONLY = "Notes are read-only in a served showing."


class ServedDriver(WebDriver):
    """Textual's web driver, made to end the app when its server goes away.

    Textual's own driver stops reading when its standard input closes but leaves the app
    running with nobody to draw for; here the end of input quits the app, and a quit (or
    SIGTERM) that has not finished within EXIT_GRACE seconds ends the process outright.
    """

    def start_application_mode(self) -> None:
        super().start_application_mode()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, self._quit)

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # input ended (the server closed the pipe), not a normal exit
            self._quit()

    def _quit(self) -> None:
        self._app.post_message(messages.ExitApp())
        timer = threading.Timer(EXIT_GRACE, os._exit, args=(0,))
        timer.daemon = True
        timer.start()


class ReadOnlyNotes(NotesController):
    """The notes of a served app: read without moving or writing anything, or not read at all.

    With ``show``, your notes and, when a team folder is set, the team's: read as the
    shell's ``briefing notes`` reads them, never locked, moved aside or written.
    """

    read_only = True

    def __init__(self, app: BriefingApp, store: Notebook, *, show: bool) -> None:
        super().__init__(app, store, app.notes_changed)
        self.show = show

    def load(self) -> None:
        self.notes = shown_notes(self.store.read_quietly()) if self.show else {}
        if self.show and self.store.problem:
            self.app.notify(Content(self.store.problem), title="Notes", severity="error", timeout=15)
        if self.show:
            self.load_team(writable=False)  # no team store: S and n have nothing to write to

    def reload(self) -> None:
        self.notes = shown_notes(self.store.read_quietly()) if self.show else {}
        self._read_team()
        self.on_change()

    def _refuse(self, *_: Any, **__: Any) -> None:
        self.app.notify(READ_ONLY, severity="warning", timeout=3)

    # Everything that would write, on the server's disk or in the notes file, is refused.
    edit = toggle_flag = toggle_share = delete = write_citation = _refuse

    def export(self, flagged_only: bool, view: object = None) -> None:
        self._refuse()
        return None


class ServedApp(BriefingApp):
    """BriefingApp for one browser tab: starts presenting; ``show_notes`` shows notes (yours, the team's), read-only."""

    def __init__(self, data: list[str] | None = None, edition: str | None = None, *, show_notes: bool = False) -> None:
        super().__init__(data, edition, present=not show_notes)
        self.driver_class = ServedDriver
        self.show_notes = show_notes
        self.notes_controller = ReadOnlyNotes(self, Notebook.default(), show=show_notes)
        self.followups.read_outcomes = show_notes  # without --notes no notes file is read, outcomes included

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n, f and Y would write: the main screen turns them off, seeing the view's notes are read-only.
        if not self.show_notes and action in ("toggle_presenter", "cycle_marked"):
            return False  # no notes were read, so there is nothing to reveal
        return super().check_action(action, parameters)


def main(argv: list[str]) -> int:
    """Run one served app; the arguments come from the server, never from the browser."""
    parser = argparse.ArgumentParser(prog="briefing-served")
    parser.add_argument("--data", action="append")
    parser.add_argument("--edition")
    parser.add_argument("--notes", action="store_true")
    args = parser.parse_args(argv)
    ServedApp(args.data, args.edition, show_notes=args.notes).run()
    return 0
