"""Other names of the report's entities, corrections of its slips, and editor's notes: ours, not the report's.

They live in ``data/aliases.toml``, one file shared by every edition beside the edition
folders (format in ``data/README.md``). The report's words are never changed: an alias
makes a record findable by another name ("China Manned Space Agency" for ``CMSA``, 千帆
for ``Spacesail``), a correction shows a slip as ``Taigong [sic: Tiangong]`` and makes the
record findable by both, and an editor's note says where the report contradicts itself
or the public record.

The loader reads the file (:func:`build_aliases`), checks its links into the editions
(:func:`check_against`) and, as it builds each record, gives its ``entities.other_names``
the aliases of its entities and the corrected forms of the slips in its text
(:func:`other_names_for`); search folds those in with the entity names
(``store.ranking.folded_parts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from . import schema
from .alias_records import Aliases, Correction, EditorNote, EntityAliases
from .text import fold

if TYPE_CHECKING:
    from .records import Edition, Entities, Record

#: Reports a problem in the aliases file: ``(location, message)``, the location as for toml_lines.
Report = Callable[[tuple, str], None]


class Segment(NamedTuple):
    """A piece of text to show: the report's words, or (``ours``) a ``[sic: …]`` mark we added."""

    text: str
    ours: bool = False




def corrected(text: str, corrections: Iterable[Correction]) -> list[Segment]:
    """``text`` with ``[sic: correction]`` (ours) after each slip: the report's words stay as they are."""
    marks: list[tuple[int, int, Correction]] = []
    for correction in corrections:
        start = text.find(correction.wording)
        while start >= 0:
            end = start + len(correction.wording)
            if not any(s < end and start < e for s, e, _ in marks):  # overlapping slips: the first listed wins
                marks.append((start, end, correction))
            start = text.find(correction.wording, end)
    marks.sort()
    segments: list[Segment] = []
    position = 0
    for start, end, correction in marks:
        segments.append(Segment(text[position:end]))
        segments.append(Segment(f" [sic: {correction.correction}]", ours=True))
        position = end
    if position < len(text) or not segments:
        segments.append(Segment(text[position:]))
    return segments


def corrected_text(text: str, aliases: Aliases) -> str:
    """``text`` as shown with its slips marked, e.g. ``the Taigong [sic: Tiangong] space station``."""
    return "".join(segment.text for segment in corrected(text, aliases.corrections_in(text)))


def record_text(record: "Record") -> str:
    """The report's words a record quotes, where slips are looked for."""
    for field in ("text", "summary"):
        value = getattr(record, field, None)
        if isinstance(value, str):
            return value
    return f"{getattr(record, 'company', '')} {getattr(record, 'satellite', '')}"  # as the loader scans a medal row


def build_aliases(data: dict, error: Report, check_table: Callable[..., dict | None]) -> Aliases:
    """The entries of a parsed ``aliases.toml`` that are sound; each problem goes to ``error``.

    ``check_table`` is the loader's field checker (:func:`.schema_checks.check_table` bound to the file), so
    types and unknown keys are reported exactly as in the edition files.
    """
    entities: list[EntityAliases] = []
    owner: dict[str, str] = {}  # folded name or alias -> the entity claiming it
    for index, table in enumerate(data.get("entities", []) if isinstance(data.get("entities"), list) else []):
        values = check_table(table, schema.ALIAS_ENTITY, ("entities", index), f"aliases entry #{index + 1}")
        if values is None:
            continue
        name = values["name"]
        if not name.strip():
            error(("entities", index, "name"), "aliases: an entity name cannot be empty")
            continue
        if fold(name) in owner:
            claimed = owner[fold(name)]
            what = "listed twice" if claimed == name else f"already an alias of {claimed!r}"
            error(("entities", index, "name"), f"aliases: entity {name!r} is {what}")
            continue
        owner[fold(name)] = name
        kept: list[str] = []
        for alias in values["aliases"]:
            key = fold(alias)
            if not alias.strip():
                error(("entities", index, "aliases"), f"aliases: {name!r} has an empty alias")
            elif key == fold(name) or alias in kept:
                error(("entities", index, "aliases"), f"aliases: {name!r} lists {alias!r} as its own alias twice")
            elif key in owner and fold(owner[key]) == key:
                error(("entities", index, "aliases"),
                      f"aliases: {alias!r} of {name!r} is itself the entity {owner[key]!r}")
            elif key in owner:
                error(("entities", index, "aliases"),
                      f"aliases: {alias!r} is claimed by both {owner[key]!r} and {name!r}")
            else:
                owner[key] = name
                kept.append(alias)
        entities.append(EntityAliases(name, tuple(kept)))
    # An alias listed before the entity of that name was reached: the same clash, found late.
    names = {fold(entry.name): entry.name for entry in entities}
    for index, entry in enumerate(entities):
        for alias in entry.aliases:
            if fold(alias) in names and names[fold(alias)] != entry.name:
                error(("entities", index, "aliases"),
                      f"aliases: {alias!r} of {entry.name!r} is itself the entity {names[fold(alias)]!r}")
    corrections: list[Correction] = []
    for index, table in enumerate(data.get("corrections", []) if isinstance(data.get("corrections"), list) else []):
        values = check_table(table, schema.CORRECTION, ("corrections", index), f"correction #{index + 1}")
        if values is None:
            continue
        if not values["wording"].strip() or not values["correction"].strip():
            error(("corrections", index), "correction: wording and correction cannot be empty")
            continue
        if values["wording"] == values["correction"]:
            error(("corrections", index), f"correction: {values['wording']!r} is corrected to itself")
            continue
        corrections.append(Correction(values["wording"], values["correction"], values.get("note", "")))
    notes: list[EditorNote] = []
    for index, table in enumerate(data.get("editor_notes", []) if isinstance(data.get("editor_notes"), list) else []):
        values = check_table(table, schema.EDITOR_NOTE, ("editor_notes", index), f"editor's note #{index + 1}")
        if values is None:
            continue
        if "/" not in values["record"]:
            error(("editor_notes", index, "record"),
                  f"editor's note: record must be a key, edition/id, got {values['record']!r}")
            continue
        notes.append(EditorNote(values["record"], values["text"]))
    return Aliases(tuple(entities), tuple(corrections), tuple(notes))


