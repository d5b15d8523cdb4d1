"""Finding things by any of their names (issue 14, items 1 and 2): data/aliases.toml, ours, shared by every edition.

Each alias family and each correction is asked for as an analyst would, with ``briefing
search`` and ``briefing show``; the app's search paths (the palette's searcher over the
store, the timeline's search as you type) are driven too. Validation of the file is
checked like any other dataset file: every problem as ``file:line``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from briefing.app.app import make_app
from briefing.app.tabs.timeline.timeline_tab import TimelineTab
from briefing.model.data.alias_records import Correction
from briefing.model.data.aliases import corrected, corrected_text
from briefing.model.store.search import searcher
from briefing.model.store.opening import open_model

from .app_helpers import settle
from .cli_helpers import run
from .conftest import DATA, EDITION

ALIASES = DATA / "aliases.toml"
KEY = EDITION.name


def search_ids(capsys, query: str) -> set[str]:
    code, out, _ = run(capsys, "search", query, "--json")
    assert code in (0, 1)
    return {hit["id"] for hit in json.loads(out)["hits"]} if code == 0 else set()


@pytest.fixture(scope="module")
def model():
    return open_model([DATA]).model


def naming(model, name: str) -> set[str]:
    return {record.id for record in model.records() if name in record.entities.names()}


# -- every alias family finds every record naming the entity -----------------------------------


@pytest.mark.parametrize(("query", "entity"), [
    ("China Manned Space Agency", "CMSA"),
    ("China Aerospace Science and Technology Corporation", "CASC"),
    ("Chinese Academy of Sciences", "CAS"),
    ("CNSA", "China National Space Agency"),
    ("Beijing Normal University", "BNU"),
    ("BUPT", "Beijing University of Post and Telecommunications"),
    ("China National Knowledge Infrastructure", "CNKI"),
])
def test_full_names_and_acronyms(capsys, model, query: str, entity: str) -> None:
    expected = naming(model, entity)
    assert len(expected) >= 2
    assert search_ids(capsys, query) >= expected


@pytest.mark.parametrize(("query", "entity"), [
    ("天宫", "Tiangong"), ("千帆", "Spacesail"), ("qianfan", "Spacesail"), ("国网", "Guowang"),
    ("神舟", "Shenzhou-19"), ("中国科学院", "CAS"),
])
def test_chinese_names(capsys, model, query: str, entity: str) -> None:
    assert search_ids(capsys, query) >= naming(model, entity)


@pytest.mark.parametrize(("query", "entity"), [
    ("CZ-2F", "Long March 2-F"), ("Long March 2F", "Long March 2-F"), ("CZ-8A", "Long March 8A"),
    ("SJ-25", "Shijian-25"), ("14th Five-Year Plan", "14th Five Year Plan"),
    ("National Space Science Development Plan", "National Medium-to-Long Term Space Science Development Plan"),
])
def test_other_spellings_and_designations(capsys, model, query: str, entity: str) -> None:
    assert search_ids(capsys, query) >= naming(model, entity)


def test_names_that_found_nothing_before_now_find_their_records(capsys) -> None:
    assert search_ids(capsys, "harbin institute of technology") == {
        "news-cnki-digital-twin-network", "article-6g-digital-twin-network"}
    assert "news-cnki-leo-satellite-internet" in search_ids(capsys, "BUPT")
    assert search_ids(capsys, "China Aerospace Science and Technology Corporation") >= {
        "news-pakistan-cooperation", "news-aerospace-china-medal-review"}


def test_the_plan_links_up_its_three_wordings(model) -> None:
    aliases = model.aliases
    plan = "National Medium-to-Long Term Space Science Development Plan"
    for wording in ("National Space Science Development Plan", "National Space Development Plan"):
        assert aliases.canonical(wording) == plan
    assert aliases.canonical("cmsa") == "CMSA" and aliases.canonical("nothing of the sort") is None


# -- corrections: the report's words kept, the slip marked and findable both ways ---------------


@pytest.mark.parametrize(("ident", "wording", "correction"), [
    ("news-record-spacewalk", "Taigong", "Tiangong"),
    ("news-cnki-digital-twin-network", "Harbin University of Technology", "Harbin Institute of Technology"),
    ("news-cnki-leo-satellite-internet", "Beijing University of Post and Telecommunications",
     "Beijing University of Posts and Telecommunications"),
    ("news-shijian-25-launched", "on-orbit serving", "on-orbit servicing"),
])
def test_each_slip_is_marked_sic_and_found_by_both(capsys, model, ident: str, wording: str, correction: str) -> None:
    record = model.get(f"{KEY}/{ident}")
    assert wording in record.text and correction not in record.text  # the report's words unchanged
    code, out, _ = run(capsys, "show", ident)
    assert code == 0 and f"{wording} [sic: {correction}]" in " ".join(out.split())
    code, out, _ = run(capsys, "show", ident, "--json")
    document = json.loads(out)
    assert document["record"]["text"] == record.text
    assert f"{wording} [sic: {correction}]" in document["corrected_text"]
    assert ident in search_ids(capsys, wording) and ident in search_ids(capsys, correction)


def test_a_spelling_variant_is_not_a_slip(capsys, model) -> None:
    """"Long-March 2-F" is how the report spells the Long March 2F, not a mistake: no [sic], found by both."""
    code, out, _ = run(capsys, "show", "news-record-spacewalk")
    flat = " ".join(out.split())
    assert code == 0 and "aboard a Long-March 2-F on October 30, 2024" in flat and "[sic: Long March" not in flat
    for spelling in ("Long-March 2-F", "Long March 2F", "CZ-2F"):
        assert "news-record-spacewalk" in search_ids(capsys, spelling), spelling


def test_exports_mark_the_slips(capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "json")
    document = json.loads(out)
    news = {item["id"]: item for item in document["news"]}
    assert "Taigong [sic: Tiangong] space station" in news["news-record-spacewalk"]["corrected_text"]
    assert news["news-record-spacewalk"]["text"].count("[sic") == 0  # the report's words stay unmarked
    assert news["news-space-science-plan"]["corrected_text"] is None  # no known slip
    assert document["aliases"]["note"].startswith("Ours, not the report's")
    code, out, _ = run(capsys, "export", "--format", "md")
    assert "Taigong \\[sic: Tiangong\\] space station" in out  # Markdown-escaped brackets: shown as [sic: …]
    assert "*Editor's note (ours, not the report's):* The report says Finland and Uruguay" in out


def test_editors_notes_say_where_the_report_contradicts_itself(capsys) -> None:
    code, out, _ = run(capsys, "show", "news-aerospace-china-medal-review")
    flat = " ".join(out.split())
    assert "Editor's note (ours, not the report's)" in flat
    assert "Finland and Uruguay were the only countries with more than one medal" in flat  # kept as written
    assert "only other countries" in flat
    code, out, _ = run(capsys, "show", "medal-c-band-sar-shanghai-space-research-institute-gold")
    assert "Gaofen-1 and Gaofen-2 are optical imaging satellites" in " ".join(out.split())


def test_show_lists_other_names_beside_each_entity(capsys) -> None:
    code, out, _ = run(capsys, "show", "event-2025-02-14-lunar-remote-sensing-tender")
    flat = " ".join(out.split())
    assert "CMSA (also China Manned Space Agency, China Manned Space Engineering Office, 中国载人航天工程办公室)" in flat


def test_corrected_segments() -> None:
    slips = [Correction("Taigong", "Tiangong"), Correction("Long-March 2-F", "Long March 2F")]
    text = "aboard a Long-March 2-F since the Taigong station; Taigong again"
    segments = corrected(text, slips)
    assert "".join(s.text for s in segments) == ("aboard a Long-March 2-F [sic: Long March 2F] since the Taigong "
                                                  "[sic: Tiangong] station; Taigong [sic: Tiangong] again")
    assert [s.text for s in segments if s.ours] == [" [sic: Long March 2F]", " [sic: Tiangong]", " [sic: Tiangong]"]
    assert "".join(s.text for s in segments if not s.ours) == text  # the report's words, all of them, in order
    assert corrected("no slip here", slips) == [corrected("no slip here", [])[0]]


# -- the app's search paths ------------------------------------------------------------------------


def test_the_store_search_finds_aliases_as_the_palette_does(tmp_path: Path) -> None:
    paths = [DATA]
    open_model(paths, cache_dir=tmp_path / "cache")
    result = open_model(paths, cache_dir=tmp_path / "cache")
    found = {hit.record.id for hit in searcher(result.model).search("qianfan")}
    assert found == naming(open_model([DATA]).model, "Spacesail")
    assert result.model.aliases.of("Spacesail") == ("Qianfan", "千帆", "Thousand Sails")


async def test_timeline_search_as_you_type_finds_an_alias() -> None:
    app = make_app(load_result=open_model([DATA]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        tab = app.query_one(TimelineTab)
        await pilot.press("slash", *"qianfan")
        await settle(pilot)
        shown = {event.id for event in tab.shown_events}
        assert shown and all("Spacesail" in app.model.get(f"{KEY}/{ident}").entities.spacecraft for ident in shown)
        assert "event-2025-01-23-spacesail-polar-orbit-group-6" in shown


# -- validation ------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the data folder: the edition and the aliases file beside it."""
    target = tmp_path / "data"
    shutil.copytree(EDITION, target / EDITION.name)
    shutil.copyfile(ALIASES, target / "aliases.toml")
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if needle in line)


