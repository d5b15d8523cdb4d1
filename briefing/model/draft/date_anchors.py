"""Where a date pattern can start, found from anchors the regex engine finds fast.

Some date patterns open with an optional word ("early", "by the end of", "in") or with a
``\\b`` that hides their first character, so the engine tried each of them at every
character of a report. Every match of those patterns holds an anchor that is cheap to find
(a capitalised month at a word's start, a year, the word "year") and starts at that anchor or
at one of the few words just before it. :func:`matches_at` tries a pattern at those positions
only, left to right and never inside the match before, as ``finditer`` would: the matches are
the same (tests/test_draft_anchors.py compares them with ``finditer``'s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def word_starts_before(text: str, anchors: Iterable[int], words: int, longest: int) -> list[int]:
    """Each anchor and the starts of up to ``words`` words before it.

    Words are runs of word characters of at most ``longest`` characters, each apart from the
    next by whitespace or hyphens (``re``'s ``\\s`` is ``str.isspace``); a longer word ends the
    walk back, since no pattern that asks for these positions has a word that long.
    """
    starts: list[int] = []
    for at in anchors:
        starts.append(at)
        end = at
        for _ in range(words):
            while end > 0 and (text[end - 1].isspace() or text[end - 1] == "-"):
                end -= 1
            begin, stop = end, max(0, end - longest - 1)
            # re's \w for a str pattern: a letter or digit of any script, or an underscore
            while begin > stop and (text[begin - 1].isalnum() or text[begin - 1] == "_"):
                begin -= 1
            if begin == end or end - begin > longest:
                break
            starts.append(begin)
            end = begin
    return starts


def matches_at(pattern: re.Pattern, text: str, starts: Iterable[int], *, ordered: bool = False) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, given every position where a match can start (more do no harm).

    ``ordered``: ``starts`` are already in increasing order, each once (a list several patterns are tried at is
    sorted once, not once a pattern).
    """
    done = 0
    for start in starts if ordered else sorted(set(starts)):
        if start < done:
            continue  # inside the match before, as finditer goes on from a match's end
        match = pattern.match(text, start)
        if match:
            done = match.end()
            yield match
