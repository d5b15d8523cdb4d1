"""What every command shares: loading the model and the notes, naming records, and failing cleanly."""

import sys
from typing import Any

from ..model.library.catalog import data_paths
from ..model.data.model import Model
from ..model.data.records import Record
# A record's date and title have one definition, in the model; re-exported for the commands.
from ..model.data.record_facts import record_date, record_title  # noqa: F401
from ..model.store.opening import LoadResult, open_model
from .command_error import CommandError  # noqa: F401  (the commands import it from here)

#: The notes file's name in the config dir; the same as ``notebook.NOTES_FILE`` (a test checks).
#: Looked at before importing the store, so commands pay for that import only when there are notes.
NOTES_FILE = "annotations.toml"

#: How each dataset is named in listings: one short word per record.
KIND_LABELS: dict[str, str] = {"news": "news", "medals": "medal", "articles": "article", "events": "event",
                               "report": "report", "notes": "note"}
#: A part of the report is listed by what it is (``--kind report`` finds all three).
PART_LABELS: dict[str, str] = {"introduction": "intro", "figure": "figure", "section": "heading"}


def kind_label(dataset: str, record: Any = None) -> str:
    """The short word a listing shows for a hit of ``dataset`` (``record`` tells a report part's kind)."""
    if dataset == "report" and record is not None:
        return PART_LABELS.get(record.kind, "report")
    return KIND_LABELS[dataset]


class Loaded:
    """The model a command reads (one edition with ``--edition``), and every edition as opened.
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("model", "result")

    def __init__(self, model: Model, result: LoadResult) -> None:
        self.model = model
        self.result = result


def load(data: list[str] | None, edition: str | None, *, quiet_problems: bool = False) -> Loaded:
    """Load the editions named by ``--data`` (or the defaults) and narrow to ``--edition``.

    Read from the compiled store (:mod:`briefing.model.store.compile`) when it is up to date: a
    lookup then reads only the records it prints, whatever the size of the editions.
    """
    result = open_model(data_paths(data))
    model = result.model
    if not model.editions:
        first = result.errors[0] if result.errors else None
        raise CommandError(str(first) if first else "no editions found")
    if result.errors and not quiet_problems:
        count = len(result.errors)
        print(f"briefing: {count} problem{'s' if count != 1 else ''} in the data; "
              "run 'briefing validate' to see them", file=sys.stderr)
    if edition:
        try:
            model = model.only(edition)
        except KeyError:
            known = ", ".join(e.id for e in model.editions)
            raise CommandError(f"no edition {edition!r} (loaded: {known})") from None
    return Loaded(model, result)


def load_notes(edition: str | None = None) -> dict[str, Any]:
    """The user's notes keyed by ``edition/id`` (only ``edition``'s when given); ``{}`` when there are none.

    Read-only: a damaged notes file is reported on stderr and never moved or rewritten.
    """
    from ..model.locations import config_dir
    from ..model.safe_io import others_can_write

    folder = config_dir()
    reason = others_can_write(folder)
    if reason:
        from .output import one_line, safe

        print(f"briefing: warning: the config folder {one_line(safe(str(folder)))} is not private: {reason}, "
              f"so others can change or replace your notes. Run: chmod 700 {one_line(safe(str(folder)))}",
              file=sys.stderr)
    try:
        if not (folder / NOTES_FILE).exists():
            return {}  # no notes: skip importing the store (tomli_w, socket, tempfile...)
    except OSError:
        pass  # let the store say what is wrong
    from ..model.notes.notebook import Notebook

    store = Notebook.default()
    notes = store.read_quietly()
    if store.problem:
        from .output import one_line, safe

        print(f"briefing: warning: {one_line(safe(store.problem))}", file=sys.stderr)
    if edition:
        notes = {key: note for key, note in notes.items() if note.edition == edition}
    return notes


def load_team_notes(edition: str | None = None) -> list[Any]:
    """The team's notes (``TeamNote``: note, author, uid), only ``edition``'s when given; ``[]`` with no team folder.

    Read-only: a teammate's damaged file, and a team folder that is missing or unsafe, are
    reported on stderr; the other members' notes are still returned.
    """
    from ..model.locations import team_dir

    directory, setting_problem = team_dir()
    if setting_problem:
        from .output import one_line, safe

        print(f"briefing: warning: {one_line(safe(setting_problem))}", file=sys.stderr)
    if directory is None:
        return []  # no team: skip importing the notebook (socket, tempfile...), as load_notes does
    from ..model.notes.team import TeamFolder
    from .output import one_line, safe

    read = TeamFolder(directory).read()
    for problem in read.problems:
        print(f"briefing: warning: {one_line(safe(problem))}", file=sys.stderr)
    notes = read.notes
    if edition:
        notes = [shared for shared in notes if shared.note.edition == edition]
    return notes


def show_ids_with_edition(model: Model) -> bool:
    """True when more than one edition is loaded, so a bare id could be ambiguous."""
    return len(model.editions) > 1


def display_id(model: Model, record: Record) -> str:
    """The ID to print for ``record``: ``edition/id`` when several editions are loaded, else ``id``."""
    return record.key if show_ids_with_edition(model) else record.id


def note_json(note: Any, model: Model | None = None, author: str | None = None) -> dict[str, Any]:
    """A note as JSON: its key, text, flag and ISO times, and whether its item is in ``model``.

    ``author`` is given for a team note (the login name of its file's owner): the JSON then
    says ``"scope": "team"`` and the author; a personal note has ``"scope": "personal"`` and
    ``"author": null``.
    """
    record = model.get(note.key) if model is not None else None
    body: dict[str, Any] = {
        "key": note.key, "edition": note.edition, "dataset": note.dataset, "id": note.id,
        "text": note.text, "flagged": note.flagged,
        "created": note.created.isoformat(), "updated": note.updated.isoformat(),
        "scope": "team" if author is not None else "personal", "author": author,
    }
    if model is not None:
        body["title"] = record_title(record) if record is not None else None
        body["orphaned"] = record is None
    return body


def positive_int(value: str) -> int:
    """argparse type for ``--limit``: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        import argparse

        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number
