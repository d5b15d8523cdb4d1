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

_MONTHS = "|".join(MONTH_NAMES) + "|" + "|".join(m[:3] for m in MONTH_NAMES) + "|Sept"
_DATE_LIKE = re.compile(
    rf"\b(?:{_MONTHS})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}(?:-\d{2})?\b")
_CAPITALISED = re.compile(r"[A-Z](?<![\w'’-][A-Z])[\w'’-]*(?:\s+(?:(?:of|and|for|the|de)\s+)?[A-Z][\w'’-]*)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*|\n)$")
_COMMON = {"The", "A", "An", "In", "On", "At", "By", "For", "Of", "And", "But", "Or", "This", "These", "That",
           "It", "Its", "Their", "They", "He", "She", "We", "I", "As", "With", "From", "To", "While", "When",
           "Another", "After", "Before", "Since", "During", "However", "Both", "Some", "Such", "Other", "Among",
           # the country the series is about is never tagged (the drafter's rule, as in the editions)
           "China", "Chinese", "PRC"}
_DAY_WORDS = set(MONTH_NAMES) | {m[:3] for m in MONTH_NAMES} | {"Monday", "Tuesday", "Wednesday", "Thursday",
                                                               "Friday", "Saturday", "Sunday"}


def note_leftovers(item: str, text: str, covered: list[tuple[int, int]], dropped: Dropped) -> None:
    """Add ``text``'s date-like words and capitalised names that no span in ``covered`` holds to ``dropped``."""
    mask = bytearray(len(text) + 1)
    for start, end in covered:
        start, end = max(0, start), min(len(text), end)
        if end > start:
            mask[start:end] = b"\x01" * (end - start)
    for match in _DATE_LIKE.finditer(text):
        if not any(mask[match.start(): match.end()]):
            word = match.group()
            # "May" at a sentence start is a verb as often as a month; "March" on its own is often a rocket.
            if word in ("May", "March") and _SENTENCE_START.search(text[max(0, match.start() - 3): match.start()]):
                continue
            dropped.date(item, match.start(), match.end(), word)
        mask[match.start(): match.end()] = b"\x01" * (match.end() - match.start())
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        if any(mask[start:end]):
            continue
        words = match.group().split()
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
