"""Markdown, HTML and PDF reports (made here) draft to the same paragraphs, table and articles."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from briefing.model.draft.cleaning import clean_inline
from briefing.model.draft.pipeline import draft_edition
from . import draft_samples as sample

DATA = Path(__file__).resolve().parents[1] / "data"


def _check(draft) -> None:
    assert draft.edition_id == "2025-04-to-2025-09"
    assert [i["text"] for i in draft.files["news.toml"]["items"]] == sample.paragraphs()
    rows = [[m["sector"], m["company"], m["satellite"], m["medal"]] for m in draft.files["medals.toml"]["medals"]]
    assert rows == sample.TABLE[1:]
    assert [a["downloads"] for a in draft.files["trends.toml"]["articles"]] == [2310, 1402]
    titles = [s["title"] for s in draft.files["report.toml"]["sections"]]
    assert "Orbital Debris Mitigation" in titles and sample.POLICY_TITLE in titles
    exact = [e["date"] for e in draft.files["timeline.toml"]["events"] if isinstance(e["date"], dt.date)]
    assert exact == [dt.date(2025, 5, 29), dt.date(2025, 7, 15), dt.date(2025, 8, 4)]


def _written_and_valid(draft, tmp_path: Path, original: str) -> Path:
    """The draft written to a folder: the original and the text it was read as, and `briefing validate` accepts it."""
    from briefing.model.draft.writer import write_draft

    out = write_draft(draft, tmp_path / "drafted")
    names = {p.name for p in out.iterdir()}
    assert {"source.txt", original, "review.toml", "REVIEW.md"} <= names
    report = tomllib.loads((out / "report.toml").read_text(encoding="utf-8"))
    review = tomllib.loads((out / "review.toml").read_text(encoding="utf-8"))["source"]
    read_as = (out / "source.txt").read_bytes()
    assert report["source_sha256"] == hashlib.sha256(read_as).hexdigest() == review["sha256"]
    assert review["file"] == "source.txt" and review["original"] == original
    assert review["original_sha256"] == hashlib.sha256((out / original).read_bytes()).hexdigest()
    result = subprocess.run([sys.executable, "-m", "briefing", "validate", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    # The text it was read as drafts to the same paragraphs.
    again = draft_edition(out / "source.txt", [DATA])
    assert [i["text"] for i in again.files["news.toml"]["items"]] == \
        [i["text"] for i in draft.files["news.toml"]["items"]]
    return out


def test_markdown_report(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(sample.markdown(), encoding="utf-8")
    draft = draft_edition(path, [DATA])
    _check(draft)
    assert draft.original_name == "source.md" and draft.source_format == "markdown"
    _written_and_valid(draft, tmp_path, "source.md")


def test_html_report_skips_scripts_and_keeps_link_words(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(sample.html(), encoding="utf-8")
    draft = draft_edition(path, [DATA])
    _check(draft)
    assert draft.files["report.toml"]["sources_note"] == sample.NOTE
    assert not any("no" == i["text"] for i in draft.files["news.toml"]["items"])
    _written_and_valid(draft, tmp_path, "source.html")


def test_pdf_report_written_by_fpdf2(tmp_path):
    pytest.importorskip("pdfplumber")
    pytest.importorskip("fpdf")
    path = tmp_path / "report.pdf"
    sample.write_pdf(path)
    draft = draft_edition(path, [DATA])
    _check(draft)  # includes the policy paragraph joined across the page break
    assert draft.source_format == "pdf" and draft.original.startswith(b"%PDF-")
    _written_and_valid(draft, tmp_path, "source.pdf")


def test_ligatures_are_spelled_out_but_chinese_punctuation_stays():
    assert clean_inline("ﬂight of the ﬁrst  **satellite**\n(一念天地，万物随心) US\\$5") == \
        "flight of the first satellite (一念天地，万物随心) US$5"


def test_pdf_printed_by_a_browser_keeps_its_title_and_drops_the_print_header(tmp_path, monkeypatch):
    """Chromium prints the date and time and the page's title at the top of each page, its address and
    "1/3" at the foot: none of it is the report, and the report is read as without them."""
    pytest.importorskip("pdfplumber")
    fpdf = pytest.importorskip("fpdf")

    def header(pdf):
        pdf.set_font("Helvetica", "", 7)
        pdf.set_xy(5, 4)
        pdf.cell(0, 3, "12/6/26, 4:46 PM    Widening Horizons - Report")
        pdf.set_xy(pdf.l_margin, pdf.t_margin)

    def footer(pdf):
        pdf.set_font("Helvetica", "", 7)
        pdf.set_xy(5, -8)
        pdf.cell(0, 3, f"file:///home/analyst/report.html    {pdf.page_no()}/3")

    monkeypatch.setattr(fpdf.FPDF, "header", header)
    monkeypatch.setattr(fpdf.FPDF, "footer", footer)
    path = tmp_path / "printed.pdf"
    sample.write_pdf(path)
    draft = draft_edition(path, [DATA])
    _check(draft)
    everything = list(draft.texts.values()) + draft.files["report.toml"]["introduction"] + \
        [draft.files["report.toml"]["title"]]
    assert not any("4:46 PM" in t or "file://" in t or "/3" in t for t in everything)
