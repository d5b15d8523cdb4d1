"""The folded text a compile stores in each record's search row, its words read once.

:func:`stored_texts` gives what ``ranking.folded_parts`` and ``ranking.short_words`` give for the
store (a test compares them over texts made to differ), from one scan of the words of the
record's title and text where those two made three: the short words, whether any word has
another spelling and the places of month names all come from their words (``ranking._tokens``).
At 100,000 events, a compile folds 200,000 records: this is most of the work of its search rows.
"""

from itertools import chain

from ..data.records import Record
from .ranking import MONTH_NAMES, _month_hint, _tokens, folded_fields, forms_of, is_plain, written_dates


def stored_row_texts(record: Record) -> tuple[str, str, str]:
    """The record's folded title with its other forms; its title, entities and text with theirs,
    one per line (the ``hay`` search scans); and their short whole words (``ranking.short_words``)."""
    return stored_texts(*folded_fields(record))


def stored_texts(title: str, entities: str, body: str) -> tuple[str, str, str]:
    """:func:`stored_row_texts` from the record's folded title, entities and text."""
    words = _tokens().findall
    # The hay's words are its lines' words in turn (a newline or a space ends a word), and the
    # forms added after the title or the text are words of their own (after a space).
    title_words, body_words = dict.fromkeys(words(title)), dict.fromkeys(words(body))
    title_forms, body_forms = _added_forms(title, title_words), _added_forms(body, body_words)
    every = dict.fromkeys(chain(title_words, words(title_forms) if title_forms else (), words(entities), body_words,
                                words(body_forms) if body_forms else ()))
    title += title_forms
    return title, f"{title}\n{entities}\n{body}{body_forms}", " " + " ".join([w for w in every if len(w) <= 3]) + " "


def _added_forms(text: str, words: dict[str, None]) -> str:
    """``ranking.forms_of(text)`` from the distinct ``words`` of ``text``.

    Other spellings are seldom: when a word of its letters, or letters in a word with digits
    ("refuelling2"), has one, the text is read as forms_of reads it. A date's month name is a word
    of its own (white space after it, no word character before), so the places of the month names
    among the words are the only hints that may begin a date.
    """
    if not text:
        return ""
    if not is_plain(words):
        return forms_of(text)
    names = words.keys() & MONTH_NAMES.keys()
    forms = written_dates(text, _month_places(text, names)) if names else []
    return " " + " ".join(forms) if forms else ""


def _month_places(text: str, names: set[str]) -> list[int]:
    """Where ``ranking._month_hint`` finds a hint at the start of one of ``names``, in order."""
    hint = _month_hint().match
    places = []
    for name in names:
        at = text.find(name)
        while at != -1:
            if hint(text, at) is not None:
                places.append(at)
            at = text.find(name, at + 1)
    # One name's places are in order; "jul" is found again where "july" is.
    return places if len(names) == 1 else sorted(set(places))
