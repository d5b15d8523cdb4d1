"""A draft's ``review.toml`` read for reviewing: each drafted value with a stable id, its sentence,
why it is doubtful, and whether it has been decided.

``briefing draft`` writes one ``[[values]]`` table per drafted value (see :mod:`.provenance`).
Reviewing adds to a value, never removes: ``reviewed = true`` once decided (so ``briefing
validate`` and the edition's status stop counting it), ``decision`` (``"accepted"``,
``"edited"`` or ``"rejected"``), ``decided`` (the number of the decision in the log, see
:mod:`.review_decisions`) and, for an edited value, ``drafted`` (the value as drafted; ``value``
then holds what the data file holds now).

A value's id is a short hash of where it came from (file, record, field, item, span, the value
as drafted), so it stays the same whatever else is decided, edited or appended meanwhile.
Doubtful values are those under :data:`.provenance.DOUBTFUL` confidence; they are listed in the
report's order (the paragraph they came from, then the place in it), grouped by record.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from ..data.text import clean_text
from ..safe_io import read_regular_stat
from .provenance import DOUBTFUL

REVIEW_FILE = "review.toml"
#: review.toml is read whole; a larger one is refused (a 1,000-value draft is 0.3 MB).
MAX_REVIEW_BYTES = 32 * 1024 * 1024
#: The longest sentence shown around a span; a span over a whole long paragraph is cut around its start.
MAX_SENTENCE_CHARS = 600

DECISIONS = ("accepted", "edited", "rejected")


class ReviewError(Exception):
    """A review that cannot go on, said in one sentence for the analyst."""


def _text(value: object) -> str:
    return clean_text(value if isinstance(value, str) else str(value))[0]


class ReviewValue(NamedTuple):
    """One drafted value, as review.toml holds it (strings cleaned of control characters)."""

    id: str
    index: int
    file: str
    record: str
    field: str
    value: str
    item: str | None
    start: int
    end: int
    confidence: float
    how: str
    reviewed: bool
    decision: str | None = None
    decided: int | None = None
    drafted: str | None = None
    #: Written by the drafter (``ours = true``: a title, a topic): the analyst's to reword, never doubtful.
    ours: bool = False

    @property
    def doubtful(self) -> bool:
        return not self.ours and self.confidence < DOUBTFUL

    @property
    def left(self) -> bool:
        """A doubtful value nobody has decided yet: what "N of M left" counts."""
        return self.doubtful and not self.reviewed

    @property
    def record_key(self) -> tuple[str, str]:
        return (self.file, self.record)


def value_id(table: dict[str, Any]) -> str:
    """The stable id of a ``[[values]]`` table: a hash of where it came from and the value as drafted."""
    drafted = table.get("drafted", table.get("value", ""))
    parts = [str(table.get(k, "")) for k in ("file", "record", "field", "item", "start", "end")] + [str(drafted)]
    return "v" + hashlib.blake2s("\x1f".join(parts).encode("utf-8", "replace"), digest_size=4).hexdigest()[:7]


def _number(value: object, default: float = 0.0) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def read_values(tables: list[Any]) -> list[ReviewValue]:
    """The ``[[values]]`` tables as :class:`ReviewValue`, ids made unique (``-2`` on a repeat)."""
    values: list[ReviewValue] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables):
        if not isinstance(table, dict):
            continue
        ident = value_id(table)
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] > 1:
            ident = f"{ident}-{seen[ident]}"
        decision = table.get("decision")
        decided = table.get("decided")
        item = table.get("item")
        drafted = table.get("drafted")
        values.append(ReviewValue(
            ident, index, _text(table.get("file", "?")), _text(table.get("record", "?")),
            _text(table.get("field", "?")), _text(table.get("value", "")),
            _text(item) if isinstance(item, str) and item else None,
            int(_number(table.get("start"))), int(_number(table.get("end"))),
            _number(table.get("confidence"), 1.0), _text(table.get("how", "")),
            table.get("reviewed") is True,
            decision if decision in DECISIONS else None,
            decided if isinstance(decided, int) and not isinstance(decided, bool) else None,
            _text(drafted) if drafted is not None else None,
            table.get("ours") is True,
        ))
    return values


def parse_review(data: bytes, path: Path) -> dict[str, Any]:
    """review.toml's bytes as a dict; :class:`ReviewError` when it is not TOML."""
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        raise ReviewError(f"{path} cannot be read as TOML ({error}); fix it by hand or draft again") from None
    if not isinstance(parsed.get("values", []), list) or not isinstance(parsed.get("decisions", []), list):
        raise ReviewError(f"{path}: values and decisions must be arrays of tables")
    return parsed


def read_review_file(path: Path) -> tuple[dict[str, Any], bytes]:
    """Parse review.toml at ``path`` (a regular file, capped); :class:`ReviewError` when it cannot be."""
    doc, data, _ = read_review_file_stat(path)
    return doc, data


def read_review_file_stat(path: Path) -> tuple[dict[str, Any], bytes, tuple[int, int, int]]:
    """:func:`read_review_file`, with ``(inode, size, mtime)`` of the very file read: what a reviewer
    compares later to tell whether someone else wrote review.toml since (a stat taken after the
    read could describe a file another reviewer wrote meanwhile, and that decision would be lost)."""
    try:
        data, found = read_regular_stat(path, MAX_REVIEW_BYTES)
    except FileNotFoundError:
        raise ReviewError(f"{path.parent} has no {REVIEW_FILE}: it is not a draft (or was reviewed and the file "
                          "removed)") from None
    except OSError as error:
        raise ReviewError(f"cannot read {path}: {error.strerror or error}") from None
    return parse_review(data, path), data, (found.st_ino, found.st_size, found.st_mtime_ns)


