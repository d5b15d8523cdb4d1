"""How search ranks: words ANDed, case and accents ignored, phrase and title hits first.

What a record's searchable text is (:func:`folded_parts`, folded once when the store
is compiled), how a hit is ranked (:func:`rank_of`) and in what order hits are listed
(:func:`sort_hits`). The searching itself is :mod:`.search` (ranked, over everything)
and :mod:`.matching` (one list, as you type).
"""

# No "from __future__ import annotations": typing.NamedTuple compiles every string annotation
# of every field, and this module loads on every lookup.

import re
from typing import NamedTuple, Sequence

from ..data.records import Article, Event, MedalRow, NewsItem, Record, ReportPart
from ..data.text import SHORT_WORD, TOKEN, fold

#: Datasets in the order results of equal rank are listed.
#: The report's parts come last: a heading repeats the headline of the news item under it.
DATASET_ORDER = {"news": 0, "medals": 1, "articles": 2, "events": 3, "report": 4, "notes": 5}


def query_words(query: str) -> list[str]:
    """The folded words of ``query``; an empty list matches everything."""
    return fold(query).split()


#: A short query word (three letters or digits at most, like ``cas`` or ``72``) matches whole
#: words only: as a part it is in too many others ("cast", "1,721"). Longer words, and words
#: with other characters (Chinese, "cz-2f"), match anywhere.
_SHORT = SHORT_WORD


def is_short(word: str) -> bool:
    """True for a folded query word matched as a whole word only (see :data:`_SHORT`)."""
    return len(word) <= 3 and _SHORT.fullmatch(word) is not None


#: A whole word of folded text: letters and digits, a number's separators included ("1,721",
#: "2.72" are one word each, so "72" is in neither).
_TOKEN = TOKEN


def short_words(text: str) -> str:
    """The whole words of folded ``text`` a short query can be, each once, between spaces:
    ``" the cas 6g "``. The store keeps it beside the text, so SQL finds whole words at C speed."""
    return " " + " ".join(dict.fromkeys(t for t in _TOKEN.findall(text) if len(t) <= 3)) + " "


def contains(text: str, word: str) -> bool:
    """True when folded ``text`` holds the folded query ``word``: as a whole word when it is short."""
    if word not in text:
        return False
    return f" {word} " in short_words(text) if is_short(word) else True


def _numbers(text: str) -> str:
    """The numbers ``text`` writes with thousands separators, written without: "1,721" gives "1721"."""
    return " ".join(number.replace(",", "") for number in re.findall(r"\d{1,3}(?:,\d{3})+", text))


def title_of(record: Record) -> str:
    """The one-line title a record is listed under."""
    return record.title


def body_of(record: Record) -> str:
    """Everything else searchable about a record besides its title and entities."""
    # Dates also in ISO form ("2025-01-06") and numbers without separators ("1721"): both are queries.
    if isinstance(record, NewsItem):
        return " ".join((record.text, " ".join(record.tags), " ".join(d.display() for d in record.dates),
                         " ".join(d.iso for d in record.dates), _numbers(record.text)))
    if isinstance(record, MedalRow):
        return " ".join((record.sector, record.company, record.satellite, record.medal))
    if isinstance(record, Article):
        return " ".join((record.theme, record.institution or "", record.summary, str(record.downloads)))
    if isinstance(record, Event):
        return " ".join((record.text, record.category, record.date.display(), record.status, record.date.iso,
                         _numbers(record.text)))
    if isinstance(record, ReportPart):
        return " ".join((record.text, _numbers(record.text)))
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
    """The record's searchable fields, folded, in the order a hit's field is reported.

    "entities" holds the entity names and their other names from data/aliases.toml (the
    aliases, and corrected forms of the report's slips in the record: ``other_names``).
    """
    entities = record.entities
    return (("title", fold(title_of(record))), ("entities", fold(" ".join((*entities.names(), *entities.other_names)))),
            ("text", fold(body_of(record))), ("note", fold(note)))


def rank_of(record: Record, words: Sequence[str], note: str = "") -> tuple[int, str]:
    """``(rank, field)`` of a record known to hold every word: how well it matches, and where."""
    phrase = " ".join(words)
    parts = folded_parts(record, note)
    title = parts[0][1]
    if contains(title, phrase):
        return PHRASE_IN_TITLE, "title"
    if all(contains(title, w) for w in words):
        return WORDS_IN_TITLE, "title"
    for needle, rank in ((phrase, PHRASE_ANYWHERE), (words[0], WORDS_ANYWHERE)):
        for name, text in parts:
            if contains(text, needle):
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