def errors(folder: Path) -> list[str]:
    return [str(p) for p in open_model([folder]).errors]


def test_shipped_aliases_are_clean_and_marked_as_ours(capsys) -> None:
    assert errors(DATA) == [] and errors(EDITION) == []
    assert ALIASES.read_text("utf-8").startswith("# Ours, not the report's")
    assert run(capsys, "validate")[0] == 0


def test_unknown_entity_is_an_error(data_copy: Path, capsys) -> None:
    aliases = data_copy / "aliases.toml"
    edit(aliases, 'name = "Honghu"', 'name = "Hongyan"')
    [message] = errors(data_copy)
    assert message == f"{aliases}:{line_of(aliases, 'Hongyan')}: aliases: entity 'Hongyan' is named by no record"
    code, out, _ = run(capsys, "validate", str(data_copy))
    assert code == 1 and "'Hongyan' is named by no record" in out


def test_one_alias_claimed_by_two_entities_is_an_error(data_copy: Path) -> None:
    aliases = data_copy / "aliases.toml"
    edit(aliases, 'aliases = ["国网"]', 'aliases = ["国网", "Qianfan"]')
    [message] = errors(data_copy)
    assert f"{aliases}:{line_of(aliases, '国网')}:" in message
    assert "'Qianfan' is claimed by both 'Spacesail' and 'Guowang'" in message


