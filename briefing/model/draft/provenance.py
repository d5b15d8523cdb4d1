"""Where each drafted value came from, and how sure the drafter is: ``review.toml`` and ``REVIEW.md``.

Every value the drafter writes is noted with the news item (paragraph) it was read from, the
character span in that item's ``text`` (``start`` to ``end``, end excluded), a confidence from 0 to 1, and how it
was found. ``review.toml`` lists them as ``[[values]]`` with ``reviewed = false``; the analyst
marks one checked by changing that line to ``reviewed = true``. ``briefing validate`` warns
about every value still unreviewed. ``REVIEW.md`` (:mod:`.review_report`) shows the doubtful ones beside their sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Values below DOUBTFUL are listed in REVIEW.md and are the ones to review; every value is in
# review.toml either way. Defined with the edition status, which non-draft code reads too.
from ..library.status import DOUBTFUL
from ..data.text import clean_text


@dataclass(slots=True)  # a 10 MB report has some 300,000: no per-note dict
class Note:
    file: str
    record: str
    field: str
    value: object
    item: str | None
    start: int
    end: int
    confidence: float
    how: str
    #: Written by the drafter (a title, a topic, a proposed figure), not read from the report:
    #: marked as ours, for the analyst to keep or reword, and never counted as a doubtful reading.
    ours: bool = False

    @property
    def doubtful(self) -> bool:
        return not self.ours and self.confidence < DOUBTFUL


class Provenance:
    def __init__(self) -> None:
        self.notes: list[Note] = []
        # A 10 MB report makes some 300,000 notes from a few dozen fields, wordings of "how" and
        # confidences, and spans within paragraphs: each such value is held once (a float is 24
        # bytes, a number over 256 28, "entities.organisations" 71), up to SHARED of each kind.
        self._confidences: dict[float, float] = {}
        self._words: dict[str, str] = {}
        self._numbers: dict[int, int] = {}

    def note(self, file: str, record: str, field: str, value: object, item: str | None,
             span: tuple[int, int] = (0, 0), confidence: float = 0.9, how: str = "") -> None:
        rounded = self._confidences.get(confidence)
        if rounded is None:
            rounded = round(confidence, 2)
            if len(self._confidences) < SHARED:
                self._confidences[confidence] = rounded
        # _once's lookups written out: some 30,000 notes a megabyte, four values each, mostly held already.
        words, numbers = self._words, self._numbers
        start, end = span
        self.notes.append(Note(file, record, words.get(field) or _once(words, field), value, item,
                               numbers.get(start, start) if start in numbers else _once(numbers, start),
                               numbers.get(end, end) if end in numbers else _once(numbers, end), rounded,
                               words.get(how) or _once(words, how), how.startswith("ours")))

    def as_toml(self, source_name: str, sha256: str, source_format: str,
                original_name: str | None = None, original_sha256: str | None = None) -> dict:
        """review.toml as a document: ``[source]`` and every ``[[values]]`` table."""
        return {"source": self.source_table(source_name, sha256, source_format, original_name, original_sha256),
                "values": list(self.value_tables())}

    @staticmethod
    def source_table(source_name: str, sha256: str, source_format: str,
                     original_name: str | None = None, original_sha256: str | None = None) -> dict:
        source: dict = {"file": source_name, "sha256": sha256, "format": source_format}
        if original_name:
            # The document as received; ``file`` is the text it was read as (report.toml's source_sha256).
            source.update({"original": original_name, "original_sha256": original_sha256})
        source["drafted"] = dt.date.today()
        return source

    def value_tables(self):
        """Each ``[[values]]`` table, one at a time (the writer streams them: no list of 300,000 dicts)."""
        for n in self.notes:
            yield {"file": n.file, "record": n.record, "field": n.field, "value": _shown(n.value),
                   **({"item": n.item} if n.item else {}), "start": n.start, "end": n.end,
                   "confidence": n.confidence, "how": n.how, **({"ours": True} if n.ours else {}), "reviewed": False}


#: Distinct values of a kind held once by a Provenance (see ``Provenance.__init__``).
SHARED = 20_000


def _once(kept: dict, value):
    """``value``, or the equal one ``kept`` holds already (kept there while there is room)."""
    found = kept.get(value)
    if found is None:
        if len(kept) >= SHARED:
            return value
        found = kept[value] = value
    return found


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentences of ``text`` holding ``[start, end)`` (the first sentence for an empty span at 0)."""
    from .sentences import sentence_spans

    spans = sentence_spans(text)
    if not spans:
        return ""
    chosen = [(a, b) for a, b in spans if a < max(end, start + 1) and b > start] or spans[:1]
    return text[chosen[0][0]: chosen[-1][1]].strip()
