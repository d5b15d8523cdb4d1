"""Ranked search with the query read as meant, and the hits of the best suggestion when it finds none.

:class:`Finder` is what every front end asks: ``briefing search``, the command palette and
(through :func:`~.reading.read_query`) the Timeline's box. The retrieval is the store's
(:mod:`briefing.model.store.search`); how hits rank is :mod:`briefing.model.store.ranking`.
"""

from typing import Callable, Iterable, Mapping, Sequence

from ..store.ranking import Hit
from .reading import Reading, name_lookup, read_query


class Found:
    """What a query found: ``reading``, the query as read (the typed one, even when a suggestion's
    hits are shown); ``shown_for``, the query whose hits are shown when the typed one had none
    ("shenzhou" for "shenzou"), else None; ``suggestions``, near queries when neither the query
    nor any of them found anything.
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("reading", "hits", "shown_for", "suggestions")

    def __init__(self, reading: Reading, hits: list[Hit], shown_for: Reading | None = None,
                 suggestions: tuple[str, ...] = ()) -> None:
        self.reading = reading
        self.hits = hits
        self.shown_for = shown_for
        self.suggestions = suggestions

    @property
    def marks(self) -> tuple[str, ...]:
        """The words to mark in the hits shown."""
        return (self.shown_for or self.reading).marks

    @property
    def notice(self) -> str:
        """One line saying whose hits are shown, or near queries; "" when the query found its own."""
        typed = " ".join(self.reading.typed.split())
        if self.shown_for is not None:
            return f"no hits for {typed!r}; showing {' '.join(self.shown_for.typed.split())!r}"
        if not self.hits:
            message = f"No hits for {typed!r}"
            if self.suggestions:
                message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
            return message
        return ""


class Finder:
    """Ranked search over a model and the note texts on its records (``key → text``)."""

    def __init__(self, model, notes: Mapping[str, str] | None = None,
                 vocabulary: Callable[[], Sequence[str]] | None = None) -> None:
        from ..store.search import searcher

        self.model = model
        self._search = searcher(model, notes)
        self._names = name_lookup(model)
        self._vocabulary = vocabulary

    def read(self, query: str) -> Reading:
        return read_query(query, self._names)

    def hits(self, reading: Reading, datasets: Iterable[str] | None = None, limit: int | None = None) -> list[Hit]:
        return self._search.search_words(list(reading.words), datasets, limit) if reading.words else []

    def count(self, reading: Reading, datasets: Iterable[str] | None = None) -> int:
        """How many hits ``reading`` has without a limit (counted by the store's index where it can)."""
        return self._search.count_words(list(reading.words), datasets) if reading.words else 0

    def find(self, query: str, datasets: Iterable[str] | None = None, limit: int | None = None,
             suggest: bool = True) -> Found:
        """The hits of ``query``, best first; when there are none, those of its best near query that has some."""
        reading = self.read(query)
        hits = self.hits(reading, datasets, limit)
        if hits or not suggest or reading.empty:
            return Found(reading, hits)
        from ..store.suggest import corrected_queries

        words = self._vocabulary() if self._vocabulary is not None else self.vocabulary()
        near = tuple(corrected_queries(" ".join(reading.words), words))
        for corrected in near:
            shown = self.read(corrected)
            hits = self.hits(shown, datasets, limit)
            if hits:
                return Found(reading, hits, shown)
        return Found(reading, [], None, near)

    def vocabulary(self) -> list[str]:
        """Every word of the model, for near queries (built only when a query found nothing)."""
        from ..store.suggest import vocabulary

        if self._vocabulary is None:
            words = vocabulary(self.model)
            self._vocabulary = lambda: words
        return list(self._vocabulary())
