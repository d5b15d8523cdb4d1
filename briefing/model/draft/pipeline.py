"""Drafting a whole edition from a document: the five files' contents, and where each value came from."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .articles import articles as draft_articles
from .collector import collector_paused
from .date_grammar import find_dates
from .entities import EntityFinder, grouped
from .known_names import known_names
from .formats.as_text import blocks_as_text
from .events import chronological, introduction_events, paragraph_events, title_of
from .ids import IdMaker
from .medals import medal_context, medal_rows, review_paragraph, sectors_and_holders
from .name_patterns import KINDS
from .provenance import Provenance
from .leftovers import note_leftovers
from .review_report import Dropped
from .reading import read_blocks
from .segments import Story, split, stories
from .sentences import sentence_spans
from .structure import Structure, build_structure


@dataclass
class Draft:
    edition_id: str
    files: dict[str, dict]
    provenance: Provenance
    #: news item id -> its text, for showing values beside their sentence
    texts: dict[str, str]
    #: ``source.txt``: the text the edition was read as (for a text export, the document itself)
    source: bytes
    source_name: str
    source_format: str
    #: SHA-256 of ``source`` (report.toml's ``source_sha256``: the loader checks source.txt against it)
    sha256: str
    notes: list[str] = field(default_factory=list)
    #: The document as received when it was not the text export (``source.md``, ``.html``, ``.pdf``)
    original: bytes | None = None
    original_name: str | None = None
    original_sha256: str | None = None
    #: What was seen but not made data (date-like words, untagged names) and where each paragraph went
    dropped: Dropped | None = None
    #: Drafted as news because the document is not laid out as the series
    outside_series: bool = False


def known_tags(data_roots: list[Path], exclude: str | None) -> list[str]:
    tags: list[str] = []
    for root in data_roots:
        import tomllib  # here, not at the top: a draft without data folders reads no TOML

        folders = [root] if (root / "report.toml").exists() else sorted(p for p in root.glob("*") if p.is_dir())
        for folder in folders:
            if folder.name == exclude:
                continue
            try:
                data = tomllib.loads((folder / "news.toml").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for item in data.get("items", []):
                for tag in item.get("tags", []) if isinstance(item, dict) else []:
                    if isinstance(tag, str) and tag not in tags:
                        tags.append(tag)
    return tags


@functools.lru_cache(maxsize=4096)
def _tag_pattern(tag: str) -> tuple[str, re.Pattern]:
    """A tag's first word, and the pattern of the tag as prose writes it ("space-station": "space stations")."""
    words = tag.split("-")
    return words[0], re.compile(r"\b" + r"[\s-]+".join(re.escape(w) for w in words) + r"s?\b")


def tags_for(text: str, vocabulary: list[str]) -> list[str]:
    """The known tags ``text`` names, in the vocabulary's order, six at most.

    Each tag's pattern is compiled once, not once a paragraph (more tags than the ``re`` module's
    cache holds made every search a compile); a paragraph without a tag's first word is not searched.
    """
    lowered = text.lower()
    found = []
    for tag in vocabulary:
        first, pattern = _tag_pattern(tag)
        if first in lowered and pattern.search(lowered):
            found.append(tag)
            if len(found) == 6:
                break
    return found


