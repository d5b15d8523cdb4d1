"""The data's last slips (issue 14, item 5): each fix as the analyst meets it, in the model and the export."""

from __future__ import annotations

import json

import pytest

from briefing.cli import run
from briefing.model.export.as_json import model_json
from briefing.model.store.opening import open_model

from .conftest import DATA, EDITION

KEY = EDITION.name


@pytest.fixture(scope="module")
def model():
    return open_model([DATA]).model


def record(model, ident: str):
    found = model.get(f"{KEY}/{ident}")
    assert found is not None, ident
    return found


def test_the_shijian_series_is_named_on_the_shijian_25_item(model) -> None:
    assert "Shijian" in record(model, "news-shijian-25-launched").entities.spacecraft


def test_space_plane_finalists_name_cas_and_avic_and_who_built_which_plane(model) -> None:
    event = record(model, "event-2024-10-29-space-plane-finalists")
    assert {"CAS", "AVIC"} <= set(event.entities.organisations)
    assert "Qingzhou space plane developed by the Chinese Academy of Sciences (CAS) Innovation Academy" in event.text
    assert "Haolong space plane developed by AVIC's Chengdu Aircraft Research and Design Institute" in event.text
    assert event.text in record(model, "news-space-plane-finalists").text


def test_record_spacewalk_names_the_us_and_the_2001_record_names_shenzhou_19(model) -> None:
    assert "U.S." in record(model, "event-2024-12-17-record-spacewalk").entities.places
    old_record = record(model, "event-2001-us-spacewalk-record")
    assert "Shenzhou-19" in old_record.entities.spacecraft
    assert "stood until" not in old_record.text


@pytest.mark.parametrize("ident", ["event-by-2027-lunar-planetary-breakthroughs", "event-by-2035-lunar-research-station",
                                   "event-by-2050-space-science-leadership", "event-2024-10-15-space-science-plan-issued"])
def test_plan_goals_name_the_plans_issuers_and_the_plan(model, ident: str) -> None:
    event = record(model, ident)
    assert set(event.entities.organisations) >= {"CAS", "China National Space Agency", "CMSA"}
    assert event.entities.plans == ("National Medium-to-Long Term Space Science Development Plan",)


def test_plans_are_an_entity_kind_linking_the_plan_and_the_five_year_plan(model) -> None:
    naming = [r.id for r in model.records() if "National Medium-to-Long Term Space Science Development Plan"
              in r.entities.plans]
    assert "news-space-science-plan" in naming and len(naming) == 5
    assert record(model, "news-shijian-19-recovered").entities.plans == ("14th Five Year Plan",)
    assert ("plans", "14th Five Year Plan") in list(record(model, "news-shijian-19-recovered").entities.pairs())


def test_key_advances_event_comes_from_both_paragraphs(model) -> None:
    event = record(model, "event-2025-key-advances-aimed-for")
    assert event.sources == ("news-lunar-remote-sensing-tender", "news-space-plane-finalists")
    assert event in model.events_from(f"{KEY}/news-space-plane-finalists")
    assert event in model.events_from(f"{KEY}/news-lunar-remote-sensing-tender")
    assert "introduction" in event.date_note


def test_spacesail_month_events_do_not_count_launches(model) -> None:
    for month in ("08", "10", "12"):
        event = record(model, f"event-2024-{month}-spacesail-launch")
        assert "An early Spacesail launch" not in event.text
        assert "Early Spacesail launches in August, October, and December 2024" in event.text


def test_the_2050_goal_says_only_what_the_introduction_says_and_where_its_date_is_from(model) -> None:
    event = record(model, "event-by-2050-space-science-leadership")
    assert "world's leader in space sciences by 2050" in event.text
    assert "revolutionary" not in event.text  # the policy paragraph's undated goal is not dated 2050
    assert event.date_note.startswith("Dated by the report's introduction")
    plan = record(model, "news-space-science-plan")
    assert "2050" not in plan.text


def test_the_72_spacesail_figure_is_as_of_23_january_2025(model) -> None:
    [figure] = [f for f in model.editions[0].report.figures if f.id == "fig-spacesail-satellites"]
    assert figure.value == "72" and figure.label.endswith("as of 23 January 2025")
    assert "March 11, 2025" in figure.detail


def test_medal_entities_are_in_the_toml_and_split_two_satellites(model) -> None:
    text = (EDITION / "medals.toml").read_text("utf-8")
    assert text.count("\n[medals.entities]\n") == 14
    row = record(model, "medal-c-band-sar-shanghai-space-research-institute-gold")
    assert row.entities.spacecraft == ("Gaofen-1", "Gaofen-2")
    assert row.entities.organisations == ("Shanghai Space Research Institute",)
    assert record(model, "medal-opto-electronic-video-cgst-bronze").entities.spacecraft == ("Jilin-1",)


def test_medal_row_without_entities_names_its_company_and_satellite(edition_copy) -> None:
    medals = edition_copy / "medals.toml"
    text = medals.read_text("utf-8")
    medals.write_text(text.replace('[medals.entities]\norganisations = ["CAST"]\nspacecraft = ["Ziyuan-1"]\n', ""),
                      "utf-8")
    result = open_model([edition_copy])
    assert result.errors == []
    row = result.model.get(f"{KEY}/medal-longwave-ir-cast-gold")
    assert (row.entities.organisations, row.entities.spacecraft) == (("CAST",), ("Ziyuan-1",))


def test_export_json_keeps_qualifier_medal_entities_also_and_date_note(capsys) -> None:
    assert run(["export", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    events = {e["id"]: e for e in document["events"]}
    late = events["event-late-2025-qingzhou-test-flight"]
    assert (late["date"], late["precision"], late["qualifier"], late["date_wording"]) == (
        "2025", "year", "late", "late 2025")
    assert events["event-2025-01-06-shijian-25-launch"]["qualifier"] is None
    assert events["event-2025-key-advances-aimed-for"]["also"] == ["news-space-plane-finalists"]
    assert events["event-by-2050-space-science-leadership"]["date_note"].startswith("Dated by")
    assert events["event-2025-01-06-shijian-25-launch"]["date_note"] is None
    medals = {m["id"]: m for m in document["medals"]}
    assert medals["medal-longwave-ir-cast-gold"]["entities"]["organisations"] == ["CAST"]
    assert medals["medal-longwave-ir-cast-gold"]["entities"]["plans"] == []


def test_event_also_must_link_to_an_existing_item(edition_copy) -> None:
    timeline = edition_copy / "timeline.toml"
    text = timeline.read_text("utf-8")
    timeline.write_text(text.replace('also = ["news-space-plane-finalists"]', 'also = ["news-nowhere"]'), "utf-8")
    [message] = [str(p) for p in open_model([edition_copy]).errors]
    assert "event 'event-2025-key-advances-aimed-for' links to news item 'news-nowhere', which does not exist" in message


def test_model_json_medal_entities_match_the_model(model) -> None:
    document = model_json(model)
    for row, exported in zip(model.medals, document["medals"]):
        assert exported["entities"]["spacecraft"] == list(row.entities.spacecraft)
