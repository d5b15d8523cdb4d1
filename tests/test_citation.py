"""Markdown citations and the notes document, against a small model built here from records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.model.export.citation import citation_markdown, note_quote, notes_markdown
from briefing.model.data.dates import ReportDate
from briefing.model.notes.notebook import Note
from briefing.model.data.loader import Validated
from briefing.model.store.opening import model_of
from briefing.model.data.model import Model
from briefing.model.data.records import (
    Article,
    Edition,
    Entities,
    Event,
    MedalContext,
    MedalRow,
    NewsItem,
    Report,
    Section,
    TrendsContext,
)

ED = "2024-09-to-2025-03"
ED2 = "2025-04-to-2025-09"
WHEN = dt.datetime(2025, 3, 2, 9, 14, tzinfo=dt.timezone.utc)
DATA = Path(__file__).resolve().parent.parent / "data"


def make_edition(edition: str, period: str) -> Edition:
    report = Report(
        edition=edition,
        title=f"Key developments, {period}",
        period=period,
        period_start=dt.date(2024, 9, 1),
        period_end=dt.date(2025, 3, 31),
        introduction=("Intro.",),
        sources_note="",
        sections=(
            Section("sec-news-update", "News Update", "news"),
            Section("sec-record-spacewalk", "Record-Breaking Space Walk Achieved", "news", "sec-news-update"),
        ),
        figures=(),
    )
    news = (
        NewsItem(edition, "news-record-spacewalk", "sec-record-spacewalk", "news",
                 "Record-Breaking Space Walk Achieved",
                 (ReportDate.exact(dt.date(2024, 12, 17)), ReportDate.parse("2001")),
                 "Taikonauts achieved the world's longest spacewalk on December 17, 2024.",
                 ("spacewalk",), Entities(), 0, own_date=ReportDate.exact(dt.date(2024, 12, 17))),
        NewsItem(edition, "news-second", "sec-news-update", "news", "Second item", (),
                 "Second paragraph.", (), Entities(), 1),
    )
    medals = (
        MedalRow(edition, "medal-cgst", "Opto-electronic revisit", "CGST", "Jilin-1", "Gold", 0),
    )
    articles = (
        Article(edition, "article-leo", "Development of LEO satellite internet", "6G Network Development",
                "Beijing University of Post and Telecommunications", 1721,
                "The most downloaded article addressed LEO satellite internet.", "news-second",
                Entities(), 0),
        Article(edition, "article-anon", "An article with no institution", "Theme", None, 900,
                "Summary of the second article.", "news-second", Entities(), 1),
    )
    events = (
        Event(edition, "event-planned", ReportDate.parse("late 2025"), "planned", "space planes",
              "Space plane test flight", "A test flight is planned for late 2025.", "news-second",
              Entities(), 0),
    )
    return Edition(
        id=edition,
        report=report,
        news=news,
        medals=medals,
        medal_context=MedalContext(edition, "", "", "", (), 2021, (), (), "", ""),
        articles=articles,
        trends=TrendsContext(edition, "", "", 0, "", ""),
        events=events,
    )


@pytest.fixture
def model() -> Model:
    return model_of(Validated((make_edition(ED, "September 2024 - March 2025"),), [])).model


def note(id: str, text: str, dataset: str = "news", flagged: bool = False, edition: str = ED) -> Note:
    return Note(edition, dataset, id, text, flagged, WHEN, WHEN)


# -- one citation ---------------------------------------------------------------------------


def test_news_citation(model: Model) -> None:
    record = model.get(f"{ED}/news-record-spacewalk")
    text = citation_markdown(record, model, None)
    lines = text.splitlines()
    assert lines[0] == "### Record-Breaking Space Walk Achieved"
    assert "Taikonauts achieved the world's longest spacewalk on December 17, 2024." in lines
    assert "- Section: News Update › Record-Breaking Space Walk Achieved" in lines
    assert "- Date: 17 Dec 2024" in lines  # its own date; the 2001 record it names is not its date
    assert "- Other dates it names: 2001" in lines
    # The title already ends with the period, so it is not said twice.
    assert (
        f"- Source: Key developments, September 2024 - March 2025 (edition {ED}), item news-record-spacewalk"
    ) in lines
    assert ">" not in text  # no note, no blockquote
    assert text.endswith("\n")


def test_source_line_gives_the_period_when_the_title_lacks_it() -> None:
    edition = make_edition(ED, "September 2024 - March 2025")
    report = edition.report._replace(title="Space segment report")
    model = model_of(Validated((edition._replace(report=report),), [])).model
    text = citation_markdown(model.get(f"{ED}/medal-cgst"), model, None)
    assert f"- Source: Space segment report, September 2024 - March 2025 (edition {ED}), item medal-cgst" in text


def test_medal_citation(model: Model) -> None:
    text = citation_markdown(model.get(f"{ED}/medal-cgst"), model, None)
    assert "Gold — CGST, Jilin-1 (Opto-electronic revisit)" in text.splitlines()
    assert "- Section: Medal table" in text
    assert "item medal-cgst" in text


def test_article_citation(model: Model) -> None:
    text = citation_markdown(model.get(f"{ED}/article-leo"), model, None)
    # The topic line is ours: the report gives the article no title.
    assert text.startswith("### Development of LEO satellite internet (our title; the report gives the article none)\n")
    assert "The most downloaded article addressed LEO satellite internet." in text
    assert "Downloads: 1,721. Institution: Beijing University of Post and Telecommunications." in text
    assert "- Section: CNKI trends" in text
    anon = citation_markdown(model.get(f"{ED}/article-anon"), model, None)
    assert "Institution: not named in the report." in anon


def test_event_citation(model: Model) -> None:
    text = citation_markdown(model.get(f"{ED}/event-planned"), model, None)
    assert text.startswith("### Space plane test flight (our title)\n")
    # The event's text is our summary, marked so; the report's words follow, from the source paragraph.
    assert "Our summary: late 2025 (planned): A test flight is planned for late 2025." in text
    assert "The report (News Update):\n\nSecond paragraph." in text
    assert "- Section: Timeline" in text and "- Date: late 2025" in text


def test_note_is_quoted_line_by_line(model: Model) -> None:
    record = model.get(f"{ED}/news-second")
    text = citation_markdown(record, model, note("news-second", "first line\n# not a heading\n\nlast"))
    quote = text.rstrip("\n").split("\n\n", 3)[-1]
    assert quote.splitlines() == ["> Note: first line", "> \\# not a heading", ">", "> last"]
    for line in text.splitlines():
        assert not line.startswith("# ")  # the note cannot make a heading


def test_flag_only_and_flagged_note_quotes() -> None:
    assert note_quote(note("x", "", flagged=True)) == "> Flagged, no note."
    assert note_quote(note("x", "look", flagged=True)) == "> Note (flagged): look"
    assert note_quote(note("x", "")) == ""


def test_control_characters_in_a_note_are_made_harmless() -> None:
    assert "\x1b" not in note_quote(note("x", "evil \x1b]52;c;AAAA\x07 text"))


def test_heading_level_and_one_line_title(model: Model) -> None:
    text = citation_markdown(model.get(f"{ED}/medal-cgst"), model, None, level=2)
    assert text.startswith("## Gold: CGST, Jilin-1 (Opto-electronic revisit)\n")


# -- the notes document ---------------------------------------------------------------------


def test_notes_document_in_report_order_with_orphans(model: Model) -> None:
    notes = {
        n.key: n
        for n in (
            note("event-planned", "event note", "events"),
            note("article-leo", "article note", "articles", flagged=True),
            note("gone", "orphan note\nsecond line", "news", edition="1999-old"),
            note("news-second", "second news note"),
            note("medal-cgst", "", "medals", flagged=True),
            note("news-record-spacewalk", "spacewalk note"),
            note("vanished", "orphan in a loaded edition", "events"),
        )
    }
    doc = notes_markdown(model, notes)
    assert doc.startswith("# Notes\n")
    order = [doc.index(s) for s in (
        "## Key developments", "### Record-Breaking", "### Second item", "### Gold: CGST",
        "### Development of LEO", "### Space plane test flight", "## Orphaned notes",
        "### 1999-old/gone (news)", f"### {ED}/vanished (events)",
    )]
    assert order == sorted(order)
    assert "> Note: spacewalk note" in doc
    assert "> Flagged, no note." in doc
    assert "> Note: orphan note\n> second line" in doc
    assert "> Note: orphan in a loaded edition" in doc
    assert "### An article with no institution" not in doc  # not annotated
    for n in notes.values():  # no note is dropped
        assert n.text.splitlines()[0] in doc if n.text else True


def test_flagged_only(model: Model) -> None:
    notes = {
        n.key: n
        for n in (
            note("news-second", "not flagged"),
            note("article-leo", "flagged article", "articles", flagged=True),
            note("gone", "flagged orphan", edition="old", flagged=True),
        )
    }
    doc = notes_markdown(model, notes, flagged_only=True)
    assert doc.startswith("# Flagged items\n")
    assert "flagged article" in doc and "flagged orphan" in doc
    assert "not flagged" not in doc


def test_empty_documents(model: Model) -> None:
    assert "No notes yet." in notes_markdown(model, {})
    assert "No flagged items." in notes_markdown(model, {"x": note("news-second", "t")}, flagged_only=True)


def test_editions_in_model_order() -> None:
    model = model_of(Validated((make_edition(ED2, "April - September 2025"), make_edition(ED, "September 2024 - March 2025")), [])).model
    notes = {n.key: n for n in (note("news-second", "older"), note("news-second", "newer", edition=ED2))}
    doc = notes_markdown(model, notes)
    assert doc.index(f"edition {ED2}") < doc.index(f"edition {ED})")
    assert doc.index("newer") < doc.index("older")
    assert "Orphaned" not in doc


def test_against_shipped_data_if_present() -> None:
    if not (DATA.is_dir() and any(DATA.glob("*/report.toml"))):
        pytest.skip("no shipped data yet")
    from briefing.model.store.opening import open_model

    loaded = open_model([DATA]).model
    if loaded is None or not loaded.editions:
        pytest.skip("shipped data does not load yet")
    records = list(loaded.records())
    notes = {r.key: Note(r.edition, r.dataset, r.id, f"note on {r.id}", False, WHEN, WHEN) for r in records}
    doc = notes_markdown(loaded, notes)
    for record in records:
        assert f"item {record.id}" in doc and f"note on {record.id}" in doc
    assert "Orphaned" not in doc
