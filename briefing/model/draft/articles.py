"""The CNKI articles (``trends.toml``): downloads, institution, theme, summary, and the top-ten statement.

An article is a paragraph of the CNKI part that gives a download count ("1,721 downloads",
"downloaded 1,255 times"). Its summary is the paragraph up to its last sentence about the
article; closing sentences of wider context stay in the news item only.
"""

from __future__ import annotations

import re

from .date_grammar import find_dates
from .ids import IdMaker
from .numbers import NUMBER, to_int
from .provenance import Provenance
from .sentences import sentence_spans
from .structure import Structure

_DOWNLOADS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s+downloads\b|downloaded\s+(\d{1,3}(?:,\d{3})+|\d+)\s+times\b")
_INSTITUTION = re.compile(
    r"\b(?:scholars|researchers|authors|scientists|experts|a team|teams|engineers|article,)\s+(?:from|at|of)\s+(?:the\s+)?"
    r"((?:[A-Z][\w'’-]*|of|and|for|on|the)(?:\s+(?:[A-Z][\w'’-]*|of|and|for|on|the))*)")
# What an article is about: the words after the verb saying what it did, from a whole word on
# ("centered on a claim by X argued that <topic>", "observed that <topic>").
_TOPIC = re.compile(r"\b(?:addressed|discussed|reviewed|examined|studied|explored|analy[sz]ed|centered on|focused on|"
                    r"investigated|assessed|evaluated|surveyed|outlined|described|proposed|observed that|argued that)"
                    r"\s+(?:a claim by [^,]+?\s+(?:argued|said|claimed|stated|found)\s+that\s+|a claim by [^,]+?\s+|"
                    r"the key role of\s+)?(?<!\w)(\w.{7,89}?)(?<=\w)(?=[,;.(]|\s+and\s+(?:examined|discussed|sets)|\s+(?:is|are|was|were)\s|$)")
_ABOUT_ARTICLE = re.compile(r"\b(?:article|paper|study|it|its|the authors?|downloaded)\b", re.IGNORECASE)
_STATEMENT = re.compile(rf"\b{NUMBER}\s+of\s+the\s+(?:top\s+)?(?:ten|10)\s+most\s+downloaded", re.IGNORECASE)
_FOCUS = re.compile(r"\bfocus\s+on\s+(.+?)(?:,|\s+with\b|\.)")


def _clean_name(name: str) -> str:
    words = name.split()
    while words and words[-1] in ("of", "and", "for", "on", "the"):
        words.pop()
    return " ".join(words).rstrip(",.")


def _summary(text: str) -> tuple[str, int]:
    spans = sentence_spans(text)
    last = 0
    for index, (a, b) in enumerate(spans):
        if _ABOUT_ARTICLE.search(text[a:b]):
            last = index
    end = spans[last][1] if spans else len(text)
    return text[:end], end


class _Shifted:
    """Notes spans of a part of a paragraph as spans of the whole paragraph."""

    def __init__(self, prov: Provenance, offset: int) -> None:
        self.prov, self.offset = prov, offset

    def note(self, file, record, field, value, item, span=(0, 0), confidence=0.9, how=""):
        if span != (0, 0) or self.offset == 0:
            span = (span[0] + self.offset, span[1] + self.offset)
        self.prov.note(file, record, field, value, item, span, confidence, how)


