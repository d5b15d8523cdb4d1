"""What a tab or a screen asks of the App: messages that bubble up, so nothing below calls the App.

Posted by a tab, a message bubbles through its pane and the main screen to the App,
which handles it with ``@on``. A modal screen or the palette posts to the App directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ..model.notes.notebook import Note

if TYPE_CHECKING:
    from .screens.note_editor import NoteTarget


@dataclass
class JumpTo(Message):
    """Open the tab that lists the record ``key`` and put the cursor on it."""

    key: str


@dataclass
class EditNote(Message):
    """Open the note editor on a record (or an orphaned note): ``target`` is a ``NoteTarget``.

    ``team``: True edits your team note, False your personal one, None whichever you have.
    """

    target: NoteTarget
    team: bool | None = None


@dataclass
class DeleteNote(Message):
    """Delete ``note`` (the user has confirmed); ``team``: it is your team note, not a personal one."""

    note: Note
    team: bool = False


@dataclass
class ShareNote(Message):
    """Share your personal note on a record with the team, or take your team note back (``S``)."""

    edition: str
    dataset: str
    id: str
    title: str


@dataclass
class ExportNotes(Message):
    """Write every note, or only the flagged ones, to a Markdown file."""

    flagged_only: bool


@dataclass
class ShowFiltered(Message):
    """Open the tab ``tab`` showing only what ``value`` names: a month or year (``2025-01``, ``2025``) on
    the Timeline, a company on Medals (posted by the Overview's pictures)."""

    tab: str
    value: str