def check_against(aliases: Aliases, editions: "Iterable[Edition]", error: Report, *, complete: bool) -> None:
    """Links from the aliases file into the editions: every entity named by some record, every
    slip found in some record's text, every note's record present.

    ``complete`` is False when only some editions of the folder were loaded: an entity or
    slip of another edition is then not missing, so only notes on loaded editions are checked.
    """
    editions = list(editions)
    loaded = {edition.id for edition in editions}
    if complete:
        from operator import attrgetter

        kinds = attrgetter(*schema.ENTITY_FIELDS)
        groups = {group for edition in editions for record in edition.records() for group in kinds(record.entities)}
        named = {fold(name) for group in groups for name in group}
        for index, entry in enumerate(aliases.entities):
            if fold(entry.name) not in named:
                error(("entities", index, "name"), f"aliases: entity {entry.name!r} is named by no record")
        texts = [record_text(record) for edition in editions for record in edition.records()]
        for index, correction in enumerate(aliases.corrections):
            if not any(correction.wording in text for text in texts):
                error(("corrections", index, "wording"),
                      f"correction: {correction.wording!r} is in no record's text")
    keys = {record.key for edition in editions for record in edition.records()}
    for index, note in enumerate(aliases.notes):
        if note.record.split("/", 1)[0] in loaded and note.record not in keys:
            error(("editor_notes", index, "record"), f"editor's note links to record {note.record!r}, "
                                                     "which does not exist")


def other_names_for(aliases: Aliases) -> "Callable[[Entities, str], Entities]":
    """A function giving ``entities`` with ``other_names`` set: the aliases of its names and the
    corrected forms of the slips in ``text``.

    Built for 100,000 records: each kind's tuple of names is looked up once (the same
    tuples recur), slips are found by one regular-expression scan of the text, and equal
    results are shared rather than built again.
    """
    import re
    from operator import attrgetter

    by_name = {fold(entry.name): entry.aliases for entry in aliases.entities}
    kinds = attrgetter(*schema.ENTITY_FIELDS)  # every kind of name, not other_names
    of_names: dict[tuple[str, ...], tuple[str, ...]] = {}
    correction_of = {c.wording: c.correction for c in reversed(aliases.corrections)}  # the first listed wins
    slip = re.compile("|".join(re.escape(w) for w in sorted(correction_of, key=len, reverse=True))) \
        if correction_of else None
    shared: dict[tuple, "Entities"] = {}

    def with_other_names(entities: "Entities", text: str) -> "Entities":
        names: tuple[str, ...] = ()
        for group in kinds(entities):
            if group:
                found = of_names.get(group)
                if found is None:
                    found = of_names[group] = tuple(a for name in group for a in by_name.get(fold(name), ()))
                names += found
        if slip is not None and text:
            names += tuple(correction_of[w] for w in slip.findall(text))
        if not names:
            return entities
        key = (entities, names)
        result = shared.get(key)
        if result is None:
            result = shared[key] = entities._replace(other_names=tuple(dict.fromkeys(names)))
        return result

    return with_other_names
