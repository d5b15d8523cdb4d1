"""PDF, read with pdfplumber (the ``draft`` extra): words by position, columns one after the other.

Each page's words are grouped into lines (words sharing a baseline). A page set in columns
is read a column at a time: a vertical gutter no body line crosses splits it, lines wider
than a column (a title over both) are read where they stand, above or below. Lines that
repeat at the top or foot of most pages (a running header, "Page 3", a browser's print
header with its date and address) are dropped, and so is a bare page number or a print
header on a one-page document. A paragraph ends where the gap to the next line is clearly
wider than the line spacing, or the font size changes; a line set larger than the body text
(or wholly bold) is a heading, and consecutive heading lines of one size are one heading
(a title over several lines: the gap allowed grows with the size). Words inside a table pdfplumber finds are left to the table.
Ligatures are spelled out by :func:`..cleaning.clean_inline`; a hard-wrapped word
("satel-" / "lite") is joined.

Caps, checked before any page is read (a PDF is a program for a reader): at most
:data:`MAX_PAGES` pages, and at most :data:`MAX_PAGE_BYTES` decompressed bytes of content
per page (each stream is inflated with a cap, so a decompression bomb costs at most that).
"""

from __future__ import annotations

import ctypes
import io
import re
import statistics
import zlib

from ..blocks import HEADING, LINE, TABLE, Block
from ..cleaning import clean_inline, strip_bullet
from ..errors import DraftError

INSTALL_HINT = "reading PDF needs pdfplumber, in the draft extra: pip install 'briefing[draft]'"
#: A half-yearly report is 10-20 pages; a book-length PDF is not a report of the series.
MAX_PAGES = 300
#: A dense page of text is some tens of kB of drawing commands once inflated.
MAX_PAGE_BYTES = 8 * 1024 * 1024

_CLOSING = tuple(".?!:;\"”’)")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE)
_PRINT_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?\b|^(?:https?|file)://\S+",
                           re.IGNORECASE)


def read_pdf(data: bytes) -> list[Block]:
    """The PDF's blocks in reading order; :class:`DraftError` for an unreadable or over-large PDF."""
    try:
        import pdfplumber
    except ImportError:
        raise DraftError(INSTALL_HINT) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as probe:
            count = _check_caps(probe.doc)
        pages = _read_pages(data, count)
    except DraftError:
        raise
    except Exception as error:  # pdfminer raises many kinds for a damaged file
        raise DraftError(f"cannot read the PDF: {error.__class__.__name__}: {str(error)[:200]}") from None
    sizes = [line["size"] for page in pages for line in page["lines"]]
    if not sizes:
        raise DraftError("the PDF has no text (a scanned document?): nothing to draft from")
    body = statistics.median(sizes)
    _drop_running_lines(pages, body)
    placed: list[tuple[Block, bool, bool]] = []
    for page in pages:
        placed.extend(_page_blocks(page, body))
    return _join_across_columns(placed)


def _check_caps(doc) -> int:
    """The number of pages, after checking the page count and each page's inflated content size."""
    from pdfminer.pdfpage import PDFPage

    count = 0
    for page in PDFPage.create_pages(doc):
        count += 1
        if count > MAX_PAGES:
            raise DraftError(f"the PDF has more than {MAX_PAGES} pages; a report of this series has about "
                             "twenty, so it is not read")
        total = 0
        for stream in _content_streams(page):
            total += _inflated_size(stream, MAX_PAGE_BYTES - total)
            if total > MAX_PAGE_BYTES:
                raise DraftError(f"page {count} of the PDF inflates to more than {MAX_PAGE_BYTES // (1024 * 1024)} MiB "
                                 "of content (a decompression bomb?), so the PDF is not read")
    if not count:
        raise DraftError("the PDF has no pages: nothing to draft from")
    return count


