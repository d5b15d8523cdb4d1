"""The app's side of notes: the store, the notes as last read, and the keys that change them.

Every change goes through the store (lock, re-read, apply, atomic write) and then the
notes are read again, so edits made in another briefing window show up here too.

With a team folder (:mod:`briefing.model.notes.team`) the controller also holds the
team's notes, read from every member's file (and again whenever one changes), and your
own team file as a second store: ``S`` moves a note between your personal notes and the
team (share / take back), and ``n`` and ``f`` act on your own note on an item, wherever it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.content import Content

from ..model.locations import team_dir
from ..model.notes.notebook import Note, Notebook, SaveResult, NotebookError
from ..model.data.records import Record
from ..model.data.text import clean_text

from .view_state import ViewState

if TYPE_CHECKING:
    # The team's module is imported only when a team folder is set: most start without one, and
    # its imports (hmac, hashlib, the readers) cost the first frame a few milliseconds.
    from ..model.notes.team import TeamFolder, TeamNote, TeamNotebook
    from .screens.note_editor import NoteTarget


def _shown(text: str) -> Content:
    """A message for a notice: paths in it come from the file system, so cleaned like data text."""
    return Content(clean_text(str(text))[0])


def shown_notes(notes: dict[str, Note]) -> dict[str, Note]:
    """Notes as the app shows them: as the store read them, which cleaned every field of control
    characters once (:func:`briefing.model.notes.note_file.note_from`), so nothing is cleaned here."""
    return dict(notes)


def shown_team(notes: list[TeamNote]) -> dict[str, tuple[TeamNote, ...]]:
    """Team notes by record key, oldest first (cleaned by the model as they were read)."""
    out: dict[str, list[TeamNote]] = {}
    for shared in sorted(notes, key=lambda n: (n.note.created, n.author)):
        out.setdefault(shared.key, []).append(shared)
    return {key: tuple(found) for key, found in out.items()}


class NotesController:
    """Holds the notes of this app and carries out note actions for it."""

    #: True where notes may be read but never changed (a served app): the keys that write are off.
    read_only = False
    #: How often the team folder is looked at for teammates' changes (a few stats; read only on a change).
    team_refresh_seconds = 15.0

    def __init__(self, app: App, store: Notebook, on_change: Callable[[], None]) -> None:
        #: For notices, screens and workers; the App's own state is never read from here.
        self.app = app
        self.store = store
        #: Called after the notes were read again, so the App publishes a new view.
        self.on_change = on_change
        self.notes: dict[str, Note] = {}
        #: The team's notes (everyone's, yours included) by record key; {} without a team folder.
        self.team: dict[str, tuple[TeamNote, ...]] = {}
        self.team_folder: TeamFolder | None = None
        self.team_store: TeamNotebook | None = None
        self._told: set[str] = set()  # team problems already shown, so a reload does not repeat them
        self._team_reading = False  # a worker is reading the team folder now
        self._team_again = False  # and another read was asked for meanwhile
        self._writable_team = False
        self._team_opened = False  # whether the worker has tried to open your own team file yet

    # -- reading --------------------------------------------------------------------------

    def load(self) -> None:
        """Read the notes (at start-up); report a damaged file moved aside."""
        self.notes = shown_notes(self.store.load())
        if self.store.problem:
            self.app.notify(_shown(self.store.problem), title="Notes", severity="error", timeout=15)
        warning = self.store.folder_warning()
        if warning:
            self.app.notify(_shown(warning), title="Notes not private", severity="warning", timeout=20)
        self.load_team(writable=True)

    def load_team(self, *, writable: bool) -> None:
        """Start reading the configured team folder, and look at it again every few seconds.

        The folder is read in a worker thread (every member's file, capped: see
        :meth:`TeamFolder.read`), so the first frame and every keystroke never wait for it;
        the team's notes appear when read. ``writable`` also opens your own team file as a
        store (``S``, and ``n`` on a shared note); without it (a served app) the team's notes
        are only read, and nothing is ever written there.
        """
        directory, problem = team_dir()  # what TeamFolder.configured reads
        self.team_folder = None
        if directory is not None:
            from ..model.notes.team import TeamFolder

            self.team_folder = TeamFolder(directory)
        if problem:
            self.app.notify(_shown(problem), title="Team notes", severity="warning", timeout=15)
        if self.team_folder is not None:
            self._writable_team = writable
            # After the first frame is drawn: the worker's parsing would otherwise share the CPU with it.
            self.app.call_after_refresh(self._read_team)
            self.app.set_interval(self.team_refresh_seconds, self.refresh_team)

    def refresh_team(self) -> None:
        """Show teammates' new notes: the worker re-reads only the files that changed, and only they are parsed."""
        self._read_team()

    def _read_team(self) -> None:
        """Read the team folder in a worker; the result is applied on the UI thread (:meth:`_team_read`)."""
        if self.team_folder is None:
            return
        if self._team_reading:
            self._team_again = True  # one read at a time: another follows this one, never a pile of them
            return
        self._team_reading = True
        folder = self.team_folder
        writable = self._writable_team and self.team_store is None

        def work() -> None:
            store = None
            problems: list[str] = []
            team: dict[str, tuple[TeamNote, ...]] | None = None
            try:
                if writable:
                    try:
                        store = folder.mine()  # looks at a few names in the folder: off the UI thread too
                    except ValueError:  # a login name that cannot name a file: team notes are read only
                        store = None
                read = folder.read()
                problems, team = read.problems, shown_team(read.notes)
            finally:  # whatever happened, the UI thread learns the read is over
                try:
                    self.app.call_from_thread(self._team_read, problems, team, store, writable)
                except RuntimeError:
                    pass  # the app closed while the folder was read: nothing is left to show it

        self.app.run_worker(work, thread=True, group="team", name="team notes")

    def _team_read(self, problems: list[str], team: dict[str, tuple[TeamNote, ...]] | None,
                   store: TeamNotebook | None, opened: bool = False) -> None:
        self._team_reading = False
        try:
            self._apply_team(problems, team, store, opened)
        finally:
            if self._team_again:  # asked for while this one read: read again, now
                self._team_again = False
                self._read_team()

    def _apply_team(self, problems: list[str], team: dict[str, tuple[TeamNote, ...]] | None,
                    store: TeamNotebook | None, opened: bool) -> None:
        if opened:
            self._team_opened = True
        if store is not None and self.team_store is None:
            self.team_store = store
            if store.squatted:
                self._tell(store.squatted)
        for problem in problems:
            self._tell(problem)
        if team is not None and team != self.team:
            self.team = team
            self.on_change()

    def _tell(self, problem: str) -> None:
        """Say a team problem once (a re-read finds the same ones again)."""
        if problem not in self._told:
            self._told.add(problem)
            self.app.notify(_shown(problem), title="Team notes", severity="warning", timeout=15)

    def reload(self) -> None:
        """Read the notes again after a change, picking up other windows' edits too."""
        self.notes = shown_notes(self.store.load())
        self._read_team()
        self.on_change()

    def note_for(self, record: Record) -> Note | None:
        return self.notes.get(record.key)

    def my_team_note(self, key: str) -> Note | None:
        """Your own team note on ``key`` (the one in your file), or None."""
        return next((shared.note for shared in self.team.get(key, ()) if shared.mine), None)

    def _mine(self, key: str) -> tuple[Notebook, Note | None]:
        """Where your note on ``key`` is: personal if there is one, else your team note, else personal (new)."""
        if key in self.notes:
            return self.store, self.notes[key]
        shared = self.my_team_note(key)
        if shared is not None and self.team_store is not None:
            return self.team_store, shared
        return self.store, None

    # -- editing ----------------------------------------------------------------------------

    def edit(self, target: NoteTarget, *, team: bool | None = None) -> None:
        """Edit your note on ``target``: the personal one, or your team note (``team`` chooses; None: where it is)."""
        key = f"{target.edition}/{target.id}"
        if team is None:
            store, note = self._mine(key)
        elif team and self.team_store is not None:
            store, note = self.team_store, self.my_team_note(key)
        else:
            store, note = self.store, self.notes.get(key)
        from .screens.note_editor import NoteEditor  # TextArea and friends: imported when first needed

        self.app.push_screen(NoteEditor(store, target, note), self._edited)

    def _edited(self, result: SaveResult | None) -> None:
        if result is None:
            return
        severity = "warning" if result.replaced_newer else "information"
        self.app.notify(_shown(result.message), title="Note", severity=severity,
                        timeout=10 if result.replaced_newer else 3)
        self.reload()

    def toggle_flag(self, record: Record) -> None:
        store, note = self._mine(record.key)
        flagged = not (note and note.flagged)
        # Off the UI thread: the lock can take a moment when another window holds it.
        self.app.run_worker(
            lambda: self._set_flag(record.edition, record.dataset, record.id, flagged, record.title, store),
            thread=True, group="notes")

    def _set_flag(self, edition: str, dataset: str, ident: str, flagged: bool, title: str,
                  store: Notebook | None = None) -> None:
        try:
            (store or self.store).set_flag(edition, dataset, ident, flagged)
        except NotebookError as error:
            self.app.call_from_thread(self.app.notify, _shown(error.message), title="Flag", severity="error")
            return
        word = "Flagged" if flagged else "Unflagged"
        self.app.call_from_thread(self.app.notify, Content(f"{word}: {title}"), timeout=2)
        self.app.call_from_thread(self.reload)

    def toggle_share(self, edition: str, dataset: str, ident: str, title: str) -> None:
        """Share your personal note on one record with the team, or take your team note back (``S``)."""
        key = f"{edition}/{ident}"
        if self.team_store is None:
            problem = self.team_folder.problem() if self.team_folder is not None else None
            if problem is None and self.team_folder is not None and self._writable_team and not self._team_opened:
                problem = "The team folder is still being read; press S again in a moment."
            self.app.notify(_shown(problem or "No team folder is set: set BRIEFING_TEAM_DIR, or team_dir in "
                                   "config.toml (see the README)."), title="Share", severity="warning", timeout=8)
            return
        if key in self.notes:
            source, target, word = self.store, self.team_store, "Shared with the team"
        elif self.my_team_note(key) is not None:
            source, target, word = self.team_store, self.store, "Taken back (now personal)"
        else:
            others = [shared for shared in self.team.get(key, ()) if not shared.mine]
            said = (f"Only {others[0].author} can change their note here; n writes your own."
                    if others else "You have no note here to share; n writes one.")
            self.app.notify(Content(said), title="Share", timeout=4)
            return

        def work() -> None:
            from ..model.notes.team import move_note  # a team store is open: the team's module is in

            try:
                move_note(source, target, edition, dataset, ident)
            except NotebookError as error:
                self.app.call_from_thread(self.app.notify, _shown(error.message), title="Share", severity="error")
            else:
                self.app.call_from_thread(self.app.notify, Content(f"{word}: {title}"), timeout=3)
            self.app.call_from_thread(self.reload)

        self.app.run_worker(work, thread=True, group="notes")

    def delete(self, note: Note, *, team: bool = False) -> None:
        store = self.team_store if team and self.team_store is not None else self.store
        try:
            store.delete(note.edition, note.dataset, note.id)
        except NotebookError as error:
            self.app.notify(_shown(error.message), title="Note", severity="error")
            return
        self.app.notify("Note deleted.", timeout=2)
        self.reload()

    # -- citations and export (the text, the clipboard and files: app/citations.py, imported on the first use) --

    def citation(self, record: Record, view: ViewState) -> str:
        from .citations import citation

        return citation(record, view)

    def copy(self, record: Record, view: ViewState) -> None:
        from .citations import copy

        copy(self.app, record, view)

    def write_citation(self, record: Record, view: ViewState) -> None:
        from .citations import write_citation

        write_citation(self.app, record, view)

    def export(self, flagged_only: bool, view: ViewState) -> Path | None:
        from .citations import export_notes

        return export_notes(self.app, self.notes, flagged_only, view)
