"""From blocks to the report's structure: title, period, introduction, parts, headings, paragraphs, table.

Rules are about the shape of the series, never about one report's sentences:

* a paragraph cut by a page break (a block ending without closing punctuation, the next
  starting in lower case) is joined back with one space;
* a heading is a short line with no full stop at its end; a format's own headings count too;
* a part is a heading that names an update or the CNKI trends ("News Update", "Policy
  Update: ...", "1.1 What's Trending on ..."); the headings after it are its children;
* a heading glued onto its paragraph ("Deep Space Exploration The second ...") is split off
  where a part already has headings of its own;
* the first table whose header has a "Medal" column is the medal table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from ..data.dates import MONTHS, days_in_month
from .blocks import HEADING, LINE, TABLE, Block
from .errors import DraftError
from .ids import IdMaker

_CLOSING = tuple(".?!:;\"”’)")
_PERIOD = re.compile(r"\b([A-Za-z]+)\s+(\d{4})\s*[-–—]\s*([A-Za-z]+)\s+(\d{4})\b")
_PART = re.compile(r"\b(update|trending)\b", re.IGNORECASE)
_NUMBERING = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_LABEL = re.compile(r"^[^:]{0,40}\bupdate:\s*", re.IGNORECASE)
_GLUED = re.compile(
    r"^((?:[A-Z0-9][\w'’-]*\s+){1,5}?[A-Z0-9][\w'’-]*)\s+"
    r"(?=(?:The|A|An|Another|This|These|In|On|Among|Since|Authored|Researchers|Scholars)\s+[a-z0-9])"
)
_SOURCES_NOTE = re.compile(r"\bcontact us\b|\blist of sources\b", re.IGNORECASE)


@dataclass
class Section:
    id: str
    title: str
    kind: str
    parent: str | None
    headline: str


@dataclass
class Paragraph:
    index: int
    text: str
    section: Section


@dataclass
class Structure:
    title: str
    period: str
    period_start: dt.date
    period_end: dt.date
    introduction: list[str]
    sources_note: str | None
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    table: list[list[str]] | None = None
    #: Index in ``paragraphs`` of the paragraph just before the table (-1: none).
    table_after: int = -1
    #: The title was all capitals and is given in sentence case (ours)
    title_recased: bool = False
    #: Not laid out as the series: drafted as news (see :func:`news_structure`)
    outside_series: bool = False

    @property
    def edition_id(self) -> str:
        return f"{self.period_start:%Y-%m}-to-{self.period_end:%Y-%m}"


def part_kind(title: str) -> str | None:
    """Which part a heading opens ("news", "policy", "magazine", "cnki"), or None if it opens none."""
    if not _PART.search(title) and "cnki" not in title.lower():
        return None
    lowered = title.lower()
    for word, kind in (("policy", "policy"), ("magazine", "magazine"), ("cnki", "cnki"),
                       ("trending", "cnki"), ("news", "news")):
        if word in lowered:
            return kind
    return None


def headline_of(title: str) -> str:
    """A section's title less its part label ("Policy Update: ") and numbering ("1.1 ")."""
    return _LABEL.sub("", _NUMBERING.sub("", title)).strip() or title


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if (out and block.kind == LINE and out[-1].kind == LINE and not block.bullet
                and block.text[:1].islower() and not out[-1].text.endswith(_CLOSING)):
            out[-1] = Block(LINE, out[-1].text + " " + block.text, bullet=out[-1].bullet)
            continue
        out.append(block)
    return out


def looks_like_heading(block: Block) -> bool:
    if block.kind == HEADING:
        return True
    if block.kind != LINE or block.bullet:
        return False
    text = block.text
    words = text.split()
    return (0 < len(words) <= 14 and not text.endswith((".", ",", ";")) and (text[:1].isupper() or text[:1].isdigit())
            and sum(w[:1].isupper() or w[:1].isdigit() for w in words) * 2 >= len(words))


def parse_period(text: str) -> tuple[str, dt.date, dt.date] | None:
    match = _PERIOD.search(text)
    if not match:
        return None
    first, last = MONTHS.get(match[1].casefold()), MONTHS.get(match[3].casefold())
    if not first or not last:
        return None
    start = dt.date(int(match[2]), first, 1)
    end_year = int(match[4])
    end = dt.date(end_year, last, days_in_month(end_year, last))
    if end <= start:
        return None
    label = f"{start:%B %Y} - {end:%B %Y}"
    return label, start, end


