"""Issue 13, defects 2, 3 and 17: an item's own date (never a date it names in passing) in the
News list, citations and exports; citations that mark our words as ours; Markdown escaped only
where it must be; JSON date wording as the report writes it."""

from __future__ import annotations

import json

from briefing.model.data.dates import ReportDate
from briefing.model.data.record_facts import own_date
from briefing.model.export.citation import citation_markdown
from briefing.model.locations import data_paths
from briefing.model.store.opening import open_model

from .app_helpers import app_on, open_news, settle
from .cli_helpers import run
from .test_app_news import ED, news_list

RESPONSE = f"{ED}/news-aerospace-china-response"
DIGITAL_TWIN = f"{ED}/news-cnki-digital-twin-network"
ENVIRONMENT = f"{ED}/news-cnki-environmental-monitoring"


def model():
    return open_model(data_paths()).model


# -- the rule -------------------------------------------------------------------------------------


def test_own_date_is_the_first_listed_date_within_the_period() -> None:
    import datetime as dt

    start, end = dt.date(2024, 9, 1), dt.date(2025, 3, 31)
    dates = [ReportDate.parse("2001"), ReportDate.exact(dt.date(2024, 12, 17)), ReportDate.parse("early 2025")]
    assert own_date(dates, start, end) == dates[1]
    assert own_date([ReportDate.parse("early 2024"), ReportDate.parse("by 2035")], start, end) is None
    assert own_date([ReportDate.parse("late 2024")], start, end) == ReportDate.parse("late 2024")
    assert own_date([], start, end) is None


def test_shipped_items_are_dated_by_what_they_report() -> None:
    loaded = model()
    assert loaded.get(RESPONSE).own_date.display() == "December 2024"  # news.toml's `date`, ours; not 2021
    assert loaded.get(DIGITAL_TWIN).own_date is None  # not early 2024, the 6G satellite's launch
    assert loaded.get(ENVIRONMENT).own_date is None  # not 2023, the earlier network
    assert loaded.get(f"{ED}/news-record-spacewalk").own_date.display() == "17 Dec 2024"


# -- the News list --------------------------------------------------------------------------------


async def test_the_news_list_never_dates_an_item_by_a_background_date() -> None:
    app = app_on()
    async with app.run_test(size=(120, 50)) as pilot:
        await open_news(pilot)
        await settle(pilot)
        rows = [news_list(app).render_line(y).text for y in range(news_list(app).size.height)]
        loaded = app.model

        def row_of(key: str) -> str:
            headline = loaded.get(key).headline[:30]
            # The last: a one-paragraph section's heading says the same words, above its item.
            return [row for row in rows if headline in row][-1]

        assert "December 2024" in row_of(RESPONSE) and "2021" not in row_of(RESPONSE)
        assert "no date" in row_of(DIGITAL_TWIN) and "early 2024" not in row_of(DIGITAL_TWIN)
        assert "no date" in row_of(ENVIRONMENT) and "2023" not in row_of(ENVIRONMENT)


# -- citations ------------------------------------------------------------------------------------


def test_citations_date_items_by_their_own_date_and_mark_ours() -> None:
    loaded = model()
    response = citation_markdown(loaded.get(RESPONSE), loaded, None).splitlines()
    assert "- Date: December 2024 (ours: the paragraph gives none of its own)" in response
    assert "- Other dates it names: 2021" in response
    assert response[0].endswith("(our headline)")  # the report gives the paragraph no headline
    twin = citation_markdown(loaded.get(DIGITAL_TWIN), loaded, None).splitlines()
    assert "- Date: none given for what it reports" in twin and "- Other dates it names: early 2024" in twin
    # A section's own heading is the report's words: not marked.
    spacewalk = citation_markdown(loaded.get(f"{ED}/news-record-spacewalk"), loaded, None)
    assert spacewalk.splitlines()[0] == "### Record-Breaking Space Walk Achieved"


def test_the_guowang_event_citation_quotes_only_the_report_as_the_report() -> None:
    loaded = model()
    event = loaded.get(f"{ED}/event-2024-12-16-guowang-first-batch")
    text = citation_markdown(event, loaded, None)
    ours, _, report = text.partition("The report (")
    # "likely is Guowang" is our summary's wording, marked ours; the report's paragraph follows verbatim.
    assert "likely is Guowang" in ours and ours.splitlines()[0].endswith("(our title)")
    assert "Our summary:" in ours
    source = loaded.get(f"{ED}/{event.source}")
    assert source.text in report and "likely is Guowang" not in report


async def test_y_copies_a_citation_that_marks_our_title() -> None:
    app = app_on()
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # what y sends to the terminal
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, lambda: bool(copied))
        assert "(our title; the report gives the article none)" in copied[-1].splitlines()[0]


# -- exports --------------------------------------------------------------------------------------


def test_markdown_export_dates_items_by_their_own_date_and_escapes_only_syntax(capsys) -> None:
    code, md, _ = run(capsys, "export", "--format", "md")
    assert code == 0
    assert "**Aerospace China plays down the ranking and urges market competitiveness** (December 2024, dated by us)" in md
    assert "(2021)" not in md and "(early 2024)" not in md and "(2023)" not in md
    assert "## 1.1 What's Trending" in md and "1\\.1" not in md
    assert "~1 billion RMB" in md and "\\~" not in md


def test_json_date_wording_is_the_reports(capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "json")
    doc = json.loads(out)
    event = next(e for e in doc["events"] if e["id"] == "event-2024-12-16-guowang-first-batch")
    assert event["date_wording"] == "December 16, 2024" and event["date_display"] == "16 Dec 2024"
    late = next(e for e in doc["events"] if e["id"] == "event-late-2025-qingzhou-test-flight")
    assert late["date_wording"] == "late 2025"
    item = next(n for n in doc["news"] if n["id"] == "news-record-spacewalk")
    assert item["date"] == "2024-12-17" and item["date_wording"] == "December 17, 2024" and not item["date_is_ours"]
    assert item["dates_wording"] == ["December 17, 2024", "2001", "October 30, 2024"]
    response = next(n for n in doc["news"] if n["id"] == "news-aerospace-china-response")
    assert response["date"] == "2024-12" and response["date_is_ours"]
    twin = next(n for n in doc["news"] if n["id"] == "news-cnki-digital-twin-network")
    assert twin["date"] is None
