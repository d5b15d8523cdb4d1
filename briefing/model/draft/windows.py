"""Reading a paragraph a window at a time, so no step costs more than a window's worth.

A report's paragraph is a few hundred characters; a hostile one is a single 200 KB "sentence"
of one word repeated. The name and date grammars are regular expressions and interval checks
whose cost grows faster than their input on such runs, so the drafter hands them a paragraph
in windows of at most :data:`WINDOW` characters, cut at sentence ends where there are any and
otherwise at a space: every step is then bounded by a window, and the whole by the input's
length. A name or date cut by a window's edge is lost, which only happens inside a sentence
over :data:`WINDOW` characters long, which no report writes.
"""

from __future__ import annotations

import re

WINDOW = 2000
_SENTENCE_END = re.compile(r"[.?!][\"”’)]?\s+")


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """``(start, end)`` spans covering ``text`` in order, each at most ``size`` characters."""
    if len(text) <= size:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = None
            for match in _SENTENCE_END.finditer(text, start + size // 2, end):
                cut = match.end()
            if cut is None:
                space = text.rfind(" ", start + size // 2, end)
                cut = space + 1 if space > start else end
            end = cut
        spans.append((start, end))
        start = end
    return spans
