"""Reviewing a draft in the model: the doubtful values in the report's order, decisions saved at once,
undo across restarts, two reviewers at once, and the edition still valid after every change."""

from __future__ import annotations

import multiprocessing
import tomllib
from pathlib import Path

import pytest

from briefing.model.data.loader import load_editions
from briefing.model.draft.review_decisions import open_review
from briefing.model.draft.review_values import ReviewError

from .review_helpers import draft, draft_template  # noqa: F401  (fixtures)


def _values(folder: Path) -> dict[str, dict]:
    from briefing.model.draft.review_values import read_values

    tables = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))["values"]
    return {v.id: tables[v.index] for v in read_values(tables)}


def _doubtful_in_file(folder: Path) -> int:
    """Doubtful values counted from the file itself: read from the report (not ``ours``) under 0.9."""
    tables = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))["values"]
    return sum(1 for table in tables if table["confidence"] < 0.9 and table.get("ours") is not True)


#: A year alone the drafter read as an event's date (from the report's introduction): doubtful.
YEAR = {"field": "date", "value": "2025", "record": "event-2025-prc-aiming-number-key-advances"}
#: A name the report misspells ("Taigong"), filed as the spacecraft it means: doubtful.
SPELLED = {"value": "Tiangong", "field": "entities.spacecraft"}


def _valid(folder: Path) -> None:
    result = load_editions([folder])
    assert result.errors == [], result.errors[:3]


def _first(session, **where) -> object:
    return next(v for v in session.doubtful() if all(getattr(v, k) == w for k, w in where.items()))


def test_doubtful_values_in_report_order_grouped_by_record_with_sentence_and_why(draft: Path) -> None:
    session = open_review(draft)
    doubtful = session.doubtful()
    total = _doubtful_in_file(draft)
    assert total >= 10 and session.left() == (total, total) and len(doubtful) == total
    assert session.left_phrase() == f"{total} of {total} left"
    # What the drafter wrote itself (titles, topics, figures: ours = true) is never listed nor counted,
    # though the drafter's confidence in its wording is low.
    ours = [v for v in session.values if v.ours]
    assert any(v.field == "title" and v.confidence < 0.9 for v in ours) and any(v.field == "topic" for v in ours)
    assert not any(v.ours for v in doubtful) and all(v.confidence < 0.9 for v in doubtful)
    assert "ours" not in " ".join(session.why(v) for v in doubtful)
    # Grouped: once a record's values end, that record never comes back.
    seen, last = set(), None
    for value in doubtful:
        if value.record_key != last:
            assert value.record_key not in seen
            seen.add(value.record_key)
            last = value.record_key
    # The first paragraph's values first (the space walk), and records in the order of their paragraphs.
    places = [session.item_order[v.item] for v in doubtful if v.item in session.item_order]
    firsts = [session.item_order[v.item] for i, v in enumerate(doubtful)
              if (i == 0 or v.record_key != doubtful[i - 1].record_key) and v.item in session.item_order]
    assert firsts == sorted(firsts) and places[0] == min(places)
    spelled = _first(session, **SPELLED)
    assert doubtful[0] is spelled
    marked = session.sentence(spelled)
    assert marked.text.startswith("The Shenzhou-19 launched") and marked.text[marked.start:marked.end] == "Taigong"
    assert session.why(spelled) == "the report spells it differently (spelled 'Taigong' in the report)"
    arm = _first(session, value="CAS Space", field="entities.organisations")
    marked = session.sentence(arm)
    assert marked.text[marked.start:marked.end] == "CAS Space" and "before a serial name" in session.why(arm)
    # The trends' topic: marked with its own words (the drafter once counted its span from the
    # sentence's start; review_values still marks the value's own words for such older drafts).
    topic = _first(session, field="topic", file="trends.toml")
    marked = session.sentence(topic)
    assert marked.text[marked.start:marked.end] == topic.value == "6G technology and LEO satellite internet"
    year = _first(session, **YEAR)
    assert "year alone" in session.why(year)
    assert session.sentence(year).text.startswith("On February 14, 2025, CMSA issued a tender")
    # Ids are stable: the same on a second reading, and after other values are decided.
    ids = [v.id for v in doubtful]
    assert len(set(ids)) == len(ids)
    session.accept(ids[:3])
    assert [v.id for v in open_review(draft).doubtful()] == ids


