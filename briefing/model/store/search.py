"""Ranked search over every record of a model: ``briefing search`` and the app's command palette.

SQLite scans the folded text the store keeps beside the records, ranks the matches,
and only the hits returned are read and decoded. How hits rank is :mod:`.ranking`.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ..data.records import Model
from .ranking import (
    DATASET_ORDER,
    PHRASE_ANYWHERE,
    PHRASE_IN_TITLE,
    WORDS_ANYWHERE,
    WORDS_IN_TITLE,
    Hit,
    contains,
    is_short,
    folded_parts,
    query_words,
    ranked,
    sort_hits,
)
from .database import DATASETS, Store


#: Candidates checked for whole short words per query of their text (see ``Search._reranked``).
_BATCH = 500


def _rank(title: str, hay: str, words: list[str], phrase: str) -> int:
    """The rank ``rank_of`` gives, from the folded title and text the store holds."""
    if contains(title, phrase):
        return PHRASE_IN_TITLE
    if all(contains(title, word) for word in words):
        return WORDS_IN_TITLE
    return PHRASE_ANYWHERE if contains(hay, phrase) else WORDS_ANYWHERE


class Search:
    """Ranked search over ``model`` and the analyst's notes on its records.

    Records with a note are matched in Python, note included, since notes live in the
    user's notes file and not in the store.
    """

    def __init__(self, model: Model, notes: Mapping[str, str] | None = None) -> None:
        assert isinstance(model.store, Store)
        self.model = model
        self.store: Store = model.store
        notes = notes or {}
        self.notes = {key: text for key, text in notes.items() if text}
        every = [edition for (edition,) in self.store.query("SELECT id FROM editions")]
        shown = [edition.id for edition in model.editions]
        self._editions = None if sorted(every) == sorted(shown) else shown

    def search(self, query: str, datasets: Iterable[str] | None = None, limit: int | None = None) -> list[Hit]:
        return self.search_words(query_words(query), datasets, limit)

    def search_words(self, words: list[str], datasets: Iterable[str] | None = None,
                     limit: int | None = None) -> list[Hit]:
        """Hits holding every one of ``words`` (folded; a word may hold spaces, a phrase such as
        "long march 8", as :mod:`briefing.model.search` reads a query), best first."""
        words = list(words)
        if not words:
            return []
        wanted = set(datasets) if datasets else set(DATASETS)
        phrase = " ".join(words)
        found: list[tuple[int, int, str, int]] = []
        for dataset in DATASETS:
            if dataset in wanted:
                found.extend((rank, DATASET_ORDER[dataset], dataset, seq)
                             for rank, seq in self._ranked(dataset, words, phrase, limit))
        found.sort()
        if limit:
            found = found[:limit]
        hits: list[Hit] = []
        for dataset in DATASETS:
            seqs = [seq for _, _, name, seq in found if name == dataset]
            hits.extend(ranked(record, words) for record in self.store.records_at(dataset, seqs))
        for key, note in self.notes.items():
            record = self.model.get(key)
            if record is None or record.dataset not in wanted:
                continue
            haystack = "\n".join(text for _, text in folded_parts(record, note))
            if all(contains(haystack, word) for word in words):
                hits.append(ranked(record, words, note))
        sort_hits(hits, [edition.id for edition in self.model.editions], words)
        return hits[:limit] if limit else hits

    def _ranked(self, dataset: str, words: list[str], phrase: str, limit: int | None) -> list[tuple[int, int]]:
        """``(rank, seq)`` of the records of ``dataset`` holding every word, best first, without noted records."""
        parameters: list[object] = [phrase, *words, phrase]
        in_title = " AND ".join("instr(title, ?)" for _ in words)
        rank = (f"CASE WHEN instr(title, ?) THEN {PHRASE_IN_TITLE} WHEN {in_title} THEN {WORDS_IN_TITLE} "
                f"WHEN instr(hay, ?) THEN {PHRASE_ANYWHERE} "
                f"ELSE {WORDS_ANYWHERE} END")
        conditions = ["instr(hay, ?)" for _ in words]
        parameters += words
        if self.notes:
            conditions.append(f"key NOT IN ({', '.join('?' for _ in self.notes)})")
            parameters += list(self.notes)
        if self._editions is not None:
            conditions.append(f"edition IN ({', '.join('?' for _ in self._editions)})")
            parameters += self._editions
        short = [word for word in words if is_short(word)]
        # A short word only as a whole word ("cas" is not CAST): the store lists each record's short words.
        conditions += ["instr(words, ?)" for _ in short]
        parameters += [f" {word} " for word in short]
        sql = f"SELECT {rank} AS rank, seq FROM {dataset} WHERE {' AND '.join(conditions)} ORDER BY rank, seq"
        if not short:
            if limit:
                sql += f" LIMIT {int(limit)}"
            return self.store.heal(lambda: self.store.query(sql, parameters))
        # Those hits are the right ones, but instr() ranks a title holding "cast" as holding "cas":
        # a rank only ever better than the true one. So they are ranked again from their text, in
        # that order, a batch at a time, until no later one can reach the top ``limit``.
        return self.store.heal(lambda: self._reranked(dataset, sql, parameters, words, phrase, limit))

    def _reranked(self, dataset: str, sql: str, parameters: list, words: list[str], phrase: str,
                  limit: int | None) -> list[tuple[int, int]]:
        candidates = self.store.query(sql, parameters)
        kept: list[tuple[int, int]] = []
        for start in range(0, len(candidates), _BATCH):
            batch = candidates[start:start + _BATCH]
            if limit and len(kept) >= limit and batch[0][0] > sorted(kept)[limit - 1][0]:
                break
            marks = ", ".join("?" for _ in batch)
            texts = {seq: (title, hay) for seq, title, hay in self.store.query(
                f"SELECT seq, title, hay FROM {dataset} WHERE seq IN ({marks})", [seq for _, seq in batch])}
            kept.extend((_rank(texts[seq][0], texts[seq][1], words, phrase), seq) for _, seq in batch)
        kept.sort()
        return kept[:limit] if limit else kept


def searcher(model: Model, notes: Mapping[str, str] | None = None) -> Search:
    """Ranked search over every record of ``model`` (and the analyst's ``notes`` by record key)."""
    return Search(model, notes)
