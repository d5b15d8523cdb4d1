"""How search ranks: words ANDed, case and accents ignored, phrase and title hits first.

What a record's searchable text is (:func:`folded_parts`, folded once when the store
is compiled), how a hit is ranked (:func:`rank_of`) and in what order hits are listed
(:func:`sort_hits`). The searching itself is :mod:`.search` (ranked, over everything)
and :mod:`.matching` (one list, as you type).
"""

import re
from functools import cache, lru_cache
from typing import Iterable, Iterator, Sequence

from ..data.records import Article, Event, MedalRow, NewsItem, Record, ReportPart
from ..data.text import fold, is_short_word
from ..value import Value

# Every pattern here is compiled when first used, never as the module loads: compiling them is
# a millisecond, and most lookups need one or two of them, or none.

#: Datasets in the order results of equal rank are listed.
#: The report's parts come last: a heading repeats the headline of the news item under it.
DATASET_ORDER = {"news": 0, "medals": 1, "articles": 2, "events": 3, "report": 4, "notes": 5}


def query_words(query: str) -> list[str]:
    """The folded words of ``query``; an empty list matches everything."""
    return fold(query).split()


def is_short(word: str) -> bool:
    """True for a folded query word matched as a whole word only: a short one (three letters or
    digits at most, like ``cas`` or ``72``) is a part of too many others ("cast", "1,721"). Longer
    words, and words with other characters (Chinese, "cz-2f"), match anywhere."""
    return is_short_word(word)


def short_words(text: str) -> str:
    """The whole words of folded ``text`` a short query can be, each once, between spaces:
    ``" the cas 6g "`` ("1,721" and "2.72" are one word each, so "72" is in neither). The store
    keeps it beside the text, so SQL finds whole words at C speed."""
    # Each distinct word once before the length of any is read: a record's text repeats most of its words.
    return " " + " ".join([t for t in dict.fromkeys(_tokens().findall(text)) if len(t) <= 3]) + " "


@cache
def _tokens() -> re.Pattern[str]:
    """:func:`..data.text.token_pattern`'s words, found with possessive repeats: the same words (the pattern ends
    with its repeats, so the first way it matches is the one kept; a test compares the two over every
    short text of the characters that matter), a sixth faster, for nothing is kept to backtrack into."""
    return re.compile(r"[0-9a-z]++(?:[.,][0-9]++)*+")


def contains(text: str, word: str) -> bool:
    """True when folded ``text`` holds the folded query ``word``: as a whole word when it is short."""
    if word not in text:
        return False
    return f" {word} " in short_words(text) if is_short(word) else True


def _numbers(text: str) -> str:
    """The numbers ``text`` writes with thousands separators, written without: "1,721" gives "1721"."""
    if _separated_digit().search(text) is None:  # a scan for a comma in C, where the pattern tries every digit
        return ""
    return " ".join(number.replace(",", "") for number in re.findall(r"\d{1,3}(?:,\d{3})+", text))


@cache
def _separated_digit() -> re.Pattern[str]:
    return re.compile(r",\d")


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


#: A word of folded text that may have another spelling: letters only, five or more
#: (:func:`american` leaves shorter ones as they are).
_LETTERS = r"[a-z]{5,}+"  # possessive: the same words (nothing follows to backtrack for), found faster


@cache
def _letters() -> re.Pattern[str]:
    return re.compile(_LETTERS)

#: British spellings that no rule below turns American, each with its American form.
_BRITISH = {"centre": "center", "centres": "centers", "programme": "program", "programmes": "programs",
            "defence": "defense", "offence": "offense", "licence": "license", "catalogue": "catalog",
            "analogue": "analog", "dialogue": "dialog", "manoeuvre": "maneuver", "manoeuvres": "maneuvers",
            "grey": "gray", "aluminium": "aluminum", "ageing": "aging", "sceptical": "skeptical",
            "metre": "meter", "metres": "meters", "kilometre": "kilometer", "kilometres": "kilometers",
            "fibre": "fiber", "fibres": "fibers", "theatre": "theater", "tonne": "ton", "tonnes": "tons",
            "enrol": "enroll", "fulfil": "fulfill", "jewellery": "jewelry", "storey": "story", "mould": "mold"}
