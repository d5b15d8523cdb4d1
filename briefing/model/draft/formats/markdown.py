"""Markdown, read with markdown-it-py (installed with Rich): headings, paragraphs, list items, tables."""

from __future__ import annotations

from ..blocks import HEADING, LINE, TABLE, Block
from ..cleaning import clean_inline
from ..errors import DraftError


def read_markdown(text: str) -> list[Block]:
    try:
        from markdown_it import MarkdownIt
    except ImportError:  # pragma: no cover - Rich depends on it
        raise DraftError("reading Markdown needs markdown-it-py: pip install 'briefing[draft]'") from None
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    in_item = 0
    row: list[str] | None = None
    table: Block | None = None
    heading_level: int | None = None
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = None
        elif token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "table_open":
            table = Block(TABLE, "")
        elif token.type == "table_close" and table is not None:
            blocks.append(table)
            table = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and table is not None and row is not None:
            table.rows.append(row)
            row = None
        elif token.type == "inline":
            if row is not None:
                row.append(clean_inline(_plain(token)))
            elif heading_level is not None:
                blocks.append(Block(HEADING, clean_inline(_plain(token)), level=heading_level))
            else:
                raw = token.content
                strong = raw.startswith("**") and raw.endswith("**")
                # A paragraph that is not a list item may still be a heading written as plain text
                # (exports often do): LINE lets the structure decide, as for the text export.
                blocks.append(Block(LINE, clean_inline(_plain(token)), bullet=in_item > 0, strong=strong))
    return blocks


def _plain(token) -> str:
    """The inline token's text without its markup: emphasis, links and code kept as words."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