def test_an_alias_that_is_another_entity_is_an_error(data_copy: Path) -> None:
    edit(data_copy / "aliases.toml", 'aliases = ["鸿鹄"]', 'aliases = ["鸿鹄", "Guowang"]')
    [message] = errors(data_copy)
    assert "'Guowang' of 'Honghu' is itself the entity 'Guowang'" in message


def test_bad_entries_are_reported_all_at_once(data_copy: Path) -> None:
    aliases = data_copy / "aliases.toml"
    edit(aliases, 'wording = "Taigong"', 'wording = "Taigongg"')
    edit(aliases, 'record = "2024-09-to-2025-03/news-aerospace-china-medal-review"',
         'record = "2024-09-to-2025-03/news-nowhere"')
    edit(aliases, 'name = "CMSA"', 'name = "CMSA"\nalias = ["typo"]')
    found = errors(data_copy)
    assert any("correction: 'Taigongg' is in no record's text" in m for m in found)
    assert any("editor's note links to record '2024-09-to-2025-03/news-nowhere', which does not exist" in m
               for m in found)
    assert any("unknown key 'alias' (did you mean 'aliases'?)" in m for m in found)
    assert all(m.startswith(f"{aliases}:") for m in found) and len(found) == 3


def test_a_broken_aliases_file_is_reported_and_the_editions_still_load(data_copy: Path) -> None:
    aliases = data_copy / "aliases.toml"
    aliases.write_text('[[entities]]\nname = "CMSA"\naliases = ["China Manned', "utf-8")
    result = open_model([data_copy])
    [message] = [str(p) for p in result.errors]
    assert message.startswith(f"{aliases}:") and "TOML syntax error" in message
    assert len(result.model.news) == 17 and not result.model.aliases


