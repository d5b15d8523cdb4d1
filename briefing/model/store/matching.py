"""Narrowing one list of stored records to those holding every word: the Timeline's search-as-you-type.

Ranked search over everything is :mod:`.search`; this is its quick cousin for one list:
the folded text of each record is read from the store once (no record is read), the
analyst's notes are folded in, and a query costs one substring test per word per
record: about 10 ms over 100,000 events, and :meth:`SearchIndex.matching` can narrow an
earlier result instead of scanning everything again.

At 100,000 events a test per record costs 10-35 ms however little of the text it reads
(each text is elsewhere in memory), and the first letters of a word match tens of
thousands of records. :meth:`SearchIndex.with_words` (about 1.5 s there: built off the UI
thread) answers without visiting the texts: which records hold each letter and digit (a
one-letter query), and which hold each distinct whitespace-separated word of the texts
(some 17,000): a longer query word lies inside some of those. Both are masks, a byte per
record (a word in few records keeps its positions instead), joined as big integers in C.
"""

from __future__ import annotations

import re
from array import array
from collections import deque
from itertools import compress, repeat
from operator import contains
from typing import Iterable, Mapping, Sequence

from ..data.records import Record
from ..data.text import fold
from .database import StoredRecords

#: The characters with a mask: what a folded query word is nearly always made of.
MASKED = "abcdefghijklmnopqrstuvwxyz0123456789"


class SearchIndex:
    """The folded text (title, entities, body, the analyst's note) of each record of a stored list."""

    def __init__(self, records: StoredRecords, notes: Mapping[str, str] | None = None) -> None:
        self.records: Sequence[Record] = records
        self.notes = notes or {}
        self._all = records.haystacks()
        if self.notes:
            for position, key in self._positions_of(records, self.notes):
                self._all[position] += "\n" + fold(self.notes[key])
        #: Character → byte ``i`` is 1 when record ``i`` holds it (see :meth:`with_words`); empty until then.
        self._masks: dict[str, bytes] = {}
        #: Each distinct whitespace-separated word of the texts → the records holding it: their
        #: positions, ascending, or a mask like the letters' for a word in many records.
        self._holding: dict[str, array | bytes] = {}
        self._vocabulary = ""  # those words, one a line
        #: The last query word answered from ``_holding``, the words holding it, and the records
        #: holding those: a word typed on from it lies inside some of those words.
        self._last: tuple[str, list[str], bytes | bytearray] = ("", [], b"")

    @staticmethod
    def _positions_of(records: StoredRecords, keys: Iterable[str]) -> list[tuple[int, str]]:
        wanted = set(keys)
        return [(position, key) for position, key in enumerate(records.keys()) if key in wanted]

    def __len__(self) -> int:
        return len(self.records)

    def with_words(self) -> "SearchIndex":
        """This index with the letter masks and the words' records: a new object, so a thread can
        build it while the UI goes on searching with this one."""
        fuller = SearchIndex.__new__(SearchIndex)
        fuller.records, fuller.notes, fuller._all = self.records, self.notes, self._all
        fuller._last = ("", [], b"")
        # bytes(map(...)) tests every text in C: byte i is 1 when record i holds the character.
        fuller._masks = {char: bytes(map(contains, self._all, repeat(char))) for char in MASKED}
        # Arrays from the start: half the memory of lists (4 million positions at 100,000 events),
        # and nothing for the collector to walk.
        holding: dict[str, array] = {}
        for position, text in enumerate(self._all):
            for word in set(text.split()):
                found = holding.get(word)
                if found is None:
                    holding[word] = array("i", (position,))
                else:
                    found.append(position)
        # A word in many records is kept as a mask (n bytes; fewer than an array of its positions
        # from an eighth of the records on): masks are joined in C, as one big integer OR.
        count, many = len(self._all), len(self._all) // 8
        fuller._holding = {word: _mask_of(found, count) if len(found) > many else found
                           for word, found in holding.items()}
        fuller._vocabulary = "\n".join(fuller._holding)
        return fuller

    def matching(self, words: Sequence[str], within: Iterable[int] | None = None) -> list[int]:
        """Positions of records holding every word, in list order, optionally only among ``within``
        (ascending positions, each once)."""
        result: Sequence[int] = (range(len(self.records)) if within is None
                                 else within if isinstance(within, Sequence) else list(within))
        if not words:
            return list(result)
        haystacks = self._all
        # One word at a time, longest (most selective) first: each pass scans only what the
        # last one kept, about three times faster than all() per record for two words.
        for word in sorted(set(words), key=len, reverse=True):
            holds = self._holding_mask(word)
            if holds is None:
                result = [i for i in result if word in haystacks[i]]
            elif len(result) == len(haystacks):  # every record (a range, or the positions of all)
                result = list(compress(range(len(haystacks)), holds))  # the mask is the answer
            else:
                result = list(compress(result, map(holds.__getitem__, result)))
        return result  # a list made by the last pass (not another copy: 100,000 positions for "s")

    def _holding_mask(self, word: str) -> bytes | bytearray | None:
        """Byte ``i`` is 1 when record ``i`` holds ``word``, found without its text; None to test each text."""
        mask = self._masks.get(word)
        if mask is not None:
            return mask
        if not self._holding or not word or any(char.isspace() for char in word):
            return None  # a phrase ("long march 8") can span words: the texts decide
        # Every occurrence of a word without whitespace lies inside one whitespace-separated word.
        last, inside, holds = self._last
        if last and last in word:
            known = [w for w in inside if word in w]
        else:  # every word holding it, from one C search of them all, one a line
            known = re.findall(f"^.*{re.escape(word)}.*$", self._vocabulary, re.MULTILINE)
        if known != inside or not last:
            holds = self._union(known)
        self._last = (word, known, holds)
        return holds

    def _union(self, words: list[str]) -> bytearray:
        """The records holding any of ``words``, as a mask: masks ORed as integers, positions set in C."""
        count, holding = len(self._all), self._holding
        masks = [found for found in map(holding.__getitem__, words) if type(found) is bytes]
        joined = 0
        for mask in masks:
            joined |= int.from_bytes(mask, "little")
        union = bytearray(joined.to_bytes(count, "little"))
        for found in map(holding.__getitem__, words):
            if type(found) is not bytes:
                _set_all(union, found)
        return union


def _set_all(mask: bytearray, positions: Iterable[int]) -> None:
    """Byte ``i`` of ``mask`` set to 1 for each of ``positions`` (map runs the loop in C)."""
    deque(map(mask.__setitem__, positions, repeat(1)), maxlen=0)


def _mask_of(positions: Iterable[int], count: int) -> bytes:
    mask = bytearray(count)
    _set_all(mask, positions)
    return bytes(mask)