def _content_streams(page) -> list:
    """The page's content streams and those of the forms it draws (each once)."""
    from pdfminer.pdftypes import PDFStream, resolve1

    streams = [resolve1(s) for s in (page.contents or [])]
    resources = resolve1(page.resources) or {}
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    for value in (xobjects or {}).values() if isinstance(xobjects, dict) else ():
        value = resolve1(value)
        if isinstance(value, PDFStream) and str(value.get("Subtype")).endswith("Form'"):
            streams.append(value)
    return [s for s in streams if isinstance(s, PDFStream)]


def _inflated_size(stream, cap: int) -> int:
    """The stream's decoded size, inflating at most ``cap + 1`` bytes (more than ``cap`` means over)."""
    raw = stream.rawdata if stream.rawdata is not None else stream.data
    if raw is None:
        return 0
    size = len(raw)
    for name, _params in stream.get_filters():
        name = getattr(name, "name", str(name))
        if name in ("FlateDecode", "Fl"):
            inflater = zlib.decompressobj()
            try:
                out = inflater.decompress(raw, cap + 1)
            except zlib.error:
                return len(raw)  # damaged: pdfminer reads what it can, no larger than the raw bytes
            size = len(out)
            if size > cap or inflater.unconsumed_tail:
                return cap + 1
            raw = out
        elif name in ("ASCIIHexDecode", "AHx", "ASCII85Decode", "A85"):
            size = len(raw)  # these shrink the data
        else:
            return size  # image and other codecs: the text reader never inflates them
    return size


def _read_pages(data: bytes, count: int) -> list[dict]:
    """Each page's lines and tables: words from PDFium's text layer (fast, in C), tables from pdfplumber.

    pdfplumber builds a Python object for every character, which made a 20-page report take
    seconds; PDFium (pypdfium2, which pdfplumber itself depends on) gives each character's box,
    size and weight directly. pdfplumber's table finder is used only on pages that draw lines
    (a ruled table needs at least a few), so text-only pages never pay for it.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    plumber = None
    pages = []
    try:
        for number in range(min(count, len(document))):
            page = document[number]
            width, height = page.get_size()
            tables: list = []
            boxes: list = []
            if _draws_lines(page):
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data), pages=range(1, count + 1))
                tables, boxes = _tables(plumber.pages[number])
            words = [w for w in _words(page, height)
                     if not any(x0 <= w["x0"] and w["x1"] <= x1 and top <= w["top"] and w["bottom"] <= bottom
                                for x0, top, x1, bottom in boxes)]
            pages.append(_page_lines(words, tables, width, height))
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
        document.close()
    return pages


def _draws_lines(page) -> bool:
    import pypdfium2.raw as raw

    paths = 0
    for index in range(raw.FPDFPage_CountObjects(page)):
        if raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, index)) == raw.FPDF_PAGEOBJ_PATH:
            paths += 1
            if paths >= 4:
                return True
    return False


def _tables(page) -> tuple[list, list]:
    tables, boxes = [], []
    for found in page.find_tables():
        rows = [[clean_inline(cell or "") for cell in row] for row in found.extract()]
        rows = [row for row in rows if any(row)]
        if rows:
            tables.append((found.bbox[1], found.bbox[0], Block(TABLE, "", rows=rows)))
            boxes.append(found.bbox)
    page.close()
    return tables, boxes


def _words(page, height: float) -> list[dict]:
    """The page's words: characters joined until a space, a line end or a gap wider than a third of the size."""
    import pypdfium2.raw as raw

    text_page = page.get_textpage()
    handle = text_page.raw
    words: list[dict] = []
    current: dict | None = None
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    loose_box, font_size, unicode_of = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize, raw.FPDFText_GetUnicode
    try:
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count) if count else ""
        if len(text) != count:  # not one character an index: read them one by one
            text = "".join(chr(c) if 0 < (c := unicode_of(handle, i)) < 0x110000 else " " for i in range(count))
        for index, char in enumerate(text):
            if char.isspace():  # spaces and the line ends PDFium generates end a word
                current = None
                continue
            loose_box(handle, index, box_ref)
            left, right, y0, y1 = box.left, box.right, height - box.top, height - box.bottom
            if (current is not None and abs(current["bottom"] - y1) < max(2.0, current["size"] * 0.3)
                    and -1 <= left - current["x1"] <= current["size"] * 0.35):
                current["chars"].append(char)
                if right > current["x1"]:
                    current["x1"] = right
                continue
            size = round(font_size(handle, index), 1)
            weight = raw.FPDFText_GetFontWeight(text_page, index)
            if weight < 0:  # not given (the core fonts): the font's name says it
                name = ctypes.create_string_buffer(128)
                raw.FPDFText_GetFontInfo(text_page, index, name, 128, None)
                bold = b"bold" in name.value.lower()
            else:
                bold = weight >= 600
            current = {"chars": [char], "x0": left, "x1": right, "top": y0, "bottom": y1, "size": size,
                       "fontname": "Bold" if bold else "Regular"}
            words.append(current)
    finally:
        text_page.close()
    for word in words:
        word["text"] = "".join(word.pop("chars"))
    return words


