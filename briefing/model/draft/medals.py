"""The medal table and what the report says around it (``medals.toml``).

The table's columns are found by their header words (sector, company, satellite, medal);
every cell is kept as printed. The paragraph that introduces the table is the first of its
section that speaks of medals; the response is the paragraph after it in the same section.
"""

from __future__ import annotations

import re

from .date_grammar import find_dates
from .name_patterns import COUNTRIES
from .ids import IdMaker
from .numbers import NUMBER, to_int
from .provenance import Provenance
from .sentences import sentence_spans
from .structure import Paragraph, Structure

_COLUMNS = {"sector": ("sector", "area", "category", "field"), "company": ("company", "firm", "operator", "winner"),
            "satellite": ("satellite", "system", "constellation", "spacecraft"), "medal": ("medal",)}
_COUNTRY_WORDS = {"Chinese": "China", "China": "China", "U.S.": "U.S.", "American": "U.S.", "US": "U.S."}
_COUNTRY = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(c) for c in sorted(
    set(COUNTRIES) | {"China", "Chinese", "American"}, key=len, reverse=True)) + r")(?![\w])")
_NAME_LIST = r"((?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*,\s+)*[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*,?\s+and\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"


def medal_rows(structure: Structure, ids: IdMaker, prov: Provenance) -> list[dict]:
    table = structure.table
    if not table:
        return []
    header = [cell.lower() for cell in table[0]]
    where: dict[str, int] = {}
    for key, words in _COLUMNS.items():
        for index, cell in enumerate(header):
            if any(word in cell for word in words) and index not in where.values():
                where[key] = index
                break
    if "medal" in where and len(where) < 4 and len(header) == 4:
        # Headers the words do not name ("Vehicle" for "Satellite"): the series' column order decides.
        rest = [i for i in range(4) if i not in where.values()]
        for key in ("sector", "company", "satellite"):
            if key not in where:
                where[key] = rest.pop(0)
    if len(where) < 4:
        return []
    rows = []
    for row in table[1:]:
        if len(row) <= max(where.values()):
            continue
        record = {key: row[where[key]] for key in ("sector", "company", "satellite", "medal")}
        medal = record["medal"].strip().capitalize()
        if medal not in ("Gold", "Silver", "Bronze"):
            continue
        record["medal"] = medal
        ident = ids.make("medal", f"{record['sector']} {record['company']} {medal}", words=12)
        rows.append({"id": ident, **record})
        named = all(any(word in header[where[key]] for word in _COLUMNS[key]) for key in where)
        prov.note("medals.toml", ident, "row", " | ".join(row), None, confidence=0.95 if named else 0.7,
                  how="table row as printed" + ("" if named else "; columns taken in the series' order"))
    return rows


def _counts(text: str) -> list[dict]:
    """Medals per country: "Chinese companies received 14 medals, compared to 12 for the U.S." ..."""
    counts: dict[str, int] = {}
    # Cut at every full stop before a capital, abbreviations too: "12 for the U.S. Finland and ...".
    for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", text):
        if "medal" not in sentence:
            continue
        countries = [(m.start(), _COUNTRY_WORDS.get(m.group(), m.group())) for m in _COUNTRY.finditer(sentence)]
        numbers = [(m.start(), to_int(m.group(1))) for m in re.finditer(rf"\b{NUMBER}\b", sentence, re.IGNORECASE)
                   if not re.match(r"\s*(?:medal table|of the|than)", sentence[m.end():])]
        numbers = [(pos, n) for pos, n in numbers if n is not None and n < 1000
                   and not re.search(r"more than one|than\s*$", sentence[max(0, pos - 10):pos + 4])]
        if re.search(r"\beach\b", sentence) and len(numbers) == 1:
            for _, country in countries:
                counts.setdefault(country, numbers[0][1])
            continue
        for pos, number in numbers:
            free = [(abs(cpos - pos), country) for cpos, country in countries if country not in counts]
            if free:
                counts[min(free)[1]] = number
    return [{"country": country, "medals": medals} for country, medals in counts.items()]


