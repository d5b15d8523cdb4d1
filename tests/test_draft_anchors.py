"""The date patterns tried only where an anchor says a match can start find what ``finditer`` finds.

Run over the shipped report, issue 29's hostile paragraphs and random runs of date words
(qualifiers, months, years, "year", separators, letters that match others ignoring case):
every match, its span and its groups, must be the same; and a text without a month or
without four digits has no match of the patterns skipped for it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from briefing.model.draft import date_grammar as D
from briefing.model.draft.date_anchors import matches_at, word_starts_before
from briefing.model.draft.windows import windows

SOURCE = Path(__file__).resolve().parents[1] / "data" / "2024-09-to-2025-03" / "source.txt"
WORDS = ("early", "Early", "mid", "late", "by", "By", "the", "The", "end", "END", "start", "beginning", "middle", "of",
         "OF", "in", "on", "during", "January", "Jan.", "Sept", "Sept.", "March", "May", "and", "or", "to", "through",
         "–", ",", "2024", "2025", "1999", "12", "3rd", "year", "Year", "YEAR", "that", "same", "following", "next",
         "this", "later", "3", "17th", "-2024", "$2030", "2021-2025", "2021 to 2024", ".12", "x12", "1,721", "\u017ftart", "th\u0130s", "x", "xearly", "_early", "a2024", "2024-03-05", "-")
SEPARATORS = (" ", "  ", "-", " - ", ", ", "\n", "\u00a0", "", " -")


def _random_texts(count: int) -> list[str]:
    rng = random.Random(29)
    return ["".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randint(1, 14)))
            for _ in range(count)]


def _windows_of(text: str) -> list[str]:
    return [paragraph[a:b] for paragraph in text.split("\n\n") for a, b in windows(paragraph)]


TEXTS = (_windows_of(SOURCE.read_text(encoding="utf-8")) + _windows_of("January " * 2000)
         + _windows_of(" ".join(f"On March {i % 28 + 1}, 2025, the Tianzhou-9 docked again." for i in range(200)))
         + _random_texts(12_000))


def _anchored(work: str):
    months = [m.start() for m in D._MONTH_STARTS.finditer(work)]
    years = [m.start() for m in D._YEAR_ANYWHERE.finditer(work)]
    month_starts = word_starts_before(work, months, 2, 6)
    year_words = D._year_word_starts(work)
    return [(D._EXACT_MDY, months), (D._EXACT_DMY, month_starts), (D._DAY_NO_YEAR_MD, month_starts),
            (D._DAY_NO_YEAR_DM, month_starts), (D._YEAR_RANGE, years), (D._BARE_YEAR, years),
            (D._MONTH_LIST, month_starts), (D._MONTH_YEAR, month_starts), (D._MONTH_NO_YEAR, month_starts),
            (D._END_OF, word_starts_before(work, D._of_year_starts(work, years), 3, 9)),
            (D._QUAL_YEAR, word_starts_before(work, years, 1, 6)),
            (D._RELATIVE_YEAR, word_starts_before(work, year_words, 6, 9))]


@pytest.mark.parametrize("chunk", range(4))
def test_anchored_matches_are_finditers(chunk: int) -> None:
    for work in TEXTS[chunk::4]:
        for pattern, starts in _anchored(work):
            expected = [(m.span(), m.groups()) for m in pattern.finditer(work)]
            assert [(m.span(), m.groups()) for m in matches_at(pattern, work, starts)] == expected, (pattern.pattern, work)
            ordered = sorted(set(starts))  # as the grammar hands the lists it tries several patterns at
            assert [(m.span(), m.groups()) for m in matches_at(pattern, work, ordered, ordered=True)] == expected


def test_skipped_patterns_cannot_match() -> None:
    needs_month = (D._EXACT_MDY, D._EXACT_DMY, D._DAY_NO_YEAR_MD, D._DAY_NO_YEAR_DM, D._MONTH_NO_YEAR, D._MONTH_LIST,
                   D._MONTH_YEAR)
    needs_digits = (D._EXACT_MDY, D._EXACT_DMY, D._ISO, D._MONTH_LIST, D._MONTH_YEAR, D._YEAR_RANGE, D._END_OF,
                    D._QUAL_YEAR, D._BARE_YEAR)
    skipped = 0
    for work in TEXTS:
        checks = ((not D._MONTH_STARTS.search(work), needs_month), (not D._FOUR_DIGITS.search(work), needs_digits),
                  ("-" not in work, (D._ISO,)))
        for skip, patterns in checks:
            if skip:
                skipped += 1
                assert all(p.search(work) is None for p in patterns), work
    assert skipped > 1000  # the random texts hold many without a month, a year or a hyphen


def test_date_like_words_are_the_plain_alternations() -> None:
    """leftovers' two date-like patterns read as one give the matches of the alternation written plainly."""
    from briefing.model.draft import leftovers as L

    months = L._MONTHS
    plain = re.compile(rf"\b(?:{months})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{{4}}\b)?"
                       rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{months})\b\.?"
                       r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}(?:-\d{2})?\b")
    rng = random.Random(24)
    words = ("January", "Jan", "Jan.", "Sept", "Sep", "Sept.", "May", "3", "12", "3rd", "of", "2024", "2025-03",
             "2025-03-04", "1/2/2025", "12/31/24", "x", "a1", "_3", "3x", "-", "/", ",", "\u0663", "22nd")
    texts = [SOURCE.read_text(encoding="utf-8")] + ["".join(rng.choice(words) + rng.choice((" ", "", ", ", "-", "/"))
                                                            for _ in range(rng.randint(1, 10))) for _ in range(20_000)]
    for text in texts:
        assert [m.span() for m in L._date_like(text)] == [m.span() for m in plain.finditer(text)], text