def test_accept_edit_reject_change_review_and_data_and_stay_valid(draft: Path) -> None:
    session = open_review(draft)
    title = _first(session, field="status", file="timeline.toml")
    year = _first(session, **YEAR)
    name = _first(session, **SPELLED)
    assert session.accept([title.id]).message == "1 value accepted"
    assert session.edit(year.id, "late 2025").message.endswith("late 2025")
    session.reject(name.id)
    total = _doubtful_in_file(draft)
    assert session.left() == (total - 3, total)
    values = _values(draft)
    assert values[title.id]["reviewed"] is True and values[title.id]["decision"] == "accepted"
    assert {k: values[year.id][k] for k in ("decision", "value", "drafted", "reviewed")} == {
        "decision": "edited", "value": "late 2025", "drafted": "2025", "reviewed": True}
    assert values[name.id]["decision"] == "rejected"
    timeline = tomllib.loads((draft / "timeline.toml").read_text(encoding="utf-8"))
    assert next(e for e in timeline["events"] if e["id"] == year.record)["date"] == "late 2025"
    news = tomllib.loads((draft / "news.toml").read_text(encoding="utf-8"))
    assert "Tiangong" not in next(i for i in news["items"] if i["id"] == name.record)["entities"]["spacecraft"]
    assert (draft / "timeline.toml").read_text(encoding="utf-8").startswith("# Edition ")  # its header kept
    _valid(draft)


def test_edits_are_checked_against_the_schema(draft: Path) -> None:
    session = open_review(draft)
    year = _first(session, **YEAR)
    assert not session.check(year, "sometime").ok
    assert not session.check(year, "2025-02-30").ok
    assert session.check(year, "2025-02-03").ok and session.check(year, "December 2024").ok
    status = next((v for v in session.values if v.field == "status"), None)
    assert status is not None and not session.check(status, "maybe").ok and session.check(status, "Planned").ok
    source = next(v for v in session.values if v.file == "timeline.toml" and v.field == "source")
    assert not session.check(source, "news-nowhere").ok
    with pytest.raises(ReviewError, match="needs its date"):
        session.reject(year.id)  # a required field: edit it or drop the record
    with pytest.raises(ReviewError):
        session.edit(year.id, "not a date")
    assert session.left()[0] == _doubtful_in_file(draft)


def test_reject_whole_record_and_undo_survive_a_restart(draft: Path) -> None:
    session = open_review(draft)
    year = _first(session, **YEAR)
    before = (draft / "timeline.toml").read_bytes()
    outcome = session.reject(year.id, whole_record=True)
    assert f"rejected {year.record}" in outcome.message and outcome.files == ("timeline.toml",)
    assert year.record not in (draft / "timeline.toml").read_text(encoding="utf-8")
    _valid(draft)
    # A new session (the app restarted) undoes it: the event is back, byte for byte.
    again = open_review(draft)
    assert again.undo().message.startswith("undid reject-record")
    assert (draft / "timeline.toml").read_bytes() == before
    assert again.left()[0] == _doubtful_in_file(draft)
    with pytest.raises(ReviewError, match="nothing of yours to undo"):
        open_review(draft).undo()


def test_a_paragraph_other_records_point_at_is_not_dropped(draft: Path) -> None:
    session = open_review(draft)
    item = next(v for v in session.values if v.file == "news.toml" and v.record == "news-record-breaking-space-walk-achieved")
    with pytest.raises(ReviewError, match="is the paragraph of"):
        session.reject(item.id, whole_record=True)


