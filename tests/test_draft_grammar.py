"""The drafter's date grammar, sentence splitter and entity patterns, on sentences written here."""

from __future__ import annotations

import datetime as dt

from briefing.model.draft.date_grammar import find_dates
from briefing.model.draft.entities import EntityFinder, grouped
from briefing.model.draft.sentences import sentences


def _keys(text, masks=None):
    return [(m.key, m.reference) for m in find_dates(text, masks)]


def test_exact_days_in_either_order_and_iso():
    assert _keys("On March 3, 2026, it flew; on 4 April 2026 it landed; logged 2026-04-05.") == [
        ("2026-03-03", False), ("2026-04-04", False), ("2026-04-05", False)]
    assert find_dates("on February 30, 2026")[0].value == "February 2026"  # no such day: the month remains


def test_qualified_years_month_lists_ranges_and_since():
    assert _keys("in early 2026, by mid-2027 and in late 2028") == [("early 2026", False), ("mid 2027", False),
                                                                   ("late 2028", False)]
    assert _keys("launches in May, July, and September 2026") == [("May 2026", False), ("July 2026", False),
                                                                  ("September 2026", False)]
    assert _keys("the 2021-2025 plan") == [("2021", False), ("2025", False)]
    assert _keys("articles published since October 2025") == [("October 2025", True)]
    assert _keys("by the end of 2030") == [("by 2030", False)]
    before = find_dates("before 2030")[0]
    assert before.value == "2030" and "before" in before.note


def test_numbers_names_and_verbs_are_not_dates():
    assert _keys("1,721 downloads, US$2050 raised, a 9 hour, 6 minute walk, it may rise, 2025 km up") == []
    text = "A Long March 2025 flew."  # an invented vehicle whose name ends in a year-like number
    span = (text.index("Long"), text.index(" flew"))
    assert _keys(text, [span]) == []


def test_sentences_keep_abbreviations_inside():
    assert sentences("It beat 12 for the U.S. Japan had two. The table follows.") == [
        "It beat 12 for the U.S. Japan had two.", "The table follows."]


def test_entity_patterns_for_names_never_seen():
    finder = EntityFinder({})
    text = ("The Beijing Institute of Control Engineering (BICE) said a Long-March 7A launched Tianzhou-10 from the "
            "Wenchang Satellite Launch Center, and Zhang Lulu watched. Astronomers at Nanjing University, and "
            "Peru's Space Agency, joined. The Qianfan constellation grew.")
    finder.learn_definitions(text)
    table = grouped(finder.find(text))
    assert table["vehicles"] == ["Long March 7A"]
    assert table["spacecraft"] == ["Tianzhou-10", "Qianfan"]
    assert table["places"][0] == "Wenchang Satellite Launch Center"
    assert table["people"] == ["Zhang Lulu"]
    assert "BICE" in table["organisations"] and "Nanjing University" in table["organisations"]
    assert "Peru Space Agency" in table["organisations"]
    new = {m.name for m in finder.find(text) if m.new}
    assert "Tianzhou-10" in new and "Nanjing University" in new


def test_known_names_match_their_variants():
    finder = EntityFinder({"Long March 2-F": "vehicles", "Pakistan Space and Upper Atmosphere Research Commission":
                           "organisations", "CAS Innovation Academy for Microsatellites": "organisations"})
    text = ("A Long-March 2-F flew for Pakistan's Space and Upper Atmosphere Research Commission and the Chinese "
            "Academy of Sciences (CAS) Innovation Academy for Microsatellites.")
    finder.learn_definitions(text)
    mentions = finder.find(text)
    assert {(m.kind, m.name) for m in mentions} >= {
        ("vehicles", "Long March 2-F"), ("organisations", "Pakistan Space and Upper Atmosphere Research Commission"),
        ("organisations", "CAS Innovation Academy for Microsatellites"), ("organisations", "CAS")}
    assert all(not m.new for m in mentions if m.name == "Long March 2-F")
    assert dt.date  # the module is imported for the date checks above


def test_a_slip_in_a_station_name_is_matched_to_the_known_name_and_flagged():
    finder = EntityFinder({"Tiangong": "spacecraft"})
    [mention] = [m for m in finder.find("It docked with the Taigong space station.") if m.kind == "spacecraft"]
    assert mention.name == "Tiangong" and mention.confidence < 0.9 and "Taigong" in mention.how
    assert [m.name for m in EntityFinder({}).find("the Zorblax space station")] == []  # nothing close: no guess


def test_masked_names_are_blanked_in_any_order_overlapping_or_past_the_ends():
    from briefing.model.draft.date_grammar import _masked

    text = "Long March 5B on May 3"
    assert _masked(text, [(11, 13), (0, 12), (30, 40), (-3, 1)]) == " " * 13 + " on May 3"
    assert _masked(text, [(17, 20)]) == "Long March 5B on     3"
    assert _masked(text, []) is text
