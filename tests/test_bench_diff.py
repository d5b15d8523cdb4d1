"""The diff benchmark's derived editions are valid and give the diff work in every category it times."""

from __future__ import annotations

import sys
from pathlib import Path

from briefing.model.store.opening import open_model
from briefing.model.diff.changes import diff_editions

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `bench` lives in the checkout, not in the installed package
    sys.path.insert(0, str(REPO))

from bench import diff_bench  # noqa: E402


def test_derived_editions_load_clean_and_differ_in_every_category(tmp_path: Path) -> None:
    for paths in (diff_bench.shipped_pair(tmp_path), diff_bench.synthetic_pair(tmp_path, 400)):
        result = open_model(paths)
        assert [str(p) for p in result.problems] == []
        old, new = result.model.editions
        counts = diff_editions(old, new).counts()
        for category in ("came_true", "date_refined", "added", "dropped", "medal_changed", "reworded",
                         "article_moved", "figures_changed"):
            assert counts[category] > 0, (paths, category, counts)