#: Stems spelt -our in British English and -or in American ("colour", "colours", "coloured").
_OUR = ("colour", "honour", "favour", "behaviour", "labour", "neighbour", "harbour", "humour", "rumour",
        "vapour", "endeavour", "flavour", "armour", "savour", "valour", "vigour", "rigour", "splendour")
#: refuelling / refueling, modelled / modeled: a doubled l before an ending, after a vowel.
_DOUBLE_L_ENDINGS = ("ing", "ed", "er", "ers")
#: organisation / organization, realised / realized: -is- endings (whole words of six letters or more).
_ISE = r"(?<=[a-z]{3})is(?=(?:e|es|ed|ing|ation|ations|er|ers)$)"
#: Words ending in -ise, -ised... that are spelt so in American English too.
_ISE_KEPT = frozenset(("advertis", "advis", "chastis", "compromis", "compris", "despis", "devis", "disguis",
                       "enterpris", "exercis", "expertis", "franchis", "improvis", "incis", "merchandis",
                       "otherwis", "precis", "premis", "promis", "revis", "supervis", "surpris", "televis",
                       "excis", "apprais", "concis", "paradis", "noveli"))
#: analyse / analyze, catalyse / catalyze.
_YSE = r"(?<=[a-z]{3})ys(?=(?:e|es|ed|ing|er|ers)$)"


@lru_cache(maxsize=1 << 16)
def _single_l(word: str) -> str:
    """``word`` with a vowel's doubled l before an ending of :data:`_DOUBLE_L_ENDINGS` made single
    ("travelled" -> "traveled"): by hand, not by a pattern, whose compiling costs a lookup more
    than the rest of reading the query."""
    for ending in _DOUBLE_L_ENDINGS:
        stem = len(word) - len(ending) - 2
        if stem > 0 and word.endswith(ending) and word[stem:stem + 2] == "ll" and word[stem - 1] in "aeiou":
            return word[:stem] + "l" + ending
    return word


# Cached: the store's compile reads every word of every record through here (15 million calls
# at 100,000 events, a few thousand distinct words); uncached, it was most of a cold open.
@lru_cache(maxsize=1 << 16)
def american(word: str) -> str:
    """The American spelling of a folded word (``"refuelling"`` gives ``"refueling"``), or the word.

    Search reads every word of a query and of a record's text this way, so either spelling
    finds both: a rule that is wrong for some word ("controlled" gives "controled") is wrong
    the same way on both sides, and costs nothing.
    """
    if len(word) < 5 or not word.isalpha():
        return word
    if word in _BRITISH:
        return _BRITISH[word]
    for stem in _OUR:
        if word.startswith(stem):
            return stem[:-2] + "r" + word[len(stem):]
    # Each rule's pattern is tried only on a word holding its letters (re caches it once compiled).
    changed = _single_l(word) if "ll" in word else word
    if changed == word:
        match = re.search(_ISE, word) if "is" in word else None
        if match is not None and word[:match.end()] not in _ISE_KEPT:
            changed = word[:match.start()] + "iz" + word[match.end():]
        elif "ys" in word:
            changed = re.sub(_YSE, "yz", word)
    return changed


#: A date as the report writes it: "December 17, 2024", "17 December 2024", "December 2024" (folded).
_MONTH_WORDS = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
               r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"


@cache
def _written_date() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:(?P<day1>\d{{1,2}})\s+{_MONTH_WORDS}|{_MONTH_WORDS.replace('month', 'month2')}(?:\s+(?P<day2>\d{{1,2}}),?)?)"
        r"\s+(?P<year>\d{4})\b")


