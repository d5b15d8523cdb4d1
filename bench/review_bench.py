"""The review's benchmark: the Review screen opened on a 1,000-value draft, and its keys.

``python bench/review_bench.py`` prints the figures and exits 1 when a budget is broken;
``bench/run.py`` adds the same budgets to a full run. The draft is the shipped report's, its
review.toml grown to 1,000 values (each drafted value repeated with its span moved, so every
id is new and about a third are doubtful, as in a real draft). Measured headless in-process,
as the Pilot tests drive the app:

* opening: from ``R`` (``review.open`` on the app) to the screen listing the values, with
  review.toml read and parsed (what grows with the draft);
* a key: ``a`` pressed, from the key sent to the app idle again with the row marked; the
  save itself runs in the review's writer thread and is reported apart (it never holds a key).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomli_w

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
EDITION = REPO / "data" / "2024-09-to-2025-03"
VALUES = 1_000
#: The issue's budgets: opening review on a 1,000-value draft, and each key.
BUDGET_OPEN_SECONDS = 0.5
BUDGET_KEY_SECONDS = 0.05


def make_draft(root: Path, values: int = VALUES) -> Path:
    """The shipped report drafted into ``root``, its review.toml grown to ``values`` values."""
    from briefing.model.draft.pipeline import draft_edition
    from briefing.model.draft.writer import write_draft

    folder = write_draft(draft_edition(EDITION / "source.txt", [EDITION.parent]), root / "draft-1000")
    review = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))
    drafted = review["values"]
    grown = []
    for round_ in range(values // len(drafted) + 1):
        for table in drafted:
            grown.append({**table, "start": table["start"] + round_, "end": table["end"] + round_} if round_ else table)
    review["values"] = grown[:values]
    (folder / "review.toml").write_text(tomli_w.dumps(review), encoding="utf-8")
    return folder


async def _measure_app(folder: Path, keys: int) -> tuple[float, list[float], list[float]]:
    from textual import events

    from briefing.app.app import make_app
    from briefing.app.screens.review_screen import ReviewScreen
    from briefing.model.store.opening import open_model

    app = make_app([str(folder)], load_result=open_model([folder]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        app.review.open(folder)
        while not (isinstance(app.screen, ReviewScreen) and app.screen.rows):
            await asyncio.sleep(0)
        await asyncio.sleep(0)  # the frame with the rows
        opened = time.perf_counter() - started
        screen = app.screen
        while screen.outstanding:  # the sentences the drafter read past, found
            await asyncio.sleep(0.001)
        await pilot.pause()
        key_times, saves = [], []
        listing = screen.query_one("#review-list")
        for _ in range(keys):
            cursor = listing.cursor
            # Not pilot.press: it waits for the whole process to be idle, the writer thread's save included.
            started = time.perf_counter()
            app.post_message(events.Key("a", "a"))
            while listing.cursor == cursor:
                await asyncio.sleep(0)
            await asyncio.sleep(0)  # the frame with the row marked and the cursor moved
            key_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            while screen.outstanding:
                await asyncio.sleep(0.001)
            saves.append(time.perf_counter() - started)
    return opened, key_times, saves


def measure(runs: int = 3, keys: int = 20) -> dict:
    """Opening times (one a run, each in a fresh app) and every key's time, with the writer's saves."""
    import os
    import shutil

    opens, key_times, saves = [], [], []
    saved_env = {name: os.environ.get(name) for name in ("BRIEFING_CONFIG_DIR", "BRIEFING_CACHE_DIR")}
    with tempfile.TemporaryDirectory(prefix="briefing-review-bench-") as temp:
        # The app reads notes and writes a store: in folders of the bench's own, never the user's.
        os.environ["BRIEFING_CONFIG_DIR"] = str(Path(temp) / "config")
        os.environ["BRIEFING_CACHE_DIR"] = str(Path(temp) / "cache")
        try:
            template = make_draft(Path(temp))
            for number in range(runs):
                folder = Path(temp) / f"run-{number}" / template.name
                shutil.copytree(template, folder)
                opened, pressed, saved = asyncio.run(_measure_app(folder, keys))
                opens.append(opened)
                key_times += pressed
                saves += saved
        finally:
            for name, value in saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    key_times.sort()
    return {"open_median": statistics.median(opens), "opens": opens,
            "key_p95": key_times[int(0.95 * (len(key_times) - 1))], "key_median": statistics.median(key_times),
            "save_median": statistics.median(saves), "values": VALUES}


def summary(result: dict) -> str:
    return (f"review of a {result['values']:,}-value draft: opening {result['open_median'] * 1000:.0f} ms "
            f"(median of {len(result['opens'])}; budget {BUDGET_OPEN_SECONDS * 1000:.0f} ms), key a "
            f"p95 {result['key_p95'] * 1000:.1f} ms, median {result['key_median'] * 1000:.1f} ms (budget "
            f"{BUDGET_KEY_SECONDS * 1000:.0f} ms); each save in the writer thread {result['save_median'] * 1000:.0f} ms")


if __name__ == "__main__":
    measured = measure()
    print(summary(measured))
    sys.exit(0 if measured["open_median"] <= BUDGET_OPEN_SECONDS and measured["key_p95"] <= BUDGET_KEY_SECONDS
             else 1)
