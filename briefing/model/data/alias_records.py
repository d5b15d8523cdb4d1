"""What ``data/aliases.toml`` holds, as records: other names, corrections and editor's notes (ours).

Kept apart from :mod:`.aliases`, which reads and checks the file, so that the edition's
records (:mod:`.records`) can hold them without importing the reader, which needs them.
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field (a millisecond a module), and these modules load on every lookup.

from typing import NamedTuple

from .text import fold


class EntityAliases(NamedTuple):
    """The other names of one entity, by its canonical name."""

    name: str
    aliases: tuple[str, ...]


class Correction(NamedTuple):
    """A slip in the report's wording and its corrected form; ``note`` (optional) says why."""

    wording: str
    correction: str
    note: str = ""


class EditorNote(NamedTuple):
    """Ours: where a record's text contradicts itself or the public record (``record`` is a key)."""

    record: str
    text: str


class Aliases(NamedTuple):
    """Everything ``aliases.toml`` holds; empty when there is no such file."""

    entities: tuple[EntityAliases, ...] = ()
    corrections: tuple[Correction, ...] = ()
    notes: tuple[EditorNote, ...] = ()

    def of(self, name: str) -> tuple[str, ...]:
        """The other names of entity ``name`` (case and accents ignored), or ()."""
        key = fold(name)
        for entry in self.entities:
            if fold(entry.name) == key:
                return entry.aliases
        return ()

    def canonical(self, name: str) -> str | None:
        """The entity whose name or alias ``name`` is (case and accents ignored), or None."""
        key = fold(name)
        for entry in self.entities:
            if fold(entry.name) == key or any(fold(alias) == key for alias in entry.aliases):
                return entry.name
        return None

    def notes_for(self, key: str) -> tuple[str, ...]:
        """The editor's notes on the record with ``key`` (``edition/id``)."""
        return tuple(note.text for note in self.notes if note.record == key)

    def corrections_in(self, text: str) -> tuple[Correction, ...]:
        """The corrections whose slip ``text`` holds, in file order."""
        return tuple(c for c in self.corrections if c.wording in text)

    def merged(self, other: "Aliases") -> "Aliases":
        """Both files' entries, this one's first; an entry found in both is kept once."""
        if not other or other == self:
            return self
        return Aliases(*(tuple(dict.fromkeys(mine + theirs)) for mine, theirs in zip(self, other)))

    def __bool__(self) -> bool:
        return bool(self.entities or self.corrections or self.notes)


NO_ALIASES = Aliases()
