"""Dates, names and titles as a reader reads them, and a news story outside the series drafted as news."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from pathlib import Path

from briefing.model.draft.date_grammar import find_dates
from briefing.model.draft.entities import EntityFinder
from briefing.model.draft.events import title_of

DATA = Path(__file__).resolve().parents[1] / "data"


def _values(text: str) -> list:
    return [m.value for m in find_dates(text)]


def test_abbreviated_months_with_or_without_a_dot_and_ordinal_days():
    assert _values("The probe launched Oct 24, 2007 and again on Oct. 3, 2008.") == \
        [dt.date(2007, 10, 24), dt.date(2008, 10, 3)]
    assert _values("He was born on 21st September 1992.") == [dt.date(1992, 9, 21)]
    assert _values("Signed on the 3rd of May 2021 and on Sept 5, 2024.") == [dt.date(2021, 5, 3), dt.date(2024, 9, 5)]


def test_a_day_without_its_year_takes_the_paragraphs_year_marked_inferred():
    found = find_dates("In 2024, the test flew on December 8, and a second on Dec 1 that year.")
    assert [m.value for m in found] == ["2024", dt.date(2024, 12, 8), dt.date(2024, 12, 1)]
    assert all(m.confidence < 0.9 and "inferred" in m.note for m in found[1:])
    [end_of_year, _] = find_dates("It will be tested by the end of the year, officials said in March 2025.")
    assert end_of_year.value == "by 2025" and "inferred" in end_of_year.note
    assert _values("The test flew on December 8.") == []  # no year anywhere: nothing guessed


def test_a_year_modifying_a_noun_names_a_thing_and_is_no_date():
    # After a possessive or "the"/"its" and before a noun or a quoted name, a year says which
    # table, plan or report; it is no date, so no event is drafted from it.
    assert _values("Analysts read CSIS' 2024 medal table closely.") == []
    assert _values("The Center for Strategic and International Studies' (CSIS) 2024 \"medal table\" ranked firms.") == []
    assert _values("China's 2025 budget rose, as the 2021 plan and its 2024 report foresaw.") == []
    assert _values("The magazine's December 2024 issue reviewed the agency's 2024 ranking.") == ["December 2024"]


def test_ordinary_years_stay_dates():
    assert _values("The probe launched in 2024 and will return by 2027.") == ["2024", "by 2027"]
    assert _values("2024 saw 68 launches; the 2024 and 2025 campaigns followed.") == ["2024", "2024", "2025"]
    assert _values("Officials said that 2025 would be busier than its 2024 report predicted.") == ["2025"]
    since = find_dates("Downloads counted since 2021 rose.")
    assert [(m.value, m.reference) for m in since] == [("2021", True)]
    assert _values("The station, completed in 2022, hosts China's crews.") == ["2022"]


def test_rockets_and_degrees_are_never_dates():
    assert _values("The Long March 5 rocket flew at 41° north in 2020.") == ["2020"]
    assert _values("A Long March 5 launched on May 3, 2024.") == [dt.date(2024, 5, 3)]


def test_serial_names_series_alone_quoted_and_camel_case():
    finder = EntityFinder({})
    names = {(m.kind, m.name) for m in finder.find(
        "Chang'e 6 landed, then Chang'e-7 was announced. The Mengzhou crew ship and the Lanyue lander "
        "will dock with TianHe. The \"Smart Dragon 3\" rocket flew. Chinas plans grew.")}
    assert {("spacecraft", "Chang'e-6"), ("spacecraft", "Chang'e-7"), ("spacecraft", "Mengzhou"),
            ("spacecraft", "Lanyue"), ("spacecraft", "Tianhe"), ("vehicles", "Smart Dragon 3")} <= names
    assert not any(name in ("TianHe", "Chinas") or kind == "organisations" for kind, name in names)


def test_titles_end_on_a_whole_word_and_thought():
    assert title_of("The mission launched on a Long March 5 rocket from the Wenchang Space Launch Site on "
                    "May 3, 2024.") == "The mission launched on a Long March 5 rocket from the Wenchang Space Launch Site"
    assert title_of("Cai Xuzhe and Song Lingdong made the 9 hour, 6 minute walk, breaking a record.") == \
        "Cai Xuzhe and Song Lingdong made the 9 hour, 6 minute walk"
    assert not title_of("Taikonauts lived for many months together in orbit and then returned aboard the craft "
                        "safely.").endswith(("aboard", "the"))


NEWS = """<!DOCTYPE html><html><head><title>SpaceNews Daily | Chang'e 6</title></head><body>
<header><div class="logo">SpaceNews Daily</div><nav><a>Home</a></nav></header>
<div class="cookie-banner"><p>We use cookies. Accept all cookies?</p></div>
<main><article><h1>China's Chang'e 6 returns samples from the far side of the Moon</h1>
<p class="byline">By A. Writer · October 3, 2025 · 14 min read</p>
<p>The Chang'e 6 return capsule landed in Inner Mongolia on June 25, 2024. The mission launched on a Long March 5
rocket from the Wenchang Space Launch Site on May 3, 2024.</p>
<p>Officials said on Oct 24, 2024 that the Mengzhou crew ship would be tested by the end of the year.</p>
</article><aside class="related"><ul><li>Shenzhou-18 crew returns, April 30, 2024</li></ul></aside></main>
<footer>© 2025 SpaceNews Daily</footer></body></html>"""


def test_a_news_story_outside_the_series_is_drafted_as_news_and_validates(tmp_path):
    source = tmp_path / "story.html"
    source.write_text(NEWS, encoding="utf-8")
    out = tmp_path / "story"
    done = subprocess.run([sys.executable, "-m", "briefing", "draft", str(source), "--out", str(out),
                           "--data", str(DATA)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "outside the series" in done.stdout
    report = tomllib.loads((out / "report.toml").read_text(encoding="utf-8"))
    assert report["title"] == "China's Chang'e 6 returns samples from the far side of the Moon"
    assert (report["period_start"], report["period_end"]) == (dt.date(2024, 5, 1), dt.date(2024, 10, 31))
    items = tomllib.loads((out / "news.toml").read_text(encoding="utf-8"))["items"]
    assert len(items) == 2 and items[0]["dates"] == [dt.date(2024, 6, 25), dt.date(2024, 5, 3)]
    assert "Chang'e-6" in items[0]["entities"]["spacecraft"]
    assert {"Inner Mongolia", "Wenchang Space Launch Site"} <= set(items[0]["entities"]["places"])
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.toml"))
    assert "14 min read" not in text and "cookies" not in text and "April 30" not in text and "2025-10-03" not in text
    assert tomllib.loads((out / "review.toml").read_text(encoding="utf-8"))["source"]["layout"].startswith("outside")
    assert "**Outside the series**" in (out / "REVIEW.md").read_text(encoding="utf-8")
    valid = subprocess.run([sys.executable, "-m", "briefing", "validate", str(out)], capture_output=True, text=True)
    assert valid.returncode == 0, valid.stdout


TWO_ARTICLES = """**TEST REPORT: KEY DEVELOPMENTS, APRIL 2025-SEPTEMBER 2025**

