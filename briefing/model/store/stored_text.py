"""The folded text a compile stores in each record's search row, its words read once.

:func:`stored_texts` gives what ``ranking.folded_parts`` and ``ranking.short_words`` give for the
store (a test compares them over texts made to differ), from one scan of the words of the
record's text where those two made three: the short words, the words with other spellings and
the places of month names all come from the text's words (``ranking._tokens``). At 100,000
events, a compile folds 200,000 records: this is most of the work of its search rows.
"""

from itertools import chain, filterfalse

from ..data.records import Record
from .ranking import MONTH_NAMES, _letters, _month_hint, _tokens, american, folded_fields, forms_of, \
    other_spellings, written_dates


def stored_row_texts(record: Record) -> tuple[str, str, str]:
    """The record's folded title with its other forms; its title, entities and text with theirs,
    one per line (the ``hay`` search scans); and their short whole words (``ranking.short_words``)."""
    return stored_texts(*folded_fields(record))


def stored_texts(title: str, entities: str, body: str) -> tuple[str, str, str]:
    """:func:`stored_row_texts` from the record's folded title, entities and text."""
    title += forms_of(title)
    words = _tokens().findall
    # The hay's words are its lines' words in turn (a newline or a space ends a word), and the
    # forms added after the text are words of their own (after a space).
    found = dict.fromkeys(words(body))
    added = _added_forms(body, found)
    every = dict.fromkeys(chain(words(title), words(entities), found, words(added)))
    return title, f"{title}\n{entities}\n{body}{added}", " " + " ".join([w for w in every if len(w) <= 3]) + " "


def _added_forms(body: str, words: dict[str, None]) -> str:
    """``ranking.forms_of(body)`` from the distinct ``words`` of ``body``.

    Its words of letters only are its words of five letters or more, with shorter ones (their own
    spelling) and numbers (the same): their American spellings are the same, in the same order,
    unless a word with digits holds letters with another spelling ("refuelling2"), when the text
    is read as forms_of reads it. A date's month name is a word of its own (white space after it,
    no word character before), so only the places of the month names among the words are hints.
    """
    if not body:
        return ""
    inside = _letters().findall(" ".join(filterfalse(str.isalpha, words)))
    if inside and any(american(word) != word for word in inside):
        return forms_of(body)
    forms = other_spellings(words, body)
    names = words.keys() & MONTH_NAMES.keys()
    if names:
        forms += written_dates(body, _month_places(body, names))
    return " " + " ".join(forms) if forms else ""


def _month_places(text: str, names: set[str]) -> list[int]:
    """Where ``ranking._month_hint`` finds a hint at the start of one of ``names``, in order."""
    hint = _month_hint()
    places = set()
    for name in names:
        at = text.find(name)
        while at != -1:
            if hint.match(text, at) is not None:
                places.add(at)
            at = text.find(name, at + 1)
    return sorted(places)