@cache
def _month_hint() -> re.Pattern[str]:
    """Where a month's name may begin: a date's pattern is tried only on a text holding one
    (one pass in C over each record's text as the store is compiled). Only where no word
    character is before it: the pattern begins at a word boundary (``\\b``), and a day before
    a month is followed by white space, so a match never begins inside a word ("market"). The
    look behind the three letters, not before them: a pattern that begins with its letters is
    scanned for them in C at a third less cost. Only where the word's letters are followed by white
    space and a digit: a month's name in a date is (a day or the year after it), "market" or the
    "may" of "may be" are not, and each place looked at again in Python costs more than the look
    ahead in C (two fifths of the places in news texts)."""
    return re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?<!\w...)(?=[a-z]*\s+\d)")

#: Each word :data:`_MONTH_WORDS` matches whole, with its month: read on every query, so a look-up
#: rather than the pattern (a test checks the two agree).
MONTH_NAMES: dict[str, int] = {
    name: number for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
         ("jul", "july"), ("aug", "august"), ("sep", "sept", "sepember", "september"), ("oct", "october"),
         ("nov", "november"), ("dec", "december")), start=1)
    for name in names}


def month_number(word: str) -> int | None:
    """1-12 for a folded month name or its abbreviation ("dec", "sept", "december"), else None."""
    return MONTH_NAMES.get(word)


def written_dates(text: str, months: Iterable[int] | None = None) -> list[str]:
    """The ISO form of every date folded ``text`` writes in words: "2024-12-17", "2024-12".

    ``months``: where a month's name may begin, in order, if known (see :func:`_date_matches`)."""
    found = []
    for match in _date_matches(text, months):
        day1, name, name2, day2, year = match.group("day1", "month", "month2", "day2", "year")
        month = MONTH_NAMES.get(name or name2)
        day = day1 or day2
        if month is None or (day is not None and not 1 <= int(day) <= 31):
            continue
        found.append(f"{year}-{month:02d}-{int(day):02d}" if day else f"{year}-{month:02d}")
    return found


def _date_matches(text: str, months: Iterable[int] | None = None) -> Iterator[re.Match[str]]:
    """What ``_written_date().finditer(text)`` finds, trying the pattern only where a match can begin.

    Tried at every character, the pattern was a fifth of a compile's work. A match names a month,
    which begins at a place :func:`_month_hint` finds (the letters before it are not a word's:
    no hint found before can overlap it), and the match begins there (``december 2024``) or at
    the one or two digits before the white space before it (``17 december 2024``). Those places,
    in order, from where the last match ended, are where the scan would find one first. A match
    begins at the digits only with a digit (``\\d``, which is what str.isdecimal says, a test
    shows): a month's name is not one or two letters. ``months``, if given: the places of the hints
    that may begin a date, in order (the others find none).
    """
    pattern = _written_date()
    end = 0
    for month in (hint.start() for hint in _month_hint().finditer(text)) if months is None else months:
        if month < end:
            continue
        space = month
        while space > end and text[space - 1].isspace():
            space -= 1
        starts = (space - 2, space - 1, month) if space < month else (month,)
        for start in starts:
            if start >= end and (start == month or text[start].isdecimal()):
                match = pattern.match(text, start)
                if match is not None:
                    end = match.end()
                    yield match
                    break


#: Words whose letters american() leaves as they are, as met (at most 65,536): a set's look-up of
#: each word of a text in C is a third of a look-up in american()'s cache, called from C by map().
_PLAIN: set[str] = set()


def forms_of(text: str) -> str:
    """What folded ``text`` adds for search, after a space: the American spelling of each British
    word, and the ISO form of each date written in words; "" when there is none."""
    if not text:
        return ""
    # Each distinct word once, through the cached american() called from C by map(). A form that is
    # a word of the text is in the text: only the others (seldom any) are looked for in it, rather
    # than every word being searched for again (a tenth of a cold open at 100,000 events). Words
    # of under five letters are their own form, and are not read ("tonne" gives "ton": a form
    # that is a short word of the text is found in it all the same).
    forms = other_spellings(dict.fromkeys(_letters().findall(text)), text)
    forms += written_dates(text)
    return " " + " ".join(forms) if forms else ""