def left_count(values: list[ReviewValue]) -> tuple[int, int]:
    """(doubtful values not yet decided, doubtful values): "37 of 122 left"."""
    doubtful = [v for v in values if v.doubtful]
    return sum(1 for v in doubtful if not v.reviewed), len(doubtful)


def left_phrase(values: list[ReviewValue]) -> str:
    """"37 of 122 left", or "reviewed: nothing left of 122" once every doubtful value is decided."""
    left, total = left_count(values)
    if left == 0:
        return f"reviewed: nothing left of {total}" if total else "reviewed: nothing was doubtful"
    return f"{left} of {total} left"


# -- the report's order ------------------------------------------------------------------------------


def report_order(values: list[ReviewValue], item_order: dict[str, int]) -> list[ReviewValue]:
    """Doubtful values in the report's order, grouped by record.

    A value's place is its paragraph (``item_order``) and its offset there. A value read from
    no paragraph takes the place of the first value of its file that was (a medal row that of
    the medal table's paragraph); the report's own title comes first. Records are ordered by
    their first doubtful value, and a record's values follow one another.
    """
    anchors: dict[str, tuple[float, float]] = {}
    for value in values:
        if value.item in item_order and value.file not in anchors:
            anchors[value.file] = (item_order[value.item], value.start + 0.5)

    def place(value: ReviewValue) -> tuple[float, float, int]:
        if value.item in item_order:
            return (item_order[value.item], value.start, value.index)
        if value.file == "report.toml" and value.record == "report":
            return (-1, 0, value.index)
        return (*anchors.get(value.file, (-1, 0)), value.index)

    doubtful = sorted((v for v in values if v.doubtful), key=place)
    first: dict[tuple[str, str], int] = {}
    for position, value in enumerate(doubtful):
        first.setdefault(value.record_key, position)
    return sorted(doubtful, key=lambda v: (first[v.record_key], place(v)))


# -- the sentence, and why ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """The report's sentence a value came from, and the value's span within it (``start == end``: none)."""

    text: str
    start: int
    end: int
    item: str | None = None


def _span_in(text: str, value: ReviewValue) -> tuple[int, int]:
    """The value's span in its paragraph, kept within the text.

    A span as long as the value that holds other words, where the value itself is written once in
    the paragraph, was counted from somewhere else (a sentence's start, not the paragraph's): the
    value's own words are marked instead, never words it was not read from.
    """
    start = max(0, min(value.start, len(text)))
    end = max(start, min(value.end, len(text)))
    drafted = value.drafted if value.drafted is not None else value.value
    if end - start == len(drafted) > 3 and text[start:end] != drafted and text.count(drafted) == 1:
        start = text.index(drafted)
        end = start + len(drafted)
    return start, end


def sentence_of(texts: dict[str, str], value: ReviewValue) -> Sentence:
    """The sentences of the value's paragraph holding its span (cut to :data:`MAX_SENTENCE_CHARS`)."""
    text = texts.get(value.item or "")
    if not text:
        return Sentence("", 0, 0, value.item)
    from .sentences import sentence_spans

    start, end = _span_in(text, value)
    spans = sentence_spans(text) or [(0, len(text))]
    chosen = [(a, b) for a, b in spans if a < max(end, start + 1) and b > start] or spans[:1]
    first, last = chosen[0][0], chosen[-1][1]
    # Within the span's sentences, a window of at most MAX_SENTENCE_CHARS holding the span's start.
    window_start = first if start < first + MAX_SENTENCE_CHARS * 2 // 3 else start - MAX_SENTENCE_CHARS // 3
    window_end = min(last, window_start + MAX_SENTENCE_CHARS)
    piece = text[window_start:window_end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    prefix = "…" if window_start > first else ""
    shown = prefix + piece + ("…" if window_end < last else "")
    offset = window_start + lead - len(prefix)
    span_start = max(len(prefix), min(start - offset, len(prefix) + len(piece)))
    span_end = max(span_start, min(end - offset, len(prefix) + len(piece)))
    return Sentence(shown, span_start, span_end, value.item)


def why_doubtful(value: ReviewValue) -> str:
    """In a few words, why the drafter is unsure of ``value`` (from how it was found)."""
    how = value.how
    low = how.lower()
    if low.startswith("ours"):
        reason = "ours: written by the drafter, not the report's words"
        detail = how.partition(":")[2].strip()
        return f"{reason} ({detail})" if detail else reason
    if value.field in ("date", "dates"):
        stripped = value.value.strip()
        if stripped.isdigit() and len(stripped) == 4:
            return "a year alone: is this the date of the event, or a year named in passing?"
        if "no such day" in low:
            return "the report names a day that does not exist"
        return f"a date read by our date grammar ({how})" if how else "a date read by our date grammar"
    if "alias" in low:
        return f"named by another name in the report ({how})"
    if "spelled" in low:
        return f"the report spells it differently ({how})"
    if "new name" in low or "capitalised" in low:
        return "a name never seen in an earlier edition"
    if "composed" in low:
        return f"put together by the drafter ({how})"
    if "tense" in low:
        return "happened or planned, read from the sentence's tense"
    if "linked" in low:
        return f"its paragraph was guessed ({how})"
    return f"found by a rule: {how}" if how else "found by a rule the drafter is unsure of"
