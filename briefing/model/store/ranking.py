"""How search ranks: words ANDed, case and accents ignored, phrase and title hits first.

What a record's searchable text is (:func:`folded_parts`, folded once when the store
is compiled), how a hit is ranked (:func:`rank_of`) and in what order hits are listed
(:func:`sort_hits`). The searching itself is :mod:`.search` (ranked, over everything)
and :mod:`.matching` (one list, as you type).
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from ..data.records import Article, Event, MedalRow, NewsItem, Record
from ..data.text import fold

#: Datasets in the order results of equal rank are listed.
DATASET_ORDER = {"news": 0, "medals": 1, "articles": 2, "events": 3, "notes": 4}


def query_words(query: str) -> list[str]:
    """The folded words of ``query``; an empty list matches everything."""
    return fold(query).split()


def title_of(record: Record) -> str:
    """The one-line title a record is listed under."""
    return record.title


def body_of(record: Record) -> str:
    """Everything else searchable about a record besides its title and entities."""
    if isinstance(record, NewsItem):
        return " ".join((record.text, " ".join(record.tags), " ".join(d.display() for d in record.dates)))
    if isinstance(record, MedalRow):
        return " ".join((record.sector, record.company, record.satellite, record.medal))
    if isinstance(record, Article):
        return " ".join((record.theme, record.institution or "", record.summary))
    if isinstance(record, Event):
        return " ".join((record.text, record.category, record.date.display(), record.status))
    return ""


class Hit(NamedTuple):
    """A record that matched, with its rank (lower is better) and where it matched best."""

    record: Record
    rank: int
    field: str


#: How :func:`rank_of` ranks a hit: the query's phrase in the title, all words in the title,
#: the phrase anywhere, the words anywhere.
PHRASE_IN_TITLE, WORDS_IN_TITLE, PHRASE_ANYWHERE, WORDS_ANYWHERE = range(4)


def folded_parts(record: Record, note: str = "") -> tuple[tuple[str, str], ...]:
    """The record's searchable fields, folded, in the order a hit's field is reported."""
    return (("title", fold(title_of(record))), ("entities", fold(" ".join(record.entities.names()))),
            ("text", fold(body_of(record))), ("note", fold(note)))


def rank_of(record: Record, words: Sequence[str], note: str = "") -> tuple[int, str]:
    """``(rank, field)`` of a record known to hold every word: how well it matches, and where."""
    phrase = " ".join(words)
    parts = folded_parts(record, note)
    title = parts[0][1]
    if phrase in title:
        return PHRASE_IN_TITLE, "title"
    if all(w in title for w in words):
        return WORDS_IN_TITLE, "title"
    for needle, rank in ((phrase, PHRASE_ANYWHERE), (words[0], WORDS_ANYWHERE)):
        for name, text in parts:
            if needle in text:
                return rank, name
    return WORDS_ANYWHERE, "text"


def sort_hits(hits: list[Hit], editions: Sequence[str] = ()) -> None:
    """Best rank first; within a rank news, medals, articles, events, each in report (or date) order.

    ``editions`` are the edition ids in the model's order (by period): records of several
    editions follow it, as the model's lists do (edition ids need not sort by date).
    """
    rank = {edition: index for index, edition in enumerate(editions)}

    def order(record: Record) -> tuple:
        edition = rank.get(record.edition, record.edition)
        if isinstance(record, Event):
            return (record.date.sort_key, edition, record.order)
        return (edition, record.order)

    hits.sort(key=lambda h: (h.rank, DATASET_ORDER.get(h.record.dataset, 9), order(h.record)))
