"""The text a document was read as, in the series' text-export layout: what a draft keeps as ``source.txt``.

A draft from Markdown, HTML or PDF keeps the original (``source.md`` ...) and, beside it, the
blocks its reader found written out as the text export writes them: one block a paragraph
between blank lines, the title in ``**``, a bullet as ``- ``, a table as tab-separated rows.
``report.toml``'s ``source_sha256`` is the SHA-256 of this text, so the loader's check (the
edition says what it was made from) holds for every format; drafting that ``source.txt`` again
reads the same paragraphs.
"""

from __future__ import annotations

from ..blocks import HEADING, TABLE, Block


def _one_line(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def blocks_as_text(blocks: list[Block]) -> str:
    """The blocks as text-export text (UTF-8 when encoded), ending with a newline."""
    chunks: list[str] = []
    for block in blocks:
        if block.kind == TABLE:
            rows = ["\t".join(_one_line(cell) or "-" for cell in row) for row in block.rows if row]
            if rows:
                chunks.append("\n".join(rows))
            continue
        text = _one_line(block.text)
        if not text:
            continue
        if block.kind == HEADING and not chunks:
            chunks.append(f"**{text}**")  # the document's title, bold as the export writes it
        elif block.bullet:
            chunks.append(f"- {text}")
        elif block.strong and len(text) > 0:
            chunks.append(f"**{text}**")
        else:
            chunks.append(text)
    return "\n\n".join(chunks) + "\n"
