"""A cache of parsed TOML for large dataset files, so shell lookups skip tomllib on big editions.

tomllib parses about 10 MB/s; JSON loads several times faster. For each dataset file
of at least ``min_bytes`` the cache keeps, in the user cache dir, a JSON copy of what
tomllib returned, with TOML dates and times encoded reversibly (``{"$date": "2025-01-06"}``).

The cache is an optimisation and never a source of truth:

* an entry is named by a hash of the file's resolved path and holds that path, the
  file's size and ``mtime_ns``; all three must match the file now or the entry is ignored;
* an entry that cannot be read, is not valid JSON or has the wrong shape is ignored and
  rebuilt, never trusted or reported;
* entries are written atomically (a temporary file, then :func:`os.replace`), and any
  failure to write (read-only or full disk, cache dir that is a file) is silently ignored;
* a file modified in the last :data:`RACY_SECONDS` is parsed but not cached: a second
  edit within the file system's timestamp granularity could keep the same size and
  ``mtime_ns``, and the stale entry would then be trusted ("racy git" problem).

Small files (the shipped editions are all well under the threshold) go straight to
:func:`~briefing.model.loader.parse_toml`, so the cache costs them nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from .loader import MAX_FILE_BYTES, Parser, parse_toml

#: Bump when the entry layout or the encoding changes; older entries are then ignored.
CACHE_VERSION = 2

#: Files modified this recently are not cached (see the module docstring).
RACY_SECONDS = 2.0

#: Tags of encoded values. A TOML table with a key starting with "$" is wrapped in
#: ``{"$table": {...}}`` so it can never be mistaken for one of these.
_DATE, _DATETIME, _TIME, _TABLE = "$date", "$datetime", "$time", "$table"


class _BadEntry(Exception):
    """A cache entry that cannot be decoded; the file is parsed again instead."""


def encode(value: Any) -> Any:
    """tomllib's output as JSON-ready values; :func:`decode` gives back an equal object."""
    if isinstance(value, dict):
        table = {key: encode(item) for key, item in value.items()}
        if any(key.startswith("$") for key in value):
            return {_TABLE: table}
        return table
    if isinstance(value, list):
        return [encode(item) for item in value]
    # datetime is a subclass of date, so it is tested first.
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if isinstance(value, dt.time):
        return {_TIME: value.isoformat()}
    return value


def decode(value: Any) -> Any:
    """Undo :func:`encode`; raise :class:`_BadEntry` on anything :func:`encode` cannot have written."""
    if isinstance(value, dict):
        if len(value) == 1:
            (tag, inner), = value.items()
            try:
                if tag == _DATE:
                    return dt.date.fromisoformat(inner)
                if tag == _DATETIME:
                    return dt.datetime.fromisoformat(inner)
                if tag == _TIME:
                    return dt.time.fromisoformat(inner)
            except (TypeError, ValueError):
                raise _BadEntry(f"bad {tag} value") from None
            if tag == _TABLE:
                if not isinstance(inner, dict):
                    raise _BadEntry("bad $table value")
                return {key: decode(item) for key, item in inner.items()}
        if any(key.startswith("$") for key in value):
            raise _BadEntry("unexpected tag")
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def entry_path(cache_dir: Path, source: Path) -> Path:
    """Where the entry for ``source`` (a resolved path) lives in ``cache_dir``."""
    import hashlib  # imported here: only large files reach the cache, and imports cost CLI start-up

    digest = hashlib.sha256(os.fsencode(source)).hexdigest()[:32]
    return cache_dir / f"{digest}.json"


