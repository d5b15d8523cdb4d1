"""The Review screen: R on a draft, every key pressed, decisions saved, and how it looks at 80x24 and 120x40."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from briefing.app.app import make_app
from briefing.app.screens.review_screen import ReviewScreen
from briefing.model.store.opening import open_model

from .app_helpers import app_on, hold_still, notices, screen_text, settle
from .review_helpers import draft, draft_template  # noqa: F401  (fixtures)

MISSED = "event-2022-china-great-wall-industry-corporation"


def _review_app(folder: Path, **options):
    """The app on the draft alone, loaded up front (as app_on does), knowing its data path for R."""
    return make_app([str(folder)], load_result=open_model([folder]), **options)


def _values(folder: Path) -> list[dict]:
    return tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))["values"]


def _doubtful_left(folder: Path) -> int:
    """Doubtful values left, from the file: read from the report (never ``ours``), under 0.9, not reviewed."""
    return sum(1 for v in _values(folder) if v["confidence"] < 0.9 and not v["reviewed"] and v.get("ours") is not True)


async def _open(pilot, app) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.session is not None)
    return app.screen


async def _saved(pilot, screen: ReviewScreen) -> None:
    await settle(pilot, lambda: not screen.outstanding)
    await settle(pilot)


def _forget_an_event(folder: Path) -> None:
    """As if the drafter had missed the 2022 contract: its event and its values gone."""
    timeline = tomllib.loads((folder / "timeline.toml").read_text(encoding="utf-8"))
    timeline["events"] = [e for e in timeline["events"] if e["id"] != MISSED]
    (folder / "timeline.toml").write_text(tomli_w.dumps(timeline), encoding="utf-8")
    review = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))
    review["values"] = [v for v in review["values"] if v["record"] != MISSED]
    (folder / "review.toml").write_text(tomli_w.dumps(review), encoding="utf-8")


async def test_r_opens_review_with_count_sentence_and_why(draft: Path) -> None:
    app = _review_app(draft)
    total = _doubtful_left(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app)
        text = screen_text(app)
        assert f"{total} of {total} left" in text.splitlines()[0]
        # Listed: every doubtful value, and none the drafter wrote itself (ours = true: titles, topics).
        listed = [r.payload for r in screen.rows if r.kind == "value"]
        assert len(listed) == total and not any(v.ours for v in listed)
        assert any(v.get("ours") is True and v["confidence"] < 0.9 for v in _values(draft))
        for _ in range(4):
            await pilot.press("n")
        await settle(pilot)
        assert screen.current_value().value == "2025"
        text = screen_text(app)
        # The value, why, and the whole sentence, without scrolling, at 80x24.
        assert "date = 2025" in text and "a year alone" in text
        assert "On February 14, 2025, CMSA issued" in text and "characteristic minerals.”" in text


async def test_every_decision_key_saves_and_undo_turns_it_round(draft: Path) -> None:
    app = _review_app(draft)
    total = _doubtful_left(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app)
        first = screen.current_value()
        await pilot.press("a")  # accept, and on to the next one left
        await _saved(pilot, screen)
        assert _doubtful_left(draft) == total - 1 and screen.current_value().id != first.id
        await pilot.press("N")  # previous one left: none above
        await settle(pilot)
        await pilot.press("n", "n", "n")
        await settle(pilot)
        year = screen.current_value()
        assert year.value == "2025"
        await pilot.press("e")
        await settle(pilot)
        editor = screen.query_one("#review-edit")
        assert editor.has_focus and editor.value == "2025"
        await pilot.press(*["backspace"] * 4, *"late 20")
        await settle(pilot)
        assert "✗" in screen_text(app)  # checked as typed: "late 20" is no date
        await pilot.press(*"25", "enter")
        await _saved(pilot, screen)
        edited = next(v for v in screen.session.values if v.id == year.id)
        assert edited.decision == "edited" and edited.value == "late 2025"
        assert 'date = "late 2025"' in (draft / "timeline.toml").read_text(encoding="utf-8")
        # x: asks value or record; v drops the value.
        name = next(v for v in screen.session.doubtful() if v.field.startswith("entities.") and v.left)
        screen.query_one("#review-list").move_to(next(i for i, r in enumerate(screen.rows)
                                                      if r.kind == "value" and r.payload.id == name.id))
        await pilot.press("x")
        await settle(pilot)
        assert "drop the whole record" in screen_text(app)
        await pilot.press("v")
        await _saved(pilot, screen)
        assert next(v for v in screen.session.values if v.id == name.id).decision == "rejected"
        # u undoes the last decision: the name is back in news.toml.
        await pilot.press("u")
        await _saved(pilot, screen)
        assert next(v for v in screen.session.values if v.id == name.id).decision is None
        # A: the rest of this record.
        screen.query_one("#review-list").move_to(next(i for i, r in enumerate(screen.rows)
                                                      if r.kind == "value" and r.payload.id == name.id))
        await pilot.press("A")
        await _saved(pilot, screen)
        assert not any(v.left for v in screen.session.values if v.record_key == name.record_key)
        # x then r: the whole record (an event).
        event = next(v for v in screen.session.doubtful() if v.file == "timeline.toml" and v.left)
        screen.query_one("#review-list").move_to(next(i for i, r in enumerate(screen.rows)
                                                      if r.kind == "value" and r.payload.id == event.id))
        await pilot.press("x", "r")
        await _saved(pilot, screen)
        assert event.record not in (draft / "timeline.toml").read_text(encoding="utf-8")
        # c: asks, says how many, Enter accepts.
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*["backspace"] * 3, "0")
        await settle(pilot)
        left = screen.session.left()[0]
        assert f"{left} of them doubtful" in screen_text(app)
        await pilot.press("enter")
        await _saved(pilot, screen)
        assert _doubtful_left(draft) == 0 and "reviewed: nothing left" in screen_text(app).splitlines()[0]
    from briefing.model.data.loader import load_editions

    assert load_editions([draft]).errors == []


async def test_help_lists_the_review_keys(draft: Path) -> None:
    app = _review_app(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        assert "Reviewing the draft" in text
        for words in ("Accept", "Edit", "Reject", "Next", "Previous", "Accept rest of record", "Undo"):
            assert words in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_enter_opens_the_record_and_esc_closes(draft: Path) -> None:
    app = _review_app(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press("n")
        await settle(pilot)
        value = screen.current_value()
        await pilot.press("enter")
        await settle(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await settle(pilot)
        record = app.main.current_record()
        assert record is not None and record.id == value.record
        screen = await _open(pilot, app)
        # A value of the medal table's context (no record the app lists): o opens the paragraph it was read from.
        context = next(i for i, r in enumerate(screen.rows)
                       if r.kind == "value" and r.payload.file == "medals.toml" and r.payload.record == "context")
        screen.query_one("#review-list").move_to(context)
        await settle(pilot)
        paragraph = screen.current_value().item
        await pilot.press("o")
        await settle(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await settle(pilot, lambda: app.main.current_record() is not None and app.main.current_record().id == paragraph)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, ReviewScreen))


async def test_r_is_off_on_an_edition_that_is_no_draft() -> None:
    app = app_on()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Review the draft" not in screen_text(app)


async def test_r_is_in_the_help_on_a_draft(draft: Path) -> None:
    app = _review_app(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert "Review the draft" in screen_text(app)


async def test_a_sentence_with_no_event_is_listed_and_m_makes_one(draft: Path) -> None:
    _forget_an_event(draft)
    app = _review_app(draft)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app)
        await settle(pilot, lambda: screen.undrafted)
        row = next(i for i, r in enumerate(screen.rows) if r.kind == "sentence")
        screen.query_one("#review-list").move_to(row)
        await settle(pilot)
        assert "Not drafted" in screen_text(app) and "a date with no event: 2022" in screen_text(app)
        await pilot.press("m")
        await _saved(pilot, screen)
        made = screen.current_value()
        assert made is not None and made.field == "date" and made.value == "2022" and made.left
        timeline = tomllib.loads((draft / "timeline.toml").read_text(encoding="utf-8"))
        event = next(e for e in timeline["events"] if e["id"] == made.record)
        assert event["source"] == "news-china-space-cooperation-pakistan-expanded"
        assert "China Great Wall Industry Corporation" in event["entities"]["organisations"]
        assert not any(r.kind == "sentence" for r in screen.rows)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_review_snapshot(snap_compare, draft: Path, size: tuple[int, int]) -> None:
    async def open_review(pilot) -> None:
        screen = await _open(pilot, pilot.app)
        await pilot.press("n", "n")  # 'CAS Space': its words marked in the sentence
        await _saved(pilot, screen)
        assert screen.current_value().value == "CAS Space"
        await hold_still(pilot)

    assert snap_compare(_review_app(draft), terminal_size=size, run_before=open_review)


async def test_n_and_N_move_among_values_left_esc_cancels_an_edit_and_a_decided_value_says_so(draft: Path) -> None:
    app = _review_app(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app)
        first = screen.current_value()
        await pilot.press("n", "n")
        await settle(pilot)
        third = screen.current_value()
        await pilot.press("N")
        await settle(pilot)
        second = screen.current_value()
        assert len({first.id, second.id, third.id}) == 3
        await pilot.press("N")
        await settle(pilot)
        assert screen.current_value().id == first.id
        await pilot.press("e", "x", "escape")  # typed into the editor, then dropped
        await settle(pilot)
        assert not screen.query_one("#review-edit").display and screen.session.get(first.id).decision is None
        await pilot.press("a")
        await _saved(pilot, screen)
        await pilot.press("N")
        await settle(pilot)
        assert "No value left above" in notices(app)
        screen.query_one("#review-list").move_to(next(i for i, r in enumerate(screen.rows)
                                                      if r.kind == "value" and r.payload.id == first.id))
        await pilot.press("a")
        await settle(pilot)
        assert "Already accepted" in notices(app)


async def test_another_reviewers_decisions_show_up(draft: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.app.screens import review_screen
    from briefing.model.draft.review_decisions import open_review

    monkeypatch.setattr(review_screen, "POLL_SECONDS", 0.1)
    app = _review_app(draft)
    total = _doubtful_left(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app)
        other = open_review(draft, reviewer="bob")
        other.accept([v.id for v in other.doubtful()[:5]])
        await settle(pilot, lambda: f"{total - 5} of {total} left" in screen_text(app).splitlines()[0])
        await pilot.press("a")  # on a value bob accepted meanwhile: said, not decided twice
        await settle(pilot)
        assert "Already accepted" in notices(app)
        await pilot.press("n", "a")  # ours, on top of bob's: none lost
        await _saved(pilot, screen)
        assert _doubtful_left(draft) == total - 6


async def test_q_right_after_a_decision_still_saves_it(draft: Path) -> None:
    app = _review_app(draft)
    total = _doubtful_left(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app)
        await pilot.press("a", "q")  # no wait: the writer finishes what was queued before the app ends
    assert _doubtful_left(draft) == total - 1


async def test_enter_right_after_an_edit_shows_the_record_as_edited(draft: Path) -> None:
    app = _review_app(draft)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app)
        await pilot.press("n", "n", "n", "n")
        await settle(pilot)
        year = screen.current_value()
        assert year.field == "date" and year.value == "2025"
        # Enter after the edit moves on to the event's next value left (its status): Enter opens the event.
        await pilot.press("e", *["backspace"] * 4, *"2025-07-01", "enter", "enter")  # no wait for the save
        await settle(pilot, lambda: not isinstance(app.screen, ReviewScreen))
        await settle(pilot, lambda: app.main.current_record() is not None and app.main.current_record().id == year.record)
        assert str(app.main.current_record().date.display()) == "1 Jul 2025"
