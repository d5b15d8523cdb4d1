"""The series' own text export: blocks between blank lines, with markdown artefacts.

Each run of non-blank lines is one block. A block of lines holding tabs is a table; a block
of bullet lines is one paragraph per bullet; any other block is a ``line`` block whose role
(heading or paragraph) :mod:`..structure` decides from its shape.
"""

from __future__ import annotations

import re

from ..blocks import LINE, TABLE, Block
from ..cleaning import clean_inline, is_strong, strip_bullet

_BLANK = re.compile(r"\n[ \t]*\n")


def read_text_export(text: str) -> list[Block]:
    blocks: list[Block] = []
    for chunk in _BLANK.split(text.replace("\r\n", "\n").replace("\f", "\n\n")):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if sum("\t" in line for line in lines) >= max(2, len(lines) - 1):
            rows = [[clean_inline(cell) for cell in line.split("\t")] for line in lines if "\t" in line]
            blocks.append(Block(TABLE, "", rows=rows))
            continue
        if strip_bullet(lines[0])[1]:
            blocks.extend(_bullets(lines))
            continue
        raw = "\n".join(lines)
        blocks.append(Block(LINE, clean_inline(raw), strong=is_strong(raw)))
    return blocks


def _bullets(lines: list[str]) -> list[Block]:
    """One paragraph per bullet; a line not starting with a marker continues the bullet above."""
    items: list[list[str]] = []
    for line in lines:
        rest, bullet = strip_bullet(line)
        if bullet or not items:
            items.append([rest])
        else:
            items[-1].append(line)
    return [Block(LINE, clean_inline("\n".join(item)), bullet=True) for item in items]
