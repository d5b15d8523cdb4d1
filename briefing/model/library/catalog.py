"""Where editions live: shipped with briefing, mine, and the team's; which one of an id is used.

Three places, read in this order of precedence (the same id in two places: the first is used):

* **mine**: ``editions/`` in the user's data dir (``BRIEFING_EDITIONS_DIR``), where
  ``briefing draft`` writes;
* **team**: ``editions/`` in the team folder (``BRIEFING_TEAM_DIR`` or ``team_dir`` in
  config.toml), where ``briefing publish`` copies;
* **shipped**: inside the installed package, read-only.

Folders others can write (the team's) are read with care: only plain folders holding a
``report.toml`` that can be opened are editions; a symbolic link, a FIFO or another file, a
publish that did not finish (its temporary folder) or an unreadable folder is one line in
:attr:`Library.problems`, and nothing in it is opened beyond an ``lstat`` and a non-blocking
open of ``report.toml``. Names from the file system are cleaned like data text.
"""

import os
import stat
from pathlib import Path

from ..data.editions import edition_id_of
from ..locations import my_editions_dir, named_data_paths, shipped_data_dir, team_dir
from ..safe_io import file_kind
from ..value import Value

SHIPPED, MINE, TEAM, NAMED = "shipped", "mine", "team", "named"
#: Precedence: mine over the team's over shipped.
ORDER = (MINE, TEAM, SHIPPED)
#: The words for each place, in listings and messages (``named``: given by --data or BRIEFING_DATA).
PLACE_NAMES = {MINE: "mine", TEAM: "the team's", SHIPPED: "shipped", NAMED: "--data"}

#: The prefix of the temporary folder a publish copies into (a leftover is a publish that did not finish).
PUBLISHING_PREFIX = ".publishing-"
#: The folder of editions inside the team folder.
TEAM_EDITIONS = "editions"


class Found(Value):
    """One edition folder in one place: ``Found(id, folder, place)``."""

    __slots__ = ("id", "folder", "place")
    id: str
    folder: Path
    place: str


class Library:
    """Every edition found, the ones ``used`` (one per id), and what was passed over and why:
    ``shadowed``, (the edition passed over, the one used instead) for an id in two places;
    ``problems``, one cleaned line for each entry that is no edition or cannot be read;
    ``places``, each place and its folder (None when the place is not set up).
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("used", "shadowed", "problems", "places")

    def __init__(self, used: list[Found], shadowed: list[tuple[Found, Found]], problems: list[str],
                 places: dict[str, Path | None]) -> None:
        self.used = used
        self.shadowed = shadowed
        self.problems = problems
        self.places = places

    def why(self, found: Found) -> str:
        """Why this copy of its id is the one used (empty when the id is in one place only)."""
        over = [passed for passed, used in self.shadowed if used == found]
        if not over:
            return ""
        others = ", ".join(f"{PLACE_NAMES[p.place]} ({p.folder})" for p in over)
        return f"{PLACE_NAMES[found.place]} is used over {others}: mine over the team's over shipped"


def team_editions_dir() -> tuple[Path | None, str | None]:
    """The team's editions folder (``<team folder>/editions``), and a sentence when the setting is unreadable."""
    folder, problem = team_dir()
    return (folder / TEAM_EDITIONS if folder is not None else None), problem


def places() -> tuple[dict[str, Path | None], list[str]]:
    """Each place's folder, in :data:`ORDER`, and problems with the settings."""
    team, problem = team_editions_dir()
    return {MINE: my_editions_dir(), TEAM: team, SHIPPED: shipped_data_dir()}, [problem] if problem else []


def library() -> Library:
    """Every edition in every place, one used per id (mine over the team's over shipped)."""
    folders, problems = places()
    used: list[Found] = []
    shadowed: list[tuple[Found, Found]] = []
    by_id: dict[str, Found] = {}
    for place in ORDER:
        folder = folders[place]
        if folder is None:
            continue
        for found in scan(place, folder, problems):
            first = by_id.get(found.id)
            if first is None:
                by_id[found.id] = found
                used.append(found)
            else:
                shadowed.append((found, first))
    return Library(used, shadowed, problems, folders)


