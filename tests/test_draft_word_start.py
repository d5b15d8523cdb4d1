"""The name and date patterns written to start with their first letter find what the plain ones found.

The plain patterns (a guard such as ``(?<![\\w-])`` or ``\\b`` first) are rebuilt here as
they were written before, and both are run over the shipped report, issue 29's hostile
paragraphs and a text of edge cases (a name at the text's start, after a hyphen, an
apostrophe, a digit): every match, its span and its groups, must be the same.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.model.draft import cleaning as C
from briefing.model.draft import date_grammar as D
from briefing.model.draft import name_patterns as E  # where the finder's patterns live
from briefing.model.draft import events as V
from briefing.model.draft import leftovers as L
from briefing.model.draft.word_start import guarded

SOURCE = Path(__file__).resolve().parents[1] / "data" / "2024-09-to-2025-03" / "source.txt"
EDGES = ("Shenzhou 19 flew. x-Shenzhou 19, xShenzhou 5 'Shenzhou 7 Long March 5B and xLong March 7, -Long March 2F "
         "the Guowang constellation, athe Qianfan series, the Qianfan series; CAS Space Kinetica-2 aCAS Space Lijian-1 "
         "Russia's and Russian, -Russia, xRussia's U.S. and United States Inner Mongolia; Pakistani, xThai Thai "
         "Chang'e 6 Chang’e-6 Tianwen-2 PRSC-E01 aPRSC-E01 -Zhuque-3 maker, LandSpace, the manufacturer of engines, "
         "Zhurong Einstein Liu Yang said Wang Ya-ping, Bohai landing site, Zhang Lu's Chinese Academy of Sciences' "
         "China's space station and the moon, lunar; Hainan Commercial Spaceflight Launch Site in Wenchang City.")
TEXTS = (SOURCE.read_text(encoding="utf-8"), EDGES, "Long March " * 300, "January " * 300, "Aaa-1 " * 300,
         "Zzz Corporation (" * 300, EDGES.upper(), EDGES.lower())

_CAP = r"[A-Z][\w'’.&-]*"
PLAIN = {
    "_APPOSITION": r"\b(?:manufacturer|maker|company|firm|start-?up|operator|subsidiary|developer|supplier|"
                   r"provider)(?:\s+of\s+[^,]{1,60})?,\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}),",
    "_ACRONYM_ARM": r"(?<![\w-])([A-Z]{2,6})\s+([A-Z][a-z]+)\s+(?=[A-Z][\w'-]*-\d)",
    "_PHRASE_ANY": rf"(?<![\w'’-])({_CAP}(?:\s+(?:{E._CONNECT}\s+)*{_CAP})*)",
    "_PHRASE": rf"(?<![\w'’-])({_CAP}(?:\s+(?:{E._CONNECT}\s+)*{_CAP})+)",
    "_SPACED_SERIAL": r"(?<![\w-])(" + "|".join(re.escape(s) for s in E._SPACECRAFT_SERIES if "-" not in s)
                      + r")[’']?\s+(\d{1,3}[A-Z]?)(?![\w°%-]|[.,]\d)",
    "_SERIES_ALONE": r"(?<![\w'’-])(" + "|".join(re.escape(s) for s in E._SPACECRAFT_SERIES
                                                if s not in E._NOT_ALONE and "-" not in s) + r")(?![\w'’-])",
    "_SERIAL": r"(?<![\w-])([A-Z][a-z]+(?:'[a-z]+)?(?:-1)?|[A-Z]{2,6})-([A-Z]?\d{1,3}[A-Z]?)(?![\w-])",
    "_LONG_MARCH": r"\bLong[\s-]March[\s-](\d{1,2}[A-Z]?(?:-[A-Z])?)\b",
    "_CONTEXT_NAME": r"(?<![\w-])([A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s+(constellations?|mega[\s-]constellations?|"
                     r"space planes?|space station|programs?|series)\b",
    "_THE_SERIES": r"\bthe\s+([A-Z][a-z]+)\s+series\b",
    "_POSSESSIVE_OWNER": r"(?<![\w-])((?:[A-Z][A-Za-z]+\s+){0,3}[A-Z][A-Za-z]+)'s\s+(?=[A-Z])",
    "_LANDING_SITE": r"\b([A-Z][a-z]+)\s+landing site\b",
    "_PERSON_PAIR": r"(?<![\w-])([A-Z][a-z]+)\s+([A-Z][a-z]+)(?![\w-])",
    "_COUNTRY": r"(?<![\w-])(" + "|".join(re.escape(c) for c in sorted(E.COUNTRIES, key=len, reverse=True))
                + r")(?:'s)?(?![\w-])",
    "_DEMONYM": r"\b(?:" + "|".join(E._DEMONYMS) + r")\b",
}


_YEAR = r"(1[89]\d\d|2[01]\d\d)"
_MONTH = D._MONTH
PLAIN_DATES = {
    "_EXACT_MDY": rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b",
    "_EXACT_DMY": rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}),?\s+{_YEAR}\b",
    "_DAY_NO_YEAR_MD": rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?![\d°%.,]\d|[\d°%:/-])(?!,?\s+\d)",
    "_DAY_NO_YEAR_DM": rf"(?<![\d.,-])\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?!\s*,?\s*\d)",
    "_MONTH_NO_YEAR": rf"\b(?:in|on|since|by|until|from|during|early|mid|late|the|this|last|next)[\s-]+"
                      rf"({_MONTH})(?!\s*,?\s*\d)",
    "_ISO": r"\b(\d{4})-(\d{2})-(\d{2})\b",
    "_YEAR_RANGE": rf"(?<![\d$,.\-/]){_YEAR}\s*(?:-|–|to|through)\s*{_YEAR}(?![\d\-/]|,\d)",
    "_QUAL_YEAR": rf"\b(early|mid|late|by|before|around|circa|Early|Mid|Late|By|Before|Around)[\s-]+{_YEAR}"
                  rf"(?![\d\-/]|,\d)",
    "_BARE_YEAR": rf"(?<![\d$,.\-/€£¥]){_YEAR}(?![\d\-/]|,\d|\.\d|s\b)",
}
DATE_EDGES = ("On January 17, 2025 and 17 January 2025, x17 January 2025, 3rd of May, Dec. 1 that year, Sept 9, "
              "in late 2025, by 2035, early-2024, 2021-2025, 2021 to 2024, US$2050, 1,721, 2024-03-05, x2024-03-05, "
              "a2024, -2024, $2030, in January, xin January, the January launch, around 2030, xaround 2030, 2024s "
              "12 March, x12 March, .12 March, 5 Oct. 2007, Oct 24, 2007; 17th of December 2024")


PLAIN_OTHERS = {
    (V, "_LEFT_PREPOSITION"): r"\b(?:on|in|by|since|at least|during|of)\s+(?=[\s,.;]|and\b)",
    (V, "_LEFT_IN_AND"): r"\b(?:in|on)\s+(?:,\s*)?(?:and|or)\s+",
    (L, "_CAPITALISED"): r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|de)\s+)?[A-Z][\w'’-]*)*",
    (C, "_ITALIC"): r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])",
}
OTHER_EDGES = ("launched on , and in , or xon , and at least , the launch in  and on; of , -in , and China’s Sun Yat-sen "
               "University *an italic* x*not* **bold** *open *two* three*four*")


def _matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_entity_patterns_match_as_the_plain_ones(name):
    plain, fast = re.compile(PLAIN[name]), getattr(E, name)
    assert plain.pattern != fast.pattern
    for text in TEXTS:
        assert _matches(fast, text) == _matches(plain, text), (name, text[:40])
    assert _matches(fast, TEXTS[1]), name  # the edge cases exercise each pattern


@pytest.mark.parametrize("name", sorted(PLAIN_DATES))
def test_date_patterns_match_as_the_plain_ones(name):
    plain, fast = re.compile(PLAIN_DATES[name]), getattr(D, name)
    assert plain.pattern != fast.pattern
    for text in (*TEXTS, DATE_EDGES, DATE_EDGES.lower()):
        assert _matches(fast, text) == _matches(plain, text), (name, text[:40])
    assert _matches(fast, DATE_EDGES), name


@pytest.mark.parametrize("key", sorted(PLAIN_OTHERS, key=lambda k: k[1]), ids=lambda k: k[1])
def test_title_and_leftover_patterns_match_as_the_plain_ones(key):
    plain, fast = re.compile(PLAIN_OTHERS[key]), getattr(*key)
    assert plain.pattern != fast.pattern
    for text in (*TEXTS, OTHER_EDGES):
        assert _matches(fast, text) == _matches(plain, text), (key[1], text[:40])
    assert _matches(fast, OTHER_EDGES), key[1]


def test_a_guarded_alternation_matches_as_the_guard_first():
    words = ["moon", "lunar", "China's space station", "Chinese space station", "U.S."]
    text = "the moon, xmoon -lunar lunar China's space station; aChinese space station U.S. xU.S."
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")
    fast = re.compile(guarded(words, r"[\w-]") + r"(?![\w-])")
    assert _matches(fast, text) == _matches(plain, text)
    assert [m.group() for m in fast.finditer(text)] == ["moon", "lunar", "China's space station", "U.S."]
    with pytest.raises(ValueError):
        guarded(["(x)"], r"\w")
