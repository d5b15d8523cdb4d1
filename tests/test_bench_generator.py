"""The benchmark's synthetic editions are valid and reproducible: same seed, same bytes."""

from __future__ import annotations

import sys
from pathlib import Path

from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `bench` lives in the checkout, not in the installed package
    sys.path.insert(0, str(REPO))

from bench import generate  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_thousand_events_load_clean_and_are_deterministic(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", 1000)
    second = generate.generate(tmp_path / "b", 1000)

    assert _files(first) == _files(second)
    assert (tmp_path / "a" / generate.STAMP).read_bytes() == (tmp_path / "b" / generate.STAMP).read_bytes()

    result = open_model([tmp_path / "a"])
    assert [str(p) for p in result.problems] == []
    edition, = result.model.editions
    assert edition.id == generate.EDITION_ID
    assert len(edition.events) == 1000
    assert len(edition.news) == 1000
    assert len(edition.medals) == 1000
    assert 5 <= len(edition.articles) <= 50

    # What the benchmarks rely on: mixed dates and statuses, Chinese text, a rare word with a known count.
    precisions = {event.date.precision for event in edition.events}
    assert precisions == {"day", "month", "year"}
    assert {event.date.qualifier for event in edition.events} >= {None, "early", "late", "by"}
    assert {event.status for event in edition.events} == {"happened", "planned"}
    assert [e.date.sort_key for e in edition.events] == sorted(e.date.sort_key for e in edition.events)
    assert any("天空地海" in item.text or "一念天地" in item.text for item in edition.news)
    assert all(40 <= len(item.headline) <= 90 for item in edition.news)
    assert all(300 <= len(item.text) <= 1200 for item in edition.news)
    rare = [r for r in edition.records() if generate.RARE_WORD in getattr(r, "text", "")]
    assert len(rare) == 2 * (1000 // generate.RARE_EVERY)
    assert not any(generate.NO_MATCH_WORD in getattr(r, "text", "") for r in edition.records())


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    zero = generate.edition_documents(generate.Sizes.for_events(50), seed=0)
    one = generate.edition_documents(generate.Sizes.for_events(50), seed=1)
    assert zero["timeline.toml"] != one["timeline.toml"]


def test_ensure_reuses_a_current_folder(tmp_path: Path) -> None:
    folder = generate.ensure(tmp_path, 20)
    before = (folder / "news.toml").stat().st_mtime_ns
    assert generate.ensure(tmp_path, 20) == folder
    assert (folder / "news.toml").stat().st_mtime_ns == before
    assert generate.is_current(tmp_path, generate.Sizes.for_events(20))
    assert not generate.is_current(tmp_path, generate.Sizes.for_events(21))
