"""Search results as listed: each hit with where it matched, the text around the match, and its notes.

``briefing search`` prints these (and ``--json``); the palette shows the same hits, in the
same order, one line each. Notes whose record is not loaded ("orphaned") are results too.
"""

from typing import Any, Callable, Mapping, Sequence

from ..data.records import Article, Event, NewsItem, ReportPart
from ..data.text import fold, match_spans
from ..store.database import DATASETS
from ..store.ranking import contains
from .finding import Finder, Found
from .notes import carried_notes, note_texts, team_by_key

#: ``kinds`` a search may be narrowed to: the datasets, and ``notes`` for items whose note matches.
KINDS = ("news", "medals", "articles", "events", "report", "notes")

#: Characters of context shown around the first match.
SNIPPET_WIDTH = 72


class Result:
    """One line of a search's results: the ``record`` (None for a note whose record is not loaded);
    ``note``, ``carried`` and ``team``: your note on it, the note carried to it from an earlier
    edition, the team's notes holding a word; ``label``: what the snippet is from when not the
    record's own text ("note: ", "note by alice: ").
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("kind", "key", "record", "note", "carried", "team", "rank", "matched_in", "snippet", "label")

    def __init__(self, kind: str, key: str, record: Any, note: Any, carried: Any, team: list, rank: int,
                 matched_in: str, snippet: str, label: str) -> None:
        self.kind = kind
        self.key = key
        self.record = record
        self.note = note
        self.carried = carried
        self.team = team
        self.rank = rank
        self.matched_in = matched_in
        self.snippet = snippet
        self.label = label


class Results:
    """What :func:`search_results` gives: the ``results`` listed (the first ``limit`` when one was
    given) and how many there are in all (``total``: beyond the hits ranked, counted by the store's
    index only when asked, since a listing in a pipe never says it).
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("found", "results", "_total", "_count")

    def __init__(self, found: Found, results: list[Result], total: int,
                 count: Callable[[], int] | None = None) -> None:
        self.found = found
        self.results = results
        self._total = total
        self._count = count  # the hits beyond those ranked, counted when first asked (total adds the rest)

    @property
    def total(self) -> int:
        if self._count is not None:
            self._total += self._count()
            self._count = None
        return self._total


