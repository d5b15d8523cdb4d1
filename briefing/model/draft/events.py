"""Dated events (``timeline.toml``): one per date a paragraph mentions, happened or planned.

A date after "since" starts a count and is no event. A date repeated within one sentence
is one event. Status: an event whose date span starts after the edition's end is planned;
an exact day on or before the end happened; in between, the sentence's words decide
("will", "plans", "aims", "by 2035"). Dates found only in the introduction become events
linked to the paragraph on the same subject, unless that paragraph already dates the same
thing within the same month.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right
from operator import itemgetter

from ..data.dates import ReportDate
# (imported here, not in the functions that use them: an import statement costs a lookup at each call)
from .date_grammar import DateMention, find_dates, span_of
from .entities import grouped
from .ids import IdMaker
from .provenance import Provenance
from .sentences import sentence_spans
from .word_start import guarded

_PLANNED = re.compile(r"\b(?:will|shall|plans?|planned|planning|aims?|aimed|aiming|goal|target(?:s|ed)?|"
                      r"scheduled|expected|intends?|is to|are to|calls for|by \d{4}|future|due to|set to|slated|upcoming)\b", re.IGNORECASE)
CATEGORIES = (
    ("crewed spaceflight", r"spacewalk|taikonaut|astronaut|crewed|manned|shenzhou|space walk"),
    ("space planes", r"space planes?"),
    ("lunar exploration", r"\blunar\b|\bmoon\b|chang'e"),
    ("constellations", r"constellation"),
    ("international cooperation", r"cooperation|international|foreign|pakistan|multilateral"),
    ("policy", r"\bplan\b|policy|regulation|five year"),
    ("industry", r"medal|compan|contract|funding|market|commercial|industry"),
    ("research", r"article|research|scholars|journal|network|monitoring"),
    ("satellites", r"satellite"),
)
#: Compiled once: a 10 MB report asks for some 40,000 events' categories.
_CATEGORY_PATTERNS = tuple((name, re.compile(pattern)) for name, pattern in CATEGORIES)
_STOP = set("the a an of and in on for to by with from at as is are was were that this its it their which "
            "china china's chinese".split())


def status_of(value, sentence: str, period_end: dt.date) -> tuple[str, float]:
    first, last = span_of(value)
    if first > period_end:
        return "planned", 0.95
    if last <= period_end:
        # A day or month within the period happened; "will" in its sentence is about what follows.
        return "happened", 0.9
    return ("planned", 0.75) if _PLANNED.search(sentence) else ("happened", 0.75)


@functools.lru_cache(maxsize=32)  # the events of one sentence ask in a row (a small cache: sentences can be long)
def category_of(text: str) -> str:
    lowered = text.lower()
    for name, pattern in _CATEGORY_PATTERNS:
        if pattern.search(lowered):
            return name
    return "satellites"


# What taking the dates out of a clause leaves behind ("launched on , and"), compiled once: a title is
# made for every paragraph and every event.
# (Each starts with its first letter, the word's guard after it: see .word_start.)
_LEFT_PREPOSITION = re.compile(guarded(("on", "in", "by", "since", "at least", "during", "of"), r"\w")
                               + r"\s+(?=[\s,.;]|and\b)")
_LEFT_IN_AND = re.compile(guarded(("in", "on"), r"\w") + r"\s+(?:,\s*)?(?:and|or)\s+")
#: What every match of _LEFT_IN_AND holds, led by a literal the engine jumps to (its own first character is one of
#: a set, tested at every character of the title): few titles have it, and the others are not scanned for more.
_N_AND = re.compile(r"n\s+(?:,\s*)?(?:and|or)\s")
_LEADING_WORDS = ("In", "On", "By", "At", "Since")
_LEADING_PREPOSITION = re.compile(r"^(?:" + "|".join(_LEADING_WORDS) + r")\s*,\s*")
_COMMAS = re.compile(r",(?:\s*,)+\s*")
_NAME_START = re.compile(r"[a-z]+[A-Z]")


def title_of(sentence: str, mention: DateMention | None = None,
             dates: list[tuple[int, int]] | None = None) -> str:
    """Ours: the sentence's main clause without its date phrases, in at most twelve words.

    ``dates``: the spans of the dates in ``sentence`` when already found (else they are looked for).
    """
    return _title(sentence, None if dates is None else tuple(dates))


# A paragraph asks again for what it just asked: its first sentence is the news item's headline and,
# when it holds one date, that date's event's clause too (a fifth of the calls on the shipped report's
# paragraphs). A few entries only: the repeats are within a paragraph, and a sentence can be long.
@functools.lru_cache(maxsize=8)
def _title(sentence: str, dates: tuple[tuple[int, int], ...] | None) -> str:
    if len(sentence) > 400:
        # A title is a dozen words: reading more of a long sentence only costs time.
        cut = sentence.rfind(" ", 0, 400)
        sentence = sentence[: cut if cut > 0 else 400]
        if dates is not None:
            dates = [(a, b) for a, b in dates if b <= len(sentence)]
    if dates is None:
        dates = [(m.start, m.end) for m in find_dates(sentence)]
    text = sentence
    # Last first (the same order as a key of -start: a reversed sort keeps equal keys in their order), by a C key.
    for start, end in sorted(dates, key=itemgetter(0), reverse=True) if dates else ():
        text = text[:start] + " " + text[end:]
    text = _LEFT_PREPOSITION.sub(" ", text)
    if _N_AND.search(text):
        text = _LEFT_IN_AND.sub(" ", text)
    # split: \s's spaces, in C; then every space is one " ", so "\s+([,.;])" is three replacements, in C too
    text = " ".join(text.split()).replace(" ,", ",").replace(" .", ".").replace(" ;", ";").strip(" ,.;")
    if text.startswith(_LEADING_WORDS):  # the pattern's own first words: no call where it cannot match
        text = _LEADING_PREPOSITION.sub("", text)
    # After the join and replacements above no space stands before a comma: two commas meet only as ",,".
    text = (_COMMAS.sub(", ", text) if ",," in text else text).strip(" ,")
    # Words that only link a story to the one before ("Separately, ...") say nothing of this one.
    if text.startswith(_LINKING_WORDS):
        text = _LINKING.sub("", text)
    words = text.split()
    # Stop at a clause boundary once the title says enough (the first five words at least, twelve at most).
    out = words[:12]
    for index in range(4, len(out)):
        # A clause ends at a comma, but not inside a list of measures ("the 9 hour, 6 minute walk").
        if words[index][-1] in ",;:" and not (words[index + 1][:1].isdigit() if index + 1 < len(words) else False):
            out = words[: index + 1]
            break
    else:
        index = 11
        if len(out) == 12 and words[index][:1].isupper() and (words[12] if len(words) > 12 else "")[:1].isupper():
            # Never cut a name in two: finish it (up to four more words) or leave it out.
            run = index
            while run > 0 and words[run - 1][:1].isupper():
                run -= 1
            more = 0
            while index + 1 + more < len(words) and words[index + 1 + more][:1].isupper() and more < 4:
                more += 1
            if index + 1 + more < len(words) and words[index + 1 + more][:1].isupper() and run >= 4:
                out = out[: len(out) - (index - run + 1)]
            else:
                out += words[index + 1: index + 1 + more]
    while len(out) > 3 and out[-1].rstrip(",;:").lower() in _DANGLING:
        out.pop()
    title = " ".join(out).rstrip(",;:")
    if out and _NAME_START.match(out[0]):
        return title  # "iSpace raised ...": a name's own lower-case start stays
    return (title[:1].upper() + title[1:]) or "Event"


_LINKING_WORDS = ("Separately", "Meanwhile", "Also", "Elsewhere", "Additionally", "In other news")
_LINKING = re.compile(r"^(?:" + "|".join(_LINKING_WORDS) + r")\b,?\s*")

#: Words a title never ends on: it would stop mid-thought ("... achieved aboard", "... made the").
_DANGLING = {"from", "around", "in", "on", "by", "of", "at", "for", "to", "about", "circa", "the", "a", "an", "and",
             "since", "until", "before", "after", "aboard", "into", "onto", "with", "as", "during", "under", "over",
             "via", "across", "through", "toward", "towards", "against", "between", "among", "within", "without",
             "upon", "that", "which", "who", "whom", "whose", "while", "when", "where", "made", "including", "such",
             "than", "its", "their", "his", "her", "our", "this", "these", "those", "or", "but", "is", "are", "was",
             "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "can", "may", "not"}


#: Words of three characters or more: a whole run of these characters, or none of it (the shorter runs are
#: never kept), so the length test is the engine's, not a Python comparison a word.
_WORD = re.compile(r"[a-z0-9'-]{3,}")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _STOP


#: Dates of the introduction made events: a report's introduction has a handful.
MAX_INTRODUCTION_DATES = 200


def profiles(texts: dict[str, str], query: set[str]) -> dict[str, tuple[int, set[str]]]:
    """For each news item, how many distinct words it has and which of ``query`` it holds.

    Each paragraph is read once and only the words asked about are kept, so comparing the
    introduction's dates with every paragraph costs the text's length, in time and in memory.
    """
    out = {}
    for item, text in texts.items():
        words = _words(text)
        out[item] = (len(words), words & query)
    return out


def best_paragraph(sentence: str, texts: dict[str, str],
                   profiled: dict[str, tuple[int, set[str]]] | None = None) -> tuple[str, float]:
    """The news item sharing most words with ``sentence``, and the score (0: nothing shared)."""
    words = _words(sentence)
    profiled = profiled if profiled is not None else profiles(texts, words)
    scores = [(len(words & held) / (size ** 0.5 or 1), item) for item, (size, held) in profiled.items()]
    score, item = max(scores)
    return item, score


class _Starts:
    """Mentions found by where they start: those starting in a sentence, in their own order, without
    reading every mention of the paragraph for each of its events."""

    def __init__(self, mentions: list) -> None:
        given = [mention.start for mention in mentions]
        self.order = sorted(range(len(given)), key=given.__getitem__)  # a C method as key, not a lambda a mention
        self.starts = [given[i] for i in self.order]

    def within(self, a: int, b: int) -> list[int]:
        """The indices of the mentions starting in ``[a, b)``, in the order they were given."""
        return sorted(self.order[bisect_left(self.starts, a): bisect_left(self.starts, b)])


def paragraph_events(item: str, text: str, mentions: list[DateMention], finder, period_end: dt.date,
                     ids: IdMaker, prov: Provenance, names: list | None = None,
                     spans: list[tuple[int, int]] | None = None) -> list[dict]:
    """One event per date a sentence of ``text`` mentions; ``names`` (the paragraph's entity mentions) and
    ``spans`` (its sentences) save finding them again."""
    events = []
    spans = sentence_spans(text) if spans is None else spans
    starts = [a for a, _ in spans]
    by_names, by_dates = _Starts(names or []), _Starts(mentions)
    seen: set[tuple[int, str]] = set()
    sentences: dict[tuple[int, int], str] = {}  # a sentence of several dates is one string for all its events
    for mention in mentions:
        if mention.reference:
            continue
        # The sentence holding the date, found by bisection: a scan per date costs the square of a long paragraph.
        index = bisect_right(starts, mention.start) - 1
        if index < 0 or not mention.start < spans[index][1]:
            index, (a, b) = 0, (0, len(text))
        else:
            a, b = spans[index]
        if (index, mention.key) in seen:
            continue
        seen.add((index, mention.key))
        sentence = sentences.get((a, b))
        if sentence is None:
            sentence = sentences[a, b] = text[a:b]
        local = DateMention(mention.value, mention.start - a, mention.end - a, mention.precision)
        found = None if names is None else [names[i] for i in by_names.within(a, b)]
        local_dates = [(mentions[i].start - a, mentions[i].end - a) for i in by_dates.within(a, b)
                       if mentions[i].end <= b]
        events.append(_event(mention.value, sentence, local, item, (a, b), mention, finder, period_end, ids, prov,
                             found, local_dates))
    return events


_CLAUSE = re.compile(r",\s+(?:and|while|but|whereas)\s+|;\s+|,\s+(?=(?:it|they|which|who)\s)")
#: The same for a sentence without ";" (most): its branches start with the comma, which re takes out of them as a
#: literal the engine jumps to, where "," or ";" is a set tested at each character.
_COMMA_CLAUSE = re.compile(r",\s+(?:and|while|but|whereas)\s+|,\s+(?=(?:it|they|which|who)\s)")


def clause_of(sentence: str, local: DateMention | None) -> str:
    """The clause of ``sentence`` holding the date: "..., and the Mengzhou crew ship flew ... in early March"."""
    start, end = clause_span(sentence, local)
    return sentence[start:end]


def clause_span(sentence: str, local: DateMention | None) -> tuple[int, int]:
    """Where :func:`clause_of`'s clause is in ``sentence``."""
    if local is None:
        return 0, len(sentence)
    start = 0
    for cut in (_CLAUSE if ";" in sentence else _COMMA_CLAUSE).finditer(sentence):
        if cut.start() >= local.start:
            return start, cut.start()
        start = cut.end()
    return start, len(sentence)


def _event(value, sentence: str, local: DateMention | None, item: str, span: tuple[int, int], mention,
           finder, period_end: dt.date, ids: IdMaker, prov: Provenance, names: list | None = None,
           dates: list[tuple[int, int]] | None = None) -> dict:
    begin, finish = clause_span(sentence, local)
    clause = sentence[begin:finish]
    status, sure = status_of(value, clause, period_end)
    if dates is not None:
        dates = [(a - begin, b - begin) for a, b in dates if a >= begin and b <= finish]
    title = title_of(clause, dates=dates)
    date_part = _id_date(value)
    ident = ids.make(f"event-{date_part}", title, words=5)
    record = {"id": ident, "date": value, "status": status, "category": category_of(sentence),
              "title": title, "text": sentence, "source": item}
    entities = grouped(finder.find(sentence) if names is None else names)
    if entities:
        record["entities"] = entities
    where = (mention.start, mention.end) if mention is not None else span
    prov.note("timeline.toml", ident, "date", value, item, where, mention.confidence if mention else 0.6,
              "date grammar" + (f"; {mention.note}" if mention and mention.note else ""))
    prov.note("timeline.toml", ident, "status", status, item, span, sure,
              "after the edition's end" if sure >= 0.95 else "the sentence's tense and words of intent")
    prov.note("timeline.toml", ident, "title", title, item, span, 0.5, "ours: the sentence shortened")
    return record


@functools.lru_cache(maxsize=4096)
def _id_date(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    parsed = ReportDate.parse(value)
    if parsed.month:
        return f"{parsed.year}-{parsed.month:02d}"
    return f"{parsed.qualifier}-{parsed.year}" if parsed.qualifier else str(parsed.year)


def introduction_events(introduction: list[str], mentions_of, texts: dict[str, str], dated: dict[str, list],
                        finder, period_end: dt.date, ids: IdMaker, prov: Provenance) -> list[dict]:
    events = []
    found = []
    for paragraph in introduction:
        spans = sentence_spans(paragraph)
        for mention in mentions_of(paragraph):
            if mention.reference or len(found) >= MAX_INTRODUCTION_DATES:
                continue
            a, b = next((s for s in spans if s[0] <= mention.start < s[1]), (0, len(paragraph)))
            # The clause around the date decides the subject: the words within 120 characters of it.
            found.append((paragraph, mention, a, b, paragraph[max(a, mention.start - 120): min(b, mention.end + 120)]))
    if not found or not texts:
        return events
    profiled = profiles(texts, set().union(*(_words(clause) for *_, clause in found)))
    for paragraph, mention, a, b, clause in found:
        sentence = paragraph[a:b]
        item, match = best_paragraph(clause, texts, profiled)
        first, last = span_of(mention.value)
        if (last - first).days <= 31 and any(first <= span_of(v)[0] <= last for v in dated.get(item, [])):
            continue
        if any(v == mention.value for v in dated.get(item, [])):
            continue
        local = DateMention(mention.value, mention.start - a, mention.end - a, mention.precision)
        event = _event(mention.value, sentence, local, item, (0, 0), None, finder, period_end, ids, prov)
        prov.note("timeline.toml", event["id"], "source", item, item, (0, 0), 0.5 if match >= 0.3 else 0.2,
                  "dated only in the introduction: linked to the paragraph sharing most words"
                  + ("" if match >= 0.3 else " (few shared: probably no paragraph is about it)"))
        events.append(event)
    return events


def chronological(events: list[dict]) -> list[dict]:
    keys: dict = {}  # each date read once: 40,000 events of a 10 MB report hold a few hundred dates

    def key(event: dict):
        value = event["date"]
        if value not in keys:
            keys[value] = ReportDate.parse(value).sort_key
        return keys[value]

    return sorted(events, key=key)
