"""The report's own words, matched across two editions before any record is.

Both editions keep the report's text: each news item holds one paragraph of it, and the
edition's parts hold the introduction's paragraphs and the headings. Those paragraphs are
matched first, so that records can then be hung on them (:mod:`.matching`) and a change
is told by what the report's words did, never by a title or summary we wrote:

1. **same words**: paragraphs whose text is the same (whitespace aside), wherever they
   are: a moved paragraph is no change;
2. **reworded**: of the rest, pairs sharing most of their words (Jaccard on word sets),
   or one mostly inside the other, best first, each paragraph once;
3. **split or joined**: a paragraph left over whose words lie, in order, inside the
   paragraph next to it that was matched (the report, or the drafter, cut it in two),
   joins that one's group.

A :class:`Group` is then a few old paragraphs and the new ones they became; it changed
when its words, joined in report order, differ. Candidates for (2) come from an index of
the leftover paragraphs' less common words, so the work grows with what changed.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from collections import Counter, defaultdict
from itertools import chain
from operator import attrgetter, itemgetter
from typing import Any, Iterable, NamedTuple, Sequence

from ..data.records import Record

#: A word shared by more leftover old paragraphs than this says little about which is meant.
COMMON_WORD_LIMIT = 25
#: Candidates scored in full for each leftover new paragraph.
CANDIDATES = 4
#: Lowest Jaccard similarity of two reworded paragraphs' word sets.
REWORDED = 0.5
#: Share of a paragraph's words found, in order, inside its neighbour for it to be a piece of it.
PIECE = 0.8
#: Words of a piece times words of its neighbour compared in order, at most; beyond, the word sets are
#: compared (bounded work whatever the paragraphs' lengths).
PIECE_CELLS = 250_000

#: Paragraphs whose words are kept while leftovers are tried as pieces of their neighbours.
PIECES_KEPT = 64

_WORD = re.compile(r"[^\W_]+")
#: The same words in ASCII text (most reports'): each byte but a letter or digit made a space, capitals made
#: small (casefold() is lower() there), then split. The text's [a-z0-9]+ runs as the regular expression finds
#: them, in C without the matcher's per-position tries: 40% less time than findall on the 10,000-event pair.
_ASCII_WORD_BYTES = bytes(byte + 32 if 65 <= byte <= 90 else byte if 97 <= byte <= 122 or 48 <= byte <= 57 else 32
                          for byte in range(256))


class Group(NamedTuple):
    """Old paragraphs and the new paragraphs they became (usually one each), in report order."""

    old: tuple[Record, ...]
    new: tuple[Record, ...]
    #: True when the report's words differ (whitespace and where paragraphs are cut aside).
    changed: bool
    #: The old and new paragraphs' words joined, when made while matching (else made when asked).
    joined: tuple[str, str] | None = None

    @property
    def old_text(self) -> str:
        return self.joined[0] if self.joined is not None else _joined(self.old)

    @property
    def new_text(self) -> str:
        return self.joined[1] if self.joined is not None else _joined(self.new)


def _joined(records: Sequence[Record]) -> str:
    return " ".join(_key(record) for record in records)


def _group(old: tuple[Record, ...], new: tuple[Record, ...], same: bool) -> Group:
    if same:
        return Group(old, new, False)
    joined = (_joined(old), _joined(new))
    return Group(old, new, joined[0] != joined[1], joined)


class ParagraphMatch(NamedTuple):
    groups: list[Group]
    added: list[Record]
    dropped: list[Record]


def _key(record: Record) -> str:
    """The text with its whitespace made single spaces (most texts have nothing to change: kept as they are)."""
    text = record.text
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or text[:1].isspace() or text[-1:].isspace():
        return " ".join(text.split())
    return text


def _words(record: Record) -> frozenset[str]:
    return frozenset(_word_list(record.text))


def _word_list(text: str) -> list[str]:
    """The words of ``text``, case ignored, in order."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    return _WORD.findall(text.casefold())


def match_paragraphs(old: Sequence[Record], new: Sequence[Record]) -> ParagraphMatch:
    """Match two editions' paragraphs (records with a ``text``, in report order)."""
    group_of_old: dict[int, list] = {}
    groups: list[list] = []  # [[old positions], [new positions], "same words"?]
    rest_old, rest_new = _same_words(old, new, _TEXT, range(len(old)), range(len(new)), groups)
    if rest_old and rest_new:  # the same words reflowed (whitespace aside)
        rest_old, rest_new = _same_words(old, new, _key, rest_old, rest_new, groups)
    for group in groups:
        group_of_old[group[0][0]] = group
    if rest_old and rest_new:
        for old_position, new_position in _reworded(old, new, rest_old, rest_new):
            group = [[old_position], [new_position]]
            groups.append(group)
            group_of_old[old_position] = group
    group_of_new = {position: group for group in groups for position in group[1]}
    _pieces(old, new, group_of_old, group_of_new, groups)
    # In report order of their new paragraphs: the keys found in C (a lambda for each of 10,000 groups was not).
    first_new = list(map(min, map(_NEW_POSITIONS, groups)))
    groups = [groups[at] for at in sorted(range(len(groups)), key=first_new.__getitem__)]  # a stable sort too
    matched_old = {position for group in groups for position in group[0]}
    matched_new = {position for group in groups for position in group[1]}
    made: list[Group] = []
    for olds, news, *same in groups:  # most groups: one paragraph each side, the same words
        before = (old[olds[0]],) if len(olds) == 1 else _at(old, olds)
        after = (new[news[0]],) if len(news) == 1 else _at(new, news)
        made.append(tuple.__new__(Group, (before, after, False, None)) if same else _group(before, after, False))
    return ParagraphMatch(
        groups=made,
        added=[record for position, record in enumerate(new) if position not in matched_new],
        dropped=[record for position, record in enumerate(old) if position not in matched_old],
    )


