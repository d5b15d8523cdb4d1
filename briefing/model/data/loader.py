"""Load editions from TOML into typed records, reporting every problem at once as ``file:line``.

A bad file never ends in a traceback and never stops the rest loading: each problem
becomes a :class:`~briefing.model.data.problems.Problem`, the records that are sound are
kept, and the caller decides whether to show a notice (the app) or exit 1 (``validate``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import re
from pathlib import Path
from typing import Any, Callable, NamedTuple

from ..data import schema
from .alias_records import NO_ALIASES, Aliases
from .aliases import build_aliases, check_against, other_names_for
from .dates import DateError, ReportDate
from .problems import LoadError, Problem
from .review_marks import review_warnings
from .records import own_date
from .records import (
    Article,
    Edition,
    Entities,
    Event,
    Figure,
    MedalContext,
    MedalCount,
    MedalRow,
    NewsItem,
    Relation,
    Report,
    Section,
    TrendsContext,
    report_parts,
)
from ..safe_io import NotRegularFile, TooLarge, read_regular
from .text import clean_text
from .toml_lines import LineIndex
from .editions import aliases_file_for, aliases_home, edition_id_of, find_editions

_NO_ENTITIES = Entities()

#: Larger files are refused rather than parsed: tomllib holds the whole text and tree in memory.
MAX_FILE_BYTES = 256 * 1024 * 1024

#: A function that returns a file's parsed TOML, e.g. from a cache; raises like :func:`parse_toml`.
Parser = Callable[[Path], dict]


def parse_toml(path: Path) -> dict:
    """Read and parse one TOML file, turning every failure tomllib can raise into :class:`LoadError`."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except TooLarge:
        raise LoadError(f"file is over the {MAX_FILE_BYTES:,}-byte limit") from None
    except NotRegularFile as error:
        raise LoadError(f"{error.strerror}; only regular files are read") from None
    except IsADirectoryError:
        raise LoadError("is a folder, not a TOML file") from None
    except PermissionError:
        raise LoadError("cannot read: permission denied") from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark some editors add; TOML text is UTF-8 either way
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(f"not valid UTF-8 (byte {error.start})", line) from None
    toml = _toml_parser()  # a store that is up to date needs no TOML parsed: kept off the start-up path
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as error:
        if "end of document" in str(error):
            line = max(len(text.splitlines()), 1)  # the file ended too soon: point at its last line
        else:
            line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise LoadError(f"TOML syntax error: {error}", line) from None
    except RecursionError:
        raise LoadError("TOML nested too deeply to read") from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise LoadError(f"TOML value cannot be read: {error}") from None


def _toml_parser():
    """tomli where its compiled wheel is installed (the same parser as tomllib, the same messages,
    built with mypyc: 100,000 events parse in a third of the time and memory churn), else tomllib."""
    try:
        import tomli
        from tomli import _parser

        if not _parser.__file__ or _parser.__file__.endswith(".py"):
            raise ImportError("tomli is pure Python here: tomllib is as fast")
        return tomli
    except (ImportError, AttributeError):
        import tomllib

        return tomllib


def _line_from_message(message: str) -> int | None:
    marker = "(at line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        if digits.isdigit():
            return int(digits)
    return None


