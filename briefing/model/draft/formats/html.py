"""HTML, read with the standard library's parser: headings, paragraphs, list items, tables.

Scripts, styles and other non-content elements are skipped; entities are decoded by the parser.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..blocks import HEADING, LINE, TABLE, Block
from ..cleaning import clean_inline

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "title", "caption"}
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "nav", "footer"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tag: str | None = None
        self.skip = 0
        self.strong_chars = 0
        self.in_strong = 0
        self.table: Block | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif self.skip:
            return
        elif tag == "table":
            self.flush()
            self.table = Block(TABLE, "")
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in _BLOCKS and self.cell is None:
            self.flush()
            self.tag = tag
        elif tag in ("strong", "b"):
            self.in_strong += 1
        elif tag == "br":
            self._text(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif self.skip:
            return
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(clean_inline("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            if self.row:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.blocks.append(self.table)
            self.table = None
        elif tag in _BLOCKS and self.cell is None:
            self.flush()
        elif tag in ("strong", "b"):
            self.in_strong = max(0, self.in_strong - 1)

    def handle_data(self, data):
        if not self.skip:
            self._text(data)
            if self.in_strong:
                self.strong_chars += len(data.strip())

    def _text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None:
            self.buffer.append(data)

    def flush(self) -> None:
        text = clean_inline("".join(self.buffer))
        if text and self.tag != "title":
            tag = self.tag or "p"
            strong = self.strong_chars >= len(text.replace(" ", "")) > 0
            if tag.startswith("h") and tag[1:].isdigit():
                self.blocks.append(Block(HEADING, text, level=int(tag[1:])))
            else:
                self.blocks.append(Block(LINE, text, bullet=tag == "li", strong=strong))
        self.buffer, self.tag, self.strong_chars = [], None, 0


def read_html(text: str) -> list[Block]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    reader.flush()
    return reader.blocks
