"""Ids for drafted records: lowercase kebab-case slugs with the kind's prefix, unique in the edition."""

from __future__ import annotations

import functools
import re
import unicodedata

_STOP = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "by", "at", "with", "from", "its", "is",
         "are", "was", "were", "that", "this", "as", "s"}

#: The words of a lower-cased ASCII title: the non-empty pieces a split at every other character gives.
_WORD = re.compile(r"[a-z0-9]+")


# A news item's headline is often its first event's title too, asked for in a row: a few entries do.
@functools.lru_cache(maxsize=8)
def slug(text: str, words: int = 5) -> str:
    """``"Pair of Shijian Satellites Launched"`` -> ``"pair-shijian-satellites-launched"``."""
    if text.isascii():  # most titles: decomposing and dropping what is not ASCII would change nothing
        ascii_text = text[:400].lower()
    else:
        ascii_text = unicodedata.normalize("NFKD", text[:400]).encode("ascii", "ignore").decode().lower()
    parts = [p for p in _WORD.findall(ascii_text) if p not in _STOP]
    return "-".join(parts[:words]) or "untitled"


class IdMaker:
    """Hands out ids, adding ``-2``, ``-3``... where one is taken: ids are unique across all five files."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        #: the next number to try for each base: 20,000 items of one title cost 20,000 steps, not their square
        self._next: dict[str, int] = {}

    def make(self, prefix: str, text: str, words: int = 5) -> str:
        base = f"{prefix}-{slug(text, words)}"
        ident, number = base, self._next.get(base, 2)
        if ident in self.taken:
            ident = f"{base}-{number}"
            while ident in self.taken:
                number += 1
                ident = f"{base}-{number}"
            number += 1
        self._next[base] = number
        self.taken.add(ident)
        return ident