class _File:
    """One dataset file being checked: its data, and the problems found in it."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self._lines: LineIndex | None = None
        #: Ids of records dropped as invalid: links to them are not reported again as missing.
        self.dropped_ids: set[str] = set()

    def line(self, location: tuple) -> int | None:
        if self._lines is None:
            try:
                raw = read_regular(self.path, MAX_FILE_BYTES)
                self._lines = LineIndex(raw.decode("utf-8", errors="replace"))
            except OSError:
                return None
        return self._lines.line_of(location)

    def error(self, location: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(location), message))

    def warning(self, location: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(location), message, "warning"))


def _describe(value: Any) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean",
             list: "an array", dict: "a table", dt.date: "a date", dt.datetime: "a date-time",
             dt.time: "a time"}
    return names.get(type(value), type(value).__name__)


def _check_table(file: _File, table: Any, spec: dict[str, schema.Field], location: tuple,
                 label: str) -> dict | None:
    """Check one table against ``spec``; return cleaned values, or None if it is unusable."""
    if not isinstance(table, dict):
        file.error(location, f"{label}: expected a table, got {_describe(table)}")
        return None
    ok = True
    out: dict[str, Any] = {}
    for key in table:
        if key not in spec:
            hint = difflib.get_close_matches(key, spec, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            file.error(location + (key,), f"{label}: unknown key {key!r}{suggestion}")
            ok = False
    for key, field in spec.items():
        if key not in table:
            if field.required:
                file.error(location, f"{label}: missing key {key!r}")
                ok = False
            continue
        value = _check_value(file, table[key], field, location + (key,), f"{label}: {key!r}")
        if value is _INVALID:
            ok = False
        else:
            out[key] = value
    return out if ok else None


_INVALID = object()
_BAD_ID = re.compile(r"[\s/]")


def _check_value(file: _File, value: Any, field: schema.Field, location: tuple, label: str) -> Any:
    kind = field.kind
    if kind == schema.KEY:
        edition, _, ident = value.partition("/") if isinstance(value, str) else ("", "", "")
        if not edition or not ident or _BAD_ID.search(ident) or clean_text(value)[1]:
            file.error(location, f"{label} must be the key of a record of an earlier edition, "
                                 f"'edition/id' (e.g. '2024-09-to-2025-03/news-shijian-25-launched'), got {value!r}")
            return _INVALID
        return value
    if kind in (schema.TEXT, schema.ID):
        if not isinstance(value, str):
            file.error(location, f"{label} must be a string, got {_describe(value)}")
            return _INVALID
        cleaned, removed = clean_text(value)
        if removed:
            file.warning(location, f"{label}: {removed} control character(s) removed")
        if kind == schema.ID and (not cleaned or _BAD_ID.search(cleaned)):
            file.error(location, f"{label} must be a non-empty id without spaces or '/', got {value!r}")
            return _INVALID
        if field.choices and cleaned not in field.choices:
            allowed = ", ".join(field.choices)
            file.error(location, f"{label} must be one of {allowed}; got {cleaned!r}")
            return _INVALID
        return cleaned
    if kind == schema.INT:
        if not isinstance(value, int) or isinstance(value, bool):
            file.error(location, f"{label} must be an integer, got {_describe(value)}")
            return _INVALID
        return value
    if kind == schema.DATE:
        try:
            return ReportDate.parse(value)
        except DateError as error:
            file.error(location, f"{label}: bad date: {error}")
            return _INVALID
    if kind == schema.DATES:
        if not isinstance(value, list):
            file.error(location, f"{label} must be an array of dates, got {_describe(value)}")
            return _INVALID
        dates = [_check_value(file, v, schema.Field(schema.DATE), location, label) for v in value]
        return _INVALID if any(d is _INVALID for d in dates) else tuple(dates)
    if kind == schema.TEXTS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            file.error(location, f"{label} must be an array of strings, got {_describe(value)}")
            return _INVALID
        cleaned = []
        for item in value:
            text, removed = clean_text(item)
            if removed:
                file.warning(location, f"{label}: {removed} control character(s) removed")
            cleaned.append(text)
        return tuple(cleaned)
    if kind == schema.ENTITIES:
        table = _check_table(file, value, schema.ENTITY_FIELDS, location, label)
        return _INVALID if table is None else Entities(**table)
    if kind == schema.TABLE:
        table = _check_table(file, value, field.nested or {}, location, label)
        return _INVALID if table is None else table
    if kind == schema.TABLES:
        if not isinstance(value, list):
            file.error(location, f"{label} must be an array of tables, got {_describe(value)}")
            return _INVALID
        return value  # records are checked one by one by the caller, so one bad record drops alone
    raise AssertionError(f"unknown field kind {kind}")


def _records(file: _File, data: dict, key: str, spec: dict, noun: str) -> list[tuple[int, dict]]:
    """Check each table of the array ``key``; return ``(index, values)`` of the sound ones."""
    tables = data.get(key, [])
    out = []
    for index, table in enumerate(tables):
        ident = table.get("id") if isinstance(table, dict) else None
        label = f"{noun} {ident!r}" if isinstance(ident, str) else f"{noun} #{index + 1}"
        values = _check_table(file, table, spec, (key, index), label)
        if values is not None:
            out.append((index, values))
        elif isinstance(ident, str):
            file.dropped_ids.add(ident)
    return out


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


def load_editions(paths: list[Path], parser: Parser | None = None, *, files: tuple[str, ...] = schema.FILES,
                  progress: Progress | None = None) -> Validated:
    """Read and validate every edition under ``paths``, with all problems found.

    ``files`` limits which dataset files are read (the app reads ``report.toml`` first to
    paint the overview at once); ``progress`` hears about each file before it is read.
    """
    problems: list[Problem] = []
    editions: list[Edition] = []
    folders: list[Path] = []
    seen: dict[str, Path] = {}
    follows: list[_Follows] = []
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
                                   aliases=aliases[1] if aliases else None, follows=follows)
            editions.append(edition)
            folders.append(folder)
        if files == schema.FILES:  # links can only be checked when everything was read
            _check_aliases(aliases_by_folder, folders, editions)
    finally:
        if collecting:
            gc.enable()
    editions.sort(key=lambda e: (e.report.period_start, e.id))
    _check_follows(editions, follows)
    # Reading order: file by file, top to bottom, whatever order the checks ran in.
    problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return Validated(tuple(editions), problems)


def _resolved_parent(folder: Path) -> Path | None:
    try:
        return folder.resolve().parent
    except (OSError, RuntimeError):
        return None


def _read_aliases(paths: list[Path], problems: list[Problem], parser: Parser) -> dict[Path, tuple[_File, Aliases]]:
    """The aliases file (see :mod:`.aliases`) of each data folder under ``paths``, checked, by the folder."""
    out: dict[Path, tuple[_File, Aliases]] = {}
    for path in aliases_file_for(paths):
        file = _File(path, problems)
        try:
            data = parser(path)
            folder = path.parent.resolve()
        except LoadError as error:
            problems.append(Problem(path, error.line, error.message))
            continue
        except (OSError, RuntimeError):
            continue
        _top_level(file, data, schema.ALIASES)
        out[folder] = (file, build_aliases(
            data, file.error, lambda table, spec, location, label, file=file: _check_table(file, table, spec,
                                                                                        location, label)))
    return out


def _check_aliases(aliases_by_folder: dict[Path, tuple[_File, Aliases]], folders: list[Path],
                   editions: list[Edition]) -> None:
    """Links from each aliases file into the editions of its folder; entities and slips are
    checked only when every edition of the folder was loaded."""
    for here, (file, aliases) in aliases_by_folder.items():
        mine = [edition for folder, edition in zip(folders, editions) if _resolved_parent(folder) == here]
        try:
            in_folder = {folder.resolve() for folder in find_editions([here], [])}
        except (OSError, RuntimeError):
            continue
        loaded = {folder.resolve() for folder in folders if _resolved_parent(folder) == here}
        check_against(aliases, mine, file.error, complete=in_folder <= loaded)


def load_edition(folder: Path, problems: list[Problem], parser: Parser = parse_toml, *,
                 files: tuple[str, ...] = schema.FILES, progress: Progress | None = None,
                 aliases: Aliases | None = None, follows: list["_Follows"] | None = None) -> Edition:
    """Load one edition folder; problems are appended to ``problems``.

    ``aliases`` (from the data folder's aliases.toml) are attached to the edition, and each
    record's ``entities.other_names`` filled from them. Records with a ``follows`` link are
    added to ``follows``, to be checked against the other editions once every edition is
    loaded (:func:`_check_follows`).
    """
    names = other_names_for(aliases) if aliases else None
    edition_id = edition_id_of(folder)
    files_read: dict[str, tuple[_File, dict]] = {}
    for name in schema.FILES:
        path = folder / name
        file = _File(path, problems)
        if name not in files:
            files_read[name] = (file, {})
            continue
        if progress is not None:
            progress(f"{name} of {edition_id}")
        if not path.exists():
            problems.append(Problem(path, None, "dataset file is missing"))
            files_read[name] = (file, {})
            continue
        try:
            data = parser(path)
        except LoadError as error:
            problems.append(Problem(path, error.line, error.message))
            data = {}
        files_read[name] = (file, data)

    report = _load_report(edition_id, *files_read["report.toml"])
    news = _load_news(edition_id, report, *files_read["news.toml"], names)
    relations = _load_relations(*files_read["news.toml"])
    medals, medal_context = _load_medals(edition_id, *files_read["medals.toml"], names)
    articles, trends = _load_trends(edition_id, *files_read["trends.toml"], names)
    events = _load_timeline(edition_id, *files_read["timeline.toml"], names)
    parts = report_parts(report, lambda text: _named(names, _NO_ENTITIES, text))
    edition = Edition(edition_id, report, tuple(news), tuple(medals), medal_context,
                      tuple(articles), trends, tuple(events), aliases or NO_ALIASES, tuple(relations), parts)
    if files == schema.FILES:  # links can only be checked when everything was read
        _check_links(edition, files_read)
        review_warnings(folder, problems, parser)  # a draft's unchecked values (briefing draft)
    if follows is not None:
        for file_name, key, records in _RECORD_FILES:
            index_of: dict[str, int] | None = None
            for record in getattr(edition, records):
                if record.follows is not None:
                    file, data = files_read[file_name]
                    index_of = _index_by_id(data, key) if index_of is None else index_of
                    follows.append(_Follows(file, (key, index_of.get(record.id, 0), "follows"), record))
    return edition


#: Dataset files holding records, with their array's key and the edition's attribute.
_RECORD_FILES = (("news.toml", "items", "news"), ("medals.toml", "medals", "medals"),
                 ("trends.toml", "articles", "articles"), ("timeline.toml", "events", "events"))


class _Follows(NamedTuple):
    """A record's ``follows`` link, and where it is written."""

    file: _File
    location: tuple
    record: Any


def _check_follows(editions: list[Edition], links: list[_Follows]) -> None:
    """Each ``follows`` names a record of the same kind in an earlier edition, when that edition is loaded.

    A link to an edition that is not loaded is not a problem: the next edition is often
    validated on its own, and the link is checked when both are loaded.
    """
    if not links:
        return
    position = {edition.id: index for index, edition in enumerate(editions)}
    by_edition = {edition.id: edition for edition in editions}
    keys: dict[str, dict[str, str]] = {}
    for link in links:
        record = link.record
        target_edition, _, target_id = record.follows.partition("/")
        label = f"{record.dataset} record {record.id!r}: 'follows'"
        if target_edition == record.edition:
            link.file.error(link.location, f"{label} names a record of its own edition; "
                                           "it must name one of an earlier edition")
            continue
        if target_edition not in position:
            continue
        if position[target_edition] > position.get(record.edition, -1):
            link.file.error(link.location, f"{label} names edition {target_edition!r}, which is not earlier "
                                           f"than {record.edition!r} (editions are ordered by period_start)")
            continue
        if target_edition not in keys:
            keys[target_edition] = {r.id: r.dataset for r in by_edition[target_edition].records()}
        dataset = keys[target_edition].get(target_id)
        if dataset is None:
            link.file.error(link.location, f"{label} links to {record.follows!r}, which does not exist")
        elif dataset != record.dataset:
            link.file.error(link.location, f"{label} links to {record.follows!r}, a {dataset} record, "
                                           f"not one of {record.dataset}")


def _top_level(file: _File, data: dict, spec: dict) -> dict:
    """Check top-level keys of a file: unknown ones and wrong array types."""
    for key in data:
        if key not in spec:
            hint = difflib.get_close_matches(key, spec, n=1)
            suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
            file.error((key,), f"unknown key {key!r}{suggestion}")
    for key, field in spec.items():
        if key in data and field.kind == schema.TABLES and not isinstance(data[key], list):
            file.error((key,), f"{key!r} must be an array of tables ([[{key}]]), got {_describe(data[key])}")
            data[key] = []
        elif key not in data and field.required and field.kind in (schema.TABLES, schema.TABLE):
            file.error((), f"missing {'[[' + key + ']]' if field.kind == schema.TABLES else '[' + key + ']'}")
    return data


def _load_report(edition_id: str, file: _File, data: dict) -> Report:
    fallback = Report(edition_id, edition_id, "", dt.date.min, dt.date.min, (), "", (), ())
    if not data:
        return fallback
    top = {k: v for k, v in schema.REPORT.items() if k not in ("sections", "figures")}
    scalars = {k: v for k, v in data.items() if k not in ("sections", "figures")}
    _top_level(file, data, schema.REPORT)
    values = _check_table(file, {k: v for k, v in scalars.items() if k in top}, top, (), "report")
    sections = tuple(Section(v["id"], v["title"], v["kind"], v.get("parent"))
                     for _, v in _records(file, data, "sections", schema.SECTION, "section"))
    figures = tuple(Figure(**v) for _, v in _records(file, data, "figures", schema.FIGURE, "figure"))
    if values is None:
        return Report(edition_id, edition_id, "", dt.date.min, dt.date.min, (), "", sections, figures)
    if "source_sha256" in values:
        _check_source_text(file, values["source_sha256"])
    start, end = values["period_start"], values["period_end"]
    for key, date in (("period_start", start), ("period_end", end)):
        if not date.is_exact:
            file.error((key,), f"report: {key!r} must be an exact date such as 2024-09-01")
    return Report(
        edition=edition_id,
        title=values["title"],
        period=values["period"],
        period_start=start.span()[0],
        period_end=end.span()[1],
        introduction=values["introduction"],
        sources_note=values.get("sources_note", ""),
        sections=sections,
        figures=figures,
    )


#: The report texts are tens of kilobytes; a larger "source" is refused unread.
MAX_SOURCE_BYTES = 16 * 1024 * 1024


def _check_source_text(file: _File, expected: str) -> None:
    """The edition's ``source.txt`` must exist and hash to ``source_sha256``: the data says what it was made from."""
    path = file.path.parent / schema.SOURCE_TEXT
    try:
        raw = read_regular(path, MAX_SOURCE_BYTES)
    except FileNotFoundError:
        file.error(("source_sha256",), f"report: the source text {schema.SOURCE_TEXT} is missing from the edition folder")
        return
    except TooLarge:
        file.error(("source_sha256",), f"report: {schema.SOURCE_TEXT} is over the {MAX_SOURCE_BYTES:,}-byte limit")
        return
    except NotRegularFile as error:
        file.error(("source_sha256",), f"report: {schema.SOURCE_TEXT}: {error.strerror}; only regular files are read")
        return
    except OSError as error:
        file.error(("source_sha256",), f"report: cannot read {schema.SOURCE_TEXT}: {error.strerror or error}")
        return
    import hashlib  # only when the TOML is read: an up-to-date store needs no hash

    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected.strip().lower():
        file.error(("source_sha256",), f"report: {schema.SOURCE_TEXT} has SHA-256 {actual}, "
                                       f"not the {expected!r} report.toml records: the source text changed")


#: Gives a record's entities their other names from its entities and text (:func:`.aliases.other_names_for`).
Names = Callable[[Entities, str], Entities]


def _named(names: Names | None, entities: Entities, text: str) -> Entities:
    return names(entities, text) if names is not None else entities


def _load_news(edition_id: str, report: Report, file: _File, data: dict, names: Names | None = None) -> list[NewsItem]:
    if not data:
        return []
    _top_level(file, data, schema.NEWS)
    kinds = {s.id: s.kind for s in report.sections}
    items = []
    for order, (_, v) in enumerate(_records(file, data, "items", schema.NEWS_ITEM, "news item")):
        items.append(NewsItem(
            edition=edition_id, id=v["id"], section=v["section"], kind=kinds.get(v["section"], "news"),
            headline=v["headline"], dates=v.get("dates", ()), text=v["text"], tags=v.get("tags", ()),
            entities=_named(names, v.get("entities", _NO_ENTITIES), v["text"]), order=order,
            follows=v.get("follows"),
            own_date=v.get("date") or own_date(v.get("dates", ()), report.period_start, report.period_end),
        ))
    return items


def _load_relations(file: _File, data: dict) -> list[Relation]:
    if not data or not isinstance(data.get("relations", []), list):
        return []
    return [Relation(**{**v, "words": tuple(v.get("words", ()))})
            for _, v in _records(file, data, "relations", schema.RELATION, "relation")]


def _empty_medal_context(edition_id: str) -> MedalContext:
    return MedalContext(edition_id, "", "", "", (), 0, (), (), "", "")


def _load_medals(edition_id: str, file: _File, data: dict,
                 names: Names | None = None) -> tuple[list[MedalRow], MedalContext]:
    if not data:
        return [], _empty_medal_context(edition_id)
    _top_level(file, data, schema.MEDALS)
    context = _empty_medal_context(edition_id)
    if "context" in data:
        values = _check_value(file, data["context"], schema.MEDALS["context"], ("context",), "medal context")
        if values is not _INVALID:
            counts = tuple(MedalCount(**c) for _, c in
                           _records(file, values, "counts", schema.MEDAL_COUNT, "medal count"))
            fields = {k: v for k, v in values.items() if k != "counts"}
            context = MedalContext(edition=edition_id, counts=counts, **fields)
    rows = []
    for order, (_, v) in enumerate(_records(file, data, "medals", schema.MEDAL_ROW, "medal row")):
        if "entities" not in v:  # a row listing none names its company and satellite cell
            v["entities"] = Entities(organisations=(v["company"],), spacecraft=(v["satellite"],))
        v["entities"] = _named(names, v["entities"], f"{v['company']} {v['satellite']}")
        rows.append(MedalRow(edition=edition_id, order=order, **v))
    return rows, context


def _load_trends(edition_id: str, file: _File, data: dict,
                 names: Names | None = None) -> tuple[list[Article], TrendsContext]:
    empty = TrendsContext(edition_id, "", "", 0, "", "")
    if not data:
        return [], empty
    _top_level(file, data, schema.TRENDS)
    context = empty
    if "context" in data:
        values = _check_value(file, data["context"], schema.TRENDS["context"], ("context",), "trends context")
        if values is not _INVALID:
            context = TrendsContext(edition=edition_id, **values)
    articles = []
    for order, (_, v) in enumerate(_records(file, data, "articles", schema.ARTICLE, "article")):
        if v["downloads"] < 0:
            file.error(("articles", order, "downloads"), f"article {v['id']!r}: downloads cannot be negative")
            continue
        articles.append(Article(
            edition=edition_id, id=v["id"], topic=v["topic"], theme=v["theme"],
            institution=v.get("institution"), downloads=v["downloads"], summary=v["summary"],
            source=v["source"], entities=_named(names, v.get("entities", _NO_ENTITIES), v["summary"]), order=order,
            follows=v.get("follows"), rank=v.get("rank"),
        ))
    return articles, context


def _load_timeline(edition_id: str, file: _File, data: dict, names: Names | None = None) -> list[Event]:
    if not data:
        return []
    _top_level(file, data, schema.TIMELINE)
    return [
        Event(edition=edition_id, id=v["id"], date=v["date"], status=v["status"], category=v["category"],
              title=v["title"], text=v["text"], source=v["source"],
              entities=_named(names, v.get("entities", _NO_ENTITIES), v["text"]), order=order, also=v.get("also", ()),
              date_note=v.get("date_note", ""), follows=v.get("follows"))
        for order, (_, v) in enumerate(_records(file, data, "events", schema.EVENT, "event"))
    ]


def _check_links(edition: Edition, files: dict[str, tuple[_File, dict]]) -> None:
    """Duplicate IDs across the edition, and links that point at nothing."""
    owners: dict[str, str] = {}

    def claim(ident: str, file_name: str, location: tuple) -> None:
        file = files[file_name][0]
        if ident in owners:
            file.error(location, f"duplicate id {ident!r} (already used in {owners[ident]})")
        else:
            owners[ident] = file_name

    report = edition.report
    for index, section in enumerate(report.sections):
        claim(section.id, "report.toml", ("sections", index, "id"))
    for index, figure in enumerate(report.figures):
        claim(figure.id, "report.toml", ("figures", index, "id"))
    for record_file, key, records in (("news.toml", "items", edition.news), ("medals.toml", "medals", edition.medals),
                                      ("trends.toml", "articles", edition.articles),
                                      ("timeline.toml", "events", edition.events)):
        positions = _positions_by_id(files[record_file][1], key)
        for record in records:
            claim(record.id, record_file, (key, positions[record.id].pop(0) if positions.get(record.id) else 0, "id"))

    section_ids = {s.id for s in report.sections}
    news_ids = {n.id for n in edition.news} | files["news.toml"][0].dropped_ids

    def link(file_name: str, location: tuple, target: str, targets: set[str], what: str, label: str) -> None:
        if target and target not in targets:
            files[file_name][0].error(location, f"{label} links to {what} {target!r}, which does not exist")

    if not files["report.toml"][1]:
        # report.toml did not load: its error is the cause, and every link into its sections
        # (each news item's) would be reported again as a follow-on error.
        section_ids = None
    for index, section in enumerate(report.sections):
        if section.parent and section_ids is not None:
            link("report.toml", ("sections", index, "parent"), section.parent, section_ids, "section",
                 f"section {section.id!r}")
    if not edition.news and not files["news.toml"][1]:
        return  # news did not load; every link into it would be reported again for nothing
    for index, figure in enumerate(report.figures):
        link("report.toml", ("figures", index, "source"), figure.source, news_ids, "news item",
             f"figure {figure.id!r}")
    index_of = _index_by_id(files["news.toml"][1], "items")
    for item in edition.news if section_ids is not None else ():
        link("news.toml", ("items", index_of.get(item.id, 0), "section"), item.section, section_ids, "section",
             f"news item {item.id!r}")
    ctx = edition.medal_context
    link("medals.toml", ("context", "source_item"), ctx.source_item, news_ids, "news item", "medal context")
    link("medals.toml", ("context", "response_item"), ctx.response_item, news_ids, "news item", "medal context")
    link("trends.toml", ("context", "source_item"), edition.trends.source_item, news_ids, "news item",
         "trends context")
    news_by_id = {item.id: item for item in edition.news}
    for index, relation in enumerate(edition.relations):
        location = ("relations", index)
        label = f"relation {relation.subject!r} {relation.relation} {relation.object!r}"
        link("news.toml", location + ("source",), relation.source, news_ids, "news item", label)
        item = news_by_id.get(relation.source)
        if item is None:
            continue
        named = set(item.entities.names())
        flat = " ".join(item.text.split())
        for words in relation.words:
            if " ".join(words.split()) not in flat:
                files["news.toml"][0].error(location + ("words",), f"{label}: {words!r} is not in the text of its "
                                                                  f"source item {relation.source!r}")
        for end in ("subject", "object"):
            name = getattr(relation, end)
            if name not in named:
                files["news.toml"][0].error(location + (end,), f"{label}: {name!r} is not an entity of its "
                                                             f"source item {relation.source!r}")
    index_of = _index_by_id(files["trends.toml"][1], "articles")
    for article in edition.articles:
        link("trends.toml", ("articles", index_of.get(article.id, 0), "source"), article.source, news_ids,
             "news item", f"article {article.id!r}")
    index_of = _index_by_id(files["timeline.toml"][1], "events")
    for event in edition.events:
        link("timeline.toml", ("events", index_of.get(event.id, 0), "source"), event.source, news_ids,
             "news item", f"event {event.id!r}")
        for also in event.also:
            link("timeline.toml", ("events", index_of.get(event.id, 0), "also"), also, news_ids,
                 "news item", f"event {event.id!r}")


def _positions_by_id(data: dict, key: str) -> dict[str, list[int]]:
    """Positions of the records with each id in their array, for pointing problems at the right line."""
    out: dict[str, list[int]] = {}
    tables = data.get(key, []) if isinstance(data, dict) else []
    for index, table in enumerate(tables if isinstance(tables, list) else []):
        if isinstance(table, dict) and isinstance(table.get("id"), str):
            out.setdefault(table["id"], []).append(index)
    return out


def _index_by_id(data: dict, key: str) -> dict[str, int]:
    """Position of the first record with each id."""
    return {ident: places[0] for ident, places in _positions_by_id(data, key).items()}
