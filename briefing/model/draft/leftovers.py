"""What the drafter saw in a paragraph but made no data of: date-like words and capitalised names.

Listed in REVIEW.md (:class:`.review_report.Dropped`) so the analyst sees what to check by
hand rather than trusting that nothing was missed. A word counts as left over when no date
or entity the drafter found covers it; a capital at a sentence's start says nothing and is
not listed, nor are the words that open sentences or label parts of a report.
"""

from __future__ import annotations

import re

from ..data.dates import MONTH_NAMES
from .review_report import Dropped
from .word_start import guarded

_MONTHS = "|".join(MONTH_NAMES) + "|" + "|".join(m[:3] for m in MONTH_NAMES) + "|Sept"
# Date-like words: a month first, or a number first (a day before its month, 1/2/2025, 2025-03). Two
# patterns, each starting with its first character and the guard after it (see .word_start), so the
# engine skips to the next capital or digit; :func:`_date_like` reads them as one alternation.
_DATE_LIKE_MONTH = re.compile(guarded(_MONTHS.split("|"), r"\w")
                              + r"\b\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{4}\b)?")
_AFTER_FIRST_DIGIT = (rf"(?<!\w\d)(?:\d?(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?"
                      r"|\d?/\d{1,2}/\d{2,4}\b|\d{3}-\d{2}(?:-\d{2})?\b)")
_DATE_LIKE_NUMBER = re.compile(r"\d" + _AFTER_FIRST_DIGIT)
#: The same for an ASCII text, where \d is [0-9]: a range the engine tests in a step at each character it
#: skips, where \d is a Unicode look-up (almost every paragraph of a report is ASCII).
_DATE_LIKE_NUMBER_ASCII = re.compile(r"[0-9]" + _AFTER_FIRST_DIGIT)
_CAPITALISED = re.compile(r"[A-Z](?<![\w'’-][A-Z])[\w'’-]*(?:\s+(?:(?:of|and|for|the|de)\s+)?[A-Z][\w'’-]*)*")
#: The same for an ASCII text, where \w is [A-Za-z0-9_] and no ’ is written: a bitmap test at each character of a
#: name, where \w is a Unicode look-up (tests/test_draft_pattern_gates.py compares the two).
_CAPITALISED_ASCII = re.compile(r"[A-Z](?<![A-Za-z0-9_'-][A-Z])[A-Za-z0-9_'-]*"
                                r"(?:\s+(?:(?:of|and|for|the|de)\s+)?[A-Z][A-Za-z0-9_'-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*|\n)$")
_COMMON = {"The", "A", "An", "In", "On", "At", "By", "For", "Of", "And", "But", "Or", "This", "These", "That",
           "It", "Its", "Their", "They", "He", "She", "We", "I", "As", "With", "From", "To", "While", "When",
           "Another", "After", "Before", "Since", "During", "However", "Both", "Some", "Such", "Other", "Among",
           # the country the series is about is never tagged (the drafter's rule, as in the editions)
           "China", "Chinese", "PRC"}
_DAY_WORDS = set(MONTH_NAMES) | {m[:3] for m in MONTH_NAMES} | {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                               "Friday", "Saturday", "Sunday"}


def _date_like(text: str):
    """The matches ``finditer`` would give of the two date-like patterns as one alternation, in order.

    They never match at the same place (one starts with a letter, the other with a digit), so
    the earlier of the two next matches is the alternation's, and the search goes on after it.
    """
    number_pattern = _DATE_LIKE_NUMBER_ASCII if text.isascii() else _DATE_LIKE_NUMBER  # isascii: a flag, no scan
    month, number = _DATE_LIKE_MONTH.search(text), number_pattern.search(text)
    while month or number:
        match = month if number is None or (month is not None and month.start() < number.start()) else number
        yield match
        if month is not None and month.start() < match.end():
            month = _DATE_LIKE_MONTH.search(text, match.end())
        if number is not None and number.start() < match.end():
            number = number_pattern.search(text, match.end())


def note_leftovers(item: str, text: str, covered: list[tuple[int, int]], dropped: Dropped) -> None:
    """Add ``text``'s date-like words and capitalised names that no span in ``covered`` holds to ``dropped``."""
    size = len(text)
    mask = bytearray(size + 1)
    for start, end in covered:
        if start < 0:
            start = 0
        if end > size:
            end = size
        if end > start:
            mask[start:end] = b"\x01" * (end - start)
    for match in _date_like(text):
        if mask.find(1, match.start(), match.end()) < 0:
            word = match.group()
            # "May" at a sentence start is a verb as often as a month; "March" on its own is often a rocket.
            if word in ("May", "March") and _SENTENCE_START.search(text[max(0, match.start() - 3): match.start()]):
                continue
            dropped.date(item, match.start(), match.end(), word)
        mask[match.start(): match.end()] = b"\x01" * (match.end() - match.start())
    for match in (_CAPITALISED_ASCII if text.isascii() else _CAPITALISED).finditer(text):
        start, end = match.span()
        if mask.find(1, start, end) >= 0:  # a date or a name found covers part of it
            continue
        words = match.group().split()
        if len(words) == 1 and (words[0] in _COMMON or words[0] in _DAY_WORDS):
            continue  # a lone common word or month: dropped below whether or not it opens a sentence
        if _SENTENCE_START.search(text[max(0, start - 3): start]):
            words = words[1:]  # the first word's capital is the sentence's
        while words and (words[0] in _COMMON or words[0] in _DAY_WORDS):
            words = words[1:]
        name = " ".join(words)
        name = name[:-2] if name.endswith(("'s", "’s")) else name.rstrip("'’")
        if name in _COMMON:
            continue
        if name and not name.isdigit() and len(name) > 1:
            dropped.name(name, item)