def snippet(text: str, words: Sequence[str], width: int = SNIPPET_WIDTH) -> str:
    """About ``width`` characters of ``text`` around the first match of ``words``, on one line, with "…" where cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    spans = match_spans(text, list(words))
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start + 1)
        # Start on a word boundary when one is near, so the snippet does not open mid-word.
        if space != -1 and start - space < 15:
            start = space + 1
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + width // 2:
            end = space
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _bodies(record: Any) -> list[tuple[str, str]]:
    """``(label, text)`` of each text a snippet can come from, most telling first."""
    entities = ("", "; ".join(record.entities.names()))
    if isinstance(record, NewsItem):
        return [("", record.text), ("tags: ", ", ".join(record.tags)),
                ("dates: ", ", ".join(d.display() for d in record.dates)), entities]
    if isinstance(record, Article):
        return [("", record.summary), ("", " · ".join(filter(None, (record.theme, record.institution)))), entities]
    if isinstance(record, Event):
        return [("", record.text), ("", " · ".join((record.category, record.date.display(), record.status))),
                entities]
    if isinstance(record, ReportPart):
        return [("", record.text), entities]
    return [("", " · ".join((record.sector, record.company, record.satellite, record.medal))), entities]


def _matches(text: str, words: Sequence[str]) -> bool:
    """True when ``text`` holds one of ``words`` as search matches it (a short word whole)."""
    folded = fold(text)
    return any(contains(folded, word) for word in words)


def search_results(model: Any, query: str, *, kinds: Sequence[str] = KINDS, notes: Mapping[str, Any] | None = None,
                   team: Sequence[Any] = (), full_model: Any = None,
                   every_note: Mapping[str, Any] | None = None, limit: int | None = None) -> Results:
    """Every result of ``query`` over ``model``: records by their words and the notes on them, then
    orphaned notes; when the query finds nothing, those of its best near query (``found.shown_for``).

    ``notes`` are yours by key; ``team`` the team's notes (``TeamNote``); ``full_model`` every
    edition loaded (``model`` may be one of them), and ``every_note`` your notes on all of them, to
    carry notes from earlier editions (``notes`` may be only the shown edition's). With ``limit``,
    only the first results are made (snippets cost the most); ``total`` counts all, when asked.
    """
    notes = notes or {}
    shared = team_by_key(team)
    carried = carried_notes(full_model if full_model is not None else model,
                            every_note if every_note is not None else notes)
    finder = Finder(model, note_texts(notes, carried, shared))
    wanted = set(kinds)
    # The kinds and the limit go to the store unless notes are asked for with some kinds only (a hit
    # of another kind may then show for its note): a common word at 100,000 records ranks a page.
    narrowed = "notes" not in wanted or wanted.issuperset(DATASETS)
    datasets = sorted(wanted & set(DATASETS)) if narrowed else None
    found = finder.find(" ".join(query.split()), datasets, limit if narrowed else None)
    words = found.marks
    # A match is checked with the words read ("refueling" for "refuelling"); marks add the typed ones.
    read = (found.shown_for or found.reading).words
    results: list[Result] = []
    total = 0
    for hit in found.hits:
        key = hit.record.key
        note, over = notes.get(key), carried.get(key)
        note_hit = note is not None and _note_matches(note.text, read)
        over_hit = note is None and over is not None and _note_matches(over.text, read)
        team_hits = [s for s in shared.get(key, ()) if _note_matches(s.text, read)]
        if hit.record.dataset not in wanted and not ("notes" in wanted and (note_hit or over_hit or team_hits)):
            continue
        total += 1
        if limit is not None and len(results) >= limit:
            continue
        label, text = "", None
        for label, body in _bodies(hit.record):
            if body and (_matches(body, words) or _matches(body, read)):
                text = body
                break
        if text is None and note_hit:
            label, text = "note: ", note.text
        if text is None and over_hit:
            label, text = f"note (written on {over.written_on}): ", over.text
        if text is None and team_hits:
            label, text = f"note by {team_hits[0].author}: ", team_hits[0].text
        if text is None:  # matched in the title only: show how the record begins
            label, text = _bodies(hit.record)[0]
        results.append(Result(hit.record.dataset, key, hit.record, note, over, team_hits, hit.rank, hit.field,
                              snippet(text, words), label))
    count = None
    if narrowed and limit and len(found.hits) >= limit:  # more than were ranked: the index counts them
        reading = found.shown_for or found.reading
        total, count = 0, lambda: finder.count(reading, datasets)
    if "notes" in wanted:
        orphans = _orphans(model, notes, shared, read, words)
        total += len(orphans)
        results.extend(orphans)
    return Results(found, results[:limit] if limit is not None else results, total, count)


def _note_matches(text: str, words: Sequence[str]) -> bool:
    folded = fold(text)
    return bool(text) and any(contains(folded, word) for word in words)


def _orphans(model: Any, notes: Mapping[str, Any], team: Mapping[str, list], read: Sequence[str],
             words: Sequence[str]) -> list[Result]:
    """Notes (yours, then the team's) whose item is not in the loaded data, holding every word."""
    out = []

    def holds(text: str) -> bool:
        folded = fold(text)
        return bool(text) and all(contains(folded, word) for word in read)

    for key in dict.fromkeys([*notes, *team]):
        if model.get(key) is not None:
            continue
        note = notes.get(key)
        team_hits = [shared for shared in team.get(key, ()) if holds(shared.text)]
        if note is not None and holds(note.text):
            label, text = "note: ", note.text
        elif team_hits:
            label, text = f"note by {team_hits[0].author}: ", team_hits[0].text
        else:
            continue
        out.append(Result("notes", key, None, note, None, team_hits, 3, "note", snippet(text, words), label))
    return out
