"""One answer everywhere (issue 27, items 2-3): queries analysts type, read as they mean them, and the
same hits from ``briefing search``, the palette's search and the Timeline's box.

Each case is one the issue found finding nothing, or the wrong thing, on the shipped data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.model.search.finding import Finder
from briefing.model.search.reading import name_lookup, read_query
from briefing.model.store.opening import open_model
from tests import diff_helpers as h
from tests.app_helpers import app_on, settle
from tests.cli_helpers import run

from .conftest import DATA


def search(capsys, *argv: str) -> tuple[int, list[str], dict, str]:
    """``briefing search ARGV --json``: exit status, hit ids in order, the document, stderr."""
    code, out, err = run(capsys, "search", *argv, "--json")
    document = json.loads(out)
    return code, [hit["id"] for hit in document["hits"]], document, err


GUOWANG_8A = ["news-guowang-second-batch", "event-2025-02-11-guowang-second-batch"]


def test_long_march_8_finds_the_8a_launches_not_the_spacewalk(capsys) -> None:
    code, ids, document, _ = search(capsys, "Long March 8")
    assert code == 0 and ids == GUOWANG_8A  # once "8 hours" of the spacewalk, never the 8A
    assert document["words"] == ["long march 8"]


@pytest.mark.parametrize("query", ["Long March 5", "CZ-5", "long march 5b"])
def test_long_march_5_and_cz_5_find_the_5b_launch(capsys, query: str) -> None:
    code, ids, _, _ = search(capsys, query)
    assert code == 0 and "event-2024-12-16-guowang-first-batch" in ids and "news-guowang-second-batch" in ids
    assert "news-record-spacewalk" not in ids


def test_long_march_2_finds_both_variants(capsys) -> None:
    _, ids, _, _ = search(capsys, "Long March 2")
    assert {"news-record-spacewalk", "news-pakistan-cooperation"} <= set(ids)  # 2-F and 2-D


@pytest.mark.parametrize("query", ["Dec 2024", "December 2024", "december, 2024"])
def test_a_month_in_words_finds_what_its_iso_form_finds(capsys, query: str) -> None:
    _, iso, _, _ = search(capsys, "2024-12")
    code, ids, document, _ = search(capsys, query)
    assert code == 0 and ids == iso and document["words"] == ["2024-12"]
    # The month-dated records, which "Dec" as a word missed ("December 2024" does not hold "dec").
    assert {"event-2024-12-spacesail-launch", "event-2024-12-genesat-funding",
            "news-aerospace-china-medal-review"} <= set(ids)


def test_a_day_in_words_is_that_day(capsys) -> None:
    for query in ("17 December 2024", "Dec 17, 2024", "December 17 2024"):
        _, ids, _, _ = search(capsys, query)
        assert "event-2024-12-17-record-spacewalk" in ids and "event-2024-12-16-guowang-first-batch" not in ids


@pytest.mark.parametrize(("query", "found"), [
    ("refueling", "news-shijian-25-launched"),  # American; the headline says "refuelling"
    ("refuelling", "news-shijian-25-launched"),
    ("organisations", "news-pakistan-cooperation"),  # British; the report says "Organizations"
    ("modelling", "news-cnki-digital-twin-network"),  # the report says "modeling"
])
def test_british_and_american_spellings_find_each_other(capsys, query: str, found: str) -> None:
    code, ids, document, _ = search(capsys, query)
    assert code == 0 and found in ids and document["shown_for"] is None  # the record itself, no suggestion


def test_a_query_with_no_hits_shows_its_best_suggestions_hits_and_says_so(capsys) -> None:
    code, out, err = run(capsys, "search", "Shenzou")
    assert code == 0 and err == "briefing: no hits for 'Shenzou'; showing 'shenzhou'\n"
    assert "news-record-spacewalk" in out
    code, ids, document, _ = search(capsys, "shenzou")
    assert code == 0 and document["shown_for"] == "shenzhou" and "news-record-spacewalk" in ids


def test_a_questions_small_words_do_not_stop_it_finding(capsys) -> None:
    code, ids, document, _ = search(capsys, "who developed shijian-25?")
    assert code == 0 and ids[0] == "news-shijian-25-launched" and document["words"] == ["developed", "shijian-25"]
    _, ids, _, _ = search(capsys, "when was the Shijian-25 launched")
    assert ids[:2] == ["news-shijian-25-launched", "event-2025-01-06-shijian-25-launch"]


@pytest.mark.parametrize(("query", "expected"), [
    ("PRSC-EO1", {"news-pakistan-cooperation", "event-2025-01-17-prsc-e01-launch"}),  # the official designation
    ("高分", {"medal-c-band-sar-shanghai-space-research-institute-gold",
             "medal-shortwave-ir-shanghai-space-research-institute-bronze",
             "medal-medium-wave-ir-shanghai-space-research-institute-silver",
             "medal-longwave-ir-shanghai-space-research-institute-silver"}),  # Gaofen
    ("试验", {"news-shijian-25-launched"}),  # Shiyan
])
def test_other_names_find_their_records(capsys, query: str, expected: set[str]) -> None:
    code, ids, document, _ = search(capsys, query)
    assert code == 0 and set(ids) == expected and document["shown_for"] is None


def test_the_magazines_chinese_name_finds_the_magazine_only(capsys) -> None:
    """"中国航天" is Aerospace China; it is also the start of CASC's Chinese name (中国航天科技集团)."""
    code, ids, document, _ = search(capsys, "中国航天")
    model = open_model([DATA]).model
    assert code == 0 and {record.id for record in model.naming("Aerospace China")} <= set(ids)
    for hit in document["hits"]:  # every hit names the magazine; none is about CASC alone
        assert "aerospace china" in json.dumps(hit["record"]).lower(), hit["id"]
    assert "news-pakistan-cooperation" not in ids and "intro-3" not in ids