@collector_paused
def draft_edition(source: Path, data_roots: list[Path], *, edition: str | None = None,
                  exclude_known: str | None = None) -> Draft:
    blocks, data, kind = read_blocks(source)
    structure = build_structure(blocks)
    edition_id = edition or structure.edition_id
    prov = Provenance()
    ids = IdMaker()
    for section in structure.sections:
        ids.taken.add(section.id)
    finder = EntityFinder(known_names(data_roots, exclude=exclude_known))
    finder.learn_definitions(" ".join([s.title for s in structure.sections] + structure.introduction
                                      + [p.text for p in structure.paragraphs]))
    # Names the document establishes by its shape: the magazine a part reviews, the medal holders.
    for section in structure.sections:
        if section.kind == "magazine" and section.parent is None and section.headline != section.title:
            finder.learn(section.headline, "organisations")
    for row in (structure.table or [])[1:]:
        if len(row) >= 2 and row[1]:
            finder.learn(row[1], "organisations")  # the medal table's company column
    pair = review_paragraph(structure)
    if pair:
        for holder in sectors_and_holders(pair[0].text)[1]:
            finder.learn(holder, "organisations")
    vocabulary = known_tags(data_roots, exclude_known)

    # News items: one per paragraph, or one per story where a News or Policy paragraph tells several.
    per_section: dict[str, int] = {}
    for paragraph in structure.paragraphs:
        per_section[paragraph.section.id] = per_section.get(paragraph.section.id, 0) + 1
    items: dict[int, str] = {}
    dropped = Dropped()
    news: list[dict] = []
    texts: dict[str, str] = {}
    dated: dict[str, list] = {}
    events: list[dict] = []
    for paragraph in structure.paragraphs:
        whole = paragraph.text
        mentions = finder.find(whole)
        dates = find_dates(whole, masks=[(m.start, m.end) for m in mentions])
        spans = sentence_spans(whole)
        told = stories(whole, spans, dates, mentions) if paragraph.section.kind in ("news", "policy") else []
        if len(told) > 1:
            parts = list(zip(told, split(mentions, told), split(dates, told)))
        else:  # one story: the paragraph whole
            told = [Story(0, len(whole))]
            parts = [(told[0], mentions, dates)]
        for story, names, days in parts:
            # The paragraph's sentences serve a story that is the whole paragraph; a part finds its own.
            own_spans = spans if len(told) == 1 else sentence_spans(whole[story.start: story.end])
            ident = _news_item(paragraph, whole, story, len(told), names, days, own_spans,
                               single=per_section[paragraph.section.id] == 1, ids=ids, prov=prov,
                               vocabulary=vocabulary, news=news, texts=texts, dated=dated)
            items.setdefault(paragraph.index, ident)  # a paragraph's articles and medals go with its first story
            text = texts[ident]
            events.extend(paragraph_events(ident, text, days, finder, structure.period_end, ids, prov, names,
                                           spans=own_spans))
            dropped.placement.append((ident, paragraph.section.title))
            note_leftovers(ident, text, [(m.start, m.end) for m in names] + [(m.start, m.end) for m in days], dropped)

    def mentions_of(text: str):
        return find_dates(text, masks=[(m.start, m.end) for m in finder.find(text)])

    events.extend(introduction_events(structure.introduction, mentions_of, texts, dated, finder,
                                      structure.period_end, ids, prov))
    rows = medal_rows(structure, ids, prov)
    context = medal_context(structure, items, rows, prov)
    article_records, trends_context = draft_articles(structure, items, ids, prov, finder)
    figures = _figures(rows, context, article_records, structure, items, texts, ids, prov)

    report = {"title": structure.title, "period": structure.period, "period_start": structure.period_start,
              "period_end": structure.period_end, "introduction": structure.introduction}
    if structure.sources_note:
        report["sources_note"] = structure.sources_note
    # source.txt is the text the edition was read as: the document itself for the text export,
    # else the blocks its reader found written out as the export writes them (the original is kept too).
    read_as = data if kind == "text" else blocks_as_text(blocks).encode("utf-8")
    sha256 = hashlib.sha256(read_as).hexdigest()
    report["source_sha256"] = sha256
    report["sections"] = [{"id": s.id, "title": s.title, "kind": s.kind, **({"parent": s.parent} if s.parent else {})}
                          for s in structure.sections]
    if figures:
        report["figures"] = figures
    prov.note("report.toml", "report", "title", structure.title, None, (0, 0), 0.7,
              "ours: the report's title in sentence case" if structure.title_recased else "the report's title")
    if structure.outside_series:
        prov.note("report.toml", "report", "period", structure.period, None, (0, 0), 0.5,
                  "outside the series: the first to the last month the document's dates name")
    else:
        prov.note("report.toml", "report", "period", structure.period, None, (0, 0), 0.95, "the period in the title")
    medals_file: dict = {"medals": rows}
    if context:
        medals_file = {"context": context, "medals": rows}
    trends_file: dict = {"articles": article_records}
    if trends_context:
        trends_file = {"context": trends_context, "articles": article_records}
    files = {"report.toml": report, "news.toml": {"items": news}, "medals.toml": medals_file,
             "trends.toml": trends_file, "timeline.toml": {"events": chronological(events)}}
    draft = Draft(edition_id, files, prov, texts, read_as, "source.txt", kind, sha256, dropped=dropped,
                  outside_series=structure.outside_series)
    if kind != "text":
        suffix = {"markdown": ".md", "html": ".html", "pdf": ".pdf"}[kind]
        draft.original, draft.original_name = data, f"source{suffix}"
        draft.original_sha256 = hashlib.sha256(data).hexdigest()
    return draft


#: review.toml's field of an entity of each kind, made once rather than for every name of every item.
_ENTITY_FIELDS = {kind: f"entities.{kind}" for kind in KINDS}


