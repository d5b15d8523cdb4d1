"""Notes follow their records (issue 16, item 4): a note on a record of the old edition shows on the
record of the new edition that continues it, in ``briefing show`` and in the app's reading panes,
headed with the edition it was written on; a record with a note of its own shows its own only.

The second edition is made from the shipped one by :mod:`tests.diff_helpers`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefing.app.widgets.event_detail import EventDetail
from briefing.app.widgets.reading_pane import ReadingPane
from briefing.model.diff.carried import carry_notes
from briefing.model.notes.notebook import Note, Notebook
from tests import diff_helpers as h
from tests.app_helpers import app_on, screen_text, settle
from tests.cli_helpers import run

WRITTEN_ON = f"Your note, written on {h.OLD}"
SPACEWALK_NOTE = "Did the record stand after Shenzhou-20?"
#: In both editions under this id. The News tab lists the latest edition first, by section:
#: the spacewalk item, the new asteroid item (in the spacewalk's section), then this one.
SHIJIAN = "news-shijian-19-recovered"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return h.make_editions(tmp_path)


# -- briefing show ------------------------------------------------------------------------------


def test_show_prints_the_note_written_on_the_old_record_with_its_edition(data: Path, capsys) -> None:
    h.write_notes()  # a flagged note on the old Qingzhou event, which came true under a new id
    code, out, err = run(capsys, "show", f"{h.NEW}/{h.CAME_TRUE_NEW}", "--data", str(data))
    assert code == 0, err
    section = out[out.index(WRITTEN_ON):]
    assert "flagged" in section.splitlines()[0]
    assert section.splitlines()[1].strip() == h.CARRIED_NOTE
    assert out.count(h.CARRIED_NOTE) == 1 and "Your note  updated" not in out
    # The old record shows the note as yours, written there.
    code, out, _ = run(capsys, "show", f"{h.OLD}/{h.CAME_TRUE_OLD}", "--data", str(data))
    assert code == 0 and "Your note  updated" in out and "written on" not in out
    assert h.CARRIED_NOTE in out


def test_show_json_gives_the_carried_note_with_its_edition_and_key(data: Path, capsys) -> None:
    h.write_notes()
    code, out, err = run(capsys, "show", f"{h.NEW}/{h.CAME_TRUE_NEW}", "--data", str(data), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["note"] is None
    carried = doc["carried_note"]
    assert (carried["edition"], carried["key"], carried["text"], carried["flagged"]) == (
        h.OLD, f"{h.OLD}/{h.CAME_TRUE_OLD}", h.CARRIED_NOTE, True)
    # The dropped event's note has nowhere to go; a new item has no old record at all.
    code, out, _ = run(capsys, "show", f"{h.NEW}/{h.NEW_ITEM}", "--data", str(data), "--json")
    assert code == 0 and json.loads(out)["carried_note"] is None


def test_show_with_a_note_of_its_own_shows_that_note_only(data: Path, capsys) -> None:
    h.write_notes()
    Notebook.default().save(h.NEW, "events", h.CAME_TRUE_NEW, "Launched: check the orbit")
    code, out, err = run(capsys, "show", f"{h.NEW}/{h.CAME_TRUE_NEW}", "--data", str(data))
    assert code == 0, err
    assert "Launched: check the orbit" in out and h.CARRIED_NOTE not in out and "written on" not in out
    code, out, _ = run(capsys, "show", f"{h.NEW}/{h.CAME_TRUE_NEW}", "--data", str(data), "--json")
    doc = json.loads(out)
    assert doc["note"]["text"] == "Launched: check the orbit" and doc["carried_note"] is None


def test_show_with_one_edition_loaded_carries_nothing(data: Path, capsys) -> None:
    h.write_notes()
    code, out, err = run(capsys, "show", h.CAME_TRUE_NEW, "--data", str(data / h.NEW), "--json")
    assert code == 0, err
    assert json.loads(out)["carried_note"] is None


# -- carrying on through later editions -----------------------------------------------------------


def _note(key: str, text: str) -> Note:
    edition, ident = key.split("/")
    when = dt.datetime(2025, 4, 1, tzinfo=dt.timezone.utc)
    return Note(edition, "news", ident, text, False, when, when)


def test_a_note_goes_on_through_later_editions_until_a_record_has_its_own() -> None:
    links = {"a/x": "b/x", "b/x": "c/x", "c/x": "d/x"}
    first = _note("a/x", "written on a")
    carried = carry_notes(links, {"a/x": first})
    assert {key: (c.text, c.written_on) for key, c in carried.items()} == {
        "b/x": ("written on a", "a"), "c/x": ("written on a", "a"), "d/x": ("written on a", "a")}
    own = _note("c/x", "written on c")
    carried = carry_notes(links, {"a/x": first, "c/x": own})
    assert {key: (c.text, c.written_on) for key, c in carried.items()} == {
        "b/x": ("written on a", "a"), "d/x": ("written on c", "c")}


# -- the app ------------------------------------------------------------------------------------


def _pane_text(app) -> str:
    return app.screen.query_one("#news-reading", ReadingPane).plain


@pytest.mark.long
async def test_news_pane_shows_the_carried_note_with_its_edition_and_its_own_note_instead(data: Path) -> None:
    notebook = Notebook.default()
    notebook.save(h.OLD, "news", h.REWORDED, SPACEWALK_NOTE)
    notebook.save(h.OLD, "news", SHIJIAN, "Old note on the Shijian item")
    notebook.save(h.NEW, "news", SHIJIAN, "New note on the Shijian item")
    app = app_on(data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        # The editions are matched in a worker after the first frame; the pane then shows the note.
        await settle(pilot, lambda: app.main.active_tab_id == "news" and WRITTEN_ON in _pane_text(app))
        assert app.main.current_record().key == f"{h.NEW}/{h.REWORDED}"
        assert f"{WRITTEN_ON}\n{SPACEWALK_NOTE}" in _pane_text(app)
        screen = screen_text(app)
        assert WRITTEN_ON in screen and SPACEWALK_NOTE in screen
        # The list marks the new record as noted; it is listed once, as the new edition's (one list across editions).
        spacewalk_rows = [line for line in screen.splitlines() if "Sep25+ Record-Breaking Space Walk" in line]
        assert len(spacewalk_rows) == 1 and "✎" in spacewalk_rows[0]
        await pilot.press("j", "j")
        await settle(pilot, lambda: app.main.current_record().key == f"{h.NEW}/{SHIJIAN}")
        text = _pane_text(app)
        assert "Your note\nNew note on the Shijian item" in text
        assert "Old note on the Shijian item" not in text and "written on" not in text
        # Presenter mode hides the carried note with the rest; p again brings it back.
        await pilot.press("k", "k", "p")
        await settle(pilot, lambda: app.main.current_record().key == f"{h.NEW}/{h.REWORDED}" and app.view.presenter)
        await settle(pilot)
        assert SPACEWALK_NOTE not in _pane_text(app) and SPACEWALK_NOTE not in screen_text(app)
        await pilot.press("p")
        await settle(pilot, lambda: SPACEWALK_NOTE in _pane_text(app))


async def test_timeline_detail_shows_the_note_of_the_planned_event_on_the_one_that_came_true(data: Path) -> None:
    h.write_notes()
    app = app_on(data)
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        await settle(pilot, lambda: bool(app.view.links))
        await pilot.press("5")
        await settle(pilot, lambda: app.main.active_tab_id == "timeline" and app.main.current_record() is not None)
        # The Qingzhou events, chronological: the one that came true on 20 September 2025 is the last.
        await pilot.press("slash", *"qingzhou", "escape")
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot, lambda: app.main.current_record().key == f"{h.NEW}/{h.CAME_TRUE_NEW}")
        detail = app.screen.query_one(EventDetail).text
        assert f"{WRITTEN_ON} ⚑ flagged\n{h.CARRIED_NOTE}" in detail
