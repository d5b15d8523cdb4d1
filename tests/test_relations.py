"""Relations the report states in words (developed by, launched aboard, subsidiary of, manufactured by,
magazine of, part of) as typed links between entities: checked, shown by ``show``, the reading pane and the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.model.data.records import Relation
from briefing.model.store.opening import open_model

from .app_helpers import app_on, open_news
from .test_app_news import move_to, pane
from .cli_helpers import run
from .conftest import DATA, EDITION


@pytest.fixture(scope="module")
def edition():
    return open_model([DATA]).model.editions[0]


@pytest.mark.parametrize("relation", [
    Relation("Qingzhou", "developed by", "CAS Innovation Academy for Microsatellites", "news-space-plane-finalists"),
    Relation("Haolong", "developed by", "Chengdu Aircraft Research and Design Institute", "news-space-plane-finalists"),
    Relation("Shenzhou-19", "launched aboard", "Long March 2-F", "news-record-spacewalk"),
    Relation("China Great Wall Industry Corporation", "subsidiary of", "CASC", "news-pakistan-cooperation"),
    Relation("Spacesail", "manufactured by", "Genesat", "news-spacesail-launches"),
    Relation("Aerospace China", "magazine of", "CASC", "news-aerospace-china-medal-review"),
])
def test_each_kind_of_relation_the_report_states_is_recorded(edition, relation: Relation) -> None:
    assert relation in [r._replace(words=()) for r in edition.relations]
    source = next(item for item in edition.news if item.id == relation.source)
    assert {relation.subject, relation.object} <= set(source.entities.names())


def test_relations_of_an_entity_and_the_other_end(edition) -> None:
    casc = edition.relations_of(["CASC"])
    assert {r.other("CASC") for r in casc} == {"China Great Wall Industry Corporation", "Aerospace China"}
    assert casc[0].other("Umbra") is None


def test_show_lists_the_relations_of_the_records_entities(capsys) -> None:
    code, out, _ = run(capsys, "show", "event-late-2025-qingzhou-test-flight")
    flat = " ".join(out.split())
    assert code == 0 and "Relations the report states" in flat
    # The report's tense: the Qingzhou will launch aboard the Kinetica-2 (late 2025), it has not.
    assert "Qingzhou to launch aboard Kinetica-2" in flat and "Kinetica-2 developed by CAS Space" in flat
    assert "Qingzhou launched aboard" not in flat
    code, out, _ = run(capsys, "show", "event-late-2025-qingzhou-test-flight", "--json")
    relations = json.loads(out)["relations"]
    assert {"subject": "Qingzhou", "relation": "to launch aboard", "object": "Kinetica-2",
            "source": "news-space-plane-finalists",
            "words": ["The Qingzhou prototype will launch aboard the first flight of the CAS Space Kinetica-2 rocket "
                      "in late 2025"]} in relations


def test_the_export_carries_each_editions_relations(capsys) -> None:
    code, out, _ = run(capsys, "export", "--format", "json")
    relations = json.loads(out)["editions"][0]["relations"]
    assert {"subject": "Aerospace China", "relation": "magazine of", "object": "CASC",
            "source": "news-aerospace-china-medal-review", "words": ["CASC's in-house magazine"]} in relations


async def test_the_reading_pane_shows_the_relations() -> None:
    app = app_on()
    async with app.run_test(size=(100, 40)) as pilot:
        tab = await open_news(pilot)
        await move_to(pilot, tab, f"{EDITION.name}/news-aerospace-china-medal-review")
        shown = pane(app).plain
        relations = shown.split("Relations the report states\n", 1)[1].split("\n\n", 1)[0].splitlines()
        # Every relation of an entity named here, from wherever in the edition the report states it.
        assert relations == ["China Great Wall Industry Corporation subsidiary of CASC",
                             "Aerospace China magazine of CASC"]
        assert "Editor's note (ours, not the report's)" in shown


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_relation_to_an_entity_its_item_does_not_name_is_an_error(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    edit(news, 'subject = "Spacesail"\nrelation = "manufactured by"\nobject = "Genesat"',
         'subject = "Guowang"\nrelation = "manufactured by"\nobject = "Genesat"')
    [message] = [str(p) for p in open_model([edition_copy]).errors]
    line = next(n for n, text in enumerate(news.read_text("utf-8").splitlines(), 1) if text == 'subject = "Guowang"')
    assert message == (f"{news}:{line}: relation 'Guowang' manufactured by 'Genesat': 'Guowang' is not an entity "
                       "of its source item 'news-spacesail-launches'")


def test_an_unknown_relation_kind_or_source_is_an_error(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    edit(news, 'relation = "magazine of"', 'relation = "owned by"')
    edit(news, 'source = "news-record-spacewalk"\n', 'source = "news-nowhere"\n')
    found = [str(p) for p in open_model([edition_copy]).errors]
    assert any("'relation' must be one of developed by, manufactured by" in m and "'owned by'" in m for m in found)
    assert any("links to news item 'news-nowhere', which does not exist" in m for m in found)


async def test_e_follows_relations_to_the_entities_they_link() -> None:
    """On the Qingzhou test-flight event, ``e`` lists the entities the report relates to it, and
    choosing one lists the records that name it."""
    from textual.widgets import Input

    from briefing.app.screens.entity_screen import EntityScreen

    from .app_helpers import app_on, screen_text, settle

    app = app_on()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("slash", *"kinetica-2 rocket")
        await settle(pilot)
        await pilot.press("escape")  # leave the search box on the one event found
        await settle(pilot)
        assert not isinstance(app.focused, Input)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EntityScreen)
        assert "Named in Qingzhou prototype to fly on the first Kinetica-2 launch" in screen_text(app)
        assert "CAS Innovation Academy for Microsatellites" in screen_text(app)  # whole, never cut
        assert app.screen._render_name(3, 200).plain == ("CAS Innovation Academy for Microsatellites related: "
                                                         "Qingzhou developed by CAS Innovation Academy for "
                                                         "Microsatellites · 2 records")
        # Down to the related academy, then its records: the paragraph and event that name it.
        names = [name for _, name in app.screen._names]
        for _ in range(names.index("CAS Innovation Academy for Microsatellites")):
            await pilot.press("down")  # from the filter box, down moves through the names
        await pilot.press("enter")  # to the records naming it
        await settle(pilot)
        listed = {record.id for record in app.screen._records}
        assert listed == {"news-space-plane-finalists", "event-2024-10-29-space-plane-finalists"}
