"""Reading a query as an analyst means it: dates in words, names with numbers, spellings, small words.

``read_query("who developed shijian-25")`` gives the words search looks for, each a folded
word or phrase that every hit must hold (``("developed", "shijian-25")``), and the words to
mark in what is shown. The rules, in order:

* a month in words with its year is a date query, as its ISO form is: "Dec 2024" and
  "December 2024" read "2024-12", "17 December 2024" and "Dec 17, 2024" read "2024-12-17"
  (the store keeps the ISO form of every date, listed or written in a record's text);
* a question's small words ("who", "the", "of"…) are left out when other words remain;
* a name with a number is read as the start of the names it begins: "Long March 8" is
  the phrase "long march 8", which "Long March 8A" holds, not the words "long", "march"
  and a whole "8" (which "8 hours" holds); "CZ 5" reads "cz-5", which "CZ-5B" holds;
* every word is read in its American spelling, as the store keeps every British word's
  ("refueling" finds "refuelling", "organisation" finds "Organizations").

Imports neither textual nor rich; looking a name up is an index range in the store.
"""

import re
from typing import Callable, Iterable

from ..store.ranking import american, month_number, query_words
from ..value import Value

#: Words a question or a sentence adds that say nothing of what to find.
SMALL_WORDS = frozenset("""
a an the of in on at to for by from with about into and or is are was were be been being did do does
has have had who whom whose what when where which why how that this these those it its me us we i you
tell show find list give any there their they his her them please
""".split())

#: Names beginning with a prefix: folded names (entities, aliases) a query may name in part.
NameLookup = Callable[[str], Iterable[str]]

#: What may follow the number of a name a query gives in part: a letter or two ("8A", "2-F").
#: (Compiled by ``re`` when a query first needs it, never as the module loads.)
_NAME_REST = r" ?[a-z]{1,2}(?![0-9a-z])"


def _digits(word: str, low: int, high: int) -> bool:
    """True when ``word`` is ``low`` to ``high`` digits (a pattern's ``\\d{low,high}``, without compiling one)."""
    return low <= len(word) <= high and word.isdecimal()


class Reading(Value):
    """A query as search reads it: ``typed``, the query as typed; ``words``, what every hit holds
    (folded words and phrases: "long march 8", "2024-12"); ``marks``, what to mark where a hit is
    shown (the words read and the words typed).
    """

    __slots__ = ("typed", "words", "marks")
    typed: str
    words: tuple[str, ...]
    marks: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.words


def _trimmed(words: list[str]) -> list[str]:
    """Words without the punctuation a sentence puts around them ("shijian-25?" is "shijian-25")."""
    return [w for w in (word.strip("?!.,;:\"'()[]") for word in words) if w]


def _dates(words: list[str]) -> list[str]:
    """Months in words with their year (and day) as ISO dates: ["dec", "2024"] → ["2024-12"]."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        month = month_number(word)
        rest = words[index + 1:index + 3]
        day = None
        if month is not None and rest and _digits(rest[0], 4, 4):
            taken = 2
        elif month is not None and len(rest) == 2 and _digits(rest[0], 1, 2) and _digits(rest[1], 4, 4):
            day, taken = int(rest[0]), 3
        else:
            out.append(word)
            index += 1
            continue
        year = words[index + taken - 1]
        if day is None and out and _digits(out[-1], 1, 2) and 1 <= int(out[-1]) <= 31:
            day = int(out.pop())  # "17 December 2024"
        out.append(f"{year}-{month:02d}" + (f"-{day:02d}" if day else ""))
        index += taken
    return out


def _names(words: list[str], names: NameLookup | None) -> list[str]:
    """Words ending in a number that begin a longer name, as one phrase: "long march 8" (Long March 8A)."""
    if names is None:
        return words
    out = list(words)
    index = len(out) - 1
    while index > 0:
        if not _digits(out[index], 1, 3):
            index -= 1
            continue
        for start in range(max(0, index - 3), index):
            glued = _name_start(out[start:index + 1], names)
            if glued is not None:
                out[start:index + 1] = [glued]
                index = start
                break
        index -= 1
    return out


def _name_start(window: list[str], names: NameLookup) -> str | None:
    """The start of a name ``window`` gives with hyphens as the name writes them, when some name
    goes on from it with a letter or two ("long march 8" → "long march 8a"); else None."""
    prefix = " ".join(window)
    for name in names(window[0]):
        spaced = name.replace("-", " ")
        if spaced.startswith(prefix) and re.compile(_NAME_REST).match(spaced, len(prefix)):
            return name[:len(prefix)]
    return None


def read_query(query: str, names: NameLookup | None = None) -> Reading:
    """``query`` as search reads it (see the module's docstring); ``names`` looks names up by a prefix."""
    typed = _trimmed(query_words(query))
    words = _dates(typed)
    own = getattr(names, "own_name", None)
    if own is not None:
        words = [own(word) or word for word in words]
    content = [word for word in words if word not in SMALL_WORDS]
    if content:
        words = content
    words = _names(words, names)
    words = list(dict.fromkeys(word if " " in word else american(word) for word in words))
    phrases = " ".join(word for word in words if " " in word or "-" in word)
    # The words typed are marked too (British spellings, "Dec" and "2024" of a date), but not those
    # read into a name ("long", "march" and "8" of "long march 8" would mark "longest" and "8 hours").
    marks = tuple(dict.fromkeys([*words, *(w for w in typed if (w not in SMALL_WORDS or not content)
                                           and w not in phrases.split())]))
    return Reading(query, tuple(words), marks)


class _Names:
    """Names of a model's entities and their other names (data/aliases.toml), folded."""

    def __init__(self, model) -> None:
        from ..data.text import fold

        self._store = model.store
        self._entities = [(fold(entity.name), [fold(name) for name in (entity.name, *entity.aliases)])
                          for entity in model.aliases.entities]
        self._aliases = [alias for _, names in self._entities for alias in names]

    def __call__(self, first: str) -> list[str]:
        """Names beginning with ``first``: the store's entity names (an index range) and the other names."""
        found = list(self._store.entity_names(first)) if hasattr(self._store, "entity_names") else []
        return found + [alias for alias in self._aliases if alias.startswith(first)]

    def own_name(self, word: str) -> str | None:
        """The entity's own name when ``word`` is exactly one of its other names that is also part of
        another entity's name ("中国航天", Aerospace China's, is in CASC's "中国航天科技集团"), else None.

        As it is typed, such a word finds the other entity too; read as the entity, only its own.
        """
        for canonical, names in self._entities:
            if word in names and word != canonical:
                others = (name for other, names_of in self._entities if other != canonical for name in names_of)
                if any(word in name for name in others):
                    return canonical
        return None


def name_lookup(model) -> NameLookup:
    """Names of ``model``'s entities and their other names by a first word (and an entity by an
    ambiguous other name: ``own_name``), for :func:`read_query`."""
    return _Names(model)
