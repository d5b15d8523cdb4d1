"""What a tab or a screen asks of the App: messages that bubble up, so nothing below calls the App.

Posted by a tab, a message bubbles through its pane and the main screen to the App,
which handles it with ``@on``. A modal screen or the palette posts to the App directly.

Plain classes rather than dataclasses: making the six dataclasses took about 2 ms of the
app's start-up (issue 31), and nothing compares or prints these messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..model.notes.notebook import Note
    from .screens.note_editor import NoteTarget


class JumpTo(Message):
    """Open the tab that lists the record ``key`` and put the cursor on it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class EditNote(Message):
    """Open the note editor on a record (or an orphaned note): ``target`` is a ``NoteTarget``.

    ``team``: True edits your team note, False your personal one, None whichever you have.
    """

    def __init__(self, target: NoteTarget, team: bool | None = None) -> None:
        super().__init__()
        self.target, self.team = target, team


class DeleteNote(Message):
    """Delete ``note`` (the user has confirmed); ``team``: it is your team note, not a personal one."""

    def __init__(self, note: Note, team: bool = False) -> None:
        super().__init__()
        self.note, self.team = note, team


class ShareNote(Message):
    """Share your personal note on a record with the team, or take your team note back (``S``)."""

    def __init__(self, edition: str, dataset: str, id: str, title: str) -> None:
        super().__init__()
        self.edition, self.dataset, self.id, self.title = edition, dataset, id, title


class ExportNotes(Message):
    """Write every note, or only the flagged ones, to a Markdown file."""

    def __init__(self, flagged_only: bool) -> None:
        super().__init__()
        self.flagged_only = flagged_only


class ShowFiltered(Message):
    """Open the tab ``tab`` showing only what ``value`` names: a month or year (``2025-01``, ``2025``) on
    the Timeline, a company on Medals (posted by the Overview's pictures)."""

    def __init__(self, tab: str, value: str) -> None:
        super().__init__()
        self.tab, self.value = tab, value
