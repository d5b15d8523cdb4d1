"""Time the month counts behind the pictures at 100,000 events: ``python bench/glance.py``.

What is timed, with the store compiled (one untimed run first): counting the events by
month, status and date width in the store (:func:`briefing.model.glance.event_counts`,
one ``GROUP BY``) and building the strip from the counts (:func:`~briefing.model.glance.build_strip`),
that is everything the Overview's strip and ``briefing overview`` do for the months; and,
beside it, the Timeline's count of a filtered list (:func:`~briefing.model.glance.count_positions`
over every event, its worst case). Median of 9 runs each, wall clock. Budget: the store's
month counts and the strip under 50 ms; exits 1 if broken.

    python bench/glance.py                 # 100,000 events (bench/out/events-100000, reused)
    python bench/glance.py --events 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
#: The store's month counts and the strip built from them, in milliseconds.
BUDGET_MS = 50.0
RUNS = 9


def _median_ms(work, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(events: int = 100_000, say=print) -> dict[str, float]:
    folder = generate.ensure(OUT / f"events-{events}", events)
    with tempfile.TemporaryDirectory(prefix="briefing-glance-bench-") as home:
        os.environ["BRIEFING_CACHE_DIR"] = str(Path(home) / "cache")
        os.environ["BRIEFING_CONFIG_DIR"] = str(Path(home) / "config")
        from briefing.model import glance
        from briefing.model.store.opening import open_model

        model = open_model([folder]).model  # compiles the store once (untimed)
        today = dt.date(2025, 2, 10)
        periods = glance.periods_of(model)
        total = sum(glance.event_counts(model).values())
        assert total == len(model.events), (total, len(model.events))

        strip_ms = _median_ms(lambda: glance.build_strip(glance.event_counts(model), periods, today))
        events_ = model.events
        codes = glance.event_codes(events_.column("month"), events_.column("planned"),
                                   events_.column("first_day, last_day"))
        every = list(range(len(codes)))
        positions_ms = _median_ms(lambda: glance.count_positions(codes, every))
    result = {"events": float(len(model.events)), "store_counts_and_strip_ms": strip_ms,
              "filtered_counts_ms": positions_ms}
    say(f"{len(model.events):,} events: month counts in the store and the strip {strip_ms:.1f} ms "
        f"(budget {BUDGET_MS:.0f} ms); the Timeline's count of a list of every event {positions_ms:.1f} ms")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the synthetic edition")
    args = parser.parse_args(argv)
    result = measure(args.events)
    if result["store_counts_and_strip_ms"] > BUDGET_MS:
        print(f"over budget: {result['store_counts_and_strip_ms']:.1f} ms > {BUDGET_MS:.0f} ms", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
