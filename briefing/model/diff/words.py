"""Word-by-word differences between two texts, like ``git diff --word-diff``.

A difference is a list of runs ``(op, text)``: ``"="`` words in both, ``"-"`` words only
in the old text, ``"+"`` words only in the new. Whitespace is not compared: the report's
texts are single paragraphs, and a reflowed line is not a change.

The matcher's work grows with the product of the two texts' lengths (two matched
20,000-word items took 45 s): past :data:`MAX_CELLS` the changed middle is given whole,
old then new, as one change of the paragraph.
"""

from __future__ import annotations

import difflib
from typing import Callable

#: A run of words: ``("=", "in both")``, ``("-", "only old")`` or ``("+", "only new")``.
Run = tuple[str, str]

#: Plain-text markers around deleted and inserted words, as ``git diff --word-diff=plain``.
DELETED = ("[-", "-]")
INSERTED = ("{+", "+}")

#: Words of the changed middles multiplied, at most, for a word-by-word diff (about 20 ms of work);
#: beyond it the middle is one deletion and one insertion.
MAX_CELLS = 250_000


def word_diff(old: str, new: str) -> list[Run]:
    """The runs that turn ``old`` into ``new``, in order; deletions before insertions at a replacement."""
    a, b = old.split(), new.split()
    # The words before the first change and after the last are kept out of the matcher: a
    # reworded phrase in a long paragraph then costs what the phrase costs.
    head = _common(min(len(a), len(b)), lambda n: a[:n] == b[:n])
    most = min(len(a), len(b)) - head
    tail = _common(most, lambda n: a[len(a) - n:] == b[len(b) - n:])
    middle_a, middle_b = a[head:len(a) - tail], b[head:len(b) - tail]
    runs: list[Run] = [("=", " ".join(a[:head]))] if head else []
    if len(middle_a) * len(middle_b) > MAX_CELLS:
        runs += [("-", " ".join(middle_a)), ("+", " ".join(middle_b))]
        if tail:
            runs.append(("=", " ".join(a[len(a) - tail:])))
        return runs
    # autojunk off: in a long paragraph "the" and "of" are frequent, and junking them makes a
    # reworded sentence look like a rewritten paragraph.
    matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(middle_a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(middle_a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(middle_b[j1:j2])))
    if tail:
        runs.append(("=", " ".join(a[len(a) - tail:])))
    # Adjacent kept runs (the head and a first equal block) read as one.
    merged: list[Run] = []
    for op, text in runs:
        if merged and op == "=" and merged[-1][0] == "=":
            merged[-1] = ("=", f"{merged[-1][1]} {text}")
        else:
            merged.append((op, text))
    return merged


def _common(most: int, same: Callable[[int], bool]) -> int:
    """The largest ``n`` up to ``most`` for which ``same(n)``: the words both texts begin (or end) with.

    Halving on slices compared in C: a word-by-word loop was most of the time of diffing a
    thousand long paragraphs with one word changed each.
    """
    low, high = 0, most  # same(low) holds; the answer is at most high
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def changed(runs: list[Run]) -> bool:
    """True when any run is a deletion or insertion."""
    return any(op != "=" for op, _ in runs)


def as_plain(runs: list[Run]) -> str:
    """The runs as one line of plain text: ``kept [-old-]{+new+} kept``."""
    out = ""
    for index, (op, text) in enumerate(runs):
        if index and not (op == "+" and runs[index - 1][0] == "-"):
            out += " "
        if op == "-":
            out += f"{DELETED[0]}{text}{DELETED[1]}"
        elif op == "+":
            out += f"{INSERTED[0]}{text}{INSERTED[1]}"
        else:
            out += text
    return out


def shortened(runs: list[Run], context: int = 6) -> list[Run]:
    """The runs with long unchanged stretches cut to ``context`` words either side of a change ("…")."""
    out: list[Run] = []
    last = len(runs) - 1
    for index, (op, text) in enumerate(runs):
        if op != "=":
            out.append((op, text))
            continue
        words = text.split(" ")
        keep_before = context if index > 0 else 0  # words after the previous change
        keep_after = context if index < last else 0  # words before the next change
        if len(words) <= keep_before + keep_after + 1:
            out.append((op, text))
            continue
        head = " ".join(words[:keep_before])
        tail = " ".join(words[len(words) - keep_after:]) if keep_after else ""
        out.append((op, " ".join(part for part in (head, "…", tail) if part)))
    return out
