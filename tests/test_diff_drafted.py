"""The diff reads changes from the report's words: a draft of the shipped report against the hand-checked edition.

A draft writes its own headlines, titles, summaries, categories and ids, which differ from
the hand-checked edition's everywhere. Drafted from the unchanged report, the diff must
find no change of the report at all; drafted from the report with three edits (Shijian-25
launched on 7 January instead of 6, a Shijian-26 launch paragraph added, one medal Gold →
Silver), exactly those three, listed first: in the model, the text, the JSON, the Markdown
export and the Changes tab. Drafting takes time: each source is drafted once for the module.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.cli import run as cli_run
from briefing.model.diff.changes import diff_editions
from briefing.model.store.opening import open_model
from tests.app_helpers import app_on, screen_text, settle
from tests.cli_helpers import run
from tests.conftest import EDITION
from tests.test_app_changes import open_changes, rows

SHIJIAN_25 = ("On January 6, 2025, the Shijian-25", "On January 7, 2025, the Shijian-25")
SHIJIAN_26 = "- On February 20, 2025, the Shijian-26 satellite was launched from the Jiuquan Satellite Launch Center."
MEDAL = ("Longwave IR\tCAST\tZiyuan-1\tGold", "Longwave IR\tCAST\tZiyuan-1\tSilver")


def edited_source(text: str) -> str:
    """The shipped report with the three edits an analyst would make."""
    assert text.count(SHIJIAN_25[0]) == 1 and text.count(MEDAL[0]) == 1
    text = text.replace(*SHIJIAN_25).replace(*MEDAL)
    line = next(line for line in text.split("\n") if line.startswith("- " + SHIJIAN_25[1]))
    return text.replace(line, f"{line}\n{SHIJIAN_26}", 1)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    """The shipped report drafted as it is ("unchanged") and with the three edits ("edited")."""
    root = tmp_path_factory.mktemp("drafted")
    source = (EDITION / "source.txt").read_text(encoding="utf-8")
    (root / "edited.txt").write_text(edited_source(source), encoding="utf-8")
    out = {"unchanged": root / "drafted-unchanged", "edited": root / "drafted-edited"}
    with pytest.MonkeyPatch.context() as patch:
        for name in ("BRIEFING_CONFIG_DIR", "BRIEFING_CACHE_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                     "XDG_DATA_HOME"):
            patch.setenv(name, str(root / name.lower()))
        assert cli_run(["draft", str(EDITION / "source.txt"), "--out", str(out["unchanged"])]) == 0
        assert cli_run(["draft", str(root / "edited.txt"), "--out", str(out["edited"])]) == 0
    return out


def _diff(draft: Path):
    result = open_model([EDITION, draft])
    shipped, drafted = result.model.editions
    assert shipped.id == EDITION.name
    return diff_editions(shipped, drafted)


def test_the_unchanged_report_drafted_is_no_change_of_the_report(drafts, capsys) -> None:
    diff = _diff(drafts["unchanged"])
    assert diff.changes == () and diff.entities == ()
    assert len(diff.ours) > 10  # our headlines, titles, categories and ids differ: listed apart
    code, out, _ = run(capsys, "diff", str(EDITION), str(drafts["unchanged"]))
    assert code == 1  # the report's words did not change, whatever our wording
    assert "no change in the report's words" in out
    assert out.index("Our wording differs") > out.index("Summary")
    code, out, _ = run(capsys, "diff", str(EDITION), str(drafts["unchanged"]), "--json")
    doc = json.loads(out)
    assert code == 1 and doc["report_changed"] is False and doc["changes"] == [] and doc["ours"]


#: The three changes, as the text prints them (the added paragraph by its date: its headline is the drafter's).
THREE = ("6 Jan 2025 → 7 Jan 2025", "20 Feb 2025  ", "Gold → Silver  CAST, Ziyuan-1 (Longwave IR)")


def test_three_edits_are_exactly_three_report_changes(drafts, capsys) -> None:
    diff = _diff(drafts["edited"])
    assert [(c.category, c.dataset) for c in diff.changes] == [
        ("date_changed", "events"), ("added", "news"), ("medal_changed", "medals")]
    moved, added, medal = diff.changes
    assert "Shijian-25" in moved.new.entities.spacecraft and moved.old.id == "event-2025-01-06-shijian-25-launch"
    assert (moved.date.old.iso, moved.date.new.iso, moved.date.refined) == ("2025-01-06", "2025-01-07", False)
    assert "[-6,-]{+7,+}" in " ".join(f"{op}{text}" for op, text in moved.texts[0].runs) or \
        [run for run in moved.texts[0].runs if run[0] != "="] == [("-", "6,"), ("+", "7,")]
    assert "Shijian-26" in added.new.text and [r.dataset for r in added.related] == ["events"]
    assert medal.medal == ("Gold", "Silver")
    assert [e.name for e in diff.entities] == ["Shijian-26"]

    code, out, _ = run(capsys, "diff", str(EDITION), str(drafts["edited"]))
    assert code == 0 and "3 changes in the report's words" in out
    ours = out.index("Our wording differs")
    for text in THREE:  # each once, before our wording
        assert out.count(text) == 1 and out.index(text) < ours, text
    assert "On January [-6,-]{+7,+} 2025" in out

    code, out, _ = run(capsys, "diff", str(EDITION), str(drafts["edited"]), "--json")
    doc = json.loads(out)
    assert [c["category"] for c in doc["changes"]] == ["date_changed", "added", "medal_changed"]
    assert doc["changes"][0]["date"]["new"]["date"] == "2025-01-07" and doc["summary"]["report_changes"] == 3

    code, out, _ = run(capsys, "export", "--format", "md", "--data", str(EDITION), "--data", str(drafts["edited"]))
    section = out[: out.index("\n# ", 1)]
    assert code == 0 and "3 changes in the report's words" in section
    details = section.index("<details>")
    for text in ("~~6 Jan 2025~~ → **7 Jan 2025**", "- 20 Feb 2025", "~~Gold~~ → **Silver**"):
        assert section.count(text) == 1 and section.index(text) < details, text


async def test_changes_tab_lists_the_three_first(drafts) -> None:
    app = app_on([EDITION, drafts["edited"]])
    async with app.run_test(size=(100, 40)) as pilot:
        tab = await open_changes(pilot)
        listed = rows(tab)
        ours = next(index for index, row in enumerate(listed) if row.startswith("Our wording differs"))
        for text in THREE:
            found = [index for index, row in enumerate(listed) if text in row]
            assert len(found) == 1 and found[0] < ours, (text, listed)
        await settle(pilot, lambda: "6 Jan 2025 → 7 Jan 2025" in screen_text(app))
        assert app.main.current_record().key.endswith("shijian-25-satellite-launched")
