"""Where editions live (mine, the team's, shipped), their status, and publishing into the team's editions."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tomllib
from pathlib import Path

import pytest

from briefing.model.library import catalog, publish, status
from briefing.model.library.status import DOUBTFUL, edition_status
from briefing.model.locations import my_editions_dir

from .cli_helpers import run
from .conftest import EDITION

REPORT = Path(__file__).parent / "draft_reports" / "steady-gains-2025-10-to-2026-03.txt"
DRAFT = "2025-10-to-2026-03"


@pytest.fixture
def places(tmp_path, monkeypatch):
    """My editions and a team folder under tmp_path, and a draft of the small report in mine."""
    monkeypatch.setenv("BRIEFING_EDITIONS_DIR", str(tmp_path / "mine"))
    team = tmp_path / "team"
    team.mkdir()
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(team))
    return team


def _draft(capsys) -> Path:
    code, out, err = run(capsys, "draft", str(REPORT))
    assert code == 0, err
    return my_editions_dir() / DRAFT


def _editions(capsys) -> tuple[dict, str]:
    code, out, err = run(capsys, "editions", "--json")
    assert code == 0, err
    return json.loads(out), err


def test_a_draft_goes_into_my_editions_and_every_command_reads_it(capsys, places):
    folder = _draft(capsys)
    assert folder.is_dir() and not (Path.cwd() / DRAFT).exists()
    document, _ = _editions(capsys)
    rows = {row["id"]: row for row in document["editions"]}
    assert rows[EDITION.name]["where"] == "shipped" and rows[EDITION.name]["status"] == "published"
    draft = rows[DRAFT]
    assert (draft["where"], draft["status"], draft["source_format"]) == ("mine", "draft", "text")
    assert draft["left"] == draft["doubtful"] > 0 and draft["counts"]["news"] > 0 and len(draft["sha256"]) == 12
    code, out, _ = run(capsys, "editions")
    line = next(line for line in out.splitlines() if line.startswith(DRAFT))
    assert f"mine  draft ({draft['left']} of {draft['doubtful']} left)" in line and "text sha256 " in line
    # diff with no flags compares the shipped edition and the draft.
    code, out, err = run(capsys, "diff")
    assert code == 0, err
    assert out.startswith(f"Changes from {EDITION.name} ") and f"to {DRAFT} " in out


def test_mine_is_used_over_the_teams_over_shipped_and_editions_says_why(capsys, places):
    shutil.copytree(EDITION, my_editions_dir() / EDITION.name)
    (places / "editions").mkdir()
    shutil.copytree(EDITION, places / "editions" / EDITION.name)
    assert catalog.data_paths() == [my_editions_dir() / EDITION.name]
    document, _ = _editions(capsys)
    [row] = document["editions"]
    assert row["where"] == "mine"
    assert row["why"].startswith("mine is used over the team's (") and "shipped (" in row["why"]
    assert sorted(p["where"] for p in document["passed_over"]) == ["shipped", "the team's"]
    # --data still opens exactly what it names.
    code, out, _ = run(capsys, "editions", "--data", str(EDITION))
    assert code == 0 and "  --data  published" in out


def test_an_edition_in_my_editions_takes_the_shipped_aliases(capsys, places):
    from briefing.model.store.opening import open_model

    shutil.copytree(EDITION, my_editions_dir() / EDITION.name)
    result = open_model(catalog.data_paths())
    [edition] = result.model.editions
    assert edition.aliases.entities, "the shipped aliases.toml applies to editions in my editions too"
    assert not result.errors


def test_bad_entries_in_the_team_folder_are_one_line_each_and_the_others_listed(capsys, places):
    editions = places / "editions"
    editions.mkdir()
    shutil.copytree(EDITION, editions / "good")
    os.symlink(EDITION, editions / "planted-link")
    os.mkfifo(editions / "a-fifo")
    half = editions / f"{catalog.PUBLISHING_PREFIX}next-1a2b3c4d"
    shutil.copytree(EDITION, half)
    odd = editions / "report-is-a-folder"
    (odd / "report.toml").mkdir(parents=True)
    (editions / "not-an-edition").mkdir()
    linked = editions / "report-is-a-link"
    linked.mkdir()
    os.symlink(EDITION / "report.toml", linked / "report.toml")
    fifo_inside = editions / "fifo-inside"  # its files are FIFOs: read non-blocking, never waited on
    shutil.copytree(EDITION, fifo_inside)
    for name in ("news.toml", "review.toml"):
        (fifo_inside / name).unlink(missing_ok=True)
        os.mkfifo(fifo_inside / name)
    document, err = _editions(capsys)
    assert [row["id"] for row in document["editions"]] == [EDITION.name, "fifo-inside", "good"]
    inside = document["editions"][1]
    assert inside["counts"]["news"] == 0 and "review.toml" in inside["problem"]
    problems = document["problems"]
    assert "report-is-a-link: its report.toml is a symbolic link" in "\n".join(problems)
    problems = [p for p in problems if "report-is-a-link" not in p]
    assert len(problems) == 5, problems
    said = "\n".join(problems)
    assert "planted-link: is a symbolic link; not followed" in said
    assert "a-fifo: is a named pipe (FIFO), not an edition folder" in said
    assert "a half-copied edition (a publish that did not finish)" in said
    assert "report-is-a-folder: its report.toml is not a regular file" in said
    assert "not-an-edition: no report.toml" in said
    code, out, err = run(capsys, "editions")
    assert code == 0 and len(err.strip().splitlines()) == 6 and "good" in out
    # The team's editions folder itself a planted link: refused, the others still listed.
    shutil.rmtree(editions)
    os.symlink(EDITION.parent, editions)
    document, _ = _editions(capsys)
    assert [row["where"] for row in document["editions"]] == ["shipped"]
    assert "is a symbolic link; the team's editions are read only from a plain folder" in document["problems"][0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_team_edition_is_one_line(capsys, places):
    editions = places / "editions"
    editions.mkdir()
    shutil.copytree(EDITION, editions / "locked")
    (editions / "locked").chmod(0)
    try:
        document, _ = _editions(capsys)
    finally:
        (editions / "locked").chmod(0o755)
    assert "locked: cannot be read" in "\n".join(document["problems"])


def test_status_counts_doubtful_values_by_lines_as_toml_would(capsys, places):
    folder = _draft(capsys)
    path = folder / "review.toml"
    values = tomllib.loads(path.read_text("utf-8"))["values"]
    # What the drafter wrote itself (ours = true: titles, topics) is never doubtful, however low its confidence.
    ours = [i for i, v in enumerate(values) if v.get("ours") is True and v["confidence"] < DOUBTFUL]
    doubtful = [i for i, v in enumerate(values) if v["confidence"] < DOUBTFUL and i not in ours]
    assert ours and len(doubtful) >= 10
    assert edition_status(folder) == status.Status("draft", len(doubtful), len(doubtful))
    text = path.read_text("utf-8").split("\n[[values]]\n")
    assert all("\nours = true\n" in text[i + 1] and "\nreviewed = false" in text[i + 1] for i in ours)
    for index in doubtful[:3]:  # mark three reviewed, as the analyst (or briefing review) does
        text[index + 1] = text[index + 1].replace("reviewed = false", "reviewed = true")
    path.write_text("\n[[values]]\n".join(text), "utf-8")
    assert edition_status(folder).label() == f"draft ({len(doubtful) - 3} of {len(doubtful)} left)"
    by_lines = status._counted_by_lines(path.read_bytes())
    assert by_lines == status._counted_as_toml(path, path.read_bytes())[0] == (len(doubtful) - 3, len(doubtful))
    # Another shape of TOML (inline tables) is parsed, and counted the same way: ours values left
    # unreviewed do not keep the edition a draft.
    path.write_text("values = [" + ", ".join(
        f"{{confidence = {v['confidence']}, reviewed = {'true' if i in doubtful else 'false'}"
        + (", ours = true}" if i in ours else "}")
        for i, v in enumerate(values)) + "]\n", "utf-8")
    assert edition_status(folder).kind == "reviewed"
    assert edition_status(EDITION) == status.Status("published")


def test_publish_refuses_while_values_are_left_then_publishes_into_the_team(capsys, places):
    folder = _draft(capsys)
    left = edition_status(folder).left
    code, _, err = run(capsys, "publish", DRAFT)
    assert code == 2 and f"has {left} of {left} doubtful values left to review" in err
    assert f"briefing review {DRAFT}" in err and "--force --reason" in err
    code, _, err = run(capsys, "publish", DRAFT, "--force")
    assert code == 2 and "--force needs --reason TEXT" in err
    assert not (folder / "published.toml").exists() and not (places / "editions").exists()
    code, out, err = run(capsys, "publish", DRAFT, "--force", "--reason", "for Monday's meeting")
    assert code == 0, err
    assert "(forced: for Monday's meeting)" in out and "copied into the team's editions" in out
    copy = places / "editions" / DRAFT
    assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in folder.iterdir())
    assert stat.S_IMODE(copy.stat().st_mode) == 0o750
    assert {stat.S_IMODE(p.stat().st_mode) for p in copy.iterdir()} == {0o640}
    assert not [p for p in (places / "editions").iterdir() if p.name.startswith(".")]
    for where in (folder, copy):
        mark = edition_status(where)
        assert (mark.kind, mark.reason, mark.left) == ("published", "for Monday's meeting", left)
    document, _ = _editions(capsys)
    row = next(row for row in document["editions"] if row["id"] == DRAFT)
    assert row["label"] == "published (forced: for Monday's meeting)"
    # Never replaced: a second publish is refused and the team's copy is left as it is.
    before = (copy / "published.toml").read_bytes()
    code, _, err = run(capsys, "publish", DRAFT, "--force", "--reason", "again")
    assert code == 2 and "is in the team's editions already" in err and "never replaced" in err
    assert (copy / "published.toml").read_bytes() == before


def test_publish_never_goes_through_a_planted_link(capsys, places, tmp_path):
    _draft(capsys)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, places / "editions")
    code, _, err = run(capsys, "publish", DRAFT, "--force", "--reason", "r")
    assert code == 2 and "is not a plain folder (a link or a file)" in err
    assert list(elsewhere.iterdir()) == [] and not (my_editions_dir() / DRAFT / "published.toml").exists()
    (places / "editions").unlink()
    (places / "editions").mkdir()
    os.symlink(elsewhere, places / "editions" / DRAFT)  # planted where the edition would go
    code, _, err = run(capsys, "publish", DRAFT, "--force", "--reason", "r")
    assert code == 2 and "never replaced" in err and list(elsewhere.iterdir()) == []


def test_a_publish_that_fails_midway_leaves_nothing_half_written(capsys, places, monkeypatch):
    folder = _draft(capsys)

    def no_rename(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(publish.os, "rename", no_rename)
    code, _, err = run(capsys, "publish", DRAFT, "--force", "--reason", "r")
    assert code == 2 and f"cannot publish into {places / 'editions'}: Permission denied; nothing was written" in err
    assert list((places / "editions").iterdir()) == [] and not (folder / "published.toml").exists()


def test_publish_without_a_team_folder_marks_it_here(capsys, places, monkeypatch):
    monkeypatch.delenv("BRIEFING_TEAM_DIR")
    folder = _draft(capsys)
    code, out, _ = run(capsys, "publish", str(folder), "--force", "--reason", "solo")
    assert code == 0 and "no team folder is set" in out
    assert edition_status(folder).kind == "published"
    code, _, err = run(capsys, "publish", EDITION.name)
    assert code == 2 and "shipped edition: published already" in err


def test_show_and_exports_mark_a_draft(capsys, places):
    folder = _draft(capsys)
    left = edition_status(folder)
    code, out, _ = run(capsys, "export", "--format", "md")
    assert code == 0
    assert f"> **DRAFT: {left.left} of {left.total} values left to review (briefing review {DRAFT})**" in out
    assert out.count("DRAFT") == 1  # the shipped edition is not marked
    code, out, _ = run(capsys, "export", "--format", "json")
    editions = {e["id"]: e for e in json.loads(out)["editions"]}
    assert (editions[DRAFT]["status"], editions[DRAFT]["left"]) == ("draft", left.left)
    assert editions[EDITION.name]["status"] == "published"
    news = tomllib.loads((folder / "news.toml").read_text("utf-8"))["items"][0]["id"]
    code, out, _ = run(capsys, "show", f"{DRAFT}/{news}")
    assert code == 0 and out.startswith(f"DRAFT: {left.left} of {left.total} values left to review") \
        and "from an unreviewed draft" in out.splitlines()[0]
    code, out, _ = run(capsys, "show", "news-shijian-25-launched")
    assert code == 0 and "DRAFT" not in out


def test_publish_into_a_team_folder_that_cannot_be_written_says_so(capsys, places, monkeypatch):
    folder = _draft(capsys)

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(publish.os, "mkdir", refused)  # as for an account outside the team's group
    code, _, err = run(capsys, "publish", DRAFT, "--force", "--reason", "r")
    assert code == 2 and f"cannot make {places / 'editions'}: Permission denied; nothing was written" in err
    assert list(places.iterdir()) == [] and not (folder / "published.toml").exists()


def test_a_publish_stopped_before_its_mark_is_finished_and_a_marked_one_is_shared_later(capsys, places, monkeypatch):
    folder = _draft(capsys)
    real = publish._write_mark

    def killed(*args, **kwargs):
        raise PublishRefused("stopped")

    from briefing.model.library.publish import PublishRefused

    monkeypatch.setattr(publish, "_write_mark", killed)
    assert run(capsys, "publish", DRAFT, "--force", "--reason", "r")[0] == 2
    assert (places / "editions" / DRAFT).is_dir() and not (folder / "published.toml").exists()
    monkeypatch.setattr(publish, "_write_mark", real)
    code, out, err = run(capsys, "publish", DRAFT, "--force", "--reason", "r")
    assert code == 0, err
    assert edition_status(folder).kind == "published"
    # Published with no team folder, then a team folder is set: publishing again shares it, no --force needed.
    other = places.parent / "team2"
    other.mkdir()
    monkeypatch.setenv("BRIEFING_TEAM_DIR", str(other))
    code, out, err = run(capsys, "publish", DRAFT)
    assert code == 0, err
    assert edition_status(other / "editions" / DRAFT).reason == "r"