def _news_item(paragraph, whole: str, story: Story, told: int, mentions, dates, spans: list[tuple[int, int]], *,
               single: bool, ids: IdMaker, prov: Provenance, vocabulary: list[str], news: list[dict],
               texts: dict[str, str], dated: dict[str, list]) -> str:
    """The news item of one story of ``paragraph`` (the whole paragraph when it tells one; ``spans``
    its sentences): its record, its text, its dates, and where each value came from; returns its id."""
    text = whole[story.start: story.end]
    first = text[: spans[0][1]] if spans else text
    if single and not story.why:
        headline = paragraph.section.headline
    else:
        headline = title_of(first, dates=[(m.start, m.end) for m in dates if m.end <= len(first)])
    ident = ids.make("news", headline, words=5)
    texts[ident] = text
    values = []
    for mention in dates:
        # "since September 2024" starts a count: it says not when the item happened.
        if not mention.reference and mention.value not in values:
            values.append(mention.value)
    dated[ident] = values
    record = {"id": ident, "section": paragraph.section.id, "headline": headline, "dates": values,
              "text": text}
    tags = tags_for(text, vocabulary)
    if tags:
        record["tags"] = tags
    entities = grouped(mentions)
    if entities:
        record["entities"] = entities
    news.append(record)
    if told == 1:
        prov.note("news.toml", ident, "text", f"paragraph {paragraph.index + 1}", ident, (0, len(text)), 0.95,
                  f"paragraph {paragraph.index + 1} of the report, cleaned")
    else:
        # Where a paragraph is cut is the drafter's reading: doubtful, for the analyst to confirm.
        first_sentence, last_sentence = story.sentences
        which = f"sentence {first_sentence}" if first_sentence == last_sentence else \
            f"sentences {first_sentence}-{last_sentence}"
        prov.note("news.toml", ident, "text", f"paragraph {paragraph.index + 1}, {which}", ident, (0, len(text)), 0.7,
                  f"one of {told} stories told in paragraph {paragraph.index + 1}: "
                  + (f"cut before it because {story.why}" if story.why else "the first"))
    prov.note("news.toml", ident, "headline", headline, ident, (0, len(first)),
              0.95 if single and not story.why else 0.4,
              "the section heading" if single and not story.why else "ours: the first sentence shortened")
    # One note per value an item holds (its first mention): the record lists each once too.
    noted: set = set()
    for mention in dates:
        if mention.reference or ("dates", mention.key) in noted:
            continue
        noted.add(("dates", mention.key))
        prov.note("news.toml", ident, "dates", mention.value, ident, (mention.start, mention.end),
                  mention.confidence, "date grammar" + (f"; {mention.note}" if mention.note else ""))
    for mention in mentions:
        if (mention.kind, mention.name) in noted:
            continue
        noted.add((mention.kind, mention.name))
        prov.note("news.toml", ident, _ENTITY_FIELDS.get(mention.kind) or f"entities.{mention.kind}", mention.name,
                  ident, (mention.start, mention.end),
                  mention.confidence if not mention.new or mention.confidence >= 0.9 else min(mention.confidence, 0.6),
                  ("new name: " if mention.new else "") + mention.how)
    return ident


def _figures(rows, context, article_records, structure: Structure, items, texts, ids: IdMaker, prov) -> list[dict]:
    """Proposed key figures (ours, for the analyst to keep or drop): the top article, the medal counts, sums of money."""
    figures = []
    if article_records:
        top = max(article_records, key=lambda a: a["downloads"])
        ident = ids.make("fig", "most downloaded cnki article")
        figures.append({"id": ident, "label": "Most downloaded CNKI article", "value": f"{top['downloads']:,} downloads",
                        "detail": top["topic"] + (f", by {top['institution']}" if top.get("institution") else ""),
                        "source": top["source"]})
        prov.note("report.toml", ident, "figure", figures[-1]["value"], top["source"], (0, 0), 0.5, "ours: proposed figure")
    if context and len(context.get("counts", [])) >= 2:
        first, second = context["counts"][:2]
        ident = ids.make("fig", "medal counts")
        figures.append({"id": ident, "label": "Medal table", "value":
                        f"{first['country']} {first['medals']}, {second['country']} {second['medals']}",
                        "detail": context["source"], "source": context["source_item"]})
        prov.note("report.toml", ident, "figure", figures[-1]["value"], context["source_item"], (0, 0), 0.5,
                  "ours: proposed figure")
    money = re.compile(r"(?:approximately\s+)?\d[\d.,]*\s+(?:billion|million)\s+(?:RMB|yuan|USD|dollars)"
                       r"(?:\s+\(US\$[\d.,]+\s+(?:billion|million)\))?")
    for item, text in texts.items():
        if len(figures) >= 9:
            break  # no more are proposed: the rest of the items are not read
        if "million" not in text and "billion" not in text:
            continue  # every amount names one (a search in C; the pattern is tried at every character)
        for match in money.finditer(text):
            if len(figures) >= 9:
                break
            ident = ids.make("fig", f"amount {match.group()}")
            sentence = next((text[a:b] for a, b in sentence_spans(text) if a <= match.start() < b), text)
            figures.append({"id": ident, "label": "Funding", "value": match.group().replace("approximately ", "~"),
                            "detail": sentence, "source": item})
            prov.note("report.toml", ident, "figure", match.group(), item, match.span(), 0.4, "ours: proposed figure")
    return figures