def _page_lines(words: list[dict], tables: list, width: float, height: float) -> dict:
    gutter = _gutter(words, float(width))
    # Words sharing a baseline, left to right; then, on a page in columns, each cut at the gutter
    # unless its words run on across it (a title over both columns stays one line).
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) < 2:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[dict] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        pieces = [row]
        if gutter is not None:
            left = [w for w in row if w["x1"] <= gutter]
            right = [w for w in row if w["x0"] >= gutter]
            across = len(left) + len(right) < len(row)
            runs_on = left and right and right[0]["x0"] - left[-1]["x1"] < 2.5 * left[-1]["size"]
            if not across and not runs_on:
                pieces = [p for p in (left, right) if p]
        for piece in pieces:
            column = 0
            if gutter is not None and len(pieces) == 2 or (gutter is not None and not (
                    piece[0]["x0"] < gutter < piece[-1]["x1"])):
                column = 1 if piece[-1]["x1"] <= gutter else 2
            lines.append({"top": min(w["top"] for w in piece), "bottom": max(w["bottom"] for w in piece),
                          "x0": piece[0]["x0"], "column": column, "words": piece,
                          "text": " ".join(w["text"] for w in piece),
                          "size": round(max(w["size"] for w in piece), 1),
                          "bold": all("bold" in w["fontname"].lower() for w in piece)})
    return {"lines": lines, "tables": tables, "height": float(height), "gutter": gutter}