def test_definitions_found_from_the_parenthesis_are_the_plain_pattern_s() -> None:
    """"(ACR)" found from its "(" with the spaces before walked back over: what "\\s+\\(...\\)" found."""
    from briefing.model.draft import name_patterns as N

    plain = re.compile(r"\s+\(([A-Z][A-Za-z&]{1,9})\)")
    rng = random.Random(30)
    words = ("China", "Academy", "of", "Sciences", "(CAS)", "(CAS", ")", "(", " ", "\n", "x(AB)", "(A)",
             "(ABCDEFGHIJK)", "Space", "Agency", "'", "(CMSA)")
    texts = [SOURCE.read_text(encoding="utf-8")] + ["".join(rng.choice(words) + rng.choice(("", " ", "\t"))
                                                            for _ in range(rng.randint(1, 20))) for _ in range(20_000)]
    for text in texts:
        expected = []
        for paren in plain.finditer(text):
            before = N._DEFINED_BEFORE.search(text, max(0, paren.start() - 160), paren.start())
            if before is not None:
                expected.append((text[before.start(1): paren.end()], before.group(1), paren.group(1)))
        assert [(d.group(0), d[1], d[2]) for d in N._defined_matches(text)] == expected, text


#: What _END_OF's anchors were found with before: "of" ignoring case, spaces and a year.
_OF_YEAR = re.compile(rf"[Oo][Ff]\s+{D._YEAR}")


def test_of_year_and_year_word_starts_are_the_patterns_finditers() -> None:
    found = {"of": 0, "year": 0, "other script": 0}
    extra = ["of\u00a02024 year", "OF\t\n1999 YEAR\u0130year", "\u0130of 2024 yEaR", "roof 2025", "of2024", "of 20245"]
    for work in TEXTS + extra:
        years = [m.start() for m in D._YEAR_ANYWHERE.finditer(work)]
        expected = [m.start() for m in _OF_YEAR.finditer(work)]
        assert D._of_year_starts(work, years) == expected, work
        words = [m.start() for m in D._YEAR_WORD.finditer(work)]
        assert D._year_word_starts(work) == words, work
        found["of"] += bool(expected)
        found["year"] += bool(words)
        found["other script"] += bool(words) and not work.isascii()
    assert min(found.values()) > 0 and found["of"] > 50 and found["year"] > 1000, found


def test_years_and_months_found_in_one_scan_are_the_two_patterns_finditers() -> None:
    both = 0
    for work in TEXTS + ["Sept.x 2024", "Jan.2025 May'", "12019 Dec", "\u0661\u0662\u0663\u0664 June"]:
        years = [m.start() for m in D._YEAR_ANYWHERE.finditer(work)]
        months = [m.start() for m in D._MONTH_STARTS.finditer(work)]
        assert D._years_and_months(work) == (years, months), work
        both += bool(years) and bool(months)
    assert both > 1_000, both