INTRODUCTION

An introduction paragraph about the period. It says little.

News Update

Launch Happened

On May 29, 2025, a satellite was launched.

1.1 What's Trending on China National Knowledge Infrastructure (CNKI)?

Space Networks

An article by researchers from Tsinghua University, downloaded 1,402 times, examined routing in \
mega-constellations. Another article, from Xidian University and downloaded 1,119 times, discussed laser links \
between satellites. It proposed a new terminal.
"""


def test_two_articles_in_one_paragraph_are_two_records_each_with_its_topic(tmp_path):
    from briefing.model.draft.pipeline import draft_edition

    source = tmp_path / "two.txt"
    source.write_text(TWO_ARTICLES, encoding="utf-8")
    articles = draft_edition(source, []).files["trends.toml"]["articles"]
    assert [(a["topic"], a.get("institution"), a["downloads"]) for a in articles] == [
        ("Routing in mega-constellations", "Tsinghua University", 1402),
        ("Laser links between satellites", "Xidian University", 1119)]
    assert articles[1]["summary"].startswith("Another article, from Xidian University")
    assert articles[0]["source"] == articles[1]["source"]


def test_a_body_named_inside_its_arm_and_the_trends_context_mark_their_own_words_in_the_paragraph():
    from briefing.model.draft.pipeline import draft_edition

    edition = DATA / "2024-09-to-2025-03"
    draft = draft_edition(edition / "source.txt", [DATA], edition=edition.name, exclude_known=edition.name)
    texts = {item["id"]: item["text"] for item in draft.files["news.toml"]["items"]}
    names = [n for n in draft.provenance.notes if n.field.startswith("entities.") and n.item in texts]
    assert names and all(n.end > n.start for n in names)
    # "Chinese Academy of Sciences (CAS) Innovation Academy for Microsatellites": CAS is marked in "(CAS)".
    arms = [n for n in names if n.how.startswith("named in")]
    assert arms and all(texts[n.item][n.start:n.end] == n.value for n in arms)
    context = {n.field: n for n in draft.provenance.notes if n.file == "trends.toml" and n.record == "context"}
    for field in ("topic", "since"):
        note = context[field]
        assert texts[note.item][note.start:note.end] == note.value, field
