"""What an analyst recorded became of a plan: it happened (on a day, from a source), it slipped (to a new
window), it was cancelled, or it is open again.

Outcomes are kept in the notes files, as a ``[[followups]]`` array beside the ``[[notes]]``::

    [[followups]]
    edition = "2024-09-to-2025-03"
    id = "event-late-2025-qingzhou-test-flight"
    outcome = "happened"          # happened | slipped | cancelled | reopened
    date = 2025-12-14             # happened: the day
    window = "mid 2026"           # slipped: the new window, as the analyst wrote it
    source = "https://example.org/kinetica-2"
    note = "Flew on the second Kinetica-2, not the first."
    recorded = 2026-12-06 09:14:05+00:00

Personal outcomes go in ``annotations.toml``, team ones in the author's own file in the team
folder, written by the notes machinery (:meth:`~briefing.model.notes.notebook.Notebook.change_table`:
locked, re-read, written atomically, never lost) and read with the team's notes
(:class:`~briefing.model.notes.team.TeamFolder`: authors from the files' owners, capped).
Every outcome is kept; the latest recorded one on a plan is the one that counts. A table
that is not an outcome is kept in the file as it is and left out here, and said.

Imports neither textual nor rich; the notes machinery is imported only to write or read a file.
"""

# No "from __future__ import annotations": NamedTuple compiles string annotations.

import datetime as dt
from typing import Any, Iterable, NamedTuple

from ..data.text import clean_text

#: The array's name in a notes file.
TABLE = "followups"
#: What an analyst can record. "reopened" takes back an earlier outcome.
KINDS: tuple[str, ...] = ("happened", "slipped", "cancelled", "reopened")
#: At most this many outcomes are read from one file (a file stuffed with them must not stall a listing).
MAX_OUTCOMES = 10_000
#: Longest note and source kept (characters); longer ones are cut and said.
MAX_NOTE, MAX_SOURCE = 20_000, 2_000

_UTC = dt.timezone.utc


class Outcome(NamedTuple):
    """One outcome an analyst recorded on the plan ``edition/id``."""

    edition: str
    id: str
    kind: str
    date: dt.date | None  # happened: the day it happened
    window: str | None  # slipped: the new window's wording
    source: str
    note: str
    recorded: dt.datetime
    #: The team member who recorded it (the file's owner); None for your personal outcome.
    author: str | None = None
    #: True when you recorded it (personal, or in your own team file).
    mine: bool = True

    @property
    def key(self) -> str:
        return f"{self.edition}/{self.id}"

    @property
    def scope(self) -> str:
        return "personal" if self.author is None else "team"


def outcome_table(outcome: Outcome) -> dict[str, Any]:
    """The ``[[followups]]`` table for ``outcome`` (no author: a team file's author is its owner)."""
    table: dict[str, Any] = {"edition": outcome.edition, "id": outcome.id, "outcome": outcome.kind}
    if outcome.date is not None:
        table["date"] = outcome.date
    if outcome.window is not None:
        table["window"] = outcome.window
    if outcome.source:
        table["source"] = outcome.source
    if outcome.note:
        table["note"] = outcome.note
    table["recorded"] = outcome.recorded
    return table


def outcomes_from(tables: Iterable[Any], *, author: "str | None" = None, mine: bool = True,
                  where: str = "your notes file") -> "tuple[list[Outcome], list[str]]":
    """The outcomes in a file's ``[[followups]]`` tables, and a sentence for what was left out."""
    outcomes: list[Outcome] = []
    skipped = 0
    if not isinstance(tables, (list, tuple)):
        return [], [f"`{TABLE}` in {where} is not a list of [[{TABLE}]] tables; it is left out (and left as it is)."]
    problems: list[str] = []
    if len(tables) > MAX_OUTCOMES:
        problems.append(f"{where} holds {len(tables)} follow-up outcomes; only the first {MAX_OUTCOMES} are read.")
        tables = tables[:MAX_OUTCOMES]
    for table in tables:
        outcome = _outcome(table, author, mine)
        if outcome is None:
            skipped += 1
        else:
            outcomes.append(outcome)
    if skipped:
        problems.append(f"{skipped} follow-up outcome{'s' if skipped != 1 else ''} in {where} "
                        f"{'are' if skipped != 1 else 'is'} not readable and left out (the file is left as it is).")
    return outcomes, problems


