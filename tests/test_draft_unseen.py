"""A second report of the series (invented, in tests/draft_reports/), written after the drafter's first
rules: the gaps it showed (a table header saying "Vehicle", short given names, "Galactic Energy's",
"iSpace", "from 2027", two dates in one sentence) were closed with general rules, and these tests keep them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.model.draft.pipeline import draft_edition

REPORT = Path(__file__).parent / "draft_reports" / "steady-gains-2025-10-to-2026-03.txt"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def draft():
    return draft_edition(REPORT, [DATA])


def _item(draft, start: str) -> dict:
    return next(i for i in draft.files["news.toml"]["items"] if i["text"].startswith(start))


def test_structure_and_paragraphs(draft):
    assert draft.edition_id == "2025-10-to-2026-03"
    report = draft.files["report.toml"]
    assert report["title"] == ("Steady gains: key developments in the space segment of China's space systems, "
                               "October 2025 - March 2026")
    assert len(draft.files["news.toml"]["items"]) == 9
    assert "US$206 million" in _item(draft, "In January 2026, iSpace")["text"]


def test_medal_table_whose_header_says_vehicle(draft):
    medals = draft.files["medals.toml"]
    assert [(m["company"], m["satellite"], m["medal"]) for m in medals["medals"]] == [
        ("CASC", "Long March 7A", "Gold"), ("Galactic Energy", "Ceres-1", "Silver")]
    context = medals["context"]
    assert context["counts"] == [{"country": "China", "medals": 8}, {"country": "U.S.", "medals": 11}]
    assert context["sectors_without_chinese_medal"] == ["heavy lift", "rideshare"]
    assert context["holders_in_those_sectors"] == ["SpaceX", "Rocket Lab"]
    assert context["previous_table_year"] == 2023


def test_names_of_other_shapes(draft):
    assert _item(draft, "The Shenzhou-21 crew")["entities"]["people"] == ["Zhang Lu", "Wu Fei"]
    rockets = _item(draft, "Galactic Energy's")["entities"]
    assert rockets["organisations"] == ["Galactic Energy", "LandSpace"]
    assert rockets["vehicles"] == ["Ceres-2", "Zhuque-3"] and rockets["spacecraft"] == ["Yaogan-45"]
    assert _item(draft, "In January 2026, iSpace")["entities"]["organisations"][0] == "iSpace"
    assert _item(draft, "Another article")["entities"]["organisations"] == ["National Natural Science Foundation of China"]


def test_events_dates_and_status(draft):
    events = [(e["date"], e["status"], e["title"]) for e in draft.files["timeline.toml"]["events"]]
    assert (dt.date(2025, 11, 14), "happened") in [(d, s) for d, s, _ in events]
    assert ("2027", "planned") in [(d, s) for d, s, _ in events]  # "from 2027" is an event, not a count's start
    assert ("mid 2026", "planned", "LandSpace plans to recover a Zhuque-3 first stage") in events
    assert ("2026", "planned", "The Chang'e-7 probe is due to launch") in events
    assert ("early March 2026", "happened", "The Mengzhou crew ship flew its first test") in events
    assert ("October 2025", "happened") not in [(d, s) for d, s, _ in events]
    articles = draft.files["trends.toml"]["articles"]
    assert [(a["downloads"], a.get("institution")) for a in articles] == [
        (3050, "Nanjing University of Aeronautics and Astronautics"), (2870, None)]
