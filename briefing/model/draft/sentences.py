"""Splitting a paragraph into sentences, with their character spans.

A full stop ends a sentence when a capital, a digit or a quote follows after a space, unless
it closes an abbreviation ("U.S.", "Dr."), where the next word decides: a common
sentence-opening word ("The", "Finland" after "U.S." is ambiguous and kept as one sentence).
"""

from __future__ import annotations

import re

# The gap after a sentence's end (group 1); the pattern starts with the stop itself, not a look back
# at it, so the engine skips from stop to stop instead of trying each character.
_END = re.compile(r"[.?!]([\"”’)]?\s+)(?=[\"“A-Z0-9])")
#: The same where no "?" or "!" is written (most paragraphs): led by the full stop, a literal the engine jumps to,
#: where a set of three is tested at each character.
_FULL_STOP_END = re.compile(r"\.([\"”’)]?\s+)(?=[\"“A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:Dr|Mr|Mrs|Ms|St|No|Co|Inc|Ltd|Corp|vs|etc|approx)\.$")
_LONGEST_ABBREVIATION = len("approx.")
_OPENERS = {"The", "A", "An", "It", "In", "On", "This", "These", "Both", "Another", "However", "Its", "They"}


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in (_END if "?" in text or "!" in text else _FULL_STOP_END).finditer(text):
        gap, (gap_start, gap_end) = match.group(1), match.span(1)
        # Only the sentence's last characters and the next word matter: slicing more would make a
        # long run of abbreviations cost the square of its length.
        before = text[max(start, gap_start - 24): gap_start].rstrip("\"”’)")
        # Whether an abbreviation ends it is read in its last characters: "approx." (7) is the longest
        # second branch, and a run of "X." pairs ends in two of them (4) if it matches at all (the
        # lookbehinds of \b still see the characters before the search's start).
        if _ABBREVIATION.search(before, max(0, len(before) - _LONGEST_ABBREVIATION)):
            next_word = text[gap_end: gap_end + 40].split(" ", 1)[0]
            if next_word not in _OPENERS:
                continue
        spans.append((start, gap_start + len(gap) - len(gap.lstrip("\"”’)"))))
        start = gap_end
    if start < len(text):
        spans.append((start, len(text)))
    # The sentence's trailing spaces dropped (measured on the sentence, never on the text before it).
    return [(a, b) for a, b in ((a, a + len(text[a:b].rstrip())) for a, b in spans) if b > a]


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
