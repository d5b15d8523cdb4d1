"""Markdown, HTML and PDF reports (made here) draft to the same paragraphs, table and articles."""

from __future__ import annotations

import datetime as dt
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


def test_markdown_report(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(sample.markdown(), encoding="utf-8")
    draft = draft_edition(path, [DATA])
    _check(draft)
    assert draft.source_name == "source.md" and draft.source_format == "markdown"


def test_html_report_skips_scripts_and_keeps_link_words(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(sample.html(), encoding="utf-8")
    draft = draft_edition(path, [DATA])
    _check(draft)
    assert draft.files["report.toml"]["sources_note"] == sample.NOTE
    assert not any("no" == i["text"] for i in draft.files["news.toml"]["items"])


def test_pdf_report_written_by_fpdf2(tmp_path):
    pytest.importorskip("pdfplumber")
    pytest.importorskip("fpdf")
    path = tmp_path / "report.pdf"
    sample.write_pdf(path)
    draft = draft_edition(path, [DATA])
    _check(draft)  # includes the policy paragraph joined across the page break
    assert draft.source_format == "pdf" and draft.source.startswith(b"%PDF-")


def test_ligatures_are_spelled_out_but_chinese_punctuation_stays():
    assert clean_inline("ﬂight of the ﬁrst  **satellite**\n(一念天地，万物随心) US\\$5") == \
        "flight of the first satellite (一念天地，万物随心) US$5"