def _segments(text: str) -> list[tuple[int, str]]:
    """The paragraph cut before each sentence that starts another article with its own download count."""
    counts = list(_DOWNLOADS.finditer(text))
    if len(counts) < 2:
        return [(0, text)]
    spans = sentence_spans(text)
    starts = [0]
    for match in counts[1:]:
        index = next((i for i, (a, b) in enumerate(spans) if a <= match.start() < b), None)
        if index is None:
            continue
        a = spans[index][0]
        # The article's own sentence, or the one before it when that one introduces it ("Another article ...").
        if a > starts[-1]:
            starts.append(a)
    bounds = starts + [len(text)]
    return [(a, text[a:b].rstrip()) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def articles(structure: Structure, items: dict[int, str], ids: IdMaker, prov: Provenance,
             finder) -> tuple[list[dict], dict | None]:
    found: list[dict] = []
    context: dict | None = None
    for paragraph in structure.paragraphs:
        if paragraph.section.kind != "cnki":
            continue
        item = items[paragraph.index]
        text = paragraph.text
        downloads = _DOWNLOADS.search(text)
        if not downloads:
            statement = _STATEMENT.search(text)
            if statement and context is None:
                a, b = next((a, b) for a, b in sentence_spans(text) if a <= statement.start() < b)
                sentence = text[a:b]
                counted = next((m for m in find_dates(sentence) if m.reference), None)
                since = counted.value if counted else ""
                focus = _FOCUS.search(sentence)
                context = {"statement": sentence, "since": str(since),
                           "topic": focus[1].strip() if focus else "",
                           "top_ten_on_topic": to_int(statement[1]) or 0, "source_item": item}
                prov.note("trends.toml", "context", "statement", sentence, item, (a, b), 0.9,
                          "the sentence counting the ten most downloaded")
                prov.note("trends.toml", "context", "top_ten_on_topic", context["top_ten_on_topic"], item,
                          statement.span(1), 0.9, "the number before 'of the ten most downloaded'")
                # Spans are the paragraph's: the focus and the date were found in the sentence at ``a``.
                if focus:
                    words = focus[1]
                    lead = len(words) - len(words.lstrip())
                    topic_at = a + focus.start(1) + lead
                    topic_span = (topic_at, topic_at + len(context["topic"]))
                else:
                    topic_span = (a, b)
                prov.note("trends.toml", "context", "topic", context["topic"], item,
                          topic_span, 0.6 if focus else 0.1, "the words after 'focus on'")
                prov.note("trends.toml", "context", "since", context["since"], item,
                          (a + counted.start, a + counted.end) if counted else (a, b), 0.9 if since else 0.1,
                          "the date after 'since'")
            continue
        # Several articles in one paragraph ("... downloaded 1,187 times ... Another article, from X and
        # downloaded 1,119 times, ..."): one record each, from the sentence that names it to the next one's.
        for offset, text in _segments(text):
            downloads = _DOWNLOADS.search(text)
            shifted = _Shifted(prov, offset)
            count = to_int(downloads[1] or downloads[2])
            summary, summary_end = _summary(text)
            topic_match = _TOPIC.search(text)
            topic = topic_match[1].strip() if topic_match else summary.split(",")[0]
            topic = topic[:1].upper() + topic[1:]
            institution = _INSTITUTION.search(text)
            theme = paragraph.section.headline
            ident = ids.make("article", topic, words=4)
            record = {"id": ident, "topic": topic, "theme": theme}
            if institution:
                record["institution"] = _clean_name(institution[1])
                shifted.note("trends.toml", ident, "institution", record["institution"], item, institution.span(1), 0.9,
                          "the name after 'scholars/researchers from'")
            record.update({"downloads": count, "summary": summary, "source": item})
            mentions = [m for m in finder.find(summary) if m.kind in ("organisations", "places")]
            entities: dict[str, list[str]] = {}
            for m in mentions:
                if m.kind == "organisations" and record.get("institution") and m.name not in record["institution"] \
                        and record["institution"] not in m.name:
                    continue
                entities.setdefault(m.kind, [])
                if m.name not in entities[m.kind]:
                    entities[m.kind].append(m.name)
            if entities:
                record["entities"] = entities
            found.append(record)
            shifted.note("trends.toml", ident, "downloads", count, item, downloads.span(), 0.95, "the download count")
            shifted.note("trends.toml", ident, "topic", topic, item, topic_match.span(1) if topic_match else (0, 0), 0.4,
                      "ours: the words after the verb saying what the article did")
            shifted.note("trends.toml", ident, "summary", summary, item, (0, summary_end), 0.75 if summary_end < len(text) else 0.9,
                      "the paragraph up to its last sentence about the article")
    return found, context