def test_an_edition_given_alone_takes_the_aliases_beside_it(data_copy: Path) -> None:
    model = open_model([data_copy / EDITION.name]).model
    assert model.aliases.of("CMSA")[0] == "China Manned Space Agency"
    spacewalk = model.get(f"{KEY}/news-record-spacewalk")
    assert "Tiangong" in spacewalk.entities.spacecraft and "天宫" in spacewalk.entities.other_names
    assert "天宫" not in spacewalk.entities.names()  # other names are never listed as entities


def test_without_an_aliases_file_nothing_is_added(edition_copy: Path) -> None:
    model = open_model([edition_copy]).model
    assert not model.aliases
    assert all(not record.entities.other_names for record in model.records())
    assert corrected_text("the Taigong space station", model.aliases) == "the Taigong space station"


@pytest.mark.parametrize("text", [
    'entities = "CMSA"',
    '[[entities]]\nname = 5\naliases = ["x"]',
    '[[entities]]\nname = "CMSA"\naliases = "China Manned Space Agency"',
    'corrections = [1, 2]',
    '[[editor_notes]]\nrecord = "news-record-spacewalk"\ntext = "not a key"',
    '[[entities]]\nname = "CMSA"\naliases = [""]',
])
def test_hostile_aliases_files_are_problems_never_tracebacks(data_copy: Path, text: str) -> None:
    aliases = data_copy / "aliases.toml"
    aliases.write_text(text, "utf-8")
    result = open_model([data_copy])
    assert result.errors and all(str(p).startswith(f"{aliases}") for p in result.errors)
    assert len(result.model.events) == 32


def test_an_aliases_folder_or_markup_is_handled(data_copy: Path, capsys) -> None:
    aliases = data_copy / "aliases.toml"
    aliases.write_text('[[entities]]\nname = "CMSA"\naliases = ["[bold]x[/] \\u001b[31mred"]\n', "utf-8")
    result = open_model([data_copy])
    assert result.errors == [] and result.model.aliases.of("CMSA") == ("[bold]x[/] \ufffd[31mred",)
    assert any("control character" in str(p) for p in result.warnings)
    code, out, _ = run(capsys, "show", "--data", str(data_copy), "news-lunar-remote-sensing-tender")
    assert "CMSA (also [bold]x[/] \ufffd[31mred)" in out and "\x1b" not in out
    aliases.unlink()
    aliases.mkdir()
    [message] = [str(p) for p in open_model([data_copy]).errors]
    assert message.startswith(f"{aliases}") and "folder" in message


async def test_the_timeline_detail_marks_slips_and_names_other_names() -> None:
    from briefing.app.widgets.event_detail import EventDetail

    app = make_app(load_result=open_model([DATA]))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("slash", *"shenzhou-19 launched", "enter")
        await settle(pilot)
        detail = " ".join(app.query_one(EventDetail).text.split())
        assert "aboard a Long-March 2-F on October 30, 2024" in detail  # a spelling, not a slip: no [sic]
        assert "since the Taigong [sic: Tiangong] space station" in detail
        assert "Shenzhou-19 (also Shenzhou 19, 神舟十九号)" in detail
