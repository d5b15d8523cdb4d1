"""Citations of a record and exports of the notes: their text, the clipboard (OSC 52, tmux) and files.

What ``y``, ``Y`` and the notes export do; the notes themselves are the notes controller's.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from textual.app import App
from textual.content import Content

from ..model.data.records import Record
from ..model.data.text import clean_text
from ..model.locations import config_dir
from ..model.notes.notebook import Note
from ..model.safe_io import create_new, make_folders
from .view_state import ViewState


def write_new_file(name: str, text: str) -> Path:
    """Write ``text`` to a new file ``name`` (or ``name-2``...) in the working folder; return its path.

    The file is created, never opened: ``O_CREAT|O_EXCL|O_NOFOLLOW``, mode 0600 like the
    notes, so a file or a link (even a dangling one) someone planted under that name is
    left alone and the next free name is taken. When the working folder cannot be
    written, the file goes to ``exports/`` in the config folder.
    """
    data = text.encode("utf-8")
    first_error: OSError | None = None
    for folder in (Path.cwd(), config_dir() / "exports"):
        try:
            make_folders(folder, 0o700)
            return create_new(folder, name, data)
        except OSError as error:
            first_error = first_error or error
    raise first_error or OSError("neither the working directory nor the config folder is writable")


def _shown(text: str) -> Content:
    """A message for a notice: paths in it come from the file system, so cleaned like data text."""
    return Content(clean_text(str(text))[0])


def citation(record: Record, view: ViewState) -> str:
    """The Markdown citation of ``record``: the report's words, its notes and the team's."""
    from ..model.export.citation import citation_markdown  # on y alone: kept off the start-up

    status = view.status_of(record.edition)
    return citation_markdown(record, view.records, view.note_for(record.key), team=view.team_on(record.key),
                             draft=status is not None and status.is_draft)


def copy(app: App, record: Record, view: ViewState) -> None:
    """Copy a citation: by OSC 52 always, and inside tmux through tmux itself.

    tmux drops a program's OSC 52 under its default ``set-clipboard external``, so there
    the text goes to ``tmux load-buffer -w -`` (tmux's buffer, and the clipboard where tmux
    can set it), off the UI thread. OSC 52 alone can never be confirmed, so the notice says
    it was sent, not copied, and offers ``Y``.
    """
    text = citation(record, view)
    app.copy_to_clipboard(text)
    what = f"a citation of “{record.title}” ({text.count(chr(10)) + 1} lines, Markdown)"
    if os.environ.get("TMUX") and shutil.which("tmux"):
        app.run_worker(lambda: _copy_in_tmux(app, text, what), thread=True, group="clipboard")
        return
    app.notify(Content(f"Sent {what} to the terminal's clipboard. Terminals that ignore clipboard "
                       "requests drop it: Y writes it to a file."), title="Sent to the clipboard", timeout=5)


def _copy_in_tmux(app: App, text: str, what: str) -> None:
    try:
        done = subprocess.run(["tmux", "load-buffer", "-w", "-"], input=text.encode("utf-8"),
                              capture_output=True, timeout=3).returncode == 0
    except (OSError, subprocess.SubprocessError):
        done = False
    if done:
        app.call_from_thread(app.notify, Content(f"Copied {what} into tmux's buffer and clipboard."),
                             title="Copied", timeout=4)
    else:
        app.call_from_thread(app.notify, Content(f"Could not confirm the copy of {what}: tmux refused "
                                                 "it. Y writes it to a file."),
                             title="Not copied", severity="warning", timeout=8)


def write_citation(app: App, record: Record, view: ViewState) -> None:
    """Write the citation of ``record`` to a new file (``Y``) and say where."""
    text = citation(record, view)
    try:
        path = write_new_file(f"briefing-{record.id}.md", text)
    except OSError as error:
        app.notify(_shown(f"Could not write the citation: {error}"), severity="error")
        return
    app.notify(_shown(f"Citation written to {path}"), title="Written", timeout=6)


def export_notes(app: App, notes: dict[str, Note], flagged_only: bool, view: ViewState) -> Path | None:
    """Write all notes (or the flagged ones) as Markdown, each under its item, in report order."""
    team = [shared for shared_notes in view.team.values() for shared in shared_notes]
    from ..model.export.citation import notes_markdown

    text = notes_markdown(view.records, notes, flagged_only=flagged_only, team=team)
    stamp = dt.datetime.now().strftime("%Y-%m-%d")
    name = f"briefing-{'flagged' if flagged_only else 'notes'}-{stamp}.md"
    try:
        path = write_new_file(name, text)
    except OSError as error:
        app.notify(_shown(f"Could not write the notes: {error}"), severity="error")
        return None
    count = sum(1 for n in [*notes.values(), *(t.note for t in team)] if n.flagged or not flagged_only)
    app.notify(_shown(f"{count} note{'s' if count != 1 else ''} written to {path}"), title="Exported", timeout=6)
    return path