def _gutter(words: list[dict], width: float) -> float | None:
    """The x of a vertical gap between two columns of words, if the page is set in columns."""
    if len(words) < 40:
        return None
    # How many words cover each point across the page: +1 where a word starts, -1 past its end, summed.
    steps = [0] * (int(width) + 3)
    for word in words:
        start, end = max(0, int(word["x0"])), min(len(steps) - 2, int(word["x1"]))
        if end >= start:
            steps[start] += 1
            steps[end + 1] -= 1
    bins, running = [], 0
    for step in steps:
        running += step
        bins.append(running)
    best: tuple[int, float] | None = None
    low, high = int(width * 0.3), int(width * 0.7)
    crossing_cap = max(2, len(words) // 100)  # a title across both columns may cross it
    x = low
    while x < high:
        if bins[x] <= crossing_cap:
            start = x
            while x < high and bins[x] <= crossing_cap:
                x += 1
            if x - start >= 6 and (best is None or x - start > best[0]):
                best = (x - start, (start + x) / 2)
        x += 1
    if best is None:
        return None
    left = sum(1 for w in words if w["x1"] <= best[1])
    right = sum(1 for w in words if w["x0"] >= best[1])
    return best[1] if min(left, right) >= 0.2 * len(words) else None


def _drop_running_lines(pages: list[dict], body: float) -> None:
    """Drop running headers and footers: lines at a page's edge repeated on most pages, page numbers, print headers."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.lower())

    def at_edge(line: dict, height: float) -> bool:
        return line["top"] < height * 0.09 or line["bottom"] > height * 0.91

    counts: dict[str, int] = {}
    for page in pages:
        for text in {key(line["text"]) for line in page["lines"] if at_edge(line, page["height"])}:
            counts[text] = counts.get(text, 0) + 1
    repeated = {text for text, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    for page in pages:
        page["lines"] = [line for line in page["lines"]
                         if not (at_edge(line, page["height"]) and line["size"] <= body + 0.5
                                 and (key(line["text"]) in repeated or _PAGE_NUMBER.match(line["text"].strip())
                                      or _PRINT_HEADER.match(line["text"].strip())))]


def _join_across_columns(placed: list[tuple[Block, bool, bool]]) -> list[Block]:
    """A paragraph that ends a column or page unfinished (no closing punctuation) and goes on at the top of the next."""
    out: list[Block] = []
    open_end = False
    for block, starts, ends in placed:
        if (out and open_end and starts and block.kind == LINE and out[-1].kind == LINE and not block.bullet
                and not out[-1].text.endswith(_CLOSING)):
            previous = out[-1].text
            joined = previous[:-1] + block.text if previous.endswith("-") and block.text[:1].islower() \
                else f"{previous} {block.text}"
            out[-1] = Block(LINE, joined, bullet=out[-1].bullet)
        else:
            out.append(block)
        open_end = ends
    return out


def _page_blocks(page: dict, body: float) -> list[tuple[Block, bool, bool]]:
    """The page's blocks in reading order, each with whether it starts and whether it ends its column."""
    lines = page["lines"]
    # Reading order: full-width lines above the columns, the left column, the right, then full-width below.
    column_tops = [line["top"] for line in lines if line["column"]]
    first = min(column_tops) if column_tops else float("inf")

    def order(line: dict) -> tuple:
        if line["column"] == 0:
            return (0 if line["top"] < first else 3, line["top"], line["x0"])
        return (line["column"], line["top"], line["x0"])

    lines = sorted(lines, key=order)
    out: list[tuple[tuple, Block, bool, bool]] = []
    for top, x0, table in page["tables"]:
        out.append(((0 if top < first else 3 if not column_tops else (1 if page["gutter"] is None or x0 < page["gutter"]
                     else 2), top, x0), table, False, False))
    groups = [order(line)[0] for line in lines]
    gaps = [b["top"] - a["top"] for a, b in zip(lines, lines[1:])
            if a["size"] == b["size"] and a["column"] == b["column"] and b["top"] > a["top"]]
    spacing = statistics.median(gaps) if gaps else body * 1.2
    current: list[dict] = []
    at = {"index": 0}

    def close() -> None:
        if not current:
            return
        end = at["index"]  # index in ``lines`` just past the block
        begin = end - len(current)
        starts = begin == 0 or groups[begin - 1] != groups[begin]
        ends = end == len(lines) or groups[end] != groups[end - 1]
        text = current[0]["text"]
        for line in current[1:]:
            if text.endswith("-") and line["text"][:1].islower():
                text = text[:-1] + line["text"]  # a word hard-wrapped with a hyphen
            else:
                text += " " + line["text"]
        first_line = current[0]
        heading = first_line["size"] > body + 0.5 or (first_line["bold"] and len(current) <= 2 and len(text) < 120)
        if heading:
            level = 1 if first_line["size"] >= body * 1.4 else 2
            block = Block(HEADING, clean_inline(text), level=level)
        else:
            rest, bullet = strip_bullet(text)
            block = Block(LINE, clean_inline(rest), bullet=bullet)
        out.append((order(first_line), block, starts, ends))
        current.clear()

    for index, line in enumerate(lines):
        at["index"] = index
        if current:
            previous = current[-1]
            new_paragraph = (line["size"] != previous["size"] or line["bold"] != previous["bold"]
                             or line["column"] != previous["column"]
                             or not 0 < line["top"] - previous["top"] <= max(spacing, line["size"] * 1.25) * 1.4
                             or line["text"].lstrip().startswith(("- ", "• ")))
            if new_paragraph:
                close()
        current.append(line)
    at["index"] = len(lines)
    close()
    out.sort(key=lambda entry: entry[0])
    return [(block, starts, ends) for _, block, starts, ends in out]
