"""Cleaning a paragraph the way data/README.md says verbatim fields are cleaned.

``**bold**`` markers go, ``\\$`` becomes ``$``, ``[words](#)`` keeps its words, ``*italics*``
lose their stars, a leading bullet marker goes, and line and page breaks inside a paragraph
become one space. Typographic ligatures a PDF may hold ("ﬂ") become their letters; nothing
else is normalised, so Chinese punctuation ("，") stays as written.
"""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_ITALIC = re.compile(r"\*(?<![\w*]\*)(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")  # the guard after the "*": see .word_start
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")

#: The ligatures of Unicode's Alphabetic Presentation Forms block, spelled out. NFKC would do
#: this too, but would also turn full-width Chinese punctuation into ASCII.
LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
_LIGATURE = re.compile("[\ufb00-\ufb06]")


def strip_bullet(text: str) -> tuple[str, bool]:
    """``text`` without a leading bullet marker, and whether it had one."""
    match = _BULLET.match(text)
    if match and text.lstrip()[:1] in "-*+•":
        return text[match.end():], True
    return text, False


def clean_inline(text: str) -> str:
    """Markup artefacts removed and whitespace joined: the verbatim form of a paragraph."""
    # Each pattern is run only on a text holding the character it starts with (a search in C).
    if not text.isascii():  # (a flag, no scan) an ASCII text holds no ligature: most blocks are not scanned for one
        text = _LIGATURE.sub(lambda m: LIGATURES[m.group()], text)
    if "**" in text:
        text = _BOLD.sub(r"\1", text).replace("**", "")
    text = text.replace("\\$", "$")
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text:
        text = _ITALIC.sub(r"\1", text)
    return " ".join(text.split())  # runs of \s as one space, stripped (str.split knows the same spaces)


def is_strong(text: str) -> bool:
    """The whole block is bold (``**...**``), as the text export marks its title."""
    stripped = text.strip()
    return stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
