"""Load editions from TOML into typed records, reporting every problem at once as ``file:line``.

A bad file never ends in a traceback and never stops the rest loading: each problem
becomes a :class:`~briefing.model.data.problems.Problem`, the records that are sound are
kept, and the caller decides whether to show a notice (the app) or exit 1 (``validate``).
The parts: :mod:`.toml_reading` reads a file, :mod:`.schema_checks` checks its values,
:mod:`.dataset_loaders` makes records of them, :mod:`.link_checks` checks the links between them.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Callable, NamedTuple

from ..data import schema
from .alias_records import NO_ALIASES, Aliases
from .aliases import build_aliases, other_names_for
from .dataset_loaders import (NO_ENTITIES, Names, load_medals, load_news, load_relations, load_report, load_timeline,
                              load_trends, named)
from .editions import aliases_file_for, aliases_home, edition_id_of, find_editions
from .link_checks import RECORD_KEYS, FileRead, Follows, check_aliases, check_follows, check_links, collect_follows
from .problems import LoadError, Problem
from .records import Edition, Report, report_parts
from .review_marks import review_warnings
from .schema_checks import CheckedFile, check_table, check_top_level, forget_shared
from .toml_reading import Parser, parse_toml


class Validated(NamedTuple):
    """The editions read and checked, in period order, and every problem found on the way.

    The records are held in memory as the loader built them; :mod:`briefing.model.store`
    compiles them into the store that everything else reads them from.
    """

    editions: tuple[Edition, ...]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


#: Called with a short description of what is being read next ("news.toml of 2024-09-to-2025-03").
Progress = Callable[[str], None]

#: Called with an edition's id, a dataset and its records as soon as they are built, while the
#: other files are still read (a compile starts computing their store rows on another core).
RecordsReady = Callable[[str, str, list], None]

#: Called with an edition's id, a dataset, how many tables of its file are parsed and a function that
#: builds the records of those, while the rest of the file is still parsed (a compile computes their
#: rows on the idle core meanwhile, in a process of its own: the function is called there). Their tables may yet turn out not to be
#: the file's (a later part that does not parse), and the records built are not checked against the
#: rest: the records_ready records are the ones to trust.
PartReady = Callable[[str, str, int, Callable[[], list]], None]


def load_editions(paths: list[Path], parser: Parser | None = None, *, files: tuple[str, ...] = schema.FILES,
                  progress: Progress | None = None, records_ready: RecordsReady | None = None,
                  part_ready: PartReady | None = None) -> Validated:
    """Read and validate every edition under ``paths``, with all problems found.

    ``files`` limits which dataset files are read (the app reads ``report.toml`` first to
    paint the overview at once); ``progress`` hears about each file before it is read;
    ``records_ready`` is given each edition's news items once they are built, and ``part_ready``
    the first of them while the rest are parsed.
    """
    problems: list[Problem] = []
    editions: list[Edition] = []
    folders: list[Path] = []
    seen: dict[str, Path] = {}
    follows: list[Follows] = []
    # Loading allocates hundreds of thousands of objects that all live on: the collector's
    # full passes over them free nothing and, at 100,000 events, stopped every thread (the
    # app's UI too) for up to 0.85 s. Collection resumes when the load is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # The aliases files first: each record is built once, with its other names (at 100,000
        # events a second pass rebuilding the records cost seconds).
        aliases_by_folder = _read_aliases(paths, problems, parser or parse_toml)
        for folder in find_editions(paths, problems):
            edition_id = edition_id_of(folder)
            if edition_id in seen:
                problems.append(Problem(folder, None, f"edition {edition_id!r} is also loaded from {seen[edition_id]}"))
                continue
            seen[edition_id] = folder
            home = aliases_home(folder)
            aliases = aliases_by_folder.get(home) if home is not None else None
            edition = load_edition(folder, problems, parser or parse_toml, files=files, progress=progress,
                                   aliases=aliases[1] if aliases else None, follows=follows,
                                   records_ready=records_ready, part_ready=part_ready)
            editions.append(edition)
            folders.append(folder)
        if files == schema.FILES:  # links can only be checked when everything was read
            check_aliases(aliases_by_folder, folders, editions)
    finally:
        forget_shared()
        if collecting:
            # Everything the load made is young: the first allocation after enable() would have
            # the collector go through all of it (0.4 s at 100,000 events, all of it still alive).
            # Moved to the oldest generation instead, as in diff.kinds.paused_gc.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
    editions.sort(key=lambda e: (e.report.period_start, e.id))
    check_follows(editions, follows)
    # Reading order: file by file, top to bottom, whatever order the checks ran in.
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return Validated(tuple(editions), problems)


def _read_aliases(paths: list[Path], problems: list[Problem], parser: Parser) -> dict[Path, tuple[CheckedFile, Aliases]]:
    """The aliases file (see :mod:`.aliases`) of each data folder under ``paths``, checked, by the folder."""
    out: dict[Path, tuple[CheckedFile, Aliases]] = {}
    for path in aliases_file_for(paths):
        file = CheckedFile(path, problems)
        try:
            data = parser(path)
            folder = path.parent.resolve()
        except LoadError as error:
            problems.append(Problem(path, error.line, error.message))
            continue
        except (OSError, RuntimeError):
            continue
        check_top_level(file, data, schema.ALIASES)
        out[folder] = (file, build_aliases(
            data, file.error, lambda table, spec, location, label, file=file: check_table(file, table, spec,
                                                                                       location, label)))
    return out


def load_edition(folder: Path, problems: list[Problem], parser: Parser = parse_toml, *,
                 files: tuple[str, ...] = schema.FILES, progress: Progress | None = None,
                 aliases: Aliases | None = None, follows: list["Follows"] | None = None,
                 records_ready: RecordsReady | None = None, part_ready: PartReady | None = None) -> Edition:
    """Load one edition folder; problems are appended to ``problems``.

    ``aliases`` (from the data folder's aliases.toml) are attached to the edition, and each
    record's ``entities.other_names`` filled from them. Records with a ``follows`` link are
    added to ``follows``, to be checked against the other editions once every edition is
    loaded (:func:`.link_checks.check_follows`).
    """
    names = other_names_for(aliases) if aliases else None
    edition_id = edition_id_of(folder)
    # One file at a time, its parsed tables let go once its records are built: at 100,000 events
    # holding every file's tables beside the records took the compile past 700 MB.
    files_read: dict[str, FileRead] = {}
    for name in schema.FILES:
        file = CheckedFile(path := folder / name, problems)
        reader = parser
        if name == "news.toml" and part_ready is not None and parser is parse_toml:
            reader = _parsed_in_parts(edition_id, report, path, names, part_ready)
        data = _read_dataset(path, problems, reader, progress, f"{name} of {edition_id}") if name in files else {}
        # Before the records are built: their tables are let go of one by one as they are (each_checked_record).
        files_read[name] = FileRead.of(file, data, RECORD_KEYS.get(name))
        if name == "report.toml":
            report = load_report(edition_id, file, data)
        elif name == "news.toml":
            news = load_news(edition_id, report, file, data, names)
            relations = load_relations(file, data)
            if records_ready is not None:
                records_ready(edition_id, "news", news)
        elif name == "medals.toml":
            medals, medal_context = load_medals(edition_id, file, data, names)
        elif name == "trends.toml":
            articles, trends = load_trends(edition_id, file, data, names)
        else:
            events = load_timeline(edition_id, file, data, names)
        del data
    parts = report_parts(report, lambda text: named(names, NO_ENTITIES, text))
    edition = Edition(edition_id, report, tuple(news), tuple(medals), medal_context,
                      tuple(articles), trends, tuple(events), aliases or NO_ALIASES, tuple(relations), parts)
    if files == schema.FILES:  # links can only be checked when everything was read
        check_links(edition, files_read)
        review_warnings(folder, problems, parser)  # a draft's unchecked values (briefing draft)
    if follows is not None:
        collect_follows(edition, files_read, follows)
    return edition


def _parsed_in_parts(edition_id: str, report: Report, path: Path, names: Names | None,
                     part_ready: PartReady) -> Parser:
    """A parser of a news file that tells ``part_ready`` how to build the news of its first part."""
    def told(array: str, tables: list) -> None:
        if array == "items":
            # Called in another process, on the tables as they were then, with problems of its own
            # (its records are checked as these are; their problems are reported from here).
            part_ready(edition_id, "news", len(tables),
                       lambda: load_news(edition_id, report, CheckedFile(path, []), {"items": tables}, names))

    return lambda path: parse_toml(path, part=told)


def _read_dataset(path: Path, problems: list[Problem], parser: Parser, progress: Progress | None,
                  what: str) -> dict:
    """One dataset file's parsed TOML, or ``{}`` with its problem added when it is missing or unreadable."""
    if progress is not None:
        progress(what)
    if not path.exists():
        problems.append(Problem(path, None, "dataset file is missing"))
        return {}
    try:
        return parser(path)
    except LoadError as error:
        problems.append(Problem(path, error.line, error.message))
        return {}
