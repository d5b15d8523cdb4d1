"""The compile's folded text is what search's own definitions give: the faster ways of finding it
(store/stored_text.py, ranking's patterns, text.fold) checked against the plain definitions."""

from __future__ import annotations

import itertools
import random
import re
import sys
import unicodedata

from briefing.model.data.text import fold, token_pattern
from briefing.model.store import ranking
from briefing.model.store.stored_text import stored_texts

#: Pieces of folded text where the definitions could part: British spellings inside words with
#: digits, numbers with separators, month names as words and inside words, every white space.
PIECES = ["refuelling", "refuelling2", "2refuelling", "colour", "colours5", "centre", "programme", "organise",
          "organised", "analyse", "advertise", "travelled", "tonne", "ton", "grey", "greyish", "rise", "called",
          "dec", "december", "sept", "may", "mayor", "jun", "june", "march", "mar", "x", "a", "cas", "u.s",
          "1", "12", "31", "2024", "1,721", "2.72", "1.5x", "2,000km", "37a", "a.5", ",", ".", ", ", ". ", "-",
          " ", " ", "  ", "\n", "\t", "\u00a0", "\u3000", "é", "北京", "_", "١٢", "chaohu-1", "program"]


def _texts(count: int, seed: int) -> list[str]:
    generator = random.Random(seed)
    return ["".join(generator.choice(PIECES) for _ in range(generator.randint(0, 16))) for _ in range(count)]


def _short_words(text: str) -> str:
    return " " + " ".join(dict.fromkeys([t for t in token_pattern().findall(text) if len(t) <= 3])) + " "


def _forms_of(text: str) -> str:
    """forms_of as first written: every word of five letters or more, every place the date pattern matches."""
    if not text:
        return ""
    words = dict.fromkeys(re.findall(r"[a-z]{5,}", text))
    spelled = dict.fromkeys(map(ranking.american, words))
    forms = [form for form in spelled if form not in words and form not in text]
    for match in ranking._written_date().finditer(text):
        month = ranking.month_number(match["month"] or match["month2"])
        day = match["day1"] or match["day2"]
        if month is None or (day is not None and not 1 <= int(day) <= 31):
            continue
        forms.append(f"{match['year']}-{month:02d}" + (f"-{int(day):02d}" if day else ""))
    return " " + " ".join(forms) if forms else ""


def test_the_stored_texts_are_the_ones_search_defines() -> None:
    texts = _texts(30000, 36)
    texts += ["the refuelling2 of 17 december 2024 and refuelling", "on july 25, 2023 the u.s colour 2,000km",
              "mayor may 2024", "xdec 2024 dec 2024", "decmay 2020 17\tmarch\n2021", "\u0661\u0662 december 2024",
              "on \u0661 may \u0662\u0660\u0662\u0661, x2 jun 2020"]
    for title, entities, body in zip(texts, texts[1:] + texts[:1], texts[2:] + texts[:2]):
        whole_title, hay, short = stored_texts(title, entities, body)
        text = body + _forms_of(body)
        assert whole_title == title + _forms_of(title), title
        assert hay == f"{whole_title}\n{entities}\n{text}", body
        assert short == _short_words(hay), hay
        assert ranking.forms_of(body) == _forms_of(body), body
        assert ranking.short_words(hay) == _short_words(hay), hay


def test_the_possessive_patterns_find_the_same_words() -> None:
    """Over every text of up to six of the characters that matter."""
    for length in range(7):
        for letters in itertools.product("a1.,- é", repeat=length):
            text = "".join(letters)
            assert ranking._tokens().findall(text) == token_pattern().findall(text), text
    for text in _texts(5000, 5):
        assert ranking._tokens().findall(text) == token_pattern().findall(text), text
        assert ranking._letters().findall(text) == re.findall(r"[a-z]{5,}", text), text


def test_fold_drops_every_combining_mark_as_a_loop_over_each_character_does() -> None:
    def folded(value: str) -> str:
        decomposed = unicodedata.normalize("NFKD", value)
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()

    every = [chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000]
    assert sum(1 for ch in every if unicodedata.combining(ch)) > 900  # the marks are there to drop
    for start in range(0, len(every), 4096):
        # Each character alone, after an ASCII letter and after an accented one: marks combine with both.
        value = "".join(f"a{ch}é{ch}" for ch in every[start:start + 4096])
        assert fold(value) == folded(value), start
    for value in ("Zhúquè", "ÉCOLE café", "ﬁ ß Å", "北京 Ḉ"):
        assert fold(value) == folded(value)


def test_a_digit_to_the_date_pattern_is_what_isdecimal_says() -> None:
    digit = re.compile(r"\d")
    assert all(bool(digit.match(chr(code))) == chr(code).isdecimal()
               for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000)