def review_paragraph(structure: Structure) -> tuple[Paragraph, Paragraph] | None:
    """The paragraph that introduces the table, and the one answering it (the next in its section)."""
    if not structure.table or not structure.paragraphs:
        return None
    after = structure.paragraphs[structure.table_after] if structure.table_after >= 0 else structure.paragraphs[0]
    section = [p for p in structure.paragraphs if p.section is after.section]
    review: Paragraph = next((p for p in section if "medal" in p.text.lower()), after)
    later = [p for p in section if p.index > review.index]
    return review, (later[0] if later else review)


def sectors_and_holders(text: str) -> tuple[list[str], list[str], tuple[int, int]]:
    """Where no medal was won, and who won there: "The only areas ... were X and Y; ... A, B, and C occupied ..."."""
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        if re.search(r"\b(?:not|no|without)\b", sentence) and "medal" in sentence:
            head, _, tail = sentence.partition(";")
            sectors: list[str] = []
            holders: list[str] = []
            found = re.search(r"\b(?:were|was|are|is)\s+(.+)$", head)
            if found:
                sectors = [s.strip(" .") for s in re.split(r",\s*(?:and\s+)?|\s+and\s+", found[1]) if s.strip(" .")]
            names = re.search(_NAME_LIST + r"\s+(?:occupied|held|took|won|hold|take)", tail)
            if names:
                holders = [s.strip() for s in re.split(r",\s*(?:and\s+)?|\s+and\s+", names[1]) if s.strip()]
            return sectors, holders, (a, b)
    return [], [], (0, 0)


def medal_context(structure: Structure, items: dict[int, str], rows: list[dict], prov: Provenance) -> dict | None:
    found = review_paragraph(structure)
    if not rows or found is None:
        return None
    review, response = found
    review_id, response_id = items[review.index], items[response.index]
    text = review.text
    spans = sentence_spans(text)
    kept = [(a, b) for a, b in spans[1:] if not re.search(r"\btable below\b|\bfollowing table\b|\bbelow\b", text[a:b])]
    summary = " ".join(text[a:b] for a, b in kept) or text
    prov.note("medals.toml", "context", "summary", summary, review_id, (kept[0][0], kept[-1][1]) if kept else (0, len(text)),
              0.7, "the introducing paragraph less its first sentence and any pointer to the table")
    acronym = re.search(r"\(([A-Z]{2,8})\)", text)
    year = re.search(r"\b((?:19|20)\d\d)\b[^.]{0,12}medal table", text)
    topic = re.search(r"medal table\"?\s+of\s+[^.]*?\bin\s+([a-z][a-z -]+?)[.,]", text)
    issue = next((m for m in find_dates(text) if m.precision == "month"), None)
    magazine = review.section.headline
    source = " ".join(x for x in (acronym[1] if acronym else "", year[1] if year else "",
                                  topic[1] if topic else "", "medal table") if x)
    source += f", as reviewed in {magazine}" + (f", {issue.value}" if issue else "")
    prov.note("medals.toml", "context", "source", source, review_id, (0, len(spans and text[: spans[0][1]] or text)),
              0.5, "composed by the drafter from the paragraph and the section heading")
    previous = re.search(r"previous[^.]{0,80}?\b((?:19|20)\d\d)\b", response.text)
    sectors, holders, where = sectors_and_holders(text)
    prov.note("medals.toml", "context", "sectors_without_chinese_medal", sectors, review_id, where, 0.6,
              "the list after 'were' in the sentence saying where no medal was won")
    prov.note("medals.toml", "context", "holders_in_those_sectors", holders, review_id, where, 0.6,
              "the names before 'occupied/held' in that sentence")
    counts = _counts(text)
    prov.note("medals.toml", "context", "counts", [f"{c['country']} {c['medals']}" for c in counts], review_id,
              (0, len(text)), 0.6, "numbers paired with the nearest country in sentences about medals")
    year_value = int(previous[1]) if previous else 0
    prov.note("medals.toml", "context", "previous_table_year", year_value, response_id,
              previous.span(1) if previous else (0, 0), 0.9 if previous else 0.1,
              "the year after 'previous'" if previous else "not found: 0 written, fill it in")
    prov.note("medals.toml", "context", "response", response.text, response_id, (0, len(response.text)), 0.8,
              "the paragraph after the introducing one")
    return {"source": source, "source_item": review_id, "summary": summary, "counts": counts,
            "previous_table_year": year_value, "sectors_without_chinese_medal": sectors,
            "holders_in_those_sectors": holders, "response": response.text, "response_item": response_id}
