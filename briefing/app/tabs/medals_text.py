"""What the Medals tab's panel says: the tally by medal, company and sector, the table's counts and gaps, the response.

Built as plain text or ``Content`` from the data, never markup.
"""

from __future__ import annotations

import re

from textual.content import Content

from ...model.data.records import MEDALS, MedalContext
from ...model.query.medal_sort import Tally
from ..widgets.medal_cells import MEDAL_COLOURS


#: Longest shortened response shown in the panel; ``r`` shows all of it.
SHORT_RESPONSE = 150

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def first_sentence(text: str, limit: int = SHORT_RESPONSE) -> str:
    """The first sentence of ``text``, cut at a word boundary with "…" if longer than ``limit``."""
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence if sentence == text.strip() else sentence + " …"
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def medal_counts_line(result: Tally, of: int | None = None) -> Content:
    """``Medals  ● Gold 5  ● Silver 4  ● Bronze 5  · 14 in all``, discs coloured, words plain.

    ``of``: the rows in the whole table, when ``result`` counts only the rows a filter shows
    (``· 4 of 14 rows shown``), so the tally always counts what the table lists.
    """
    parts: list[Content | tuple[str, str] | str] = [("Medals ", "bold")]
    for medal in MEDALS:
        parts += [" ", ("●", MEDAL_COLOURS.get(medal, "")), f" {medal} {result.by_medal.get(medal, 0)}"]
    parts.append(f"  · {result.total} in all" if of is None or of == result.total
                 else f"  · {result.total} of {of} rows shown")
    return Content.assemble(*parts)


def company_lines(result: Tally) -> Content:
    """``By company`` then one line each: ``CGST 4: 1 Gold, 3 Bronze``, most medals first."""
    lines = [f"  {g.name} {g.count}: {g.describe()}" for g in result.by_company] or ["  none"]
    return Content.assemble(("By company", "bold"), "\n", "\n".join(lines))


def sector_lines(result: Tally) -> Content:
    """``By sector`` then one line each, in table order: ``Longwave IR: Gold, Silver, Bronze``."""
    lines = [f"  {g.name}: {', '.join(g.medals)}" for g in result.by_sector] or ["  none"]
    return Content.assemble(("By sector", "bold"), "\n", "\n".join(lines))


def counts_text(context: MedalContext, rows_here: int) -> str:
    """"China 14 vs U.S. 12 (Finland 2, Uruguay 2) in the whole table; the 14 Chinese medals are listed here."""
    counts = list(context.counts)
    china = next((c for c in counts if c.country == "China"), None)
    others = [c for c in counts if c is not china]
    if china is None or not others:
        listed = ", ".join(f"{c.country} {c.medals}" for c in counts) or "no counts given"
        return f"Whole table: {listed}; {rows_here} rows are listed here."
    lead, rest = others[0], others[1:]
    text = f"China {china.medals} vs {lead.country} {lead.medals}"
    if rest:
        text += " (" + ", ".join(f"{c.country} {c.medals}" for c in rest) + ")"
    text += " in the whole table; "
    if rows_here == china.medals:
        text += f"the {rows_here} Chinese medals are listed here."
    else:
        text += f"{rows_here} Chinese medal rows are listed here."
    return text


def gaps_text(context: MedalContext) -> str:
    if not context.sectors_without_chinese_medal:
        return "Chinese firms won a medal in every sector."
    text = "No Chinese medal in " + ", ".join(context.sectors_without_chinese_medal)
    if context.holders_in_those_sectors:
        text += ": held by " + ", ".join(context.holders_in_those_sectors)
    return text + "."
