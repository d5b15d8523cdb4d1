"""Ranked search over every record of a model: ``briefing search`` and the app's command palette.

The store's word index (:func:`.indexes.index_words`, SQLite's FTS5) gives the records
that can hold every query word, without reading any text: a query word is looked up
inside the words the index holds (``terms``: ``launch`` is in ``launched`` and
``relaunch``), so the index never misses a record the folded text holds the word in.
Where it can find more (a short word found inside a longer one, a word with a hyphen),
the folded text of those candidates settles it. With a limit, candidates are read in
the order hits are listed (title hits first, then the rest, each by position), a batch at
a time, until the limit is reached: a common word costs what the hits shown cost.
Only the hits returned are read and decoded. How hits rank is :mod:`.ranking`.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping

from ..data.model import Model
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
    ranked_as_stored,
    sort_hits,
)
from .database import DATASETS, Store


#: Candidates checked for whole short words per query of their text (see ``Search._reranked``).
_BATCH = 500

#: A query word found inside more of the index's words than this (``e``, ``ion``) narrows
#: nothing worth the index's time: the other words, or a scan, do.
_MOST_TERMS = 300

#: Candidates the index gives per query, read in the order hits are listed.
_PAGE = 2000


class _Plan:
    """How the word index answers a query: FTS5 expressions for records holding every word
    (``anywhere``) and for records whose title holds every word (``in_title``); ``exact`` when
    the index's answer needs no check against the text. (A plain class: a NamedTuple compiles
    its string annotations as the module loads, on every lookup.)"""

    __slots__ = ("anywhere", "in_title", "exact")

    def __init__(self, anywhere: str, in_title: str, exact: bool) -> None:
        self.anywhere = anywhere
        self.in_title = in_title
        self.exact = exact


def _indexed_char(ch: str) -> bool:
    """True for a character the index's tokenizer (unicode61) surely keeps inside a word: ASCII
    letters and digits, and CJK ideographs. Other letters may be separators to its older Unicode
    tables, so a query's run never spans one: each run lies inside one word of the index."""
    return ch.isascii() and ch.isalnum() or "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _runs(word: str) -> list[str]:
    """The runs of ``word`` that lie inside one word of the index wherever the text holds ``word``."""
    runs, current = [], []
    for ch in word:
        if _indexed_char(ch):
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def _any_of(terms: list[str]) -> str:
    return "(" + " OR ".join('"' + term.replace('"', '""') + '"' for term in terms) + ")"


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
        self._indexed = bool(self.store.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'terms'"))
        self._last_plan: tuple[list[str] | None, "_Plan | None | bool"] = (None, None)

    def _plan(self, words: list[str]) -> "_Plan | None | bool":
        """How the index answers ``words``; None when it cannot (scan), False when no record can match.
        The last query's is kept: a page of hits and their count ask for the same."""
        if not self._indexed:
            return None
        last = self._last_plan  # read once: the palette searches from a worker thread
        if last[0] != words:
            last = self._last_plan = (list(words), self._planned(words))
        return last[1]

    def _planned(self, words: list[str]) -> "_Plan | None | bool":
        groups: list[str] = []
        exact = True
        for word in words:
            runs = _runs(word)
            if runs != [word] or is_short(word):
                exact = False  # the index finds a superset: the text decides
            for run in runs:
                terms = [term for (term,) in self.store.query(
                    "SELECT term FROM terms WHERE instr(term, ?) LIMIT ?", (run, _MOST_TERMS + 1))]
                if not terms:
                    return False
                if len(terms) > _MOST_TERMS:
                    exact = False
                    continue
                groups.append(_any_of(terms))
        if not groups:
            return None
        return _Plan(" AND ".join(groups), " AND ".join(f"{{title}} : {group}" for group in groups), exact)

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
        plan = self.store.heal(lambda: self._plan(words))
        for dataset in DATASETS:
            if dataset in wanted:
                found.extend((rank, DATASET_ORDER[dataset], dataset, seq)
                             for rank, seq in self._ranked(dataset, words, phrase, limit, plan))
        found.sort()
        if limit:
            found = found[:limit]
        hits: list[Hit] = []
        for dataset in DATASETS:
            seqs = [seq for _, _, name, seq in found if name == dataset]
            if seqs:
                hits.extend(self.store.heal(lambda: self._hits(dataset, seqs, words)))
        hits += self._noted(words, wanted)
        sort_hits(hits, [edition.id for edition in self.model.editions], words)
        return hits[:limit] if limit else hits

    def _hits(self, dataset: str, seqs: list[int], words: list[str]) -> list[Hit]:
        """The hits of the records at ``seqs``, ranked from the folded text the store keeps: folding a
        record again (its other spellings, its dates in words) costs a lookup more than finding it."""
        texts: dict[int, tuple[str, str]] = {}
        for start in range(0, len(seqs), _BATCH):
            batch = seqs[start:start + _BATCH]
            texts.update((seq, (title, hay)) for seq, title, hay in self.store.query(
                f"SELECT seq, title, hay FROM {dataset} WHERE seq IN ({', '.join('?' * len(batch))})", batch))
        hits = []
        for seq, record in zip(seqs, self.store.records_at(dataset, seqs)):
            title, hay = texts.get(seq, (None, None))
            hits.append(ranked(record, words) if type(title) is not str or type(hay) is not str
                        else ranked_as_stored(record, words, title, hay))
        return hits

    def _noted(self, words: list[str], wanted: set[str]) -> list[Hit]:
        """Hits among the records with a note, matched with their note in Python."""
        hits: list[Hit] = []
        for key, note in self.notes.items():
            record = self.model.get(key)
            if record is None or record.dataset not in wanted:
                continue
            haystack = "\n".join(text for _, text in folded_parts(record, note))
            if all(contains(haystack, word) for word in words):
                hits.append(ranked(record, words, note))
        return hits

    def count(self, query: str, datasets: Iterable[str] | None = None) -> int:
        """How many hits :meth:`search` gives without a limit, from the index where it answers exactly."""
        return self.count_words(query_words(query), datasets)

    def count_words(self, words: list[str], datasets: Iterable[str] | None = None) -> int:
        """How many hits :meth:`search_words` gives without a limit."""
        words = list(words)
        if not words:
            return 0
        wanted = set(datasets) if datasets else set(DATASETS)
        plan = self.store.heal(lambda: self._plan(words))
        total = len(self._noted(words, wanted))
        if plan is False:
            return total
        for dataset in DATASETS:
            if dataset not in wanted:
                continue
            if isinstance(plan, _Plan) and plan.exact and not self.notes and self._editions is None:
                sql, parameters = f"SELECT count(*) FROM {dataset}_words WHERE {dataset}_words MATCH ?", [plan.anywhere]
            else:
                conditions, parameters = self._filters(words, False)
                if isinstance(plan, _Plan):
                    conditions.append(f"seq IN (SELECT rowid FROM {dataset}_words WHERE {dataset}_words MATCH ?)")
                    parameters.append(plan.anywhere)
                sql = f"SELECT count(*) FROM {dataset} WHERE {' AND '.join(conditions)}"
            total += self.store.heal(lambda: self.store.query(sql, parameters))[0][0]
        return total

    def _ranked(self, dataset: str, words: list[str], phrase: str, limit: int | None,
                plan: "_Plan | None | bool") -> list[tuple[int, int]]:
        """``(rank, seq)`` of the records of ``dataset`` holding every word, best first, without noted records."""
        if plan is False:
            return []
        if plan is None:
            return self._scanned(dataset, words, phrase, limit, None)
        assert isinstance(plan, _Plan)
        if not limit:
            return self._scanned(dataset, words, phrase, None, plan.anywhere)
        return self.store.heal(lambda: self._first(dataset, words, phrase, limit, plan))

    def _filters(self, words: list[str], exact: bool) -> tuple[list[str], list[object]]:
        """SQL conditions (and their parameters) a candidate must meet beyond the index's answer."""
        conditions: list[str] = []
        parameters: list[object] = []
        if not exact:
            conditions += ["instr(hay, ?)" for _ in words]
            parameters += words
            short = [word for word in words if is_short(word)]
            conditions += ["instr(words, ?)" for _ in short]
            parameters += [f" {word} " for word in short]
        if self.notes:
            conditions.append(f"key NOT IN ({', '.join('?' for _ in self.notes)})")
            parameters += list(self.notes)
        if self._editions is not None:
            conditions.append(f"edition IN ({', '.join('?' for _ in self._editions)})")
            parameters += self._editions
        return conditions, parameters

    def _candidates(self, dataset: str, expression: str) -> Iterator[list[int]]:
        """The positions the index gives for ``expression``, ascending, a page at a time."""
        after = -1
        while True:
            page = [seq for (seq,) in self.store.query(
                f"SELECT rowid FROM {dataset}_words WHERE {dataset}_words MATCH ? AND rowid > ? "
                f"ORDER BY rowid LIMIT {_PAGE}", (expression, after))]
            if page:
                yield page
            if len(page) < _PAGE:  # the last page: asking again would only find none
                return
            after = page[-1]

    def _first(self, dataset: str, words: list[str], phrase: str, limit: int, plan: _Plan) -> list[tuple[int, int]]:
        """The best ``limit`` hits of ``dataset``: title hits (ranks 0-1) first, then the rest (2-3),
        each read in position order and stopped as soon as its best rank has ``limit`` hits."""
        conditions, parameters = self._filters(words, plan.exact)
        where = "".join(f" AND {condition}" for condition in conditions)
        found: list[tuple[int, int]] = []
        # Title ranks are told from the title alone: the text is read only for the rest.
        for expression, ranks, text in ((plan.in_title, (PHRASE_IN_TITLE, WORDS_IN_TITLE), "''"),
                                        (plan.anywhere, (PHRASE_ANYWHERE, WORDS_ANYWHERE), "hay")):
            best: list[tuple[int, int]] = []
            rest: list[tuple[int, int]] = []
            for page in self._candidates(dataset, expression):
                for start in range(0, len(page), _BATCH):
                    batch = page[start:start + _BATCH]
                    rows = self.store.query(
                        f"SELECT seq, title, {text} FROM {dataset} WHERE seq IN ({', '.join('?' * len(batch))}){where} "
                        f"ORDER BY seq", [*batch, *parameters])
                    for seq, title, hay in rows:
                        rank = _rank(title, hay, words, phrase)
                        if rank == ranks[0]:
                            best.append((rank, seq))
                        elif rank == ranks[1]:
                            rest.append((rank, seq))
                    if len(best) >= limit - len(found):
                        break
                else:
                    continue
                break
            found += (best + rest)[:limit - len(found)]
            if len(found) >= limit:
                break
        return found

    def _scanned(self, dataset: str, words: list[str], phrase: str, limit: int | None,
                 expression: str | None) -> list[tuple[int, int]]:
        """``(rank, seq)`` of every hit, ranked by SQL over the folded text (of the index's candidates
        when ``expression`` is given)."""
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
        if expression is not None:
            conditions.append(f"seq IN (SELECT rowid FROM {dataset}_words WHERE {dataset}_words MATCH ?)")
            parameters.append(expression)
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