def test_space_science_plan_ranks_the_plan_above_the_space_plane(capsys) -> None:
    _, ids, _, _ = search(capsys, "space science plan")
    assert ids.index("news-space-science-plan") < ids.index("news-space-plane-finalists")
    assert ids.index("event-2024-10-15-space-science-plan-issued") < ids.index("event-2024-10-29-space-plane-finalists")


def test_search_finds_notes_carried_from_an_earlier_edition(tmp_path: Path, capsys) -> None:
    data = h.make_editions(tmp_path)
    h.write_notes()  # a note on the old Qingzhou event, carried to the new one that continues it
    code, out, err = run(capsys, "search", "schedule", "--data", str(data), "--edition", h.NEW, "--json")
    assert code == 0, err
    [hit] = [hit for hit in json.loads(out)["hits"] if hit["key"] == f"{h.NEW}/{h.CAME_TRUE_NEW}"]
    assert hit["carried_note"]["written_on"] == h.OLD and hit["carried_note"]["text"] == h.CARRIED_NOTE
    assert hit["snippet"] == f"note (written on {h.OLD}): {h.CARRIED_NOTE}"


# -- the same hits from the shell, the palette's search and the Timeline box ----------------------


QUERIES = ["Long March 8", "Dec 2024", "refueling", "who developed shijian-25", "space science plan", "shenzou",
           "中国航天", "spacesail"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_palette_asks_the_same_search_as_the_shell(capsys, query: str) -> None:
    from briefing.app.palette import without_twins
    from briefing.app.view_state import ViewState

    _, shell, _, _ = search(capsys, query)
    model = open_model([DATA]).model
    view = ViewState(model=model, full_model=model)
    found = view.search_index.find(query, limit=40)
    palette = [hit.record.id for hit in without_twins(found.hits)]
    # The same hits in the same order; the palette folds an event into its news item (one story, one line).
    twins = {hit.record.id for hit in found.hits} - set(palette)
    assert palette == [ident for ident in shell if ident not in twins]


async def test_the_timeline_box_shows_the_shells_event_hits(capsys) -> None:
    expected = {}
    for query in ("Long March 8", "Dec 2024", "refueling", "who developed shijian-25"):
        _, ids, _, _ = search(capsys, query, "--kind", "events")
        expected[query] = ids
    app = app_on()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        tab = app.main.query_one("TimelineTab")
        for query, ids in expected.items():
            await pilot.press("x", "slash", *query)
            await settle(pilot, lambda: tab.listing.query == query)
            shown = [event.id for event in tab.shown_events]
            # The same events; the Timeline lists them by date, as it lists everything.
            assert sorted(shown) == sorted(ids) and shown, query
            await pilot.press("escape")
            await settle(pilot)


def test_reading_is_the_model_s_alone() -> None:
    """The palette, the shell and the Timeline box read a query by one function, with the model's names."""
    model = open_model([DATA]).model
    names = name_lookup(model)
    assert read_query("Long March 8", names).words == ("long march 8",)
    assert read_query("Shenzhou 19", names).words == ("shenzhou", "19")  # a whole name: its words as typed
    assert read_query("the", names).words == ("the",)  # only small words: kept
    assert Finder(model).find("Long March 8").reading.words == ("long march 8",)
