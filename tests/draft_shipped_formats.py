"""The shipped report (data/2024-09-to-2025-03/source.txt) written here as Markdown, HTML and a two-column PDF.

Each is made from the text export's own blocks, so the words are the report's; the layout is
what each format's writers do: Markdown headings and a pipe table, an HTML page with a site's
clutter around the article, a PDF set in two columns with a running header and page numbers.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from briefing.model.draft.blocks import TABLE
from briefing.model.draft.formats.text_export import read_text_export
from briefing.model.draft.structure import looks_like_heading

SOURCE = Path(__file__).resolve().parents[1] / "data" / "2024-09-to-2025-03" / "source.txt"


def _blocks():
    """(kind, text or rows) for each block: "title", "heading", "paragraph", "bullet" or "table"."""
    out = []
    for index, block in enumerate(read_text_export(SOURCE.read_text(encoding="utf-8"))):
        if block.kind == TABLE:
            out.append(("table", block.rows))
        elif index == 0:
            out.append(("title", block.text))
        elif looks_like_heading(block):
            out.append(("heading", block.text))
        else:
            out.append(("bullet" if block.bullet else "paragraph", block.text))
    return out


def markdown() -> str:
    lines = []
    for kind, value in _blocks():
        if kind == "table":
            lines.append("| " + " | ".join(value[0]) + " |")
            lines.append("|" + "---|" * len(value[0]))
            lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in value[1:]]
            lines.append("")
        elif kind == "title":
            lines += [f"# {value}", ""]
        elif kind == "heading":
            lines += [f"## {value}", ""]
        else:
            text = value.replace("$", "\\$").replace("*", "\\*")
            lines += [("- " if kind == "bullet" else "") + text, ""]
    return "\n".join(lines)


def html() -> str:
    """An article page as a site serves it: navigation, a cookie banner, a byline, share buttons, related links."""
    body = []
    for kind, value in _blocks():
        if kind == "table":
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in value)
            body.append(f"<table>{rows}</table>")
        elif kind == "title":
            body.append(f"<h1>{escape(value)}</h1>")
            body.append('<p class="byline">By Staff Writer · October 3, 2025 · 14 min read</p>')
            body.append('<div class="share-buttons"><a href="#">Share on X</a> <a href="#">Email</a></div>')
        elif kind == "heading":
            body.append(f"<h2>{escape(value)}</h2>")
        elif kind == "bullet":
            body.append(f"<ul><li>{escape(value)}</li></ul>")
        else:
            body.append(f"<p>{escape(value)}</p>")
    return ("<!DOCTYPE html><html><head><title>Space Watch | Reports</title><script>var a='<p>x</p>';</script>"
            "</head><body><header><a class='logo'>SPACE WATCH</a><nav><a>Home</a><a>Reports</a></nav></header>"
            "<div id='cookie-banner' class='cookie-consent'><p>We use cookies to improve your experience. "
            "Accept all cookies?</p></div>"
            "<main><article>" + "\n".join(body) + "</article>"
            "<aside class='related'><h3>Related reports</h3><ul><li>China's lunar plans, published "
            "December 8, 2024</li><li>Launch review of March 3, 2025</li></ul></aside></main>"
            "<footer><p>© 2025 Space Watch. All rights reserved.</p></footer></body></html>")


def write_two_column_pdf(path: Path) -> None:
    """The report in two columns on A4, each page with a running header and a page number."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("Helvetica", "", 8)
            self.set_xy(10, 6)
            self.cell(0, 4, "China Space Segment Report - Sept 2024 to March 2025")

        def footer(self):
            self.set_font("Helvetica", "", 8)
            self.set_xy(10, -12)
            self.cell(0, 4, f"Page {self.page_no()}")

    pdf = Report(format="A4")
    pdf.set_auto_page_break(False)
    width, gap, bottom = 90.0, 10.0, 280.0
    state = {"column": 0, "top": 16.0}
    pdf.add_page()

    def ensure(height: float) -> None:
        if pdf.get_y() + height <= bottom:
            return
        if state["column"] == 0:
            state["column"] = 1
            pdf.set_xy(10 + width + gap, state["top"])
        else:
            state["column"] = 0
            pdf.add_page()
            state["top"] = 16.0
            pdf.set_xy(10, state["top"])

    def x() -> float:
        return 10 + state["column"] * (width + gap)

    def write(text: str, size: float, style: str = "") -> None:
        # The PDF core fonts hold Latin-1 only: the report's few Chinese characters become "?".
        text = "".join(c if ord(c) < 256 else "?" for c in text)
        pdf.set_font("Helvetica", style, size)
        line = size * 0.45
        for piece in pdf.multi_cell(width, line, text, dry_run=True, output="LINES"):
            ensure(line)
            pdf.set_x(x())
            pdf.cell(width, line, piece, new_x="LEFT", new_y="NEXT")
        ensure(3)
        pdf.set_y(pdf.get_y() + 3)

    blocks = _blocks()
    pdf.set_xy(10, 16)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(190, 8, blocks[0][1], new_x="LMARGIN", new_y="NEXT")
    state["top"] = pdf.get_y() + 4
    pdf.set_xy(10, state["top"])
    for kind, value in blocks[1:]:
        if kind == "table":
            ensure(150)  # the table starts a column of its own, as a layout program would set it
            pdf.set_left_margin(x())
            pdf.set_font("Helvetica", "", 7)
            with pdf.table(width=width, align="LEFT", line_height=3.5) as table:
                for row in value:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
            pdf.set_left_margin(10)
            pdf.set_y(pdf.get_y() + 3)
        elif kind == "heading":
            write(value, 12, "B")
        else:
            write(("- " if kind == "bullet" else "") + value, 9)
    pdf.output(str(path))
