"""An edition's status: a draft (N of M doubtful values left to review), reviewed, or published.

The one definition the whole code base uses (:func:`edition_status`):

* the values *to review* are those in the draft's ``review.toml`` with a confidence under
  :data:`DOUBTFUL`; those still ``reviewed = false`` are *left*;
* ``published.toml`` in the folder (written by ``briefing publish``: who, when, and the reason
  when forced) marks it **published**, whatever is left;
* else a folder with ``review.toml`` is a **draft** while any value is left, **reviewed** when none is;
* a folder with neither is a hand-checked edition (the shipped one): **published**.

``review.toml`` of a real report runs to ~3,900 lines, which ``tomllib`` takes 22 ms to parse:
too slow for every start-up and every ``briefing editions``. The file is written by
``tomli_w`` (one ``key = value`` a line, each value a ``[[values]]`` table), so it is read by
lines (0.1 ms); a file in any other shape is parsed as TOML instead.
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field, and this module loads on lookups (the first compile() of a process builds the
# AST types: a millisecond).

import re
from pathlib import Path
from typing import NamedTuple

from ..safe_io import read_regular

#: Values the drafter is less sure of than this are the ones an analyst must review.
DOUBTFUL = 0.9

#: The draft's record of each drafted value (written by ``briefing draft``).
REVIEW_FILE = "review.toml"
#: The mark ``briefing publish`` leaves in an edition folder.
PUBLISHED_FILE = "published.toml"

#: review.toml and published.toml are read whole up to these sizes; larger ones are not read.
MAX_REVIEW_BYTES = 32 * 1024 * 1024
MAX_PUBLISHED_BYTES = 64 * 1024

DRAFT, REVIEWED, PUBLISHED = "draft", "reviewed", "published"

#: Compiled (by ``re``, once) when a review.toml is first read, not as every ``briefing show`` loads.
_CONFIDENCE = rb"(?m)^confidence\s*=\s*([-+0-9.eE]+)\s*$"


class Status(NamedTuple):
    """What :func:`edition_status` says of one edition folder."""

    kind: str
    #: Doubtful values still unreviewed, and all doubtful values (0 and 0 with no review.toml).
    left: int = 0
    total: int = 0
    #: From published.toml: who published, when (ISO text), and why when forced.
    by: str = ""
    when: str = ""
    reason: str = ""
    #: A sentence when review.toml or published.toml could not be read.
    problem: str = ""

    @property
    def is_draft(self) -> bool:
        return self.kind == DRAFT

    @property
    def forced(self) -> bool:
        return bool(self.reason)

    def label(self) -> str:
        """``draft (37 of 122 left)``, ``reviewed``, ``published``, ``published (forced: REASON)``."""
        if self.kind == DRAFT:
            return f"draft ({self.left} of {self.total} left)" if not self.problem else "draft (review.toml unreadable)"
        if self.kind == PUBLISHED and self.reason:
            return f"published (forced: {self.reason})"
        return self.kind

    def mark(self) -> str:
        """The short mark shown beside a draft's name (``DRAFT 37 of 122 left``), empty otherwise."""
        if self.kind != DRAFT:
            return ""
        return "DRAFT" if self.problem else f"DRAFT {self.left} of {self.total} left"

    def as_dict(self) -> dict:
        return {"status": self.kind, "left": self.left, "doubtful": self.total, "published_by": self.by or None,
                "published_at": self.when or None, "reason": self.reason or None, "problem": self.problem or None}


class Counts(NamedTuple):
    left: int
    total: int


def edition_status(folder: Path) -> Status:
    """The status of the edition in ``folder`` (see the module docstring)."""
    from ..data.text import clean_text

    published = _published(folder)
    counts, problem = review_counts(folder)
    if published is not None:
        by, when, reason, mark_problem = published
        left, total = counts if counts else (0, 0)
        return Status(PUBLISHED, left, total, by, when, reason, mark_problem)
    if counts is None and not problem:
        return Status(PUBLISHED)  # hand-checked: no review.toml, as the shipped edition
    if problem:
        return Status(DRAFT, problem=clean_text(problem)[0])
    assert counts is not None
    return Status(DRAFT if counts.left else REVIEWED, counts.left, counts.total)


