"""Where a News or Policy paragraph that tells several stories is cut: one news item a story.

A report sometimes packs two stories into one paragraph. A later sentence opens a new story
when it names a date of its own and

* the report says so at its start ("Separately, on 12 March, ...", "In other news, ..."); or
* it opens with its date ("On 12 March 2025, ...", "In January, ...") and names a subject
  the story so far has not named (no name, no capitalised word in common), on a date the
  story so far does not cover; "Also in January, LandSpace ..." needs only the new subject.

Everything else continues the story: a sentence opening with a date but naming someone
already in it ("On February 28, the CMSA and Pakistan's ..." after "... launched a satellite
for Pakistan"), a date that is not at the sentence's start ("... breaking a record set in
2001"), a sentence with no name ("The first batch was launched on ..."), and anything after
a first sentence with no date (an opening that sums up what follows).

Each sentence's start is looked at once; its words and months are read only when a later
sentence may open a story, and then once, into sets (the story's words and months) that a
candidate is compared with: the cost is linear in the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from operator import attrgetter

from .date_grammar import DateMention, span_of

#: A mention's start, read in C (the sort key of each paragraph's dates and names).
_START = attrgetter("start")
#: A report's own words for "what follows is another story".
_SEPARATE = re.compile(r"(?:Separately|In other news|In (?:a |an )?(?:separate|unrelated) \w+|Elsewhere)\b,?\s*")
#: What may come before a sentence's opening date: a linking adverb, then a preposition.
_LEAD = re.compile(r"(?:(?P<adverb>Also|Meanwhile|Then|Later|Earlier|Subsequently|Additionally)\b,?\s+)?"
                   r"(?:(?:on|in|at|during|around|from|by)\s+)?(?:the\s+)?", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
#: Capitalised words that say nothing of a story's subject (sentence openers, the country itself).
_GENERIC = set("""the a an on in at by of and for to also meanwhile then later earlier separately elsewhere
additionally subsequently this these that those it its their they he she his her both another after before
during following since while when according however china china's chinese prc beijing state media
government space national agency academy corporation administration center centre company group institute
university research technology science sciences satellite satellites launch station new first second
january february march april may june july august september october november december early mid late year
monday tuesday wednesday thursday friday saturday sunday""".split())
_LOOK = 120  # characters at a sentence's start that can hold its opening date


@dataclass(frozen=True)
class Story:
    """A run of a paragraph's sentences telling one story: ``text[start:end]``."""

    start: int
    end: int
    #: Why it was cut from the story before it ("" for the paragraph's first story)
    why: str = ""
    #: Its first and last sentence, counted from 1
    sentences: tuple[int, int] = (1, 1)


def _key(word: str) -> str | None:
    """``word`` as compared between sentences (lower case, no possessive), or None when it says nothing."""
    word = word.lower().removesuffix("'s").removesuffix("’s")
    return word if len(word) > 1 and word not in _GENERIC else None


def _words(text: str) -> set[str]:
    """The words of ``text`` that can say what a story is about."""
    return {key for key in map(_key, _WORD.findall(text)) if key}


def _months(mention: DateMention) -> set[tuple[int, int]]:
    first, last = span_of(mention.value)  # at most a year: at most twelve months
    months = set()
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _subject(text: str, a: int, b: int, names: list, dates: list[DateMention]) -> set[str]:
    """The words naming who or what sentence ``text[a:b]`` is about: its names, and its capitalised
    words outside dates (the sentence's first word is capitalised anyway, so it is left out)."""
    words: set[str] = set()
    for name in names:
        words |= _words(name.name)
    cursor, first = a, True
    for mention in dates + [None]:
        stop = b if mention is None else mention.start
        for match in _WORD.finditer(text, cursor, max(cursor, stop)):
            if first:
                first = False
            elif match.group()[:1].isupper() and (key := _key(match.group())):
                words.add(key)
        cursor = max(cursor, b if mention is None else mention.end)
    return words


def stories(text: str, spans: list[tuple[int, int]], dates: list[DateMention], names: list) -> list[Story]:
    """The paragraph ``text`` (its sentence ``spans``, date and name mentions) cut into its stories."""
    if len(spans) < 2:
        return [Story(0, len(text), sentences=(1, len(spans)))]
    dates = sorted((m for m in dates if not m.reference), key=_START)
    names = sorted(names, key=_START)
    found: list[Story] = []
    start, why, opened_at = spans[0][0], "", 0
    words: set[str] = set()
    months: set[tuple[int, int]] = set()
    # Sentences of the story not yet read for their words and months: most paragraphs have no
    # sentence that may open another story, and then none is read.
    pending: list[tuple[int, int, list, list]] = []
    d = n = 0  # where the sweeps through the dates and names have got to
    for index, (a, b) in enumerate(spans):
        own_dates, d = _starting_in(dates, d, a, b)
        own_names, n = _starting_in(names, n, a, b)
        kind = _opening(text, a, own_dates[0]) if index and own_dates else None
        if kind is not None:
            for sentence in pending:
                words |= _subject(text, *sentence)
                for mention in sentence[3]:
                    months |= _months(mention)
            pending.clear()
            subject = _subject(text, a, b, own_names, own_dates)
            new_subject = bool(subject) and not (subject & words)
            # Only a story already placed in time can be told apart from the next by its date.
            if kind == "separate" or (months and new_subject
                                      and (kind == "also" or not (_months(own_dates[0]) & months))):
                found.append(Story(start, spans[index - 1][1], why, (opened_at + 1, index)))
                start, opened_at = a, index
                why = {"separate": "the report says another story opens",
                       "also": "'also' with a date of its own and a new subject"}.get(
                    kind, "a date of its own at its start, and a new subject")
                words, months = set(), set()
        pending.append((a, b, own_names, own_dates))
    found.append(Story(start, spans[-1][1], why, (opened_at + 1, len(spans))))
    return found


def _opening(text: str, a: int, first_date: DateMention) -> str | None:
    """How sentence ``a`` opens when a new story may: "separate" (the report says so), "also" or
    "date" (its first date at its start), or None."""
    if _SEPARATE.match(text, a, a + _LOOK):
        return "separate"
    if first_date.start - a > _LOOK:
        return None
    lead = _LEAD.fullmatch(text, a, first_date.start)
    if lead is None:
        return None
    return "also" if (lead["adverb"] or "").lower() == "also" else "date"


def split(mentions: list, found: list[Story]) -> list[list]:
    """The ``mentions`` (dates or names) of each story, counted from the story's start: one sweep."""
    ordered = sorted(mentions, key=_START)
    out: list[list] = []
    i = 0
    for story in found:
        while i < len(ordered) and ordered[i].start < story.start:
            i += 1
        own = []
        while i < len(ordered) and ordered[i].start < story.end:
            if ordered[i].end <= story.end:
                own.append(replace(ordered[i], start=ordered[i].start - story.start,
                                   end=ordered[i].end - story.start))
            i += 1
        out.append(own)
    return out


def _starting_in(found: list, index: int, a: int, b: int) -> tuple[list, int]:
    """The items of ``found`` (in order of their start) that start in ``[a, b)``, looked for from
    ``index`` on, and the index after them: one sweep through a paragraph's dates or names."""
    while index < len(found) and found[index].start < a:
        index += 1
    end = index
    while end < len(found) and found[end].start < b:
        end += 1
    return found[index:end], end
