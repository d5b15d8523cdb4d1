"""``briefing medals``: sorting (medal rank, stable), filters, tally and context, --json, exit codes."""

from __future__ import annotations

import json
import re

import pytest

from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model
from briefing.model.locations import data_paths
from briefing.model.query.medal_sort import sort_key
from briefing.model.data.records import MEDAL_RANK
from .cli_helpers import run


@pytest.fixture(scope="module")
def rows():
    return open_model(data_paths()).model.medals


def table(out: str) -> list[list[str]]:
    """The medal table's rows (after the header, before the first blank line), split into columns."""
    body = out.split("\n\n")[0].splitlines()
    assert re.split(r"\s{2,}", body[0]) == ["Sector", "Company", "Satellite", "Medal"]
    return [re.split(r"\s{2,}", line.strip()) for line in body[1:]]


def as_cells(selected) -> list[list[str]]:
    return [[r.sector, r.company, r.satellite, r.medal] for r in selected]


def test_table_order_by_default(capsys, rows):
    code, out, err = run(capsys, "medals")
    assert code == 0 and err == ""
    assert table(out) == as_cells(rows)


def test_sort_by_medal_is_rank_not_alphabet_and_stable(capsys, rows):
    _, out, _ = run(capsys, "medals", "--sort", "medal")
    expected = sorted(rows, key=lambda r: MEDAL_RANK[r.medal])  # sorted() is stable
    assert table(out) == as_cells(expected)
    medals = [cells[3] for cells in table(out)]
    assert medals.index("Gold") < medals.index("Silver") < medals.index("Bronze")


def test_reverse_keeps_ties_in_table_order(capsys, rows):
    _, out, _ = run(capsys, "medals", "--sort", "medal", "--reverse")
    got = table(out)
    assert got[0][3] == "Bronze" and got[-1][3] == "Gold"
    bronze = [cells for cells in got if cells[3] == "Bronze"]
    assert bronze == as_cells([r for r in rows if r.medal == "Bronze"])  # ties not reversed
    _, out, _ = run(capsys, "medals", "--reverse")
    assert table(out) == as_cells(reversed(rows))


@pytest.mark.parametrize("column", ["sector", "company", "satellite"])
def test_sort_by_text_column(capsys, rows, column):
    _, out, _ = run(capsys, "medals", "--sort", column)
    expected = sorted(rows, key=lambda r: sort_key(r, column))  # as the app's Medals tab sorts
    assert table(out) == as_cells(expected)
    assert [c[["sector", "company", "satellite"].index(column)].lower() for c in table(out)] == \
        sorted(getattr(r, column).lower() for r in rows)  # the shipped values sort the same naturally


def test_filters(capsys, rows):
    _, out, _ = run(capsys, "medals", "--medal", "gold")
    assert {cells[3] for cells in table(out)} == {"Gold"}
    assert len(table(out)) == sum(1 for r in rows if r.medal == "Gold")
    _, out, _ = run(capsys, "medals", "--medal", "Gold", "--medal", "SILVER")
    assert {cells[3] for cells in table(out)} == {"Gold", "Silver"}
    _, out, _ = run(capsys, "medals", "--company", "shànghai SPACE")  # case and accents ignored
    assert {cells[1] for cells in table(out)} == {"Shanghai Space Research Institute"}
    _, out, _ = run(capsys, "medals", "--sector", "LONGWAVE ir")
    assert {cells[0] for cells in table(out)} == {"Longwave IR"} and len(table(out)) == 3
    assert "Tally of the 3 medals shown" in out
    _, out, _ = run(capsys, "medals", "--sector", "ir", "--medal", "bronze")  # filters combine
    assert {(cells[0], cells[3]) for cells in table(out)} == {("Shortwave IR", "Bronze"), ("Medium-wave IR", "Bronze"),
                                                               ("Longwave IR", "Bronze")}
    code, _, err = run(capsys, "medals", "--medal", "Platinum")
    assert code == 2 and "invalid choice" in err


def test_nothing_matches_exits_1(capsys):
    code, out, err = run(capsys, "medals", "--company", "nobody")
    assert code == 1 and out == ""
    assert err == "briefing: no medal rows with company 'nobody'\n"


def test_tally_and_context(capsys, rows):
    _, out, _ = run(capsys, "medals")
    gold, silver, bronze = (sum(1 for r in rows if r.medal == m) for m in ("Gold", "Silver", "Bronze"))
    assert f"By medal  Gold {gold}, Silver {silver}, Bronze {bronze}" in out
    assert re.search(r"Shanghai Space Research Institute\s+1\s+2\s+1\s+4", out)
    assert re.search(r"Longwave IR\s+1\s+1\s+1\s+3", out)
    assert "China 14, U.S. 12, Finland 2, Uruguay 2" in out
    assert "No Chinese medal in  X-band SAR, SAR revisit (medals held by Umbra, Capella Space, ICEYE)" in out


def test_tally_counts_only_rows_shown(capsys):
    _, out, _ = run(capsys, "medals", "--medal", "gold")
    assert "By medal  Gold 5, Silver 0, Bronze 0" in out
    assert "Tally of the 5 medals shown" in out


def test_json_shape(capsys, rows):
    code, out, _ = run(capsys, "medals", "--sort", "medal", "--json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"sort", "reverse", "medal", "company", "sector", "count", "medals", "tally", "context"}
    assert doc["sort"] == "medal" and doc["count"] == len(rows) == len(doc["medals"])
    assert set(doc["medals"][0]) == {"edition", "id", "title", "date", "sector", "company", "satellite", "medal",
                                     "entities", "editor_notes"}
    assert doc["tally"]["by_medal"] == {"Gold": 5, "Silver": 4, "Bronze": 5}
    assert doc["tally"]["by_company"]["CGST"] == {"Gold": 1, "Silver": 0, "Bronze": 3, "total": 4}
    companies = list(doc["tally"]["by_company"])
    assert companies[:2] == ["Shanghai Space Research Institute", "CGST"]  # most medals, then better medals
    assert list(doc["tally"]["by_sector"])[0] == rows[0].sector  # table order
    assert doc["context"][0]["counts"][:2] == [{"country": "China", "medals": 14}, {"country": "U.S.", "medals": 12}]
    code, out, _ = run(capsys, "medals", "--company", "nobody", "--json")
    assert code == 1 and json.loads(out)["medals"] == []
