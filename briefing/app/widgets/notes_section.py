"""The notes on one record as every reading pane shows them: yours, then the team's, each under its author and time.

The News reading pane, the Timeline's event detail, the Medals panel and the Trends
detail all call :func:`notes_lines`, so a note reads the same wherever it appears.
Callers pass what the app's view gives them, which is nothing in presenter mode, and
get no lines back when there is nothing to show. A note carried from an earlier edition
(it has ``written_on``) is headed with the edition it was written on. Note texts are data:
plain :class:`Content`, never markup.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, Sequence

from textual.content import Content

HEADING = "bold $accent"


class NoteLike(Protocol):
    """What is shown of a note (the model's ``Note`` has more)."""

    text: str
    flagged: bool


class DatedNote(NoteLike, Protocol):
    """A note with the time it was last edited, shown in a team note's heading."""

    updated: dt.datetime


class SharedNote(Protocol):
    """What is shown of a team note (the model's ``TeamNote``): the note, its author, whether it is yours."""

    note: DatedNote
    author: str

    @property
    def mine(self) -> bool: ...


def notes_lines(note: NoteLike | None, team: Sequence[SharedNote] = ()) -> list[Content]:
    """"Your note" and each team note with text or a flag, every one after a blank line and under a heading.

    A ``note`` carried from an earlier edition is headed "Your note, written on EDITION".

    A team note's heading is its author's login name (or "You (shared with the team)") and
    when it was last edited, in local time.
    """
    lines: list[Content] = []
    if note is not None and (note.text or note.flagged):
        # Carried notes (model.diff.carried.CarriedOver) say which edition they were written on.
        written_on = getattr(note, "written_on", "")
        title = f"Your note, written on {written_on}" if written_on else "Your note"
        lines += [Content(""), Content.styled(title + (" ⚑ flagged" if note.flagged else ""), HEADING)]
        if note.text:
            lines.append(Content(note.text))
    for shared in team:
        if not (shared.note.text or shared.note.flagged):
            continue
        when = shared.note.updated.astimezone().strftime("%Y-%m-%d %H:%M")
        who = "You (shared with the team)" if shared.mine else f"{shared.author} (team)"
        title = f"{who} · {when}" + (" ⚑ flagged" if shared.note.flagged else "")
        lines += [Content(""), Content.styled(title, HEADING)]
        if shared.note.text:
            lines.append(Content(shared.note.text))
    return lines