def other_spellings(words: dict[str, None], text: str) -> list[str]:
    """The American spellings of ``words`` (of folded ``text``, in order) that ``text`` does not hold."""
    if is_plain(words):  # most texts: then there is none
        return []
    spelled = dict.fromkeys(map(american, words))
    return [] if spelled.keys() == words.keys() else [
        form for form in spelled if form not in words and form not in text]


def is_plain(words: Iterable[str]) -> bool:
    """True when no word of five letters or more in ``words`` (each a word of letters or of letters
    and digits, ``refuelling2``) has another spelling."""
    if _PLAIN.issuperset(words):
        return True
    for word in set(words) - _PLAIN:
        if any(american(letters) != letters for letters in (
                (word,) if word.isalpha() else _letters().findall(word))):
            return False
        if len(_PLAIN) < 1 << 16:
            _PLAIN.add(word)
    return True


def partial_matches(words: Sequence[str], text: str) -> int:
    """How many of ``words`` the folded ``text`` holds only inside longer words ("plan" in "plane").

    A word with its plural ending counts as whole ("science" in "sciences"). Ranks hits
    of equal rank: whole words first.
    """
    count = 0
    for word in words:
        if not word or not word[-1].isalnum() or not word.isascii():
            continue
        plural = "es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s"  # "plan" is not in "planes"
        if not _whole_in(word, plural, text):
            count += 1
    return count


def _in_word(text: str, at: int) -> bool:
    """True when ``text[at]`` is a letter or digit of a folded word (``[0-9a-z]``)."""
    return 0 <= at < len(text) and ("a" <= text[at] <= "z" or "0" <= text[at] <= "9")


def _whole_in(word: str, plural: str, text: str) -> bool:
    """True when ``text`` holds ``word`` as a whole word, or with its ``plural`` ending: the pattern
    ``(?<![0-9a-z])word(?:plural)?(?![0-9a-z])``, without compiling one for every query word."""
    start = text.find(word)
    while start != -1:
        end = start + len(word)
        if not _in_word(text, start - 1) and (
                not _in_word(text, end)
                or (text.startswith(plural, end) and not _in_word(text, end + len(plural)))):
            return True
        start = text.find(word, start + 1)
    return False


class Hit(Value):
    """A record that matched, with its rank (lower is better) and where it matched best; ``partial``:
    how many query words it holds only inside longer words (:func:`partial_matches`): within a
    rank, fewer first.
    """

    __slots__ = ("record", "rank", "field", "partial")
    record: Record
    rank: int
    field: str
    partial: int

    def __init__(self, record: Record, rank: int, field: str, partial: int = 0) -> None:
        super().__init__(record, rank, field, partial)

    def __repr__(self) -> str:
        return f"Hit({self.record.key!r}, rank={self.rank}, field={self.field!r}, partial={self.partial})"


#: How :func:`rank_of` ranks a hit: the query's phrase in the title, all words in the title,
#: the phrase anywhere, the words anywhere.
PHRASE_IN_TITLE, WORDS_IN_TITLE, PHRASE_ANYWHERE, WORDS_ANYWHERE = range(4)


def folded_parts(record: Record, note: str = "", forms: bool = True) -> tuple[tuple[str, str], ...]:
    """The record's searchable fields, folded, in the order a hit's field is reported.

    "entities" holds the entity names and their other names from data/aliases.toml (the
    aliases, and corrected forms of the report's slips in the record: ``other_names``).
    """
    title, entities, body = folded_fields(record)
    note = fold(note)
    # Other spellings and written dates as a query reads them ("refueling", "2024-12"): see forms_of.
    # ``forms=False`` leaves them out of the text and the note (not the title, which ranks): for
    # ranking hits already found, where reading every word of a long text again costs the most.
    return (("title", title + forms_of(title)), ("entities", entities),
            ("text", body + forms_of(body) if forms else body), ("note", note + forms_of(note) if forms else note))