def named_library(paths: list[Path]) -> Library:
    """The editions under paths named with ``--data`` / ``BRIEFING_DATA``, as a library of one place."""
    from ..data.editions import find_editions
    from ..data.problems import Problem

    problems: list[Problem] = []
    used = [Found(edition_id_of(folder), folder, NAMED) for folder in find_editions(paths, problems)]
    return Library(used, [], [str(problem) for problem in problems], {NAMED: None})


def data_paths(explicit: list[str] | None = None) -> list[Path]:
    """What to load: the paths named (``--data``, ``BRIEFING_DATA``) exactly, else every place's editions.

    The editions of the library are given one folder each, the used copy of each id, so a
    store is keyed on exactly the folders read: an edition published into the team folder
    makes a new set of paths, and so a new store, at the next start.
    """
    return data_paths_and_problems(explicit)[0]


def data_paths_and_problems(explicit: list[str] | None = None) -> tuple[list[Path], list[str]]:
    """:func:`data_paths`, and the library's problems (entries of a place that are no edition; none for named paths)."""
    named = named_data_paths(explicit)
    if named is not None:
        return named, []
    found = library()
    return ([entry.folder for entry in found.used] if found.used else [shipped_data_dir()]), found.problems


def scan(place: str, folder: Path, problems: list[str]) -> list[Found]:
    """The editions in one place's folder, by name; a line in ``problems`` for each entry that is none."""
    from ..data.text import clean_text

    def say(line: str) -> None:
        problems.append(clean_text(line)[0])

    careful = place != SHIPPED
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return []  # a place not made yet: nothing there
    except OSError as error:
        say(f"{folder}: cannot be read ({error.strerror or error}); {PLACE_NAMES[place]} editions are not listed")
        return []
    if place == TEAM and stat.S_ISLNK(info.st_mode):
        say(f"{folder}: is a symbolic link; the team's editions are read only from a plain folder")
        return []
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        say(f"{folder}: cannot be read ({error.strerror or error}); {PLACE_NAMES[place]} editions are not listed")
        return []
    found: list[Found] = []
    for name in names:
        path = folder / name
        if name.startswith(PUBLISHING_PREFIX):
            say(f"{path}: a half-copied edition (a publish that did not finish); not read. "
                "Remove it once no publish is running")
            continue
        if name.startswith(".") or name == "README.md" or (place == SHIPPED and name == "aliases.toml"):
            continue
        try:
            entry = os.lstat(path)
        except OSError as error:
            say(f"{path}: cannot be read ({error.strerror or error}); not listed")
            continue
        if stat.S_ISLNK(entry.st_mode) and careful:
            if place == TEAM:
                say(f"{path}: is a symbolic link; not followed (the team's editions are plain folders)")
                continue
            try:
                entry = os.stat(path)
            except OSError:
                say(f"{path}: is a broken symbolic link; not listed")
                continue
        if not stat.S_ISDIR(entry.st_mode):
            if careful and name != "aliases.toml":
                say(f"{path}: is {file_kind(entry.st_mode, 'a file')}, not an edition folder; not read")
            continue
        problem = _unreadable_report(path, follow=place != TEAM)
        if problem is not None:
            if careful or not problem.startswith("no report.toml"):
                say(f"{path}: {problem}; not listed")
            continue
        found.append(Found(edition_id_of(path), path, place))
    return found


def _unreadable_report(folder: Path, *, follow: bool) -> str | None:
    """Why ``folder/report.toml`` cannot be read as an edition's, or None when it can (opened non-blocking)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(folder / "report.toml", flags)
    except FileNotFoundError:
        return "no report.toml: not an edition folder"
    except OSError as error:
        if not follow and os.path.islink(folder / "report.toml"):
            return "its report.toml is a symbolic link"
        return f"cannot be read ({error.strerror or error})"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return "its report.toml is not a regular file"
    finally:
        os.close(fd)
    return None