def _text(value: Any, cap: int) -> "str | None":
    if value is None:
        return ""
    if not isinstance(value, str):
        return None
    cleaned, _ = clean_text(value[:cap])
    return cleaned


def _outcome(table: Any, author: "str | None", mine: bool) -> "Outcome | None":
    if not isinstance(table, dict):
        return None
    edition, ident, kind = table.get("edition"), table.get("id"), table.get("outcome")
    if not (isinstance(edition, str) and edition and isinstance(ident, str) and ident and kind in KINDS):
        return None
    date = table.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if date is not None and not isinstance(date, dt.date):
        return None
    if kind == "happened" and date is None:
        return None
    window = table.get("window")
    if kind == "slipped":
        if not isinstance(window, str) or not window.strip():
            return None
        window = _text(window, 200)
    else:
        window = None
    recorded = table.get("recorded")
    if not isinstance(recorded, dt.datetime):
        return None
    recorded = recorded.replace(tzinfo=_UTC) if recorded.tzinfo is None else recorded.astimezone(_UTC)
    source, note = _text(table.get("source"), MAX_SOURCE), _text(table.get("note"), MAX_NOTE)
    if source is None or note is None:
        return None
    clean = lambda value: clean_text(value)[0]  # noqa: E731 - ids and editions shown in lists
    return Outcome(clean(edition), clean(ident), kind, date if kind == "happened" else None, window,
                   source, note, recorded, author, mine)


class OutcomeError(Exception):
    """An outcome could not be recorded; ``message`` says why, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_NOT_RECORDED = "the outcome was not recorded"


def record_outcome(notebook: Any, outcome: Outcome) -> None:
    """Append ``outcome`` to ``notebook``'s file (a Notebook or your TeamNotebook), as a note is saved.

    Earlier outcomes are kept: the latest recorded one counts. Raises :class:`OutcomeError`.
    """
    if outcome.kind not in KINDS:
        raise ValueError(f"unknown outcome {outcome.kind!r}")
    from ..notes.notebook import NotebookError

    def append(tables: list) -> bool:
        tables.append(outcome_table(outcome))
        return True

    try:
        notebook.change_table(TABLE, append, _NOT_RECORDED)
    except NotebookError as error:
        raise OutcomeError(error.message) from None


def new_outcome(edition: str, ident: str, kind: str, now: dt.datetime, *, date: "dt.date | None" = None,
                window: "str | None" = None, source: str = "", note: str = "") -> Outcome:
    """An outcome to record, checked: a day for happened, a window for slipped; raises ValueError."""
    if kind not in KINDS:
        raise ValueError(f"unknown outcome {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "happened" and date is None:
        raise ValueError("happened needs the day it happened")
    if kind == "slipped":
        from .windows import parse_window

        window = parse_window(window or "").wording  # raises DateError (a ValueError) for what it cannot read
    now = now.astimezone(_UTC) if now.tzinfo is not None else now.replace(tzinfo=_UTC)
    return Outcome(edition, ident, kind, date if kind == "happened" else None,
                   window if kind == "slipped" else None, source.strip(), note.strip(), now)


def read_personal(notebook: Any) -> "tuple[list[Outcome], list[str]]":
    """Your personal outcomes from ``notebook`` (read-only), and sentences for what could not be read."""
    tables = notebook.read_table(TABLE)
    outcomes, problems = outcomes_from(tables)
    if notebook.problem:
        problems.insert(0, notebook.problem)
    return outcomes, problems


def read_team(read: Any, my_uid: int) -> "tuple[list[Outcome], list[str]]":
    """The team's outcomes from a :class:`~briefing.model.notes.team.TeamRead`, each with its author."""
    outcomes: list[Outcome] = []
    problems: list[str] = []
    for author, uid, tops in read.others:
        found, said = outcomes_from(tops.get(TABLE, []), author=author, mine=uid == my_uid,
                                    where=f"{author}'s team file")
        outcomes += found
        problems += said
    return outcomes, problems


def latest_by_key(outcomes: Iterable[Outcome]) -> "dict[str, list[Outcome]]":
    """Every plan's outcomes by record key, oldest first (the last one counts)."""
    by_key: dict[str, list[Outcome]] = {}
    for outcome in sorted(outcomes, key=lambda o: (o.recorded, o.author or "")):
        by_key.setdefault(outcome.key, []).append(outcome)
    return by_key
