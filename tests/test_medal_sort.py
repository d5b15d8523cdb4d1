"""Sorting and tallying medal rows without the UI: medal rank, natural order, stable ties, counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model
from briefing.model.query.medal_sort import COLUMNS, natural_key, sort_key, sort_rows, tally
from briefing.model.data.records import MEDALS, MedalRow

EDITION = Path(__file__).resolve().parents[1] / "data" / "2024-09-to-2025-03"


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real config, cache or data folders."""
    for name, sub in (("BRIEFING_CONFIG_DIR", "config/briefing"), ("BRIEFING_CACHE_DIR", "cache/briefing"),
                      ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "share")):
        monkeypatch.setenv(name, str(tmp_path / sub))


@pytest.fixture(scope="module")
def rows() -> tuple[MedalRow, ...]:
    return open_model([EDITION]).model.medals


def row(i: int, medal: str = "Gold", company: str = "A", sector: str = "S", satellite: str = "X") -> MedalRow:
    return MedalRow("e", f"m{i}", sector, company, satellite, medal, i)


def test_medal_sorts_by_rank_not_alphabet(rows) -> None:
    medals = [r.medal for r in sort_rows(rows, "medal")]
    assert medals == ["Gold"] * 5 + ["Silver"] * 4 + ["Bronze"] * 5
    assert [r.medal for r in sort_rows(rows, "medal", descending=True)] == list(reversed(medals))


def test_ties_keep_table_order_both_ways(rows) -> None:
    position = {r.key: i for i, r in enumerate(rows)}
    for descending in (False, True):
        ordered = sort_rows(rows, "medal", descending)
        for medal in MEDALS:
            group = [position[r.key] for r in ordered if r.medal == medal]
            assert group == sorted(group), (medal, descending)


def test_none_keeps_given_order(rows) -> None:
    assert sort_rows(rows, None) == list(rows)


def test_text_columns_sort_naturally_and_without_case() -> None:
    names = ["Gaofen-10", "gaofen-2", "Gaofen-1", "ZiYuan-1", "chaohu-1"]
    ordered = [r.satellite for r in sort_rows([row(i, satellite=n) for i, n in enumerate(names)], "satellite")]
    assert ordered == ["chaohu-1", "Gaofen-1", "gaofen-2", "Gaofen-10", "ZiYuan-1"]
    assert natural_key("Jilin-1 Spectral 01/02") < natural_key("Jilin-1 video satellites")


def test_unknown_column_is_a_clear_error(rows) -> None:
    with pytest.raises(ValueError, match="choose one of"):
        sort_rows(rows, "colour")
    with pytest.raises(ValueError, match="choose one of"):
        sort_key(rows[0], "colour")


def test_tally_of_the_shipped_table(rows) -> None:
    result = tally(rows)
    assert result.total == 14
    assert result.by_medal == {"Gold": 5, "Silver": 4, "Bronze": 5}
    companies = {g.name: g for g in result.by_company}
    assert companies["CGST"].medals == ("Gold", "Bronze", "Bronze", "Bronze")
    assert companies["CGST"].describe() == "1 Gold, 3 Bronze"
    assert companies["Shanghai Space Research Institute"].counts() == {"Gold": 1, "Silver": 2, "Bronze": 1}
    # Most medals first; of the two with 4, the one with more Silver (after equal Gold) leads.
    assert [g.name for g in result.by_company][:3] == ["Shanghai Space Research Institute", "CGST", "China Siwei"]
    assert sum(g.count for g in result.by_company) == 14
    sectors = [g.name for g in result.by_sector]
    assert sectors[0] == "Opto-electronic imaging" and len(sectors) == len(set(sectors)) == 9
    assert {g.name: g.medals for g in result.by_sector}["Longwave IR"] == ("Gold", "Silver", "Bronze")


def test_tally_of_nothing() -> None:
    result = tally([])
    assert result.total == 0 and result.by_medal == {"Gold": 0, "Silver": 0, "Bronze": 0}
    assert result.by_company == () and result.by_sector == ()


medal_rows = st.lists(
    st.tuples(st.sampled_from(MEDALS), st.sampled_from(["CGST", "CAST", "cast", "长光卫星", "[b]x[/]"]),
              st.text(max_size=8)),
    max_size=30,
).map(lambda items: [row(i, medal, company, satellite=sat) for i, (medal, company, sat) in enumerate(items)])


@given(medal_rows, st.sampled_from(COLUMNS[:4]), st.booleans())
def test_sort_is_a_stable_permutation(items: list[MedalRow], column: str, descending: bool) -> None:
    ordered = sort_rows(items, column, descending)
    assert sorted(r.key for r in ordered) == sorted(r.key for r in items)
    keys = [sort_key(r, column) for r in ordered]
    assert keys == sorted(keys, reverse=descending)
    for a, b in zip(ordered, ordered[1:]):
        if sort_key(a, column) == sort_key(b, column):
            assert a.order < b.order  # ties in the given order, whichever the direction


@given(medal_rows)
def test_tally_counts_every_row_once(items: list[MedalRow]) -> None:
    result = tally(items)
    assert result.total == len(items) == sum(result.by_medal.values())
    assert sum(g.count for g in result.by_company) == len(items)
    assert sum(g.count for g in result.by_sector) == len(items)
