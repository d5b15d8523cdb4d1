"""One edition's facts for ``briefing editions``, read from its folder cheaply.

Only the top of ``report.toml`` (before its first table) is parsed as TOML; records are
counted by their table headers (``[[items]]``...) in the dataset files, and the status comes
from :func:`~.status.edition_status`: listing editions never compiles or validates them.
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field, and this module loads on lookups (the first compile() of a process builds the
# AST types: a millisecond).

import re
from pathlib import Path
from typing import NamedTuple

from ..data.text import clean_text
from ..safe_io import MAX_DATA_FILE_BYTES, read_regular
from .catalog import PLACE_NAMES, Found
from .status import REVIEW_FILE, Status, edition_status

#: Each dataset file, the table header of its records, and the word for them.
COUNTED = (("news.toml", b"[[items]]", "news"), ("medals.toml", b"[[medals]]", "medals"),
           ("trends.toml", b"[[articles]]", "articles"), ("timeline.toml", b"[[events]]", "events"))
#: The source document's format, by the suffix of ``source.*`` when review.toml does not say.
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}

_FIRST_TABLE = re.compile(rb"^\s*\[", re.M)
_REVIEW_FORMAT = re.compile(rb'^format\s*=\s*"([a-z]{1,20})"\s*$', re.M)


class Summary(NamedTuple):
    id: str
    title: str
    period: str
    period_start: str
    place: str
    folder: Path
    status: Status
    counts: dict[str, int]
    source_format: str
    sha256: str
    #: Why this copy is the one used, when the id is in other places too.
    why: str = ""
    #: A sentence when report.toml could not be read.
    problem: str = ""

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "period": self.period, "period_start": self.period_start or None,
                "place": self.place, "where": PLACE_NAMES[self.place], "folder": clean_text(str(self.folder))[0],
                **self.status.as_dict(), "label": self.status.label(), "counts": self.counts,
                "source_format": self.source_format or None, "sha256": self.sha256 or None,
                "why": self.why or None, "problem": self.problem or self.status.problem or None}


def summarize(found: Found, why: str = "") -> Summary:
    """The facts of the edition ``found``: title, period, status, record counts and source."""
    head, problem = _report_head(found.folder)
    sha = head.get("source_sha256")
    return Summary(
        found.id, _text(head.get("title")), _text(head.get("period")), _text(head.get("period_start")),
        found.place, found.folder, edition_status(found.folder), _counts(found.folder),
        _source_format(found.folder), sha[:12] if isinstance(sha, str) else "", why, problem)


def _text(value: object) -> str:
    return "" if value is None else " ".join(clean_text(str(value))[0].split())


def _report_head(folder: Path) -> tuple[dict, str]:
    """The top-level keys of report.toml written before its first table, and a problem sentence."""
    import tomllib

    path = folder / "report.toml"
    try:
        data = read_regular(path, MAX_DATA_FILE_BYTES)
    except OSError as error:
        return {}, clean_text(f"{path}: {error.strerror or error}")[0]
    first = _FIRST_TABLE.search(data)
    head = data[: first.start()] if first else data
    try:
        return tomllib.loads(head.decode("utf-8")), ""
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, clean_text(f"{path}: not valid TOML ({error})")[0]


def _counts(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, header, word in COUNTED:
        try:
            data = read_regular(folder / name, MAX_DATA_FILE_BYTES)
        except OSError:
            counts[word] = 0
            continue
        counts[word] = data.count(b"\n" + header) + data.startswith(header)
    return counts


def _source_format(folder: Path) -> str:
    try:
        head = read_regular(folder / REVIEW_FILE, 64 * 1024 * 1024)[:4096]
        found = _REVIEW_FORMAT.search(head)
        if found:
            return found.group(1).decode("ascii")
    except OSError:
        pass
    for suffix, name in FORMATS.items():
        if (folder / f"source{suffix}").is_file():
            return name
    return ""
