"""``briefing diff`` reads both editions' records from the store in batches (:mod:`briefing.model.diff.reading`):
a store damaged under it is rebuilt, and the diff printed is the one a sound store gives."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests import diff_helpers as h
from tests.cli_helpers import run
from tests.test_store_tampering import CRAFTED, altered, overwrite


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = h.make_editions(tmp_path)
    an_hour_ago = time.time() - 3600  # files saved a moment ago are never kept in the cache: date them back
    for path in folder.rglob("*"):
        os.utime(path, (an_hour_ago, an_hour_ago))
    return folder


@pytest.mark.parametrize("how", ["a record as a pickle blob", "a whole number as true", "a record as a blob",
                                 "a record as an integer", "a record nested 100000 deep"])
def test_the_diff_from_a_damaged_store_is_the_diff_from_a_sound_one(data: Path, tmp_path: Path, capsys,
                                                                     how: str) -> None:
    sound = run(capsys, "diff", "--json", "--data", str(data))
    assert sound[0] == 0 and '"report_changed": true' in sound[1]
    [target] = Path(os.environ["BRIEFING_CACHE_DIR"], "stores").glob("*.sqlite")
    marker = tmp_path / "code-ran"
    damaged = altered(target.read_bytes(), lambda connection: CRAFTED[how](connection, marker))
    overwrite(target, damaged)
    assert run(capsys, "diff", "--json", "--data", str(data)) == sound
    assert target.read_bytes() != damaged, "the damaged store was kept"
    assert not marker.exists()