#: A capitalised word inside a sentence (after a lower-case letter, a comma or a semicolon and a space).
#: Found from the space before it, a literal the engine jumps to (where [A-Z] is a set tested at each character of
#: the body); its one group is what findall gives, the word as "[A-Z](?<=[a-z,;] [A-Z])[\w'’-]*" matched it.
_CAPITAL_INSIDE = re.compile(r" (?<=[a-z,;] )([A-Z][\w'’-]*)")
#: A word in lower case (``\b[a-z]...``).
_LOWER_WORD = re.compile(r"[a-z](?<!\w[a-z])[\w'’-]*")
#: Title words whose counts in the body are each found by a scan of their own (more: one pass counts every word).
_WORDS_COUNTED_ALONE = 32
#: Where _LOWER_WORD can start: a small letter after no word character.
_LOWER_START = re.compile(r"[a-z](?<!\w[a-z])")


def _lower_count(body: str, word: str) -> int:
    """How many of ``_LOWER_WORD.findall(body)`` are ``word``, without listing the body's every word.

    findall gives one word a run of word characters, hyphens and apostrophes: from the run's first place where a
    small letter follows no word character to the run's end. So ``word`` counts where it starts
    at such a place, ends a run, and no such place comes before it in the run (its start is
    looked for only when a hyphen or an apostrophe stands before it).
    """
    if not _LOWER_WORD.fullmatch(word):
        return 0  # no word findall gives
    # Each pattern starts with the whole word, the look back at the character before it after it (the same
    # matches as the look back first: see .word_start), so the engine jumps from one place the word is written
    # to the next rather than stopping at each of its first letter's.
    whole, after = re.escape(word), r"(?![\w'’-])"
    # Where no run goes on before the word, it is findall's: counted in C.
    count = len(re.findall(rf"{whole}(?<![\w'’-]{whole}){after}", body))
    for match in re.finditer(rf"{whole}(?<=['’-]{whole}){after}", body):
        start = run = match.start()
        while run > 0 and body[run - 1] in "'’-":
            run -= 1
            while run > 0 and (body[run - 1].isalnum() or body[run - 1] == "_"):  # re's \w (see .date_anchors)
                run -= 1
        if _LOWER_START.search(body, run, start) is None:
            count += 1
    return count


def sentence_case(title: str, body: str) -> str:
    """An all-capitals title in sentence case, keeping capitals on words the body writes capitalised.

    A word counts as a proper name when the body writes it capitalised inside sentences more
    often than in lower case ("China's", yes; "Space", no: "space" is far more common).
    """
    if not title.isupper():
        return title
    # Counted in C (a Counter keeps the order words are first seen, which decides between spellings).
    # Each pattern starts with its first letter, the look back after it: the engine skips to the next
    # letter of its class instead of trying the look back at each character (see .word_start).
    capital_counts = Counter(_CAPITAL_INSIDE.findall(body))
    # The body's small words counted only for the title's words asked about, a scan of the body each (a count of
    # every word was most of this); a title of more words than a title has is counted in one pass, as before.
    if len({word.rstrip(",:;").lower() for word in title.split()}) <= _WORDS_COUNTED_ALONE:
        lower_counts: dict[str, int] = {}

        def lower_count(word: str) -> int:
            if word not in lower_counts:
                lower_counts[word] = _lower_count(body, word)
            return lower_counts[word]
    else:
        every_count = Counter(_LOWER_WORD.findall(body))

        def lower_count(word: str) -> int:
            return every_count.get(word, 0)

    words = []
    for index, word in enumerate(title.split()):
        core = word.rstrip(",:;")
        tail = word[len(core):]
        proper = next((c for c in capital_counts if c.lower() == core.lower()
                       and capital_counts[c] > lower_count(core.lower())), None)
        if proper:
            words.append(proper + tail)
        elif index == 0:
            words.append(core.lower().capitalize() + tail)
        else:
            words.append(word.lower())
    return " ".join(words)


def build_structure(blocks: list[Block]) -> Structure:
    """The report's structure; a document not laid out as the series is read as news (:func:`news_structure`)."""
    blocks = [b for b in join_page_breaks(blocks) if b.kind == TABLE or b.text]
    if not blocks:
        raise DraftError("the document has no text: nothing to draft from")
    try:
        return _series_structure(blocks)
    except OutsideSeries:
        return news_structure(blocks)


class OutsideSeries(DraftError):
    """The document is not laid out as the series' report."""