_NEW_POSITIONS = itemgetter(1)
_TEXT = attrgetter("text")


def _at(records: Sequence[Record], positions: list[int]) -> tuple[Record, ...]:
    """The records at ``positions``, in report order (most groups are one paragraph each side)."""
    if len(positions) == 1:
        return (records[positions[0]],)
    return tuple([records[position] for position in sorted(positions)])


def _same_words(old: Sequence[Record], new: Sequence[Record], key, olds: Iterable[int], news: Iterable[int],
                groups: list) -> tuple[list[int], list[int]]:
    """Group paragraphs whose ``key`` (their text) is the same, in order; the positions left on each side."""
    by_text: dict[str, list[int]] = {}
    for position in olds:
        text = key(old[position])
        places = by_text.get(text)
        if places is None:  # not setdefault: a list made for each of 10,000 paragraphs
            by_text[text] = [position]
        else:
            places.append(position)
    rest_new: list[int] = []
    for position in news:
        places = by_text.get(key(new[position]))
        if places:
            groups.append([[places.pop(0)], [position], "same words"])
        else:
            rest_new.append(position)
    return sorted(position for places in by_text.values() for position in places), rest_new


def _reworded(old: Sequence[Record], new: Sequence[Record], rest_old: list[int],
              rest_new: list[int]) -> list[tuple[int, int]]:
    """Pairs of leftover paragraphs sharing most of their words, best first, each once."""
    old_words = {position: _words(old[position]) for position in rest_old}
    index: defaultdict[str, list[int]] = defaultdict(list)  # not setdefault: a new list for each of 150,000 words
    for position, words in old_words.items():
        for word in words:
            index[word].append(position)
    rare = {word: places for word, places in index.items() if len(places) <= COMMON_WORD_LIMIT}
    scored: list[tuple[float, int, int]] = []
    places = rare.get
    for new_position in rest_new:
        words = _words(new[new_position])
        # Counted in C, in the order first met; a stable sort keeps the first met first among ties.
        shared = Counter(chain.from_iterable([found for found in map(places, words) if found is not None]))
        for position in sorted(shared, key=shared.__getitem__, reverse=True)[:CANDIDATES]:
            score = _similarity(old_words[position], words)
            if score >= REWORDED:
                scored.append((score, new_position, position))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, new_position, old_position in scored:
        if new_position in used_new or old_position in used_old:
            continue
        used_new.add(new_position)
        used_old.add(old_position)
        pairs.append((old_position, new_position))
    return pairs


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard of the word sets; a paragraph mostly inside the other (a piece of it) scores the threshold."""
    if not a or not b:
        return 0.0
    shared = len(a & b) if len(a) <= len(b) else len(b & a)
    score = shared / (len(a) + len(b) - shared)
    if score < REWORDED and min(len(a), len(b)) >= 5 and shared / min(len(a), len(b)) >= PIECE:
        return REWORDED
    return score


def _inside(a: list[str], b: list[str]) -> bool:
    """True when most of the words ``a`` (a piece's) lie, in order, inside the words ``b`` (its neighbour's)."""
    if not a:
        return False
    within = set(b)
    # The words in any order first (cheap, and most paragraphs fail it); in order only when it passes.
    if sum(map(within.__contains__, a)) < PIECE * len(a):
        return False
    if len(a) * len(b) > PIECE_CELLS:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    found = sum(block.size for block in matcher.get_matching_blocks())
    return found >= PIECE * len(a)


def _pieces(old: Sequence[Record], new: Sequence[Record], group_of_old: dict[int, Any],
            group_of_new: dict[int, Any], groups: list) -> None:
    """Join each leftover paragraph to the group of its neighbour when it is a piece of that neighbour."""
    # A leftover is tried against both neighbours, and a neighbour against the leftovers on
    # either side of it: the words of the paragraphs tried last are kept (at 100,000 items,
    # 47,000 tries read paragraphs' words 125,000 times), only those, as all of them would take
    # hundreds of MB.
    @lru_cache(maxsize=PIECES_KEPT)
    def words(side: int, position: int) -> list[str]:
        return _word_list((new if side else old)[position].text)

    for position in range(len(new)):
        if position in group_of_new:
            continue
        for neighbour in (position - 1, position + 1):
            group = group_of_new.get(neighbour)
            if group is not None and _inside(words(1, position),
                                             [word for i in group[0] for word in words(0, i)]):
                group[1].append(position)
                del group[2:]  # no longer the same words for sure: compared when built
                group_of_new[position] = group
                break
    for position in range(len(old)):
        if position in group_of_old:
            continue
        for neighbour in (position - 1, position + 1):
            group = group_of_old.get(neighbour)
            if group is not None and _inside(words(0, position),
                                             [word for j in group[1] for word in words(1, j)]):
                group[0].append(position)
                del group[2:]
                group_of_old[position] = group
                break
