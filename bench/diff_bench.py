"""Time ``briefing diff`` on two editions, with the store compiled: ``python bench/diff_bench.py``.

Two pairs of editions (see bench/README.md):

* **shipped**: ``data/2024-09-to-2025-03`` and a next edition derived from it;
* **10k events**: the synthetic 10,000-event edition of ``bench/generate.py`` and a next
  edition derived from it (10,000 events, 10,000 news items, 10,000 medal rows each).

The next edition is derived with a seeded Random from the first one's documents, so the
diff has real work in every category: a fifth of the planned events came true (those
dated approximately get an exact day and a new id, matched through their paragraph), a
seventh of the approximate dates are refined, one event in 20 and one news item in 20
reworded, one event in 50 dropped, 1% new events and news items, one medal row in ten with
another medal (and another id), CNKI downloads changed, a key figure changed. As in a real
next edition, a record changed in what the report says has its paragraph reworded too
(the diff reads changes from the report's words).

What is timed, in this process, after one untimed run that compiles the store: opening
the store (:func:`~briefing.model.store.compile.open_model`), diffing the two latest
editions and laying out every line of the text output: all the work of ``briefing diff``
but the interpreter's start. Median of 10 runs (shipped) or 3 (10k), wall clock, with the
process's CPU time beside it. Budgets: under 100 ms for the shipped size, under 1 s for
the 10k editions; exits 1 if one is broken. ``bench/run.py`` runs the same (``measure``).
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tomli_w  # noqa: E402

from bench import generate  # noqa: E402
from briefing.model.data import schema  # noqa: E402
from briefing.model.data.dates import ReportDate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
SHIPPED = REPO / "data" / "2024-09-to-2025-03"

#: (label, budget in seconds, runs).
BUDGETS = {"shipped": (0.100, 10), "10k events": (1.0, 3)}


def derive(documents: dict[str, dict], period: tuple[str, dt.date, dt.date], seed: int = 1) -> dict[str, dict]:
    """The next edition's documents: ``documents`` with changes of every kind the diff reports."""
    rng = random.Random(seed)
    docs = copy.deepcopy(documents)
    report = docs["report.toml"]
    report["period"], report["period_start"], report["period_end"] = period
    report.pop("source_sha256", None)  # a made-up next edition has no report text of its own
    if report.get("figures"):
        report["figures"][0]["value"] = report["figures"][0]["value"] + " (revised)"
    events = []
    touched: set[str] = set()  # paragraphs whose words change with their records
    unsaid: dict[str, list] = {}  # dates a paragraph no longer says (its dropped events')
    for index, event in enumerate(docs["timeline.toml"]["events"]):
        if index % 50 == 2:
            touched.add(event["source"])
            unsaid.setdefault(event["source"], []).append(event["date"])
            continue  # dropped
        date = ReportDate.parse(event["date"])
        if event["status"] == "planned" and index % 5 == 0:
            touched.add(event["source"])
            event["status"] = "happened"
            if not date.is_exact:
                first, last = date.span()
                day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
                event["date"] = day
                event["id"] = event["id"].replace("event-", f"event-{day.isoformat()}-", 1)
        elif not date.is_exact and date.precision == "year" and index % 7 == 3:
            first, _ = date.span()
            event["date"] = f"{calendar.month_name[first.month]} {first.year}"  # refined to a month
            touched.add(event["source"])
        if index % 20 == 1:
            event["text"] = _reword(event["text"], rng)
        events.append(event)
    for index, event in enumerate(docs["timeline.toml"]["events"][: max(1, len(events) // 100)]):
        events.append({**event, "id": f"event-new-{index}", "title": f"New: {event['title']}",
                       "text": _reword(event["text"][::-1], rng)})
    docs["timeline.toml"]["events"] = events
    items = docs["news.toml"]["items"]
    sources = {article["source"] for article in docs["trends.toml"].get("articles", [])[::2]}
    for index, item in enumerate(items):
        if index % 20 == 0 or item["id"] in touched or item["id"] in sources:
            item["text"] = _reword(item["text"], rng)
        if item["id"] in unsaid and "dates" in item:
            item["dates"] = [date for date in item["dates"] if date not in unsaid[item["id"]]]
    for index, item in enumerate(list(items[: max(1, len(items) // 100)])):
        items.append({**item, "id": f"news-new-{index}", "headline": f"New: {item['headline']}",
                      "text": _reword(item["text"][::-1], rng)})
    medals = ("Gold", "Silver", "Bronze")
    for index, row in enumerate(docs["medals.toml"].get("medals", [])):
        if index % 10 == 0:
            row["medal"] = medals[(medals.index(row["medal"]) + 1) % 3]
            row["id"] = f"{row['id']}-now-{row['medal'].lower()}"
    for index, article in enumerate(docs["trends.toml"].get("articles", [])):
        if index % 2 == 0:
            article["downloads"] += 100 * (index + 1)
    return docs


def _reword(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) > 3:
        position = rng.randrange(1, len(words) - 1)
        words[position] = "reportedly"
    return " ".join(words)


def write_edition(folder: Path, documents: dict[str, dict]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    an_hour_ago = time.time() - 3600  # files saved a moment ago are never kept in the cache: date them back
    for name, document in documents.items():
        (folder / name).write_text(tomli_w.dumps(document), encoding="utf-8")
        os.utime(folder / name, (an_hour_ago, an_hour_ago))


def shipped_pair(root: Path) -> list[Path]:
    """The shipped edition and one derived from it, as data paths."""
    documents = {name: tomllib.loads((SHIPPED / name).read_text("utf-8")) for name in schema.FILES}
    new = root / "shipped-next" / "2025-04-to-2025-09"
    write_edition(new, derive(documents, ("April 2025 - September 2025", dt.date(2025, 4, 1), dt.date(2025, 9, 30))))
    return [SHIPPED, new.parent]


def synthetic_pair(root: Path, events: int) -> list[Path]:
    """A synthetic edition of ``events`` events and one derived from it, as data paths."""
    sizes = generate.Sizes.for_events(events)
    documents = generate.edition_documents(sizes, seed=0)
    base = root / f"diff-{events}"
    write_edition(base / "old" / generate.EDITION_ID, documents)
    write_edition(base / "new" / "2025-10-to-2026-03",
                  derive(documents, ("October 2025 - March 2026", dt.date(2025, 10, 1), dt.date(2026, 3, 31))))
    return [base / "old", base / "new"]


def time_diff(paths: list[Path], runs: int) -> dict:
    """Open the store, diff the two latest editions and lay out the text: seconds per run, after a compiling run.

    Wall-clock seconds are what the budget is about; CPU seconds of this process are beside
    them, because on a busy machine the wall clock also counts the time other work held the CPU.
    """
    from briefing.model.diff.as_text import diff_lines
    from briefing.model.diff.changes import diff_editions
    from briefing.model.store.opening import open_model

    def once(warm: bool = True) -> tuple[float, float, dict]:
        started, cpu = time.perf_counter(), time.process_time()
        result = open_model(paths)
        editions = result.model.editions
        diff = diff_editions(editions[-2], editions[-1], {})
        lines = diff_lines(diff, marks=True)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert not result.errors, result.errors[:3]
        # The first open compiles (and reads that new store in memory); later ones read the cached file.
        assert not warm or result.model.store.name != "a private store", "the cached store was not used"
        return seconds, cpu, {"lines": len(lines), **diff.counts(), "unchanged": diff.unchanged}

    cold, _, counts = once(warm=False)
    runs_done = [once() for _ in range(runs)]
    times = [wall for wall, _, _ in runs_done]
    return {"cold": cold, "warm": times, "median": statistics.median(times),
            "cpu_median": statistics.median(cpu for _, cpu, _ in runs_done), "counts": counts,
            "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def measure(events: int = 10_000, *, smoke: bool = False, say=print) -> dict[str, dict]:
    """Both pairs, each timed; results by label ("shipped", "10k events"), each with its budget."""
    results = {}
    saved = {name: os.environ.get(name) for name in ("BRIEFING_CACHE_DIR", "BRIEFING_CONFIG_DIR")}
    try:
        with tempfile.TemporaryDirectory(prefix="briefing-diff-bench-") as temp:
            os.environ["BRIEFING_CACHE_DIR"] = str(Path(temp) / "cache")  # stores of their own, never the user's
            os.environ["BRIEFING_CONFIG_DIR"] = str(Path(temp) / "config")
            pairs = {"shipped": shipped_pair(Path(temp)),
                     f"{events // 1000:,}k events": synthetic_pair(Path(temp), events)}
            # Files written this moment are not compiled (the store's racy-mtime rule): let them age.
            time.sleep(2.5)
            for label, paths in pairs.items():
                budget, runs = BUDGETS.get(label, (None, 3))
                result = time_diff(paths, 1 if smoke else runs)
                result["budget"] = budget
                results[label] = result
                verdict = "" if budget is None else ("ok" if result["median"] <= budget else "BROKEN")
                say(f"  diff [{label}]: warm store, median {result['median'] * 1000:.0f} ms "
                    f"(CPU {result['cpu_median'] * 1000:.0f} ms) over {len(result['warm'])} runs, load "
                    f"{result['load_average']:.1f}; first, compiling: {result['cold']:.2f} s"
                    + (f"; budget {budget * 1000:.0f} ms: {verdict}" if budget is not None else ""))
                say("    " + ", ".join(f"{key} {value}" for key, value in result["counts"].items() if value))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time briefing diff on two editions (see the module docstring).")
    parser.add_argument("--events", type=int, default=10_000, help="size of the synthetic pair (default 10000)")
    parser.add_argument("--smoke", action="store_true", help="one run each, budgets not enforced")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = measure(args.events, smoke=args.smoke)
    (OUT / "diff-results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    broken = [label for label, r in results.items() if r["budget"] is not None and r["median"] > r["budget"]]
    return 1 if broken and not args.smoke else 0


if __name__ == "__main__":
    sys.exit(main())