def news_structure(blocks: list[Block]) -> Structure:
    """A document outside the series (a news story, an article) as news: a paragraph an item.

    The title is its first heading (or a short first line); the headings that follow become
    sections of one "News" part; the period runs from the first to the last month its dates
    name. A document with no date at all has no period, and is refused.
    """
    from .date_grammar import find_dates, span_of

    first = blocks[0]
    has_title = first.kind == HEADING or first.strong or (looks_like_heading(first) and len(first.text) < 200)
    title = first.text if has_title else "Untitled document"
    rest = blocks[1:] if has_title else blocks
    ids = IdMaker()
    part = Section(ids.make("sec", "news"), "News", "news", None, title)
    sections = [part]
    current = part
    paragraphs: list[Paragraph] = []
    for block in rest:
        if block.kind == TABLE:
            continue
        if block.kind == HEADING or (looks_like_heading(block) and len(block.text.split()) <= 10):
            current = Section(ids.make("sec", block.text), block.text, "news", part.id, block.text)
            sections.append(current)
            continue
        paragraphs.append(Paragraph(len(paragraphs), block.text, current))
    if not paragraphs:
        raise DraftError("the document has headings but no paragraphs: nothing to draft")
    days = []
    for paragraph in paragraphs:
        for mention in find_dates(paragraph.text):
            first_day, last_day = span_of(mention.value)
            if (last_day - first_day).days <= 31:  # days and months place it; "by 2050" does not
                days += [first_day, last_day]
    titled = parse_period(title)
    if titled:
        _label, start, end = titled
        days = [start, end]
    if not days:
        raise DraftError("not a report of this series, and drafted as news it names no day or month to "
                         "place it in time: nothing to draft")
    start = min(days).replace(day=1)
    last = max(days)
    end = last.replace(day=days_in_month(last.year, last.month))
    period = f"{start:%B %Y} - {end:%B %Y}" if (start.year, start.month) != (end.year, end.month) else f"{start:%B %Y}"
    structure = Structure(title, period, start, end, [], None, sections, paragraphs)
    structure.outside_series = True
    return structure


def _series_structure(blocks: list[Block]) -> Structure:
    # The title: the leading bold or heading blocks, up to the first that names the period.
    title_text, found, start = "", None, 0
    for index, block in enumerate(blocks[:4]):
        if block.kind == TABLE:
            break
        title_text = f"{title_text} {block.text}".strip()
        found = parse_period(title_text)
        if found:
            start = index + 1
            break
    if not found:
        raise OutsideSeries("not a report of this series: its title names no period such as "
                         "'September 2024-March 2025'")
    period, period_start, period_end = found
    title_match = _PERIOD.search(title_text)
    lead = title_text[: title_match.start()].rstrip(" ,;:-")
    # Cased once; the body (the whole report as one string) is joined only for a title in capitals.
    cased = sentence_case(lead, " ".join(b.text for b in blocks[start:] if b.kind != TABLE)) if lead.isupper() else lead
    title = f"{cased}, {period}" if lead else period
    recased = bool(lead) and cased != lead

    ids = IdMaker()
    structure = Structure(title, period, period_start, period_end, [], None)
    structure.title_recased = recased
    part: Section | None = None
    current: Section | None = None
    in_intro = True
    part_has_headings = False
    for index in range(start, len(blocks)):
        block = blocks[index]
        if block.kind == TABLE:
            if structure.table is None and block.rows and any("medal" in c.lower() for c in block.rows[0]):
                structure.table = block.rows
                structure.table_after = len(structure.paragraphs) - 1
            continue
        text = block.text
        if looks_like_heading(block):
            kind = part_kind(text)
            if text.strip().lower() == "introduction":
                in_intro = True
                continue
            if kind:
                in_intro = False
                part = current = Section(ids.make("sec", headline_of(text)), text, kind, None, headline_of(text))
                structure.sections.append(part)
                part_has_headings = False
                continue
            if part is not None:
                current = Section(ids.make("sec", headline_of(text)), text, part.kind, part.id, headline_of(text))
                structure.sections.append(current)
                part_has_headings = True
                continue
            # A heading before any part (a front-matter line): read as introduction text below.
        if in_intro or part is None:
            if _SOURCES_NOTE.search(text) and len(text) < 300:
                structure.sources_note = text
            else:
                structure.introduction.append(text)
            continue
        glued = _GLUED.match(text) if part_has_headings and not block.bullet else None
        if glued and len(glued.group(1).split()) >= 2:
            heading = glued.group(1)
            current = Section(ids.make("sec", heading), heading, part.kind, part.id, heading)
            structure.sections.append(current)
            text = text[glued.end():]
        structure.paragraphs.append(Paragraph(len(structure.paragraphs), text, current or part))
    if not any(s.parent is None for s in structure.sections):
        raise OutsideSeries("not a report of this series: no part such as 'News Update', 'Policy Update' "
                         "or 'What's Trending on CNKI' was found")
    if not structure.paragraphs:
        raise DraftError("the report has parts but no paragraphs under them: nothing to draft")
    return structure
