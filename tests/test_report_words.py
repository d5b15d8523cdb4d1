"""The data says what the report says (issue 27, item 4): dates, relations with their tense and
hedges, wording, numbering and [sic], each checked against the report's text (source.txt)."""

from __future__ import annotations

import json
import re

import pytest

from briefing.model.data.record_facts import record_date
from briefing.model.store.opening import open_model

from .cli_helpers import run
from .conftest import DATA, EDITION


def flat(text: str) -> str:
    """``text`` on one line, without the report's Markdown emphasis and escapes (source.txt has them)."""
    return " ".join(text.replace("*", "").replace("\\$", "$").split())


REPORT = flat((EDITION / "source.txt").read_text("utf-8"))


@pytest.fixture(scope="module")
def edition():
    return open_model([DATA]).model.editions[0]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-Z\"])", flat(text)) if s]


def test_every_relation_listed_as_the_reports_has_its_words_in_the_report(edition) -> None:
    news = {item.id: item for item in edition.news}
    assert edition.relations
    for relation in edition.relations:
        label = f"{relation.subject} {relation.relation} {relation.object}"
        assert relation.words, f"{label}: no words of the report"
        for words in relation.words:
            assert flat(words) in flat(news[relation.source].text), (label, words)
            assert flat(words) in REPORT, (label, words)


def test_relations_keep_the_reports_tense_and_hedges(edition) -> None:
    """A launch the report says "will" happen is "to launch aboard"; a link it says is "likely" is so."""
    news = {item.id: item for item in edition.news}
    for relation in edition.relations:
        label = f"{relation.subject} {relation.relation} {relation.object}"
        said = " ".join(relation.words).lower()
        assert relation.relation.startswith("to ") == (" will " in f" {said} "), label
        assert relation.relation.startswith("likely ") == ("likely" in said), label
        # Where every sentence naming the subject hedges, the relation hedges too (Guowang).
        naming = [s for s in sentences(news[relation.source].text) if relation.subject.lower() in s.lower()]
        if naming and all("likely" in s for s in naming):
            assert relation.relation.startswith("likely "), label
        # A launch in a sentence saying "will" is not one that happened (Qingzhou, Haolong).
        if "launch" in relation.relation:
            both = [s for s in naming if relation.object.lower() in s.lower()]
            if both and all(" will " in s for s in both):
                assert relation.relation.startswith("to "), label


def test_the_planned_launches_and_the_likely_guowang_launches(edition) -> None:
    kinds = {(r.subject, r.object): r.relation for r in edition.relations}
    assert kinds[("Qingzhou", "Kinetica-2")] == "to launch aboard"
    assert kinds[("Haolong", "Zhuque-3")] == "to launch aboard"
    assert kinds[("Guowang", "Long March 8A")] == kinds[("Guowang", "Long March 5B")] == "likely launched aboard"


def test_the_january_launches_manufacturer_is_not_widened_to_all_of_spacesail(edition) -> None:
    links = {(r.subject, r.relation, r.object) for r in edition.relations}
    assert ("Spacesail", "manufactured by", "Shanghai Engineering Center for Microsatellites") not in links
    assert ("Polar Orbit Group 6", "manufactured by", "Shanghai Engineering Center for Microsatellites") in links
    assert ("Polar Orbit Group 6", "part of", "Spacesail") in links


def test_the_cnki_items_are_not_dated_from_where_the_count_starts(capsys, edition) -> None:
    """"Since September 2024" starts the count of articles; it dates neither paragraph."""
    news = {item.id: item for item in edition.news}
    for ident in ("news-cnki-trending-intro", "news-cnki-deep-space-missions"):
        assert "since September 2024" in news[ident].text
        assert news[ident].dates == () and record_date(news[ident]) is None
        code, out, _ = run(capsys, "show", ident, "--json")
        assert code == 0 and json.loads(out)["record"]["date"] is None


def test_the_csis_table_is_not_dated_2024(edition) -> None:
    """The report names it "CSIS' 2024 medal table" and says not when it came out: no event dates it."""
    review = next(item for item in edition.news if item.id == "news-aerospace-china-medal-review")
    assert [d.wording for d in review.dates] == ["December 2024"]
    assert not [e for e in edition.events if e.date.wording == "2024"]
    december = next(e for e in edition.events if e.id == "event-2024-12-aerospace-china-medal-review")
    assert "Chinese companies received 14 medals, compared to 12 for the U.S." in december.text


def test_the_space_plane_figure_says_what_the_report_says(edition) -> None:
    figure = next(f for f in edition.report.figures if f.id == "fig-space-plane-finalists")
    assert "made it to the final round" in figure.detail and "chosen" not in figure.detail
    assert "made it to the final round" in REPORT


def test_the_markdown_export_numbers_only_the_two_articles_the_report_ranks(capsys, edition) -> None:
    ranks = {a.id: a.rank for a in edition.articles}
    assert ranks == {"article-leo-satellite-internet": 1, "article-deep-space-mission-design": 2,
                     "article-6g-satellite-isac": None, "article-6g-digital-twin-network": None,
                     "article-space-land-sea-monitoring": None}
    summaries = {a.id: a.summary for a in edition.articles}
    assert summaries["article-leo-satellite-internet"].startswith("The most downloaded article")
    assert summaries["article-deep-space-mission-design"].startswith("The second most downloaded article")
    code, out, _ = run(capsys, "export", "--format", "md")
    table = out[out.index("## Most downloaded CNKI articles"):].split("\n\n")[1].splitlines()
    numbers = [row.split("|")[1].strip() for row in table[2:]]
    assert table[0].startswith("| Rank | Downloads |") and numbers == ["1", "2", "", "", ""]
    code, out, _ = run(capsys, "export", "--format", "json")
    assert [a["report_rank"] for a in json.loads(out)["articles"]] == [1, None, None, 2, None]


def test_long_march_2_f_is_a_spelling_not_a_slip(edition) -> None:
    assert "Long-March 2-F" not in [c.wording for c in edition.aliases.corrections]
    assert "Long-March 2-F" in edition.aliases.of("Long March 2-F")
