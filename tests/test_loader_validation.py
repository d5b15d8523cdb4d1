"""Validation: every kind of problem reported as file:line, all at once, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.cli import run
from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model

from .conftest import DATA, EDITION


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), "utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems(folder: Path) -> list[str]:
    return [str(p) for p in load_editions([folder]).errors]


def test_shipped_data_is_clean() -> None:
    result = open_model([DATA])
    assert result.problems == []
    assert [e.id for e in result.model.editions] == ["2024-09-to-2025-03"]


def test_validate_command_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r"ok: 1 edition \(2024-09-to-2025-03\), \d+ records, 0 warnings\n", out)


def test_toml_syntax_error_has_line_and_column(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    edit(news, 'headline = "Record-Breaking Space Walk Achieved"', 'headline = "Record-Breaking')
    line = line_of(news, 'headline = "Record-Breaking')
    [message] = problems(edition_copy)
    assert message.startswith(f"{news}:{line}: TOML syntax error")
    assert f"line {line}, column" in message


def test_missing_unknown_wrong_type_bad_date_bad_medal_all_at_once(edition_copy: Path) -> None:
    news, medals, trends, timeline = (edition_copy / n for n in
                                      ("news.toml", "medals.toml", "trends.toml", "timeline.toml"))
    edit(news, 'headline = "Record-Breaking Space Walk Achieved"', 'headlin = "Record-Breaking Space Walk Achieved"')
    edit(medals, 'medal = "Gold"', 'medal = "Platinum"')
    edit(trends, "downloads = 1721", 'downloads = "1721"')
    edit(timeline, "date = 2024-12-17", 'date = "sometime in 2024"')
    found = problems(edition_copy)
    expected = [
        (news, "headlin = ", "news item 'news-record-spacewalk': unknown key 'headlin' (did you mean 'headline'?)"),
        (news, None, "news item 'news-record-spacewalk': missing key 'headline'"),
        (medals, 'medal = "Platinum"', "must be one of Gold, Silver, Bronze; got 'Platinum'"),
        (trends, 'downloads = "1721"', "'downloads' must be an integer, got a string"),
        (timeline, '"sometime in 2024"', "bad date: cannot read date 'sometime in 2024'"),
    ]
    for path, needle, message in expected:
        matches = [p for p in found if p.startswith(f"{path}:") and message in p]
        assert matches, f"no problem {message!r} for {path.name} in {found}"
        if needle is not None:
            assert matches[0].startswith(f"{path}:{line_of(path, needle)}: ")
    assert len(found) == 5


def test_duplicate_id_points_at_the_second_one(edition_copy: Path) -> None:
    timeline = edition_copy / "timeline.toml"
    text = timeline.read_text("utf-8")
    ids = re.findall(r'^id = "([^"]+)"', text, re.M)
    edit(timeline, f'id = "{ids[1]}"', f'id = "{ids[0]}"')
    [message] = problems(edition_copy)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == f'id = "{ids[1]}"']
    assert message == f"{timeline}:{lines[0]}: duplicate id '{ids[0]}' (already used in timeline.toml)"


def test_duplicate_id_across_files(edition_copy: Path) -> None:
    trends = edition_copy / "trends.toml"
    first_article = re.search(r'^id = "(article-[^"]+)"', trends.read_text("utf-8"), re.M)[1]
    edit(trends, f'id = "{first_article}"', 'id = "news-record-spacewalk"')
    [message] = problems(edition_copy)
    assert "duplicate id 'news-record-spacewalk' (already used in news.toml)" in message
    assert message.startswith(f"{trends}:")


def test_link_to_missing_item(edition_copy: Path) -> None:
    timeline = edition_copy / "timeline.toml"
    edit(timeline, 'source = "news-record-spacewalk"', 'source = "news-no-such-item"')
    [message] = problems(edition_copy)
    assert message.startswith(f"{timeline}:{line_of(timeline, 'news-no-such-item')}: ")
    assert "links to news item 'news-no-such-item', which does not exist" in message


@pytest.mark.parametrize("content, expected", [
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("x = " + "9" * 5000 + "\n", "value cannot be read"),
    (b"title = \"\xff\xfe broken\"\n", "not valid UTF-8"),
])
def test_parser_failures_become_messages(edition_copy: Path, content: str | bytes, expected: str) -> None:
    report = edition_copy / "report.toml"
    if isinstance(content, bytes):
        report.write_bytes(content)
    else:
        report.write_text(content, "utf-8")
    result = open_model([edition_copy])
    messages = [str(p) for p in result.errors]
    assert any(m.startswith(f"{report}") and expected in m for m in messages), messages
    # The other datasets still load.
    assert len(result.model.editions[0].medals) == 14


def test_control_characters_removed_with_a_warning(edition_copy: Path) -> None:
    news = edition_copy / "news.toml"
    edit(news, 'headline = "Record-Breaking Space Walk Achieved"',
         'headline = "Record\\u001b]52;c;aGk=\\u0007-Breaking\\u009b Space Walk\\u202e Achieved"')
    result = open_model([edition_copy])
    assert result.errors == []
    [warning] = result.warnings
    assert "news item 'news-record-spacewalk': 'headline': 4 control character(s) removed" in str(warning)
    headline = result.model.get("2024-09-to-2025-03/news-record-spacewalk").headline
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", headline)
    assert headline.startswith("Record\ufffd]52;c;aGk=\ufffd-Breaking")


def test_validate_command_broken_copy(edition_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(edition_copy / "medals.toml", 'medal = "Gold"', 'medal = "gold"')
    edit(edition_copy / "timeline.toml", "date = 2024-12-17", "date = 2024-13-17")
    assert run(["validate", str(edition_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert re.match(rf"{re.escape(str(edition_copy / 'medals.toml'))}:\d+: ", out[0])
    assert re.match(rf"{re.escape(str(edition_copy / 'timeline.toml'))}:\d+: TOML syntax error", out[1])
    assert out[2] == "2 errors, 0 warnings"


def test_missing_path_is_a_clean_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(tmp_path / "nowhere")]) == 1
    assert "data path does not exist" in capsys.readouterr().out


def test_second_edition_loads_beside_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A next report adds a folder; both load, merged, each record knowing its edition."""
    import shutil

    root = tmp_path / "editions"
    shutil.copytree(EDITION, root / EDITION.name)
    second = root / "2025-04-to-2025-09"
    second.mkdir()
    (second / "report.toml").write_text(
        'title = "Second edition"\nperiod = "April 2025 - September 2025"\n'
        "period_start = 2025-04-01\nperiod_end = 2025-09-30\nintroduction = [\"Intro.\"]\n"
        '[[sections]]\nid = "sec-news"\ntitle = "News Update"\nkind = "news"\n', "utf-8")
    (second / "news.toml").write_text(
        '[[items]]\nid = "news-record-spacewalk"\nsection = "sec-news"\nheadline = "Another walk"\n'
        'dates = [2025-05-01]\ntext = "Text."\n', "utf-8")
    (second / "medals.toml").write_text(
        '[context]\nsource = "s"\nsource_item = "news-record-spacewalk"\nsummary = "s"\n'
        "previous_table_year = 2024\nsectors_without_chinese_medal = []\nholders_in_those_sectors = []\n"
        'response = "r"\nresponse_item = "news-record-spacewalk"\ncounts = []\n', "utf-8")
    (second / "trends.toml").write_text(
        '[context]\nstatement = "s"\nsince = "April 2025"\ntopic = "t"\ntop_ten_on_topic = 0\n'
        'source_item = "news-record-spacewalk"\n', "utf-8")
    (second / "timeline.toml").write_text(
        '[[events]]\nid = "event-walk"\ndate = "mid 2025"\nstatus = "happened"\ncategory = "crewed spaceflight"\n'
        'title = "Walk"\ntext = "Walk."\nsource = "news-record-spacewalk"\n', "utf-8")
    result = open_model([root])
    assert result.problems == []
    model = result.model
    assert [e.id for e in model.editions] == ["2024-09-to-2025-03", "2025-04-to-2025-09"]
    # The same id in two editions is two records, told apart by edition.
    assert len(model.find("news-record-spacewalk")) == 2
    assert model.get("2025-04-to-2025-09/news-record-spacewalk").headline == "Another walk"
    # Approximate "mid 2025" sorts among exact dates.
    dates = [e.date.sort_key for e in model.events]
    assert dates == sorted(dates)
    assert model.only("2025-04-to-2025-09").events[0].date.display() == "mid 2025"
    # BRIEFING_DATA points the commands at it.
    monkeypatch.setenv("BRIEFING_DATA", str(root))
    assert run(["validate"]) == 0
