"""Our grammar for the dates a report writes: exact days, months, qualified years, lists and ranges.

Written for prose, not for any one report: "On January 17, 2025", "17 January 2025",
"in August, October, and December 2024", "in late 2025", "by 2035", "early-2024",
"2021-2025", "since September 2024". Month names count only when capitalised (so "may"
is no month), a year only when it stands alone (not in "1,721", "US$2050" or "2024-03"),
and spans given as ``masks`` (entity names such as "Long March 5B") are never read as dates.

Each mention is returned with its character span, the value the data format stores (a
:class:`datetime.date` for a day; the report's wording for the rest, as ``ReportDate``
reads it) and how sure we are. A qualifier the format cannot hold ("before 2030",
"around 2030") is kept as a note and the bare year stored, for the analyst to decide.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from operator import attrgetter

from ..data.dates import MONTH_NAMES, days_in_month
from .date_anchors import matches_at, word_starts_before
from .windows import windows
from .word_start import guarded, guarded_branches

# Abbreviations with or without their dot ("Oct 24, 2007", "Oct. 24, 2007"), after the full names so
# "March" is read whole; never after "Long" ("Long March 5" is a rocket, not 5 March).
# (A lookbehind at the start of every pattern would make the regex engine try each one at every
# character; "after Long" is checked once, where a mention is added.)
_MONTH_WORDS = (*MONTH_NAMES, "Sept\\.?", *(m[:3] + r"\.?" for m in MONTH_NAMES if len(m) > 4))
_MONTH = "(?:" + "|".join(_MONTH_WORDS) + r")(?![\w'’])"
# The patterns that start at a word or a number start with its first character, the guard
# after it (see .word_start: the regex engine then skips to the next possible start).
#: ``\b`` + _MONTH.
_MONTH_AT_WORD = guarded(_MONTH_WORDS, r"\w", escape=False) + r"(?![\w'’])"


def _year_after(not_before: str) -> str:
    """``(?<!not_before)`` + _YEAR."""
    return rf"(1(?<!{not_before}1)[89]\d\d|2(?<!{not_before}2)[01]\d\d)"


_AFTER_LONG = re.compile(r"Long[ -]$")
_YEAR = r"(1[89]\d\d|2[01]\d\d)"
_QUAL = r"(early|mid|late|Early|Mid|Late)"

_EXACT_MDY = re.compile(rf"({_MONTH_AT_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b")
_EXACT_DMY = re.compile(rf"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}),?\s+{_YEAR}\b")
# A day with no year ("on December 8", "Dec 1 that year", "the 3rd of May"): the year is inferred.
_DAY_NO_YEAR_MD = re.compile(rf"({_MONTH_AT_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d°%.,]\d|[\d°%:/-])(?!,?\s+\d)")
_DAY_NO_YEAR_DM = re.compile(rf"(\d(?<![\w.,-]\d)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?!\s*,?\s*\d)")
# A month with no year after a word that makes it a date ("in January", "the January launch").
# Opening a sentence ("In February, ...", "Also in January, ..."), it dates what the sentence tells.
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?][\"”’)]?\s+)(?:(?:Also|Meanwhile|Then|Later|Separately),?\s+)?$")
_MONTH_NO_YEAR = re.compile(guarded(("in", "In", "on", "since", "by", "until", "from", "during", "early", "mid", "late",
                                     "the", "this", "last", "next"), r"\w") + r"[\s-]+"
                            rf"({_MONTH})(?!\s*,?\s*\d)")
_RELATIVE_YEAR = re.compile(r"\b(?:(by)\s+)?(?:the\s+(end|start|beginning|middle)\s+of\s+)?"
                            r"(?:(that|the same|the following|the next|this|next|later this)\s+year|"
                            r"the\s+year)\b", re.IGNORECASE)
_ISO = re.compile(r"(\d(?<!\w\d)\d{3})-(\d{2})-(\d{2})\b")
_MONTH_LIST = re.compile(rf"\b(?:{_QUAL}[\s-]+)?((?:{_MONTH}\s*,\s*)*{_MONTH}\s*,?\s*(?:and|or|to|through|-|–)\s*{_MONTH})\s+(?:of\s+)?{_YEAR}\b")
_MONTH_YEAR = re.compile(rf"\b(?:{_QUAL}[\s-]+)?({_MONTH})\s+(?:of\s+)?{_YEAR}\b")
_YEAR_RANGE = re.compile(_year_after(r"[\d$,.\-/]") + rf"\s*(?:-|–|to|through)\s*{_YEAR}(?![\d\-/]|,\d)")
_END_OF = re.compile(rf"\b(by\s+)?the\s+(end|start|beginning|middle)\s+of\s+{_YEAR}\b", re.IGNORECASE)
_QUAL_YEAR = re.compile("(" + guarded(("early", "mid", "late", "by", "before", "around", "circa", "Early", "Mid", "Late",
                                         "By", "Before", "Around"), r"\w") + rf")[\s-]+{_YEAR}(?![\d\-/]|,\d)")
_BARE_YEAR = re.compile(_year_after(r"[\d$,.\-/€£¥]") + rf"(?![\d\-/]|,\d|\.\d|s\b)")
_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
# A year as a modifier names a thing ("CSIS' 2024 medal table", "China's 2025 plan", "its 2024
# report"), not when something happened: after a possessive or "the"/"this"/"its"... (an
# acronym in brackets may come between: "Studies' (CSIS) 2024") and before a noun or a quoted
# name. "that" is left out ("said that 2024 was ..."), as are "a"/"an", and a verb or
# conjunction after the year keeps it a date ("the 2024 and 2025 launches" is a list).
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:\b(?:the|this|its|their|his|her|our)|\w(?:['’]s|s['’]))"
                                 r"\s+(?:\([^()]{1,40}\)\s+)?$", re.IGNORECASE)
_ATTRIBUTIVE_AFTER = re.compile(r"\s+(?:[\"“'‘]|(?!(?:and|or|to|through|was|were|is|are|will|would|saw|sees|"
                                r"had|has|have|could|may|might)\b)[A-Za-z])")
_MONTHS_IN = re.compile(_MONTH)
# Read for each mention, compiled once.
_RANGE_WORD = re.compile(r"\b(?:to|through)\b|[-–]")
_MEASURE_AFTER = re.compile(r"\s*(?:km|kg|m\b|satellites?|units?|people|times|downloads?|medals?|rmb|yuan|tons?)")
_THAT_YEAR_AFTER = re.compile(r"\s*(?:of\s+)?(that|the same|the following|next)\s+year\b", re.IGNORECASE)
_YEAR_IN = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
# Anchors (see .date_anchors): where a month, a year or the word "year" is written. Every date read
# holds four digits (a year, or an ISO day's), every month pattern a month at a word's start.
_FOUR_DIGITS = re.compile(r"\d\d\d\d")
_FOUR_ASCII_DIGITS = re.compile(r"[0-9]\d\d\d")  # the same in an ASCII text, found faster (see .leftovers)
_MONTH_STARTS = re.compile(_MONTH_AT_WORD)
_YEAR_ANYWHERE = re.compile(_YEAR)
#: Both in one scan (their matches never overlap nor start at one place: digits, letters), each top-level branch
#: led by its first character so the engine skips to the next 1, 2 or month initial: a year is a match led by a
#: digit. Where two scans read each paragraph.
_YEAR_OR_MONTH = re.compile("|".join([r"1[89]\d\d", r"2[01]\d\d"] + [
    branch + r"(?![\w'’])" for branch in guarded_branches(_MONTH_WORDS, r"\w", escape=False)]))
_YEAR_WORD = re.compile("[Yy][Ee][Aa][Rr]")  # "year" ignoring case: no other character matches y, e, a or r
#: What _ISO cannot match without ("-03-14"): found from its dash, a literal the engine jumps to, where _ISO
#: (led by \d, a Unicode test at every character) would scan the whole text; most texts hold a dash, few this.
_ISO_DASHES = re.compile(r"-\d\d-\d\d")

#: Qualifiers the data format holds, and what other wordings become.
_FORMAT_QUALIFIERS = {"early", "mid", "late", "by"}
_END_WORDS = {"end": "late", "start": "early", "beginning": "early", "middle": "mid"}


@dataclass(slots=True)  # made for every date of every paragraph
class DateMention:
    value: "dt.date | str"
    start: int
    end: int
    #: "day", "month" or "year"
    precision: str
    qualifier: str | None = None
    #: "since September 2024": the start of a count, not an event.
    reference: bool = False
    note: str | None = None
    confidence: float = 0.9

    @property
    def key(self) -> str:
        return self.value.isoformat() if isinstance(self.value, dt.date) else self.value


@functools.lru_cache(maxsize=64)  # a few dozen spellings of the twelve months
def _month_number(name: str) -> int:
    name = name.rstrip(".")
    for number, full in enumerate(MONTH_NAMES, start=1):
        if full.startswith(name) and len(name) >= 3:
            return number
    raise ValueError(name)


def _masked(text: str, masks: list[tuple[int, int]]) -> str:
    if not masks:
        return text
    # The text between the masks as it is, each mask as spaces: slices, not a list of characters.
    pieces: list[str] = []
    done = 0
    for start, end in sorted(masks):
        start, end = max(done, start), min(len(text), end)
        if end > start:
            pieces += [text[done:start], " " * (end - start)]
            done = end
    return "".join(pieces) + text[done:]


def find_dates(text: str, masks: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """Every date mentioned in ``text``, in order of mention; read a window at a time (see :mod:`.windows`)."""
    spans = windows(text)
    if len(spans) == 1:
        return _find_dates(text, masks or [])
    found: list[DateMention] = []
    masks = sorted(masks or [])
    first = 0
    for start, end in spans:
        while first < len(masks) and masks[first][1] <= start:
            first += 1
        local = []
        for a, b in masks[first:]:
            if a >= end:
                break
            local.append((a - start, b - start))
        for mention in _find_dates(text[start:end], local):
            mention.start += start
            mention.end += start
            found.append(mention)
    return found


def _find_dates(text: str, masks: list[tuple[int, int]]) -> list[DateMention]:
    work = _masked(text, masks)
    years, months = _years_and_months(work)
    # A year is four digits: only a text without one is searched for four digits (an ISO day's "3000-01-02").
    if not years and (_FOUR_ASCII_DIGITS if work.isascii() else _FOUR_DIGITS).search(work) is None:
        return []  # no year to read, nor one to infer a day's or a month's from
    # A qualifier ("early", "mid-") or a day ("3rd of") may come before a month: the two words before each
    # are starts too. Every pattern below that starts at a month, a day before one or a year is tried there.
    # (In order, each once: six patterns are tried there. The months and years are, as finditer found them.)
    month_starts = sorted(set(word_starts_before(work, months, 2, 6))) if months else []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        for a, b in taken:
            if end > a and start < b:
                return False
        return True

    def add(mention: DateMention, span: tuple[int, int]) -> None:
        if mention.precision != "year" and _AFTER_LONG.search(work, max(0, mention.start - 5), mention.start):
            return  # "Long March 5": a rocket, never 5 March
        mention.reference = bool(_SINCE.search(work[max(0, span[0] - 12): span[0]]))
        found.append(mention)

    exact = (matches_at(_EXACT_MDY, work, months, ordered=True),
             matches_at(_EXACT_DMY, work, month_starts, ordered=True),
             _ISO.finditer(work) if _ISO_DASHES.search(work) else ())
    for matches, order in zip(exact, ("mdy", "dmy", "iso")):
        for match in matches:
            if not free(*match.span()):
                continue
            try:
                if order == "mdy":
                    month, day, year = _month_number(match[1]), int(match[2]), int(match[3])
                elif order == "dmy":
                    day, month, year = int(match[1]), _month_number(match[2]), int(match[3])
                else:
                    year, month, day = int(match[1]), int(match[2]), int(match[3])
                if not 1 <= day <= days_in_month(year, month):
                    # "February 30, 2026": no such day; the month and year stand, for the analyst to check.
                    wording = f"{MONTH_NAMES[month - 1]} {year}"
                    add(DateMention(wording, *match.span(), "month", note=f"no such day: {match.group()!r}",
                                    confidence=0.3), match.span())
                    taken.append(match.span())
                    continue
            except ValueError:
                continue
            add(DateMention(dt.date(year, month, day), *match.span(), "day", confidence=0.95), match.span())
            taken.append(match.span())

    for match in matches_at(_MONTH_LIST, work, month_starts, ordered=True):
        if not free(*match.span()):
            continue
        qualifier = match[1].lower() if match[1] else None
        year = match[3]
        names = list(_MONTHS_IN.finditer(match[2]))
        ranged = _RANGE_WORD.search(match[2]) and len(names) == 2
        for name in names:
            month = MONTH_NAMES[_month_number(name.group()) - 1]
            wording = f"{qualifier} {month} {year}" if qualifier else f"{month} {year}"
            start = match.start(2) + name.start()
            add(DateMention(wording, start, match.start(2) + name.end(), "month", qualifier,
                            note="one end of a range" if ranged else None, confidence=0.85 if ranged else 0.9),
                (start, match.end()))
        taken.append(match.span())

    for match in matches_at(_MONTH_YEAR, work, month_starts, ordered=True):
        if not free(*match.span()):
            continue
        qualifier = match[1].lower() if match[1] else None
        month = MONTH_NAMES[_month_number(match[2]) - 1]
        wording = f"{qualifier} {month} {match[3]}" if qualifier else f"{month} {match[3]}"
        add(DateMention(wording, *match.span(), "month", qualifier, confidence=0.9), match.span())
        taken.append(match.span())

    for match in matches_at(_YEAR_RANGE, work, years, ordered=True):
        if not free(*match.span()) or int(match[2]) <= int(match[1]):
            continue
        for group in (1, 2):
            add(DateMention(match[group], match.start(group), match.end(group), "year",
                            note="one end of a range", confidence=0.75), match.span())
        taken.append(match.span())

    # "by the end of 2025": three words before "of" and a year.
    of_year = _of_year_starts(work, years) if years else []
    for match in matches_at(_END_OF, work, word_starts_before(work, of_year, 3, 9)):
        if not free(*match.span()):
            continue
        qualifier = "by" if match[1] else _END_WORDS[match[2].lower()]
        add(DateMention(f"{qualifier} {match[3]}", *match.span(), "year", qualifier,
                        note=f"the report says {match.group()!r}", confidence=0.7), match.span())
        taken.append(match.span())

    for match in matches_at(_QUAL_YEAR, work, word_starts_before(work, years, 1, 6)):
        if not free(*match.span()):
            continue
        word = match[1].lower()
        if word in _FORMAT_QUALIFIERS:
            add(DateMention(f"{word} {match[2]}", *match.span(), "year", word, confidence=0.9), match.span())
        else:
            add(DateMention(match[2], match.start(2), match.end(2), "year",
                            note=f"the report says {match.group()!r}; the data format has no {word!r}",
                            confidence=0.5), match.span())
        taken.append(match.span())

    for match in matches_at(_BARE_YEAR, work, years, ordered=True):
        if not free(*match.span()):
            continue
        after = work[match.end(): match.end() + 12].lower()
        # "2024 satellites", "2025 km": a count or a measure, not a year.
        if _MEASURE_AFTER.match(after):
            continue
        if _attributive(text, *match.span()):
            continue
        add(DateMention(match[1], *match.span(), "year", confidence=0.9), match.span())
        taken.append(match.span())

    _inferred(work, found, taken, free, add, month_starts)
    found.sort(key=attrgetter("start"))  # read in C
    return found


def _inferred(work: str, found: list[DateMention], taken: list, free, add, month_starts: list[int]) -> None:
    """Days and months written without a year, and "that year", "by the end of the year".

    The year is the one of the nearest date before it in the text (the sentence's or the
    paragraph's), else of the first date after it; with none, nothing is read (REVIEW.md lists
    the words as left out). Each is marked inferred and doubtful.
    """
    anchors = sorted((m.start, year) for m in found if (year := _year_of(m.value)))
    if not anchors:
        return

    def year_near(at: int) -> int | None:
        before = [year for start, year in anchors if start < at]
        return before[-1] if before else anchors[0][1]

    for pattern, order in ((_DAY_NO_YEAR_MD, "md"), (_DAY_NO_YEAR_DM, "dm")):
        for match in matches_at(pattern, work, month_starts, ordered=True):
            if not free(*match.span()):
                continue
            day, name = (int(match[2]), match[1]) if order == "md" else (int(match[1]), match[2])
            try:
                month = _month_number(name)
            except ValueError:
                continue
            year = year_near(match.start())
            after = work[match.end(): match.end() + 20]
            said = _THAT_YEAR_AFTER.match(after)
            end = match.end() + (said.end() if said else 0)
            if said and said[1].lower() in ("the following", "next"):
                year += 1
            if not year or not 1 <= day <= days_in_month(year, month):
                continue
            if any(isinstance(m.value, dt.date) and (m.value.month, m.value.day) == (month, day) for m in found):
                continue  # the same day written in full elsewhere in the paragraph
            add(DateMention(dt.date(year, month, day), match.start(), end, "day",
                            note=f"year {year} inferred from the paragraph: the report says {work[match.start():end]!r}",
                            confidence=0.6), (match.start(), end))
            taken.append((match.start(), end))
    for match in matches_at(_MONTH_NO_YEAR, work, month_starts, ordered=True):
        if not free(*match.span(1)):
            continue
        year = year_near(match.start())
        if not year:
            continue
        month = MONTH_NAMES[_month_number(match[1]) - 1]
        opens = _OPENS_SENTENCE.search(work, max(0, match.start() - 16), match.start()) is not None
        if not opens and any(isinstance(m.value, dt.date) and m.value.month == _month_number(month)
                             or f"{month} " in str(m.value) for m in found):
            continue  # "the January launch" beside "January 23, 2025": the same thing, already dated
        add(DateMention(f"{month} {year}", *match.span(1), "month",
                        note=f"year {year} inferred from the paragraph: the report says {match.group()!r}",
                        confidence=0.5), match.span(1))
        taken.append(match.span(1))
    # Every wording of it ends in "year", at most six words after its start ("by the end of the following year").
    year_words = _year_word_starts(work)
    for match in matches_at(_RELATIVE_YEAR, work, word_starts_before(work, year_words, 6, 9)):
        if not free(*match.span()):
            continue
        year = year_near(match.start())
        if not year:
            continue
        which = (match[3] or "").lower()
        if which in ("the following", "the next", "next"):
            year += 1
        qualifier = "by" if match[1] else _END_WORDS.get((match[2] or "").lower())
        if which == "later this":
            qualifier = qualifier or "late"
        value = f"{qualifier} {year}" if qualifier else str(year)
        add(DateMention(value, *match.span(), "year", qualifier,
                        note=f"year {year} inferred from the paragraph: the report says {match.group()!r}",
                        confidence=0.5), match.span())
        taken.append(match.span())


def _years_and_months(work: str) -> tuple[list[int], list[int]]:
    """The starts of _YEAR_ANYWHERE's and of _MONTH_STARTS's matches in ``work``, found by one scan."""
    years: list[int] = []
    months: list[int] = []
    for match in _YEAR_OR_MONTH.finditer(work):
        (years if match.group()[0] in "12" else months).append(match.start())
    return years, months


def _of_year_starts(work: str, years: list[int]) -> list[int]:
    """Where ``[Oo][Ff]\\s+`` + _YEAR matches in ``work``, read back from its years (_YEAR_ANYWHERE's starts).

    Its year follows a space, so no year found before covers it: it is one of ``years``, and the
    match starts at the "of" before that year's spaces. A look back a year instead of a scan of the
    text for each "o" (a set the engine tests at every character).
    """
    starts = []
    for year in years:
        at = year
        while at > 0 and work[at - 1].isspace():  # re's \s is str.isspace
            at -= 1
        if at < year and at >= 2 and work[at - 2: at] in _OF_CASES:
            starts.append(at - 2)
    return starts


_OF_CASES = frozenset(("of", "Of", "oF", "OF"))


def _year_word_starts(work: str) -> list[int]:
    """Where _YEAR_WORD matches in ``work``: in an ASCII text, "year" found in its lower-cased copy by
    str.find (same length, and "year" cannot overlap itself); else by the pattern."""
    if not work.isascii():
        return [match.start() for match in _YEAR_WORD.finditer(work)]
    lowered = work.lower()
    starts = []
    at = lowered.find("year")
    while at >= 0:
        starts.append(at)
        at = lowered.find("year", at + 4)
    return starts


def _attributive(text: str, start: int, end: int) -> bool:
    """Whether the year at ``text[start:end]`` modifies a noun ("CSIS' 2024 medal table"): a name, no date."""
    return bool(_ATTRIBUTIVE_BEFORE.search(text, max(0, start - 60), start)
                and _ATTRIBUTIVE_AFTER.match(text, end))


def _year_of(value) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    found = _YEAR_IN.search(str(value))
    return int(found.group()) if found else None


@functools.lru_cache(maxsize=4096)  # asked for every event's status and introduction date: a few hundred values
def span_of(value: "dt.date | str") -> tuple[dt.date, dt.date]:
    """The first and last day a stored date covers (``"late 2025"``: September 1 to December 31)."""
    from ..data.dates import ReportDate

    parsed = ReportDate.parse(value)
    if parsed.day:
        day = dt.date(parsed.year, parsed.month, parsed.day)
        return day, day
    if parsed.month:
        return (dt.date(parsed.year, parsed.month, 1),
                dt.date(parsed.year, parsed.month, days_in_month(parsed.year, parsed.month)))
    first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}.get(parsed.qualifier or "", (1, 12))
    return dt.date(parsed.year, first, 1), dt.date(parsed.year, last, days_in_month(parsed.year, last))