def _read_entry(path: Path, source: Path, size: int, mtime_ns: int) -> dict | None:
    """The cached data for ``source`` if the entry is sound and current, else None.

    An entry is JSON Lines: a header, then each top-level key on a line of its own, and
    each element of an array of tables on a line of its own. Decoding a line at a time
    lets the app's UI thread run between records; one ``json.loads`` of a 100 MB document
    would hold the interpreter for a second.
    """
    import json

    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        lines = raw.split(b"\n")
        header = json.loads(lines[0])
        if not isinstance(header, dict) or header.get("version") != CACHE_VERSION:
            return None
        if header.get("path") != str(source) or header.get("size") != size or header.get("mtime_ns") != mtime_ns:
            return None
        data: dict = {}
        index = 1
        while index < len(lines) and lines[index]:
            line = json.loads(lines[index])
            index += 1
            if not isinstance(line, dict) or not isinstance(line.get("k"), str):
                raise _BadEntry("bad key line")
            if "n" in line:
                count = line["n"]
                if not isinstance(count, int) or index + count > len(lines):
                    raise _BadEntry("bad count")
                data[line["k"]] = [decode(json.loads(item)) for item in lines[index:index + count]]
                index += count
            elif "v" in line:
                data[line["k"]] = decode(line["v"])
            else:
                raise _BadEntry("bad key line")
        if header.get("keys") != len(data):
            raise _BadEntry("truncated")
    except (ValueError, RecursionError, TypeError, _BadEntry):  # ValueError: bad JSON or UTF-8
        return None
    return data


def _entry_lines(source: Path, size: int, mtime_ns: int, data: dict) -> list[str]:
    import json

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = [dump({"version": CACHE_VERSION, "path": str(source), "size": size, "mtime_ns": mtime_ns,
                   "keys": len(data)})]
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(dump({"k": key, "n": len(value)}))
            lines.extend(dump(encode(item)) for item in value)
        else:
            lines.append(dump({"k": key, "v": encode(value)}))
    return lines


def _write_entry(path: Path, source: Path, size: int, mtime_ns: int, data: dict) -> None:
    """Write an entry atomically; give up silently on any failure."""
    import tempfile

    temp: str | None = None
    try:
        text = "\n".join(_entry_lines(source, size, mtime_ns, data)) + "\n"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
        temp = None
    except (OSError, ValueError, RecursionError, TypeError):
        pass  # the cache is an optimisation: a read-only or full disk only costs speed
    finally:
        if temp is not None:
            try:
                os.unlink(temp)
            except OSError:
                pass


def cached_parser(cache_dir: Path | None = None, min_bytes: int = 256 * 1024) -> Parser:
    """A :data:`~briefing.model.loader.Parser` that caches parsed files of at least ``min_bytes``.

    Use as ``load_model(paths, parser=cached_parser())``. ``cache_dir`` defaults to
    ``<user cache dir>/parsed`` (see :func:`~briefing.model.locations.cache_dir`), looked up
    only when a file is large enough to cache. Errors are raised exactly as
    :func:`~briefing.model.loader.parse_toml` raises them.
    """
    folder: list[Path] = [cache_dir] if cache_dir is not None else []

    def where() -> Path:
        if not folder:
            from .locations import cache_dir as user_cache_dir

            folder.append(user_cache_dir() / "parsed")
        return folder[0]

    def parse(path: Path) -> dict:
        try:
            source = path.resolve()
            stat = source.stat()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
            return parse_toml(path)  # raises the LoadError an analyst should see
        size, mtime_ns = stat.st_size, stat.st_mtime_ns
        if size < min_bytes or size > MAX_FILE_BYTES or not path.is_file():
            return parse_toml(path)
        try:
            entry = entry_path(where(), source)
        except Exception:  # no usable cache location (e.g. platformdirs failing): just parse
            return parse_toml(path)
        cached = _read_entry(entry, source, size, mtime_ns)
        if cached is not None:
            return cached
        data = parse_toml(path)
        try:
            after = source.stat()
        except OSError:
            return data
        # Only cache what was parsed from an unchanged, not-just-written file.
        if (after.st_size, after.st_mtime_ns) == (size, mtime_ns) and \
                time.time() - mtime_ns / 1e9 >= RACY_SECONDS:
            _write_entry(entry, source, size, mtime_ns, data)
        return data

    return parse
