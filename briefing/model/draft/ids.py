"""Ids for drafted records: lowercase kebab-case slugs with the kind's prefix, unique in the edition."""

from __future__ import annotations

import re
import unicodedata

_STOP = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "by", "at", "with", "from", "its", "is",
         "are", "was", "were", "that", "this", "as", "s"}


def slug(text: str, words: int = 5) -> str:
    """``"Pair of Shijian Satellites Launched"`` -> ``"pair-shijian-satellites-launched"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = [p for p in re.split(r"[^a-z0-9]+", ascii_text) if p and p not in _STOP]
    return "-".join(parts[:words]) or "untitled"


class IdMaker:
    """Hands out ids, adding ``-2``, ``-3``... where one is taken: ids are unique across all five files."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, prefix: str, text: str, words: int = 5) -> str:
        base = f"{prefix}-{slug(text, words)}"
        ident, number = base, 2
        while ident in self.taken:
            ident, number = f"{base}-{number}", number + 1
        self.taken.add(ident)
        return ident