def test_accept_rest_of_record_and_above_a_confidence(draft: Path) -> None:
    session = open_review(draft)
    first = _first(session, record="news-record-breaking-space-walk-achieved")
    session.accept_record(first.id)
    assert all(v.reviewed for v in session.values if v.record_key == first.record_key and v.doubtful)
    assert session.count_above(0.8) == (sum(1 for v in session.values if not v.reviewed and v.confidence >= 0.8),
                                       sum(1 for v in session.values if v.left and v.confidence >= 0.8))
    count, doubtful = session.count_above(0.8)
    outcome = session.accept_above(0.8)
    assert outcome.message.startswith(f"{count} values accepted") and f"({doubtful} of them" in outcome.message
    assert not any(v for v in session.values if v.confidence >= 0.8 and not v.reviewed)
    assert session.undo().message.startswith(f"undid accept-above ({count} values)")


def test_an_interrupted_decision_is_finished_on_the_next_open(draft: Path) -> None:
    session = open_review(draft)
    year = _first(session, **YEAR)
    original = (draft / "timeline.toml").read_bytes()
    session.edit(year.id, "mid 2025")
    # As if killed after review.toml was written and before timeline.toml was: put the old file back.
    (draft / "timeline.toml").write_bytes(original)
    open_review(draft)
    assert 'date = "mid 2025"' in (draft / "timeline.toml").read_text(encoding="utf-8")
    _valid(draft)


def _decide_half(folder: str, parity: int, reviewer: str, ids: list[str]) -> None:
    session = open_review(Path(folder), reviewer=reviewer, lock_timeout=30)
    for ident in ids[parity::2]:
        session.accept([ident])


def test_two_reviewers_at_once_lose_no_decision(draft: Path) -> None:
    ids = [v.id for v in open_review(draft).doubtful()][:40]
    assert len(ids) >= 10
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_decide_half, args=(str(draft), parity, name, ids))
               for parity, name in ((0, "alice"), (1, "bob"))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    values = _values(draft)
    assert all(values[i]["reviewed"] is True and values[i]["decision"] == "accepted" for i in ids)
    log = tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))["decisions"]
    assert sorted(d["number"] for d in log) == list(range(1, len(ids) + 1))
    assert {d["by"] for d in log} == {"alice", "bob"}
    # Each undoes only their own last decision.
    alice = open_review(draft, reviewer="alice")
    alice.undo()
    undone = [d for d in tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))["decisions"]
              if d.get("undone")]
    assert len(undone) == 1 and undone[0]["by"] == "alice"


def test_a_dated_sentence_with_no_event_is_listed_made_into_one_and_undone(draft: Path) -> None:
    import tomli_w

    from briefing.model.draft.review_undrafted import make_event, undrafted

    assert undrafted(open_review(draft)) == []  # the drafter made an event of every dated sentence
    missed = "event-2022-china-great-wall-industry-corporation"
    timeline = tomllib.loads((draft / "timeline.toml").read_text(encoding="utf-8"))
    timeline["events"] = [e for e in timeline["events"] if e["id"] != missed]
    (draft / "timeline.toml").write_text(tomli_w.dumps(timeline), encoding="utf-8")
    review = tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))
    review["values"] = [v for v in review["values"] if v["record"] != missed]
    (draft / "review.toml").write_text(tomli_w.dumps(review), encoding="utf-8")
    session = open_review(draft)
    left = session.left()[0]
    found = undrafted(session)
    assert [s.text[:37] for s in found] == ["China Great Wall Industry Corporation"]
    assert found[0].why == "a date with no event: 2022"
    outcome = make_event(session, found[0])
    assert session.left()[0] == left + 4 and len(outcome.ids) == 4
    made = [session.get(i) for i in outcome.ids]
    assert {v.field: v.value for v in made}.items() >= {"date": "2022", "status": "happened"}.items()
    _valid(draft)
    assert undrafted(session) == []
    session.undo()
    assert session.left()[0] == left and len(undrafted(session)) == 1
    assert "event-2022" not in (draft / "timeline.toml").read_text(encoding="utf-8")


