"""Follow-ups: due windows from the report's words, statuses on a fixed day, outcomes kept as notes are."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from briefing.model.data.dates import DateError, ReportDate
from briefing.model.followups.outcomes import TABLE, new_outcome, read_personal, record_outcome
from briefing.model.followups.status import follow_ups
from briefing.model.followups.windows import parse_window, window_of
from briefing.model.notes.notebook import Notebook
from briefing.model.store.opening import open_model
from tests.cli_helpers import run
from tests.conftest import EDITION
from tests.diff_helpers import CAME_TRUE_NEW, CAME_TRUE_OLD, NEW, REFINED, make_editions

DAY = dt.date(2026, 12, 6)
NOW = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.timezone.utc)
QINGZHOU, HAOLONG, AIMS = CAME_TRUE_OLD, REFINED, "event-2025-key-advances-aimed-for"
GOALS = ("event-by-2027-lunar-planetary-breakthroughs", "event-by-2035-lunar-research-station",
         "event-by-2050-space-science-leadership")


def _window(text: str):
    found = parse_window(text)
    return found.start.isoformat(), found.end.isoformat()


def test_windows_from_the_reports_words():
    assert window_of(ReportDate.parse("late 2025"))[:2] == (dt.date(2025, 9, 1), dt.date(2025, 12, 31))
    assert window_of(ReportDate.parse("2025")).end == dt.date(2025, 12, 31)
    assert window_of(ReportDate.parse("by 2027")).end == dt.date(2027, 12, 31)
    assert window_of(ReportDate.parse("late 2025")).wording == "late 2025"
    assert _window("the first half of 2025") == ("2025-01-01", "2025-06-30")
    assert _window("early 2026") == ("2026-01-01", "2026-04-30")
    assert _window("mid-2026") == ("2026-05-01", "2026-08-31")
    assert _window("Q3 2026") == ("2026-07-01", "2026-09-30")
    assert _window("H2 2026") == ("2026-07-01", "2026-12-31")
    assert _window("2026-02") == ("2026-02-01", "2026-02-28")
    assert _window("June 2026") == ("2026-06-01", "2026-06-30")
    assert parse_window("the First Half of 2025").wording == "the First Half of 2025"
    assert parse_window("late 2025").span_text() == "Sep–Dec 2025"
    with pytest.raises(DateError):
        parse_window("soon")


def test_the_shipped_plans_on_2026_12_06():
    model = open_model([EDITION]).model
    items = follow_ups(model.editions, [], DAY)
    status = {item.id: item.status for item in items}
    assert {key for key, value in status.items() if value == "overdue"} == {QINGZHOU, HAOLONG, AIMS}
    assert all(status[goal] == "upcoming" for goal in GOALS)
    assert [item.status for item in items] == ["overdue"] * 3 + ["upcoming"] * 3
    # Inside a window the plan is due, before it upcoming.
    assert {item.id: item.status for item in follow_ups(model.editions, [], dt.date(2025, 10, 1))}[QINGZHOU] == "due"
    assert {item.id: item.status for item in follow_ups(model.editions, [], dt.date(2025, 3, 1))}[QINGZHOU] \
        == "upcoming"


def test_outcomes_decide_and_the_latest_counts(tmp_path):
    model = open_model([EDITION]).model
    book = Notebook(tmp_path / "cfg")
    edition = model.editions[0].id
    record_outcome(book, new_outcome(edition, QINGZHOU, "happened", NOW, date=dt.date(2025, 12, 14),
                                     source="https://example.org/k2", note="On the second flight"))
    record_outcome(book, new_outcome(edition, HAOLONG, "slipped", NOW, window="the first half of 2027"))
    record_outcome(book, new_outcome(edition, AIMS, "cancelled", NOW))
    record_outcome(book, new_outcome(edition, AIMS, "reopened", NOW + dt.timedelta(seconds=1)))
    book.save(edition, "events", QINGZHOU, "A note beside the outcomes")  # notes and outcomes share the file
    outcomes, problems = read_personal(book)
    assert problems == [] and len(outcomes) == 4
    items = {item.id: item for item in follow_ups(model.editions, outcomes, DAY)}
    assert items[QINGZHOU].status == "happened" and items[QINGZHOU].happened_on == "2025-12-14"
    assert items[HAOLONG].status == "slipped" and items[HAOLONG].window.span_text() == "Jan–Jun 2027"
    assert items[HAOLONG].wording == "late 2025"  # the report's words stay
    assert items[AIMS].status == "overdue" and len(items[AIMS].outcomes) == 2  # reopened: the window again
    assert len(book.read_table(TABLE)) == 4 and book.load()[f"{edition}/{QINGZHOU}"].text


def test_a_later_edition_settles_a_plan_by_the_diffs_matching(tmp_path):
    model = open_model([make_editions(tmp_path)]).model
    items = {item.keys[0].split("/")[1]: item for item in follow_ups(model.editions, [], DAY)}
    assert len(items) == 6  # one item a plan, not one a record
    assert items[QINGZHOU].status == "happened"
    assert items[QINGZHOU].reported.key == f"{NEW}/{CAME_TRUE_NEW}"
    assert items[HAOLONG].status == "overdue" and items[HAOLONG].wording == "November 2025"
    assert items[HAOLONG].first.wording == "late 2025" and len(items[HAOLONG].keys) == 2


def test_cli_lists_json_and_overdue(capsys):
    code, out, _ = run(capsys, "followups", "--as-of", "2026-12-06", "--json")
    assert code == 0
    document = json.loads(out)
    by_id = {item["id"]: item for item in document["followups"]}
    assert by_id[QINGZHOU]["status"] == "overdue"
    assert (by_id[QINGZHOU]["due_from"], by_id[QINGZHOU]["due_by"], by_id[QINGZHOU]["wording"]) == \
        ("2025-09-01", "2025-12-31", "late 2025")
    assert by_id[GOALS[0]]["status"] == "upcoming" and by_id[GOALS[0]]["due_by"] == "2027-12-31"
    code, out, _ = run(capsys, "followups", "--as-of", "2026-12-06", "--overdue")
    assert code == 0 and len(out.splitlines()) == 3 and all(line.startswith("overdue") for line in out.splitlines())
    assert "late 2025" in out
    code, _, err = run(capsys, "followups", "--as-of", "someday")
    assert code == 2 and "--as-of" in err


def test_cli_records_outcomes_personal_and_team(capsys, tmp_path, monkeypatch):
    code, out, _ = run(capsys, "followup", "qingzhou", "--happened", "2025-12-14", "--note", "Flew.")
    assert code == 0 and "happened on 2025-12-14" in out
    code, _, err = run(capsys, "followup", "news-shijian-25-launched", "--cancelled")
    assert code == 2 and "not a planned event" in err
    code, _, err = run(capsys, "followup", HAOLONG, "--slipped", "soon")
    assert code == 2 and "cannot read the window" in err
    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o3770)
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(team))
    code, out, _ = run(capsys, "followup", HAOLONG, "--slipped", "mid 2027", "--team")
    assert code == 0 and "the team sees it" in out
    assert "followups" in (team / next(name for name in os.listdir(team) if name.endswith(".toml"))).read_text()
    code, out, _ = run(capsys, "followups", "--as-of", "2026-12-06", "--json")
    by_id = {item["id"]: item for item in json.loads(out)["followups"]}
    assert by_id[QINGZHOU]["status"] == "happened" and by_id[QINGZHOU]["outcome"]["note"] == "Flew."
    assert by_id[HAOLONG]["status"] == "slipped" and by_id[HAOLONG]["outcome"]["scope"] == "team"
    assert by_id[HAOLONG]["due_from"] == "2027-05-01" and by_id[HAOLONG]["wording"] == "late 2025"


def test_markdown_export_has_a_followups_section(capsys):
    from briefing.model.export.as_markdown import briefing_markdown

    model = open_model([EDITION]).model
    text = briefing_markdown(model, {}, followups=follow_ups(model.editions, [], DAY), as_of=DAY)
    section = text.split("# Follow-ups", 1)[1].split("\n# ", 1)[0]
    assert "as of 2026-12-06: 3 overdue, 3 upcoming" in section
    assert "| **overdue** | late 2025 | Sep–Dec 2025 | Qingzhou prototype" in section


def test_outcomes_that_cannot_be_read_are_left_out_and_said():
    from briefing.model.followups.outcomes import outcomes_from

    good = {"edition": "e", "id": "x", "outcome": "cancelled", "recorded": NOW}
    found, said = outcomes_from([good, {"edition": "e", "id": "x", "outcome": "happened", "recorded": NOW},
                                 {"edition": "e", "id": "x", "outcome": "exploded", "recorded": NOW}, "junk"])
    assert [o.kind for o in found] == ["cancelled"] and "3 follow-up outcomes" in said[0]
    assert outcomes_from("not a list")[0] == [] and "not a list" in outcomes_from("not a list")[1][0]
    found, _ = outcomes_from([{**good, "note": "\x1b]52;c;aGk=\x07 hi"}])
    assert "\x1b" not in found[0].note and "hi" in found[0].note


def test_outcomes_are_written_as_notes_are_locked_and_never_lost(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from briefing.model.followups.outcomes import OutcomeError

    folder = tmp_path / "cfg"

    def write(number: int) -> None:
        record_outcome(Notebook(folder, lock_timeout=30), new_outcome(
            "e", f"plan-{number}", "cancelled", NOW + dt.timedelta(microseconds=number)))

    with ThreadPoolExecutor(4) as pool:  # each writer its own descriptor: flock keeps them apart
        list(pool.map(write, range(40)))
    outcomes, problems = read_personal(Notebook(folder))
    assert problems == [] and sorted(o.id for o in outcomes) == sorted(f"plan-{n}" for n in range(40))
    # A hand-edited file whose [[followups]] is not a list of tables is refused, never rewritten.
    path = folder / "annotations.toml"
    path.write_text('version = 1\nfollowups = "mine"\n', "utf-8")
    with pytest.raises(OutcomeError, match="not a list of tables"):
        write(99)
    assert path.read_text("utf-8") == 'version = 1\nfollowups = "mine"\n'


def test_on_an_80_column_terminal_the_words_ids_and_statuses_stay_whole(capsys, monkeypatch):
    import re

    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "followups", "--as-of", "2026-12-06")
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert code == 0 and max(len(line) for line in plain.splitlines()) <= 80
    for ident in (QINGZHOU, HAOLONG, AIMS, *GOALS):
        assert ident in plain
    assert plain.count("overdue ") == 3 and "late 2025" in plain and "Sep–Dec 2025" in plain
