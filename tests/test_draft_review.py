"""Provenance: every drafted value says where it came from; validate warns until it is reviewed."""

from __future__ import annotations

import tomllib

from .cli_helpers import run
from .conftest import EDITION


def _draft(capsys, tmp_path):
    out = tmp_path / "d"
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))[0] == 0
    return out


def test_each_value_names_its_paragraph_and_span(capsys, tmp_path):
    out = _draft(capsys, tmp_path)
    review = tomllib.loads((out / "review.toml").read_text(encoding="utf-8"))
    news = {i["id"]: i for i in tomllib.loads((out / "news.toml").read_text(encoding="utf-8"))["items"]}
    dates = [v for v in review["values"] if v["file"] == "news.toml" and v["field"] == "dates"]
    assert dates and all(v["reviewed"] is False for v in review["values"])
    for value in dates:
        start, end = value["start"], value["end"]
        text = news[value["item"]]["text"]
        # The span holds the words the date was read from ("December 17, 2024" for 2024-12-17).
        words = [value["value"][:4]] if value["value"][:4].isdigit() else value["value"].split()
        assert any(word in text[start:end] for word in words), (value, text[start:end])
    downloads = [v for v in review["values"] if v["field"] == "downloads"]
    assert [v["value"] for v in downloads] == ["1721", "1255", "1187", "1319", "1095"]
    assert all(0 < v["confidence"] <= 1 for v in review["values"])


def test_validate_says_how_many_values_are_left_and_verbose_lists_them(capsys, tmp_path):
    from briefing.model.library.status import DOUBTFUL, edition_status

    out = _draft(capsys, tmp_path)
    values = tomllib.loads((out / "review.toml").read_text(encoding="utf-8"))["values"]
    doubtful = sum(1 for v in values if v["confidence"] < DOUBTFUL and v.get("ours") is not True)
    ours = sum(1 for v in values if v["confidence"] < DOUBTFUL and v.get("ours") is True)
    assert 0 < doubtful < len(values) and ours > 0  # the drafter's own titles and topics: never doubtful
    code, stdout, _ = run(capsys, "validate", str(out))
    assert code == 0
    assert f"warning: {doubtful} values left to review in d: briefing review d" in stdout
    assert ": warning: unreviewed: " not in stdout and stdout.strip().endswith("1 warning")
    code, stdout, _ = run(capsys, "validate", "--verbose", str(out))
    warnings = [line for line in stdout.splitlines() if ": warning: unreviewed: " in line]
    assert code == 0 and len(warnings) == doubtful
    assert stdout.strip().endswith(f"{doubtful + 1} warnings")
    # Mark the first value reviewed: change the one line the first warning points at.
    path, line = warnings[0].split(":")[0:2]
    lines = (out / "review.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[int(line) - 1].strip() == "reviewed = false"
    lines[int(line) - 1] = "reviewed = true\n"
    (out / "review.toml").write_text("".join(lines), encoding="utf-8")
    code, stdout, _ = run(capsys, "validate", "--verbose", str(out))
    assert code == 0 and f"{doubtful - 1} values left to review in d" in stdout
    assert warnings[0] not in stdout
    assert edition_status(out).label() == f"draft ({doubtful - 1} of {doubtful} left)"


def test_review_md_shows_doubtful_values_beside_their_sentence(capsys, tmp_path):
    out = _draft(capsys, tmp_path)
    review = (out / "REVIEW.md").read_text(encoding="utf-8")
    assert review.startswith("# Review: draft of edition 2024-09-to-2025-03")
    # A doubtful value (a slip read as a known name) with the report's sentence quoted beneath it.
    assert "`entities.spacecraft` = 'Tiangong' · confidence 0.4 · spelled 'Taigong' in the report" in review
    assert "  > The Shenzhou-19 launched into orbit aboard a Long-March 2-F on October 30, 2024, marking China's " \
           "fourth manned space flight since the Taigong space station entered" in review
    assert "reviewed = true" in review  # says how to mark a value checked
    # A year read as written is not doubtful; a title the drafter wrote is ours, listed apart.
    doubtful = review.split("## Doubtful values", 1)[1].split("## Written by the drafter", 1)[0]
    assert "`dates` = '2001'" not in doubtful and "`title` =" not in doubtful
    ours = review.split("## Written by the drafter", 1)[1].split("## What the drafter left out", 1)[0]
    assert "`event-2024-12-17-taikonauts-aboard-shenzhou-19-achieved` · `title` = " in ours
    # What it left out, and where each paragraph went.
    left_out = review.split("## What the drafter left out", 1)[1]
    assert "'Five Year Plan'" in left_out
    assert "- `news-shijian-25-satellite-launched` under 'Pair of Shijian Satellites Launched'" in review


def test_shipped_edition_has_no_review_file_and_no_warnings(capsys):
    code, stdout, _ = run(capsys, "validate", str(EDITION))
    assert code == 0 and stdout.strip().endswith("0 warnings")
