"""PDF, read with pdfplumber (the ``draft`` extra): words with their font sizes, and tables as rows.

Lines are words sharing a baseline; a paragraph ends where the gap to the next line is
clearly wider than the line spacing, or the font size changes. A line set larger than the
body text (or wholly bold) is a heading. Words inside a table pdfplumber finds are left to
the table. Ligatures are spelled out by :func:`..cleaning.clean_inline`; a hard-wrapped
word ("satel-" / "lite") is joined.
"""

from __future__ import annotations

import io
import statistics

from ..blocks import HEADING, LINE, TABLE, Block
from ..cleaning import clean_inline
from ..errors import DraftError

INSTALL_HINT = "reading PDF needs pdfplumber, in the draft extra: pip install 'briefing[draft]'"


def read_pdf(data: bytes) -> list[Block]:
    try:
        import pdfplumber
    except ImportError:
        raise DraftError(INSTALL_HINT) from None
    blocks: list[Block] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except DraftError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise DraftError(f"cannot read the PDF: {error.__class__.__name__}: {error}") from None
    sizes = [line["size"] for lines, _ in pages for line in lines if line.get("text")]
    if not sizes:
        raise DraftError("the PDF has no text (a scanned document?): nothing to draft from")
    body = statistics.median(sizes)
    for lines, tables in pages:
        blocks.extend(_page_blocks(lines, tables, body))
    return blocks


def _page_lines(page) -> tuple[list[dict], list[tuple[float, Block]]]:
    tables = []
    boxes = []
    for found in page.find_tables():
        rows = [[clean_inline(cell or "") for cell in row] for row in found.extract()]
        rows = [row for row in rows if any(row)]
        if rows:
            tables.append((found.bbox[1], Block(TABLE, "", rows=rows)))
            boxes.append(found.bbox)
    words = page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=True)
    lines: list[dict] = []
    for word in words:
        if any(x0 <= word["x0"] and word["x1"] <= x1 and top <= word["top"] and word["bottom"] <= bottom
               for x0, top, x1, bottom in boxes):
            continue
        if lines and abs(lines[-1]["top"] - word["top"]) < 2:
            lines[-1]["words"].append(word)
        else:
            lines.append({"top": word["top"], "bottom": word["bottom"], "words": [word]})
    for line in lines:
        line["text"] = " ".join(w["text"] for w in line["words"])
        line["size"] = round(max(w["size"] for w in line["words"]), 1)
        line["bold"] = all("bold" in w["fontname"].lower() for w in line["words"])
    return lines, tables


def _page_blocks(lines: list[dict], tables: list[tuple[float, Block]], body: float) -> list[Block]:
    out: list[tuple[float, Block]] = list(tables)
    gaps = [b["top"] - a["top"] for a, b in zip(lines, lines[1:]) if a["size"] == b["size"]]
    spacing = statistics.median(gaps) if gaps else body * 1.2
    current: list[dict] = []

    def close() -> None:
        if not current:
            return
        text = current[0]["text"]
        for line in current[1:]:
            if text.endswith("-") and line["text"][:1].islower():
                text = text[:-1] + line["text"]  # a word hard-wrapped with a hyphen
            else:
                text += " " + line["text"]
        first = current[0]
        heading = first["size"] > body + 0.5 or (first["bold"] and len(current) == 1 and len(text) < 120)
        if heading:
            level = 1 if first["size"] >= body * 1.4 else 2
            out.append((first["top"], Block(HEADING, clean_inline(text), level=level)))
        else:
            from ..cleaning import strip_bullet

            rest, bullet = strip_bullet(text)
            out.append((first["top"], Block(LINE, clean_inline(rest), bullet=bullet)))
        current.clear()

    for line in lines:
        if current:
            previous = current[-1]
            new_paragraph = (line["size"] != previous["size"] or line["bold"] != previous["bold"]
                             or line["top"] - previous["top"] > spacing * 1.4
                             or line["text"].lstrip().startswith(("- ", "• ")))
            if new_paragraph:
                close()
        current.append(line)
    close()
    out.sort(key=lambda pair: pair[0])
    return [block for _, block in out]