def test_the_app_start_up_imports_no_review_code_and_one_name_for_review_toml() -> None:
    import subprocess
    import sys

    from briefing.model.draft import review_places, review_values

    assert review_places.REVIEW_FILE == review_values.REVIEW_FILE
    # R's check runs from the first frame: it must not pull in the review (TOML parsing, the screen).
    code = ("import sys; from briefing.app.review_opening import ReviewOpening; "
            "from briefing.model.draft.review_places import draft_folders; "
            "print(sorted(m for m in sys.modules if 'review_' in m or m == 'tomllib'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['briefing.app.review_opening', 'briefing.model.draft.review_places']"


def test_a_log_naming_another_file_changes_nothing_outside_the_edition(draft: Path, tmp_path: Path) -> None:
    """review.toml is data: a decision log pointing elsewhere (../x, /etc) is never followed."""
    victim = tmp_path / "victim.toml"
    victim.write_text('items = [{ id = "a", headline = "kept" }]\n', encoding="utf-8")
    review = tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))
    review["decisions"] = [{"number": 1, "action": "edit", "by": "mallory", "values": [], "changes": [
        {"file": "../../victim.toml", "record": "a", "op": "set", "path": ["headline"], "after": "changed"},
        {"file": "news.toml", "record": "x", "op": "explode"}]}]
    value = review["values"][0]
    value["file"] = "../../victim.toml"
    import tomli_w

    (draft / "review.toml").write_text(tomli_w.dumps(review), encoding="utf-8")
    session = open_review(draft)
    with pytest.raises(ReviewError, match="not one of the edition's files"):
        session.reject(session.values[0].id, whole_record=True)
    session.accept([session.values[1].id])
    assert "kept" in victim.read_text(encoding="utf-8")
    _valid(draft)


def test_the_edition_status_counts_what_the_review_counts(draft: Path, tmp_path: Path) -> None:
    from briefing.model.library.status import edition_status, review_counts

    session = open_review(draft)
    session.accept([v.id for v in session.doubtful()[:4]])
    counts, problem = review_counts(draft)
    assert not problem and tuple(counts) == session.left() and counts.left == counts.total - 4
    assert edition_status(draft).label().startswith(f"draft ({counts.left} of {counts.total}")
    assert review_counts(tmp_path) == (None, "")


def test_review_toml_keeps_the_drafters_shape_for_counting_by_lines(draft: Path) -> None:
    """The edition's status counts review.toml line by line when it is in the drafter's shape: every
    [[values]] table flat and last, nothing naming values before them. Decisions keep that shape."""
    session = open_review(draft)
    doubtful = session.doubtful()
    session.accept([doubtful[0].id])
    session.edit(_first(session, **YEAR).id, "mid 2025")
    session.undo()
    data = (draft / "review.toml").read_bytes()
    blocks = data.split(b"\n[[values]]\n")
    assert b"[[decisions]]" in blocks[0] and b"[[values]]" not in blocks[0] and b"values =" not in blocks[0]
    assert all(b"\n[" not in block.rstrip(b"\n") for block in blocks[1:])
    assert len(blocks) - 1 == len(session.values)
    low = [block for block in blocks[1:] if b"\nreviewed = false" in block
           and float(block.split(b"\nconfidence = ")[1].split(b"\n")[0]) < 0.9]
    # The drafter's own values (ours = true) are unreviewed and under 0.9 too, but not left to review.
    assert any(b"\nours = true\n" in block for block in low)
    left = sum(1 for block in low if b"\nours = true" not in block)
    assert left == session.left()[0] == _doubtful_in_file(draft) - 1
