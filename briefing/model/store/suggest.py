"""Near words for a query that found nothing: ``pakistn`` → ``pakistan``.

One vocabulary serves the app's command palette and ``briefing search``. It is the set
of folded words in every record's searchable text (title, entities, body), built only
when a search has come back empty, so it never costs start-up, and read from the store's
word index (:func:`vocabulary`). Matching uses the standard library's :mod:`difflib`; the
shipped data has 817 distinct words, 100,000 events 2,721, and building them and
suggesting takes milliseconds.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Sequence

from ..data.model import Model
from ..data.records import field_of
from .ranking import query_words

#: A word of the vocabulary: letters and digits, with inner hyphens ("shijian-25").
_WORD = re.compile(r"\w+(?:-\w+)*")
#: Words shorter than this are left out: "of", "in" and "a" make poor suggestions.
MIN_LENGTH = 3
#: How alike (difflib's ratio) a word must be to be suggested.
CUTOFF = 0.75

DATASETS = ("news", "medals", "articles", "events", "report")


def _texts(model: Model) -> Iterable[str]:
    for edition in model.editions:
        for dataset in DATASETS:
            yield from getattr(edition, field_of(dataset)).haystacks()  # folded already, read from the store


def vocabulary(model: Model) -> list[str]:
    """Every distinct folded word of at least :data:`MIN_LENGTH` characters in ``model``, sorted.

    Read from the store's word index where the model shows all the store holds: the words it
    indexes, and the words of the entities' names, hyphens kept ("shijian-25", which the index
    holds as "shijian" and "25"). Reading every record's text instead took 5 s at 100,000 events, on
    every query that found nothing. A hyphenated word found only in a record's text ("long-term")
    is then offered as its parts.
    """
    indexed = _indexed_words(model)
    if indexed is not None:
        return indexed
    words: set[str] = set()
    for text in _texts(model):
        words.update(w for w in _WORD.findall(text) if len(w) >= MIN_LENGTH)
    return sorted(words)


def _indexed_words(model: Model) -> list[str] | None:
    from .database import Store

    store = model.store
    if not isinstance(store, Store):
        return None
    shown = sorted(edition.id for edition in model.editions)
    if sorted(edition for (edition,) in store.query("SELECT id FROM editions")) != shown:
        return None  # the index holds editions not shown: their words would be offered
    found = store.indexed_words(MIN_LENGTH)
    if found is None:
        return None
    terms, names = found
    words = set(terms)
    for name in names:
        words.update(w for w in _WORD.findall(name) if len(w) >= MIN_LENGTH)
    return sorted(words)


def near_words(word: str, words: Sequence[str], limit: int = 3) -> list[str]:
    """Up to ``limit`` words of ``words`` most like ``word`` (folded), best first; ``word`` itself excluded."""
    found = difflib.get_close_matches(word, words, n=limit + 1, cutoff=CUTOFF)
    return [w for w in found if w != word][:limit]


def corrected_queries(query: str, words: Sequence[str], limit: int = 3) -> list[str]:
    """Queries like ``query`` with each word not in ``words`` replaced by a near word, best first.

    ``"pakistn ties"`` gives ``["pakistan ties"]``; an empty list when no word of the query is
    unknown or an unknown word has nothing near it.
    """
    known = set(words)
    parts = query_words(query)
    options: list[list[str]] = []
    changed = False
    for part in parts:
        if part in known or any(part in w for w in words):  # found as written: keep it
            options.append([part])
            continue
        near = near_words(part, words, limit)
        if not near:
            return []
        options.append(near)
        changed = True
    if not changed:
        return []
    # The best replacement for every word first, then each word's next-best alone.
    best = [o[0] for o in options]
    queries = [" ".join(best)]
    for position, choices in enumerate(options):
        for alternative in choices[1:]:
            queries.append(" ".join(best[:position] + [alternative] + best[position + 1:]))
    return queries[:limit]