def review_counts(folder: Path) -> tuple[Counts | None, str]:
    """Doubtful values left and in all in ``folder/review.toml``; (None, "") when there is none."""
    path = folder / REVIEW_FILE
    try:
        data = read_regular(path, MAX_REVIEW_BYTES)
    except FileNotFoundError:
        return None, ""
    except OSError as error:
        return None, f"{path}: {error.strerror or error}"
    counted = _counted_by_lines(data)
    if counted is not None:
        return counted, ""
    return _counted_as_toml(path, data)


def doubtful_left(values: list) -> list[int]:
    """The indexes of the doubtful values still unreviewed among review.toml's ``values`` (parsed)."""
    return [index for index, value in enumerate(values)
            if isinstance(value, dict) and _doubtful(value) and value.get("reviewed") is not True]


def _doubtful(value: dict) -> bool:
    """A value to review: read from the report with confidence under DOUBTFUL (never one the drafter wrote, ``ours``)."""
    confidence = value.get("confidence")
    return (isinstance(confidence, (int, float)) and not isinstance(confidence, bool) and confidence < DOUBTFUL
            and value.get("ours") is not True)


def _counted_by_lines(data: bytes) -> Counts | None:
    """Counts read line by line from a review.toml as tomli_w writes it; None for any other shape."""
    blocks = data.split(b"\n[[values]]\n")
    if len(blocks) < 2 or b"[[values]]" in blocks[0] or b"values =" in blocks[0]:
        return None
    left = total = 0
    for block in blocks[1:]:
        if b"\n[" in block.rstrip(b"\n").replace(b"\n[[values]]", b""):
            return None  # a table inside a value, or another table after them: not the drafter's shape
        found = re.findall(_CONFIDENCE, block)
        reviewed_true = block.count(b"\nreviewed = true")
        reviewed_false = block.count(b"\nreviewed = false")
        if len(found) != 1 or reviewed_true + reviewed_false != 1:
            return None
        try:
            confidence = float(found[0])
        except ValueError:
            return None
        if confidence < DOUBTFUL and b"\nours = true" not in block:
            total += 1
            left += reviewed_false
    return Counts(left, total)


def _counted_as_toml(path: Path, data: bytes) -> tuple[Counts | None, str]:
    import tomllib

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return None, f"{path}: not valid TOML ({error})"
    values = parsed.get("values", [])
    if not isinstance(values, list):
        return None, f"{path}: values is not an array of tables"
    total = sum(1 for value in values if isinstance(value, dict) and _doubtful(value))
    return Counts(len(doubtful_left(values)), total), ""


def _published(folder: Path) -> tuple[str, str, str, str] | None:
    """(by, when, reason, problem) from ``published.toml``, or None when the edition bears no such mark."""
    from ..data.text import clean_text

    path = folder / PUBLISHED_FILE
    try:
        data = read_regular(path, MAX_PUBLISHED_BYTES)
    except FileNotFoundError:
        return None
    except OSError as error:
        return "", "", "", clean_text(f"{path}: {error.strerror or error}")[0]
    import tomllib

    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return "", "", "", clean_text(f"{path}: not valid TOML ({error})")[0]

    def text(key: str) -> str:
        value = parsed.get(key, "")
        return clean_text(" ".join(str(value).split()))[0] if value != "" else ""

    return text("by"), text("when"), text("reason"), ""


def statuses_of(paths: list[Path]) -> dict[str, Status]:
    """The status of every edition under ``paths``, by edition id (the first folder of an id, as loaded)."""
    from ..data.editions import edition_id_of, find_editions

    found: dict[str, Status] = {}
    for folder in find_editions(paths, []):
        found.setdefault(edition_id_of(folder), edition_status(folder))
    return found


def draft_line(edition_id: str, status: Status) -> str:
    """What a front end says of a draft: ``DRAFT: 37 of 122 values left to review (briefing review ID)``."""
    if not status.is_draft:
        return ""
    if status.problem:
        return f"DRAFT: {status.problem}"
    return f"DRAFT: {status.left} of {status.total} values left to review (briefing review {edition_id})"