def folded_fields(record: Record) -> tuple[str, str, str]:
    """The record's folded title, entities and text, without their other forms (see forms_of)."""
    entities = record.entities
    return (fold(title_of(record)), fold(" ".join((*entities.names(), *entities.other_names))),
            fold(body_of(record)))


def rank_of(record: Record, words: Sequence[str], note: str = "") -> tuple[int, str]:
    """``(rank, field)`` of a record known to hold every word: how well it matches, and where."""
    return _rank(record, words, note, folded_parts(record, note, forms=False))


def ranked(record: Record, words: Sequence[str], note: str = "") -> Hit:
    """The hit ``record`` makes, known to hold every word: its rank, where, and its partial words."""
    parts = folded_parts(record, note, forms=False)
    partial = partial_matches(words, "\n".join(text for _, text in parts[:3])) if len(words) > 0 else 0
    return Hit(record, *_rank(record, words, note, parts), partial)


def ranked_as_stored(record: Record, words: Sequence[str], title: str, hay: str) -> Hit:
    """:func:`ranked` from the folded title and text the store keeps for ``record`` (its ``title``
    and ``hay`` columns, other spellings and written dates in), without folding the record again.

    The same rank and field: the title and entities are the same, and a text that holds a word
    without its other forms holds it with them. Its partial words are counted in the text with
    its other forms, as the title's are. A stored text that does not begin with the record's
    title, or a name holding a newline, and the record is folded again.
    """
    entities = record.entities
    every = (*entities.names(), *entities.other_names)
    start = len(title) + 1
    end = hay.find("\n", start)
    if not hay.startswith(title + "\n") or end == -1 or any("\n" in name for name in every):
        return ranked(record, words)
    # The names as stored run to the next line (none holds a newline): not folded again.
    parts = (("title", title), ("entities", hay[start:end]), ("text", hay[end + 1:]), ("note", ""))
    partial = partial_matches(words, hay) if len(words) > 0 else 0
    return Hit(record, *_rank(record, words, "", parts), partial)


def _rank(record: Record, words: Sequence[str], note: str, parts: tuple) -> tuple[int, str]:
    phrase = " ".join(words)
    title = parts[0][1]
    if contains(title, phrase):
        return PHRASE_IN_TITLE, "title"
    if all(contains(title, w) for w in words):
        return WORDS_IN_TITLE, "title"
    full = None
    for needle, rank in ((phrase, PHRASE_ANYWHERE), (words[0], WORDS_ANYWHERE)):
        for name, text in parts:
            if contains(text, needle):
                return rank, name
        # Only there by another spelling or a date written in words: read those too, as the store did.
        full = full or folded_parts(record, note)
        for name, text in full:
            if contains(text, needle):
                return rank, name
    return WORDS_ANYWHERE, "text"


def sort_hits(hits: list[Hit], editions: Sequence[str] = (), words: Sequence[str] = ()) -> None:
    """Best rank first; within a rank news, medals, articles, events, each in report (or date) order.

    ``editions`` are the edition ids in the model's order (by period): records of several
    editions follow it, as the model's lists do (edition ids need not sort by date). With the
    query's ``words``, hits of one rank holding them as whole words come before those holding
    them only inside longer words ("space science plan": the plan before the space plane).
    """
    rank = {edition: index for index, edition in enumerate(editions)}

    def order(record: Record) -> tuple:
        edition = rank.get(record.edition, record.edition)
        if isinstance(record, Event):
            return (record.date.sort_key, edition, record.order)
        return (edition, record.order)

    hits.sort(key=lambda h: (h.rank, h.partial if words else 0, DATASET_ORDER.get(h.record.dataset, 9),
                             order(h.record)))
