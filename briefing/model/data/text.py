"""Making data strings safe to show and print: terminal control characters removed once, at load.

Rich and Textual pass ESC and C1 bytes through to the terminal, so a title holding
an OSC 52 sequence would write the analyst's clipboard. Every text field of every
record goes through :func:`clean_text` in the loader; nothing else in the project
needs to strip again.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import filterfalse

#: Shown where a control character was removed, so an analyst sees that the data held one.
PLACEHOLDER = "\N{REPLACEMENT CHARACTER}"

# C0 except tab and newline, DEL, C1; plus the bidirectional overrides and isolates,
# which can make a line read differently from what it holds (CVE-2021-42574).
# Compiled when first needed, as are the patterns below: compiling this one alone is a tenth
# of a millisecond of every lookup, and a printable string (most) never needs it.
@cache
def _control() -> re.Pattern[str]:
    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> tuple[str, int]:
    """Return ``value`` with control characters replaced by :data:`PLACEHOLDER`, and how many.

    A lone ``\\r`` (which would move the cursor back over what was drawn) is a control
    character too; ``\\r\\n`` line ends are folded to ``\\n`` first so Windows files load clean.
    """
    if value.isprintable():  # every character removed is a control or format one: none here
        return value, 0
    if "\r\n" in value:
        value = value.replace("\r\n", "\n")
    cleaned, count = _control().subn(PLACEHOLDER, value)
    return cleaned, count


def has_control(value: str) -> bool:
    """True when ``value`` holds a character :func:`clean_text` would remove."""
    return not value.isprintable() and _control().search(value) is not None


def fold(value: str) -> str:
    """Fold case and accents away, for matching what an analyst types against the data.

    ``"Zhúquè"`` and ``"zhuque"`` fold the same; CJK text is left as it is.
    """
    if value.isascii():  # the common case, and ten times faster than normalising
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", value)
    # Combining marks are never ASCII: only the runs of other characters are read one by one, and
    # by filterfalse in C (a third of the cost of a loop in Python over every character).
    return _non_ascii_run().sub(_without_marks, decomposed).casefold()


@cache
def _non_ascii_run() -> re.Pattern[str]:
    return re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return "".join(filterfalse(unicodedata.combining, run.group()))


def fold_with_offsets(value: str) -> tuple[str, list[int]]:
    """:func:`fold` ``value``, and for each folded character the index of the original one.

    Lets a match found in folded text be highlighted in the text as written, even where
    folding changed lengths (``ß`` folds to ``ss``, ``é`` to ``e``).
    """
    if value.isascii():  # the common case: same length, one character for one
        return value.lower(), list(range(len(value)))
    folded: list[str] = []
    offsets: list[int] = []
    # Runs of ASCII fold in one go; only the other characters are folded one at a time.
    for run in _ascii_or_not().finditer(value):
        start, text = run.start(), run.group()
        if text.isascii():
            folded.append(text.lower())
            offsets.extend(range(start, start + len(text)))
            continue
        for index, char in enumerate(text, start):
            piece = fold(char)
            folded.append(piece)
            offsets.extend([index] * len(piece))
    return "".join(folded), offsets


@cache
def _ascii_or_not() -> re.Pattern[str]:
    return re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


def is_short_word(word: str) -> bool:
    """True for a short query word, three letters or digits at most (``cas``, ``72``): it matches
    whole words only, and a whole word is letters and digits with a number's separators ("1,721"
    is one word, see :func:`token_pattern`): the rule of ``store.ranking.is_short`` and ``short_words``.
    """
    return len(word) <= 3 and word.isascii() and word.isalnum() and word.lower() == word


@cache
def token_pattern() -> re.Pattern[str]:
    """A whole word of folded text: letters and digits, a number's separators included."""
    return re.compile(r"[0-9a-z]+(?:[.,][0-9]+)*")


def match_spans(value: str, words: list[str], *, whole_short: bool = True) -> list[tuple[int, int]]:
    """Where each of the folded ``words`` occurs in ``value``, as merged ``(start, end)`` spans.

    A short word is marked only where it is a whole word, as ranked search matches it ("cas" is
    not marked inside "CAST", nor "72" inside "1,721"); ``whole_short=False`` marks it anywhere,
    for the Timeline's search as you type, which matches parts of words ("shi" in "Shijian").
    """
    if not words or not value:
        return []
    folded, offsets = fold_with_offsets(value)
    spans: list[tuple[int, int]] = []
    tokens: list[tuple[int, int, str]] | None = None
    for word in words:
        if not word:
            continue
        if whole_short and is_short_word(word):
            if tokens is None:
                tokens = [(m.start(), m.end(), m.group()) for m in token_pattern().finditer(folded)]
            spans.extend((offsets[start], offsets[end - 1] + 1) for start, end, token in tokens if token == word)
            continue
        start = folded.find(word)
        while start != -1:
            end = start + len(word)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = folded.find(word, end)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
