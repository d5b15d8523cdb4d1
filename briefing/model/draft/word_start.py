"""Patterns that start where a word starts, written so the regex engine can skip to their first letter.

Python's ``re`` tries a pattern at every character of the text unless the pattern begins
with a literal or a character class: then it jumps from one possible first character to the
next. A guard such as ``(?<![\\w-])`` or ``\\b`` written first hides the first character, so
the drafter's name and date patterns were tried at each of a report's characters. The same
guard written after the first character, as a lookbehind that takes that character in
(``S(?<![\\w-]S)henzhou`` for ``(?<![\\w-])Shenzhou``), matches exactly the same text and lets
the engine skip (two to ten times faster per pattern on a report).
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def guarded(alternatives: Iterable[str], not_before: str, *, escape: bool = True) -> str:
    """``(?:a|b|...)`` where each alternative may not follow a character of ``not_before`` (a class).

    The same matches as ``(?<!not_before)(?:a|b|...)``. Each alternative must start with one
    plain character (a letter or a digit); ``escape=False`` takes the alternatives as pattern
    text ("Sept\\.?").
    """
    parts = []
    for alternative in alternatives:
        first, rest = alternative[0], alternative[1:]
        if not first.isalnum():
            raise ValueError(f"an alternative must start with a letter or digit: {alternative!r}")
        parts.append(f"{first}(?<!{not_before}{first})" + (re.escape(rest) if escape else rest))
    return "(?:" + "|".join(parts) + ")"
