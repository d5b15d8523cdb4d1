"""Every part of the report searchable (issue 14, item 3): the introduction, key figures and headings.

They are records of the dataset ``report`` (``ReportPart``), built by the loader from
report.toml: ``briefing search`` and the palette find them, ``briefing show`` prints them
saying whose words they are, and a palette hit opens the Overview scrolled to the part.
"""

from __future__ import annotations

import json

from briefing.cli import run
from briefing.model.data.records import ReportPart
from briefing.model.store.opening import open_model
from briefing.model.store.search import searcher

from .app_helpers import app_on, screen_text, settle
from .conftest import DATA, EDITION

ED = EDITION.name


def search(*argv: str, capsys) -> tuple[int, list[dict]]:
    status = run(["search", *argv, "--json"])
    return status, json.loads(capsys.readouterr().out)["hits"]


def test_the_introduction_figures_and_headings_are_records() -> None:
    model = open_model([DATA]).model
    parts = list(model.parts)
    kinds = [part.kind for part in parts]
    report = model.editions[0].report
    assert kinds == (["introduction"] * len(report.introduction) + ["figure"] * len(report.figures)
                     + ["section"] * len(report.sections))
    assert [p.id for p in parts[:3]] == ["intro-1", "intro-2", "intro-3"]
    assert [p.text for p in parts[:3]] == list(report.introduction)  # the report's words, verbatim
    assert model.get(f"{ED}/sec-record-spacewalk") == ReportPart(
        ED, "sec-record-spacewalk", "section", "News Update › Record-Breaking Space Walk Achieved",
        "Record-Breaking Space Walk Achieved", parts[0].entities, len(report.introduction) + len(report.figures) + 1)
    figure = model.get(f"{ED}/fig-longest-spacewalk")
    assert figure.title == "Longest spacewalk" and figure.text.startswith("9 h 6 min: Cai Xuzhe") and figure.ours
    # The report's other datasets are as they were: parts are not among the annotated records.
    assert not any(isinstance(record, ReportPart) for record in model.records())


def test_search_finds_words_only_the_introduction_has(capsys) -> None:
    for query, expected in (("starlink", "intro-1"), ("state-owned", "intro-3"), ("tamping", "intro-3")):
        status, hits = search(query, capsys=capsys)
        assert status == 0 and [hit["id"] for hit in hits] == [expected], query
        assert hits[0]["kind"] == "report" and hits[0]["record"]["kind"] == "introduction"
        assert hits[0]["record"]["quoted"] is True
    status, hits = search("beijing", "normal", "university", capsys=capsys)
    assert "intro-3" in [hit["id"] for hit in hits]
    assert {hit["id"] for hit in hits} >= {"news-cnki-environmental-monitoring", "article-space-land-sea-monitoring"}


def test_search_lists_parts_by_what_they_are(capsys) -> None:
    assert run(["search", "starlink"]) == 0
    line = capsys.readouterr().out.strip()
    assert "intro" in line and "Introduction, paragraph 1" in line and "*Starlink*" in line and line.endswith("intro-1")
    assert run(["search", "longest", "spacewalk", "--kind", "report"]) == 0
    out = capsys.readouterr().out
    assert "figure" in out and "fig-longest-spacewalk" in out and "news-" not in out
    assert run(["search", "pakistan", "expanded", "--kind", "report"]) == 0
    out = capsys.readouterr().out
    assert "heading" in out and "sec-pakistan-cooperation" in out


def test_headings_rank_after_the_news_item_of_the_same_words() -> None:
    model = open_model([DATA]).model
    ids = [hit.record.id for hit in searcher(model).search("record-breaking space walk")]
    assert ids.index("news-record-spacewalk") < ids.index("sec-record-spacewalk")


def test_show_an_introduction_paragraph_as_the_report_s_words(capsys) -> None:
    assert run(["show", "intro-1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Introduction, paragraph 1\nintroduction paragraph  intro-1")
    assert "Title  ours; the paragraph below is the report's" in out
    assert "The report's words" in out and "the dominance of Starlink" in out
    assert "paragraph 1 of 3" in out


def test_show_a_key_figure_as_ours_with_its_item(capsys) -> None:
    assert run(["show", "fig-top-cnki-downloads"]) == 0
    out = capsys.readouterr().out
    assert "key figure" in out and "1,721 downloads" in out
    assert "ours" in out and "The report's words" not in out  # a figure is our summary
    assert "news-cnki-leo-satellite-internet" in out
    assert run(["show", "fig-top-cnki-downloads", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["record"]["quoted"] is False and document["record"]["title_is_ours"] is True
    assert document["links"]["source"]["id"] == "news-cnki-leo-satellite-internet"
    # The figure keeps the report's slip; its correction (ours) is beside it.
    assert "[sic: Beijing University of Posts and Telecommunications]" in document["corrected_text"]


def test_show_a_heading_with_the_items_under_it(capsys) -> None:
    assert run(["show", "sec-record-spacewalk"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("News Update › Record-Breaking Space Walk Achieved\nsection heading")
    assert "Under               News Update" in out and "news-record-spacewalk" in out
    assert run(["show", "sec-record-spacewalk", "--json"]) == 0
    links = json.loads(capsys.readouterr().out)["links"]
    assert [item["id"] for item in links["items"]] == ["news-record-spacewalk"]


def test_no_note_on_a_part_of_the_report(capsys) -> None:
    assert run(["note", "intro-1", "Check this."]) == 2
    assert "part of the report itself" in capsys.readouterr().err


async def test_the_palette_finds_a_part_and_enter_shows_it_on_the_overview() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # from another tab: the jump opens the Overview
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"tamping")
        await settle(pilot, lambda: "Introduction" in screen_text(app))
        assert "Introduction, paragraph 3" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, lambda: app.main.active_tab_id == "overview")
        await settle(pilot)
        text = screen_text(app)
        assert "However, some in China's space industry" in text  # the paragraph's first line is on screen
        assert "tamping" in text
        scroll = app.main.query_one("#overview-scroll")
        assert scroll.scroll_y > 0  # it was scrolled to: the paragraph is far below the first screen
        await pilot.press("backspace")  # back to where the jump started
        await settle(pilot, lambda: app.main.active_tab_id == "news")


async def test_a_heading_hit_scrolls_to_the_headings_list() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"news update")
        await settle(pilot, lambda: "Heading" in screen_text(app))
        await pilot.press("enter")  # the first hit: the heading "News Update" itself
        await settle(pilot, lambda: app.main.query_one("#overview-scroll").scroll_y > 0)
        await settle(pilot)
        text = screen_text(app)
        assert "Headings" in text and "Record-Breaking Space Walk Achieved" in text


def test_palette_hides_a_heading_when_the_news_item_under_it_is_a_hit() -> None:
    from briefing.app.palette import without_twins

    model = open_model([DATA]).model
    hits = searcher(model).search("deep space exploration")
    assert "sec-cnki-deep-space" in [hit.record.id for hit in hits]
    kept = [hit.record.id for hit in without_twins(hits)]
    assert "sec-cnki-deep-space" not in kept and any(i.startswith("news-") for i in kept)
