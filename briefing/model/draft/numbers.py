"""Numbers as the report writes them: "1,721", "14", "three"."""

from __future__ import annotations

import re

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(WORDS) + r")"


def to_int(text: str) -> int | None:
    text = text.strip().lower()
    if text in WORDS:
        return WORDS[text]
    digits = text.replace(",", "")
    return int(digits) if re.fullmatch(r"\d+", digits) else None
