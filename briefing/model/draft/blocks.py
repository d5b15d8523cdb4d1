"""The shape every format reader returns: a document as a list of blocks in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Block kinds. ``line`` is a block whose role the format does not say (the text export):
#: :mod:`.structure` decides whether it is a heading or a paragraph.
HEADING, PARAGRAPH, TABLE, LINE = "heading", "paragraph", "table", "line"


@dataclass
class Block:
    kind: str
    #: The block's text, already cleaned of markup (see :mod:`.cleaning`); lines joined.
    text: str
    #: A bullet item ("- ..."): always a paragraph of its own.
    bullet: bool = False
    #: Bold or emphasised as a whole (the title of the text export is in ``**``).
    strong: bool = False
    #: Heading level where the format gives one (Markdown ``#``, HTML ``h1``, PDF font size rank).
    level: int | None = None
    #: A table's rows, cells as printed; the first row is its header.
    rows: list[list[str]] = field(default_factory=list)
