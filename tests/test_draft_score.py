"""``briefing draft --score``: the draft of the shipped report, scored against the hand-checked edition."""

from __future__ import annotations

import json

from .cli_helpers import run
from .conftest import EDITION


def _scores(capsys, *extra, edition=EDITION):
    code, stdout, err = run(capsys, "draft", "--score", str(edition), "--json", *extra)
    assert code == 0, err
    report = json.loads(stdout)
    return report, {line["label"]: line for line in report["scores"]}


def test_shipped_report_meets_the_issue_targets_without_its_own_names(capsys):
    report, lines = _scores(capsys)
    assert report["own_names_known"] is False
    for label in ("paragraphs (exact text)", "medal rows (every cell)", "download figures (article, paragraph)"):
        assert lines[label]["found"] == lines[label]["expected"], lines[label]
    assert lines["paragraphs (exact text)"]["expected"] == 17
    assert lines["medal rows (every cell)"]["expected"] == 14
    events = lines["events: right paragraph, date and status"]
    assert events["expected"] == 32 and events["recall"] >= 0.95 and events["precision"] >= 0.95
    entities = lines["entities of news items (kind and name)"]
    assert entities["recall"] >= 0.90 and entities["precision"] >= 0.85
    assert report["seconds"] < 5


def test_score_text_output_names_each_measure(capsys):
    code, stdout, _ = run(capsys, "draft", "--score", str(EDITION))
    assert code == 0
    assert "scored against the hand-checked edition" in stdout.splitlines()[0]
    assert any(line.startswith("item dates: exact days") and "13/13" in line for line in stdout.splitlines())


def test_score_of_a_wrong_draft_is_lower(tmp_path, capsys):
    """The scorer can fail: a hand-checked edition with one medal row changed scores 13 of 14."""
    import shutil

    gold = tmp_path / EDITION.name
    shutil.copytree(EDITION, gold)
    medals = gold / "medals.toml"
    medals.write_text(medals.read_text(encoding="utf-8").replace('satellite = "Gaojing-01"', 'satellite = "Gaojing-99"'),
                      encoding="utf-8")
    _, lines = _scores(capsys, edition=gold)
    assert lines["medal rows (every cell)"]["found"] == 13
