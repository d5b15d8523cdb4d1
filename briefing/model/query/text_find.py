"""Finding a typed word inside a text already on screen (the find bar of reading panes and the medal table).

Pure Python: the app highlights and steps through what :func:`find_spans` returns.
Matching ignores case and treats the query literally (``.`` is a dot, not "any character");
offsets are into the text as given, so they can mark it up without re-measuring.
"""

from __future__ import annotations

import re


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-overlapping occurrence of ``query`` in ``text``, ignoring case.

    An empty or all-blank query finds nothing (rather than every position).
    """
    if not query.strip():
        return []
    # re.IGNORECASE, not casefold(): folding can change a string's length ("ß" → "ss") and so the offsets.
    return [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)]


def step(index: int | None, count: int, forward: bool = True) -> int | None:
    """The match after (or before) ``index`` of ``count``, wrapping round; None when there are none."""
    if count <= 0:
        return None
    if index is None:
        return 0 if forward else count - 1
    return (index + (1 if forward else -1)) % count


def count_text(index: int | None, count: int, query: str) -> str:
    """``"2 of 5"``, ``"no match"``, ``"5 matches"`` when none is current, or nothing before anything is typed."""
    if not query.strip():
        return ""
    if count == 0:
        return "no match"
    if index is None:
        return f"{count} match{'es' if count > 1 else ''}"
    return f"{index + 1} of {count}"
