"""``briefing review EDITION --list / --json / --accept / --reject / --accept-above`` from the shell."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from .cli_helpers import run
from .review_helpers import DRAFT_ID, draft, draft_template  # noqa: F401  (fixtures)


def _listed(capsys, *target: str) -> list[dict]:
    code, out, err = run(capsys, "review", *target, "--list", "--json")
    assert code == 0 and err == ""
    return json.loads(out)


def test_list_json_has_what_a_script_needs(capsys, draft: Path) -> None:
    rows = _listed(capsys, str(draft))
    assert rows and all({"id", "record", "field", "value", "confidence", "why", "sentence"} <= set(r) for r in rows)
    assert all(r["confidence"] < 0.9 for r in rows)
    # The drafter's own words (titles, topics: ours = true) are not listed, though under 0.9.
    review = tomllib.loads((draft / "review.toml").read_text(encoding="utf-8"))["values"]
    ours = {(v["record"], v["field"]) for v in review if v.get("ours") is True and v["confidence"] < 0.9}
    assert ours and not ours & {(r["record"], r["field"]) for r in rows}
    assert len(rows) == sum(1 for v in review if v["confidence"] < 0.9 and v.get("ours") is not True)
    spelled = next(r for r in rows if r["field"] == "entities.spacecraft" and r["value"] == "Tiangong")
    start, end = spelled["span"]
    assert spelled["sentence"][start:end] == "Taigong" and "spells it differently" in spelled["why"]
    year = next(r for r in rows if r["field"] == "date" and r["value"] == "2025")
    assert "year alone" in year["why"] and year["record"] == "event-2025-prc-aiming-number-key-advances"
    # By edition id among the data paths, as well as by folder.
    assert _listed(capsys, DRAFT_ID, "--data", str(draft.parent)) == rows


def test_list_plain_marks_the_span_and_counts_what_is_left(capsys, draft: Path) -> None:
    code, out, _ = run(capsys, "review", str(draft), "--list")
    total = len(_listed(capsys, str(draft)))
    assert code == 0 and out.startswith(f"{total} of {total} left · draft {DRAFT_ID}")
    assert "since the *Taigong* space station" in out and "\x1b" not in out
    # Titles, headlines and the articles' topics the drafter wrote (ours = true) are not listed; the trends'
    # topic read from the report is.
    assert "  title = " not in out and "  headline = " not in out and out.count("  topic = ") == 1


def test_accept_reject_and_accept_above(capsys, draft: Path) -> None:
    rows = _listed(capsys, str(draft))
    total = len(rows)
    names = [r for r in rows[2:] if r["field"].startswith("entities.")]  # not one of the two accepted
    code, out, _ = run(capsys, "review", str(draft), "--accept", rows[0]["id"], rows[1]["id"])
    assert code == 0 and out.splitlines() == ["2 values accepted", f"{total - 2} of {total} left"]
    code, out, _ = run(capsys, "review", str(draft), "--reject", names[0]["id"])
    assert code == 0 and out.splitlines()[0].startswith("rejected entities.")
    news = tomllib.loads((draft / "news.toml").read_text(encoding="utf-8"))
    item = next(i for i in news["items"] if i["id"] == names[0]["record"])
    assert names[0]["value"] not in item["entities"][names[0]["field"].split(".")[1]]
    left = _listed(capsys, str(draft))
    assert len(left) == total - 3 and rows[0]["id"] not in {r["id"] for r in left}
    code, out, _ = run(capsys, "review", str(draft), "--accept-above", "0")
    assert code == 0 and out.splitlines()[-1] == f"reviewed: nothing left of {total}"
    code, out, _ = run(capsys, "review", str(draft), "--list", "--json")
    assert code == 1 and json.loads(out) == []
    code, out, _ = run(capsys, "review", str(draft), "--list")
    assert code == 1 and out.startswith(f"reviewed: nothing left of {total}")
    assert run(capsys, "validate", str(draft))[1].splitlines()[-1].endswith("0 warnings")


def test_bad_ids_and_editions_are_one_line_errors(capsys, draft: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "review", str(draft), "--accept", "vnothing")
    assert code == 2 and err.startswith("briefing: no value 'vnothing'")
    code, _, err = run(capsys, "review", "no-such-edition", "--list")
    assert code == 2 and "no edition 'no-such-edition'" in err
    code, _, err = run(capsys, "review", str(draft), "--accept-above", "2")
    assert code == 2 and "from 0 to 1" in err
    year = next(r for r in _listed(capsys, str(draft)) if r["field"] == "date" and r["value"] == "2025")
    code, _, err = run(capsys, "review", str(draft), "--reject", year["id"])
    assert code == 2 and "needs its date" in err
