"""Notes among the hits: your notes, the notes carried to a record from an earlier edition, the team's.

Search finds a record by the words of any note shown on it, wherever it is asked (``briefing
search``, the palette, the Timeline's box), so the texts are put together here once.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence


def note_texts(notes: Mapping[str, Any], carried: Mapping[str, Any] | None = None,
               team: Mapping[str, Sequence[Any]] | None = None) -> dict[str, str]:
    """The text search reads for each record key: your note, else the note carried to it, then the team's."""
    texts = {key: note.text for key, note in notes.items() if note.text}
    for key, over in (carried or {}).items():
        if over.text and key not in texts:
            texts[key] = over.text
    for key, shared in (team or {}).items():
        joined = "\n".join(filter(None, [texts.get(key, ""), *(note.text for note in shared)]))
        if joined:
            texts[key] = joined
    return texts


def team_by_key(team: Iterable[Any]) -> dict[str, list[Any]]:
    """Team notes (``TeamNote``) grouped by the key of the record they are on, in the order given."""
    grouped: dict[str, list[Any]] = {}
    for shared in team:
        grouped.setdefault(shared.key, []).append(shared)
    return grouped


def carried_notes(model: Any, notes: Mapping[str, Any]) -> dict[str, Any]:
    """Your notes shown on records of later editions (``model.diff.carried``), by the later record's key.

    Nothing to do, and nothing matched, with one edition or with no note on an edition but the
    latest: matching two large editions takes about a second.
    """
    editions = getattr(model, "editions", ())
    if len(editions) < 2 or not notes:
        return {}
    from ..diff.carried import carry_notes, edition_links, in_period_order

    latest = in_period_order(editions)[-1].id
    if all(note.edition == latest for note in notes.values()):
        return {}
    return carry_notes(edition_links(editions), notes)
