"""Run the benchmarks and check their budgets: ``python bench/run.py`` (see bench/README.md).

    python bench/run.py            # shipped data, then 1,000, 10,000 and 100,000 events;
                                   # writes bench/RESULTS.md; exits 1 if a budget is broken
    python bench/run.py --smoke    # shipped data and 1,000 events, one run of each, budgets
                                   # reported but not enforced (CI); writes bench/out/RESULTS-smoke.md

Synthetic editions are generated into ``bench/out/events-N/`` (git-ignored) and reused
while the generator version and settings are unchanged. Every app run happens in a fresh
process (``bench/probe.py``) with its own user folders (``BRIEFING_CONFIG_DIR``,
``BRIEFING_CACHE_DIR``) under a temporary folder, so the analyst's notes and parse
cache are never read or written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    # Run as `python bench/run.py`: sys.path[0] is bench/, so make the checkout importable.
    sys.path.insert(0, str(REPO))

from bench import draft_bench, generate  # noqa: E402

#: The shell lookups, each measured against `python -c "import tomllib"` in alternating pairs
#: (see :func:`measure_lookups`): a label, the command's arguments after `briefing`, and the
#: command's module (a row whose module is not there yet is skipped). {rare}, {common} and
#: {show} are the dataset's rare word, common word and a record id. Add a row for a new lookup.
LOOKUPS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("search, rare word", ("search", "{rare}"), "search_cmd"),
    ("search, common word --limit 20", ("search", "{common}", "--limit", "20"), "search_cmd"),
    # A word no record holds, as a typo is: the search finds nothing, then looks for near words.
    ("search, no hits (near words looked for)", ("search", "{none}"), "search_cmd"),
    ("show", ("show", "{show}"), "show_cmd"),
    ("medals", ("medals", "--medal", "gold"), "medals_cmd"),
    ("timeline", ("timeline", "--from", "2025-01", "--to", "2025-01"), "timeline_cmd"),
    ("followups", ("followups",), "followups_cmd"),
    ("editions", ("editions",), "editions_cmd"),
)

PROBE = REPO / "bench" / "probe.py"
OUT = REPO / "bench" / "out"
SHIPPED = REPO / "data"
RESULTS = REPO / "bench" / "RESULTS.md"
SMOKE_RESULTS = OUT / "RESULTS-smoke.md"
SIZES = (1_000, 10_000, 100_000)
#: No probe may take longer than this (a 100,000-event cold load takes under a minute).
PROBE_TIMEOUT = 900


@dataclass
class Dataset:
    """One thing to measure on: the shipped data or a synthetic edition, and the words to search it for."""

    label: str
    paths: list[Path]
    events: int | None
    lookup: str  # `briefing search` query: a rare word
    rare: str  # typed in the timeline: few hits
    show: str = ""  # a record id for `briefing show`
    common: str = generate.COMMON_WORD  # many hits
    none: str = generate.NO_MATCH_WORD  # no hit
    palette: str = ""  # palette query to jump with
    #: Repetitions: start-up with a warm cache, lookups cold and warm.
    warm_runs: int = 5
    cold_lookups: int = 3
    warm_lookups: int = 5

    @property
    def synthetic(self) -> bool:
        return self.events is not None


@dataclass
class Budget:
    what: str
    dataset: str
    measured: float | None
    limit: float
    unit: str

    @property
    def ok(self) -> bool | None:
        if self.measured is None or math.isnan(self.measured):
            return None
        return self.measured <= self.limit


@dataclass
class Run:
    """Everything measured in one invocation, for the report."""

    smoke: bool
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    budgets: list[Budget] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    bare_runs: list[dict[str, Any]] = field(default_factory=list)
    load_average: list[tuple[float, float, float]] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tomllib: list[float] = field(default_factory=list)
    load_by_dataset: dict[str, tuple[float, float, float]] = field(default_factory=dict)


# -- helpers ------------------------------------------------------------------------------------


def code_digest() -> str:
    """A short hash of the app's source, to tell which code a run measured (and whether it changed meanwhile)."""
    import hashlib

    import briefing

    root = Path(briefing.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".tcss") and path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def note_load(run: "Run") -> None:
    """Remember the load average (not on every OS): busy machines make every figure slower."""
    if hasattr(os, "getloadavg"):
        run.load_average.append(os.getloadavg())


def say(message: str) -> None:
    print(message, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value at or below which ``fraction`` of the values lie."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def ms(seconds: float | None) -> str:
    if seconds is None or math.isnan(seconds):
        return "n/a"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def count(value: int | None) -> str:
    return "n/a" if value is None else f"{value:,}"


def mib(kib: float | None) -> str:
    return "n/a" if kib is None or math.isnan(kib) else f"{kib / 1024:,.0f} MiB"


class Env:
    """Environment for child processes: user folders under one temporary folder, a cache dir per case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # PYTHONDONTWRITEBYTECODE is dropped: an installed briefing has its bytecode cached (pip
        # compiles it at install, a checkout on its first run), and without that cache every
        # start-up would compile every module again, measuring the compiler rather than briefing.
        self.base = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_DATA", "PYTHONDONTWRITEBYTECODE")}
        self.base["BRIEFING_CONFIG_DIR"] = str(root / "config")  # no notes: the same for every run
        self.base["PYTHONUNBUFFERED"] = "1"

    def with_cache(self, cache: Path) -> dict[str, str]:
        return {**self.base, "BRIEFING_CACHE_DIR": str(cache)}

    def fresh_cache(self) -> Path:
        """An empty cache folder (a cold run)."""
        return Path(tempfile.mkdtemp(prefix="cold-", dir=self.root))


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall-clock seconds of a whole process, and its exit status."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=PROBE_TIMEOUT, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # search exits 1 when nothing matched
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return seconds, done.returncode


#: Runs a command and prints the largest resident set of it and its children (the compile child
#: is the compiling command's child): RUSAGE_CHILDREN of a fresh process counts nothing else.
_PEAK = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "code = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], 'wb')).returncode; "
         "t = time.perf_counter() - t; "
         "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")


def timed_peak(command: list[str], env: dict[str, str], output: str = os.devnull) -> tuple[float, float]:
    """Wall-clock seconds of ``command`` (stdout to ``output``) and the peak RSS, in KiB, of the
    largest process among it and its children."""
    done = subprocess.run([sys.executable, "-c", _PEAK, output, *command], env=env, capture_output=True,
                          timeout=PROBE_TIMEOUT, check=False)
    try:
        seconds, peak, code = done.stdout.decode().split()
    except ValueError:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr.decode()[-500:]}") from None
    if int(code) not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {code}")
    return float(seconds), float(peak)


def probe(args: list[str], env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """Run bench/probe.py in a fresh interpreter; its times are made relative to the moment it was spawned."""
    result = Path(tempfile.mkstemp(suffix=".json", dir=workdir)[1])
    spawned = time.perf_counter()
    done = subprocess.run([sys.executable, str(PROBE), *args, "--result", str(result)], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=PROBE_TIMEOUT, check=False)
    wall = time.perf_counter() - spawned
    try:
        data = json.loads(result.read_text("utf-8"))
    except (OSError, ValueError):
        raise RuntimeError(f"probe {' '.join(args)} failed (exit {done.returncode}): "
                           f"{done.stderr.decode(errors='replace')[-2000:]}") from None
    finally:
        result.unlink(missing_ok=True)
    data["wall"] = wall
    # Marks are perf_counter readings (CLOCK_MONOTONIC, shared by all processes): make them "since spawn".
    for key in ("probe_start", "imported", "mounted", "first_paint", "progress_shown", "overview_shown", "loaded",
                "ready"):
        if key in data:
            data[key] -= spawned
    return data


# -- the measurements ------------------------------------------------------------------------------


def measure_startup(run: Run, ds: Dataset, env: Env, work: Path, cache: Path) -> None:
    """Process start to first paint, to loaded, to ready; UI responsiveness during the load; peak memory."""
    out = run.results.setdefault(ds.label, {})
    data_args = [arg for path in ds.paths for arg in ("--data", str(path))]
    if ds.synthetic:
        # The first run compiles the store: it is the cold start-up, and warms the cache for the rest.
        shutil.rmtree(cache, ignore_errors=True)
        say("  start-up, cold cache (validate and compile the store) …")
        cold = probe(["startup", "briefing", *data_args], env.with_cache(cache), work)
        out["startup_cold"] = cold
        say(f"    first paint {ms(cold.get('first_paint'))}, loaded {ms(cold.get('loaded'))}, "
            f"ready {ms(cold.get('ready'))}, max UI gap {ms(cold.get('max_gap'))}, "
            f"peak RSS {mib(cold.get('peak_rss_kib'))}")
    warm: list[dict] = []
    for i in range(ds.warm_runs):
        if not ds.synthetic:
            # Bare and briefing alternate, so drift in the machine's load hits both alike.
            bare = probe(["startup", "bare"], env.with_cache(cache), work)
            run.bare.append(bare["ready"])
            run.bare_runs.append(bare)
        warm.append(probe(["startup", "briefing", *data_args], env.with_cache(cache), work))
        say(f"  start-up run {i + 1}/{ds.warm_runs}: ready {ms(warm[-1].get('ready'))}"
            + (f" (bare {ms(run.bare[-1])})" if not ds.synthetic else ""))
    for result in warm:
        if result.get("timed_out") or "ready" not in result:
            run.errors.append(f"{ds.label}: the app never became ready")
        if result.get("problems"):
            run.errors.append(f"{ds.label}: the data loaded with {result['problems']} problem(s)")
    out["startup_warm"] = warm
    summary = {key: median([r[key] for r in warm if key in r])
               for key in ("imported", "first_paint", "overview_shown", "loaded", "ready", "max_gap", "peak_rss_kib",
                           "rss_kib")}
    # A run that never showed progress counts as infinitely late.
    summary["progress_shown"] = median([r.get("progress_shown", math.inf) for r in warm])
    summary["records"] = warm[0].get("records") if warm else None
    out["startup"] = summary
    say(f"  start-up (median of {len(warm)}): first paint {ms(summary['first_paint'])}, "
        f"loaded {ms(summary['loaded'])}, ready {ms(summary['ready'])}, max UI gap {ms(summary['max_gap'])}, "
        f"peak RSS {mib(summary['peak_rss_kib'])}")


def lookup_commands(ds: Dataset) -> list[tuple[str, list[str]]]:
    """:data:`LOOKUPS` for ``ds``: each label with its whole command line, for commands that exist."""
    import importlib.util

    data = [arg for path in ds.paths for arg in ("--data", str(path))]
    words = {"rare": ds.lookup, "common": ds.common, "show": ds.show, "none": ds.none}
    return [(label, [sys.executable, "-m", "briefing", *(arg.format(**words) for arg in argv), *data])
            for label, argv, module in LOOKUPS if importlib.util.find_spec(f"briefing.cli.{module}") is not None]


def measure_lookups(run: Run, ds: Dataset, env: Env, cache: Path) -> None:
    """Every lookup as a whole process with the store compiled, each run paired with a run of
    `python -c "import tomllib"` just before it: a command's ratio is to its own floor, measured
    alongside it, never to one pooled across the run. Then, with an empty cache, the first lookup
    (validate and compile the store), with the largest process's peak memory (the compile child's)."""
    out = run.results.setdefault(ds.label, {})
    baseline = [sys.executable, "-c", "import tomllib"]
    warm_env = env.with_cache(cache)
    lookups: dict[str, dict[str, Any]] = {}
    commands = lookup_commands(ds)
    for _, command in commands:
        timed(command, warm_env)  # the store compiled and the files cached before anything is timed
    for label, command in commands:
        floor, warm = [], []
        for _ in range(ds.warm_lookups):
            floor.append(timed(baseline, warm_env)[0])
            warm.append(timed(command, warm_env)[0])
        lookups[label] = {"argv": command[3:], "warm": warm, "floor": floor,
                          "ratio": median(warm) / median(floor)}
        run.tomllib.extend(floor)
        say(f"  lookup {label}: {ms(median(warm))}, import tomllib {ms(median(floor))}: "
            f"{median(warm) / median(floor):.2f}×")
    out["lookups"] = lookups
    cold: list[tuple[float, float]] = []
    for _ in range(ds.cold_lookups):
        folder = env.fresh_cache()
        cold.append(timed_peak(commands[0][1], env.with_cache(folder)))
        shutil.rmtree(folder, ignore_errors=True)
    out["lookup_cold"] = {"wall": [c[0] for c in cold], "peak_rss_kib": [c[1] for c in cold]}
    say(f"  first lookup, empty cache: {ms(median([c[0] for c in cold]))}, largest process "
        f"{mib(max((c[1] for c in cold), default=math.nan))}")


def measure_export(run: Run, ds: Dataset, env: Env, cache: Path, work: Path) -> None:
    """`briefing export --format json` with the store compiled, against `json.load` of what it wrote."""
    out = run.results.setdefault(ds.label, {})
    document = work / f"export-{ds.events}.json"
    data = [arg for path in ds.paths for arg in ("--data", str(path))]
    seconds, peak = timed_peak([sys.executable, "-m", "briefing", "export", "--format", "json", *data],
                               env.with_cache(cache), str(document))
    loading, load_peak = timed_peak([sys.executable, "-c", f"import json; json.load(open({str(document)!r}))"],
                                    env.with_cache(cache))
    document.unlink(missing_ok=True)
    out["export"] = {"seconds": seconds, "peak_rss_kib": peak, "json_load": loading, "json_load_peak_kib": load_peak}
    say(f"  export --format json {ms(seconds)} ({mib(peak)}), json.load of it {ms(loading)}: "
        f"{seconds / loading:.1f}×")


def measure_first_diff(run: Run, ds: Dataset, env: Env, work: Path) -> None:
    """The first `briefing diff` of an edition of this size and one derived from it (bench/diff_bench.py),
    with an empty cache: wall clock and the largest process's peak memory."""
    from bench import diff_bench

    assert ds.events is not None
    pair = diff_bench.synthetic_pair(work / "first-diff", ds.events)
    folder = env.fresh_cache()
    try:
        seconds, peak = timed_peak([sys.executable, "-m", "briefing", "diff",
                                    *[arg for path in pair for arg in ("--data", str(path))]], env.with_cache(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(work / "first-diff", ignore_errors=True)
    run.results.setdefault(ds.label, {})["first_diff"] = {"seconds": seconds, "peak_rss_kib": peak}
    say(f"  first diff, empty cache: {ms(seconds)}, largest process {mib(peak)}")


def measure_interaction(run: Run, ds: Dataset, env: Env, work: Path, cache: Path) -> None:
    """Keystrokes in the timeline search, medal sorts and a palette jump, in one app driven by Pilot."""
    out = run.results.setdefault(ds.label, {})
    args = ["interact", *[arg for path in ds.paths for arg in ("--data", str(path))],
            "--rare", ds.rare, "--none", ds.none, "--common", ds.common, "--palette", ds.palette]
    say("  keystrokes, sorts and jumps …")
    result = probe(args, env.with_cache(cache), work)
    out["interact"] = result
    keys = result.get("keystrokes", [])
    sorts = [t for times in result.get("sorts", {}).values() for t in times]
    say(f"    open timeline {ms(result.get('open_timeline'))}; keystroke p50 {ms(percentile(keys, 0.5))}, "
        f"p95 {ms(percentile(keys, 0.95))} over {len(keys)} keys (handled by the tab: p50 "
        f"{ms(percentile(result.get('keystrokes_handled', []), 0.5))}, "
        f"p95 {ms(percentile(result.get('keystrokes_handled', []), 0.95))})")
    say(f"    open medals {ms(result.get('open_medals'))}; sort median {ms(median(sorts))}, "
        f"max {ms(max(sorts, default=float('nan')))} over {len(sorts)} sorts of {result.get('medals')} rows "
        f"(table reordered: median {ms(median(result.get('sorts_handled', [])))})")
    for jump in result.get("jumps", []):
        if not jump.get("arrived"):
            run.warnings.append(f"{ds.label}: the jump to the palette's first hit ({jump.get('hit_title')!r}) ended on "
                                f"{jump.get('target')!r} in the {jump.get('tab')} tab")
        say(f"    jump '{jump['query']}' → {jump['tab']}: hits shown {ms(jump['hits_shown'])}, "
            f"Enter to highlighted {ms(jump['enter_to_shown'])}")


# -- budgets ------------------------------------------------------------------------------------


def check_budgets(run: Run, datasets: list[Dataset]) -> None:
    add = run.budgets.append
    bare = median(run.bare)
    for ds in datasets:
        res = run.results.get(ds.label, {})
        start = res.get("startup", {})
        interact = res.get("interact", {})
        lookups = res.get("lookups", {})
        keys = interact.get("keystrokes", [])
        sorts = [t for times in interact.get("sorts", {}).values() for t in times]
        if ds.label == "shipped":
            add(Budget("start-up, ready ÷ bare Textual app (App and one Static)", ds.label,
                       start.get("ready", math.nan) / bare, 1.3, "×"))
            for label, measured in lookups.items():
                add(Budget(f"`briefing {label}` ÷ `import tomllib` beside it", ds.label, measured["ratio"], 1.5, "×"))
        if ds.events == 10_000:
            add(Budget("keystroke to list updated, p95", ds.label, percentile(keys, 0.95), 0.033, "s"))
        if ds.events == 100_000:
            add(Budget("keystroke to list updated, p95", ds.label, percentile(keys, 0.95), 0.033, "s"))
            add(Budget("first paint, warm cache", ds.label, start.get("first_paint"), 1.0, "s"))
            if start.get("loaded", 0) > 0.5:
                # Anything over half a second must show progress: a loading notice must be up by then.
                add(Budget("progress shown within 0.5 s (loading takes longer)", ds.label,
                           start.get("progress_shown"), 0.5, "s"))
            add(Budget("longest UI freeze while loading (50 ms timer)", ds.label, start.get("max_gap"), 0.25, "s"))
            # The first opening validates and compiles the store: progress must show, and the UI
            # must not freeze, then too.
            cold = res.get("startup_cold", {})
            if cold.get("loaded", 0) > 0.5:
                add(Budget("progress shown within 0.5 s, cold cache", ds.label, cold.get("progress_shown"), 0.5, "s"))
            add(Budget("longest UI freeze while loading, cold cache", ds.label, cold.get("max_gap"), 0.25, "s"))
            for label in ("search, rare word", "search, common word --limit 20",
                          "search, no hits (near words looked for)"):
                add(Budget(f"`briefing {label}`, warm cache", ds.label,
                           median(lookups.get(label, {}).get("warm", [])), 0.150, "s"))
            first = res.get("lookup_cold", {})
            add(Budget("first lookup, empty cache (validate and compile)", ds.label,
                       max(first.get("wall", []), default=math.nan), 15.0, "s"))
            add(Budget("first lookup, empty cache: largest process (the compile child)", ds.label,
                       max(first.get("peak_rss_kib", []), default=math.nan) / 1024, 500, "MiB"))
            diff = res.get("first_diff", {})
            add(Budget("first `briefing diff`, empty cache: largest process", ds.label,
                       diff.get("peak_rss_kib", math.nan) / 1024, 1024, "MiB"))
            export = res.get("export", {})
            add(Budget("`export --format json` ÷ `json.load` of its output", ds.label,
                       export.get("seconds", math.nan) / export.get("json_load", math.nan), 2.0, "×"))
            add(Budget("peak RSS, loaded and painted", ds.label, start.get("peak_rss_kib", math.nan) / 1024,
                       150, "MiB"))
            add(Budget("peak RSS, loaded and painted, cold cache", ds.label,
                       cold.get("peak_rss_kib", math.nan) / 1024, 150, "MiB"))
        if ds.label == "shipped" or ds.events == 10_000:
            pair = "shipped" if ds.label == "shipped" else "10k events"
            measured = run.results.get("diff", {}).get(pair, {})
            add(Budget("`briefing diff` of two editions, warm store (in process)", f"{pair}, twice",
                       measured.get("median"), diff_bench_budget(pair), "s"))
        if interact.get("medals") == 10_000:
            add(Budget("medal sort, median of every column's cycle (10,000 rows)", ds.label, median(sorts),
                       0.050, "s"))


def measure_diff(events: int, *, smoke: bool) -> dict[str, dict]:
    """bench/diff_bench.py in a process of its own, as `briefing diff` runs: its results by pair.

    Not in this process: by then it has run the review benchmark's three apps, whose heap and
    frozen objects a user's `briefing diff` never has (the same diff took 1.06 and 1.41 s here,
    0.90-0.95 s alone right after; and of two diffs timed in one process, the second took 3-20% more CPU
    in 7 processes of 7: what earlier work leaves in a process costs the diff).
    """
    results = OUT / "diff-results.json"
    results.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as Env: bytecode cached
    command = [sys.executable, str(REPO / "bench" / "diff_bench.py"), "--events", str(events)]
    done = subprocess.run(command + (["--smoke"] if smoke else []), env=env, stderr=subprocess.PIPE,
                          timeout=PROBE_TIMEOUT, check=False)
    if done.returncode not in (0, 1) or not results.exists():  # 1: a budget broken, the results written
        raise RuntimeError(f"diff_bench.py exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return json.loads(results.read_text(encoding="utf-8"))


def diff_bench_budget(pair: str) -> float:
    from bench import diff_bench

    return diff_bench.BUDGETS[pair][0]


# -- report ---------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        textual = version("textual")
    except Exception:  # noqa: BLE001 - a report line, never a reason to fail
        textual = "?"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "CPU": cpu,
        "Cores": f"{os.cpu_count()} ({usable} usable)",
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Textual": textual,
        "OS": platform.platform(),
        "Date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def render(run: Run, datasets: list[Dataset], seconds: float) -> str:
    lines = ["# Benchmark results", ""]
    bare_imports = median([b["imported"] for b in run.bare_runs if "imported" in b])
    lines.append("Written by `python bench/run.py`" + (" --smoke (one run each; budgets not enforced)" if run.smoke
                                                        else "") + f" in {seconds / 60:.1f} minutes. "
                 "What each figure means: bench/README.md.")
    lines += ["", "| Machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine().items()]
    if run.load_average:
        # Other work on the machine inflates every time here; the load average says how much there was.
        lines.append("| Load average (1 min) | " + " → ".join(f"{a[0]:.2f}" for a in run.load_average)
                     + " (start → end of the run; " + ", ".join(f"{label} {load[0]:.2f}" for label, load
                                                               in run.load_by_dataset.items())
                     + " as each size began) |")
    if run.code:
        lines.append(f"| briefing source (sha256 of briefing/*.py, *.tcss) | {' → '.join(dict.fromkeys(run.code))} |")

    lines += ["", "## Budgets", "", "| Check | Data | Measured | Budget | Result |", "|---|---|---|---|---|"]
    for b in run.budgets:
        shown = "n/a" if b.ok is None else (f"{b.measured * 1000:,.1f} ms" if b.unit == "s" and b.measured < 10
                                             else f"{b.measured:,.2f} {b.unit}")
        limit = f"{b.limit * 1000:g} ms" if b.unit == "s" and b.limit < 10 else f"{b.limit:g} {b.unit}"
        verdict = {True: "ok", False: "**BROKEN**", None: "not measured"}[b.ok]
        lines.append(f"| {b.what} | {b.dataset} | {shown} | ≤ {limit} | {verdict} |")
    if run.errors:
        lines += ["", "Harness errors:", ""] + [f"- {e}" for e in run.errors]
    if run.warnings:
        lines += ["", "Warnings:", ""] + [f"- {w}" for w in run.warnings]

    lines += ["", "## Start-up", "",
              f"Process start to first frame, to data loaded, to the Overview painted (ready); bare Textual app "
              f"(an App with one Static): **{ms(median(run.bare))}** (median of {len(run.bare)}; its imports done at "
              f"{ms(bare_imports)}).", "",
              "| Data | Records | Imports done | First paint | Progress shown | Overview shown | Loaded | Ready "
              "| Ready ÷ bare | Ready, cold cache | Longest UI freeze | Peak RSS | Peak RSS, cold |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for ds in datasets:
        res = run.results.get(ds.label, {})
        s, cold = res.get("startup", {}), res.get("startup_cold", {})
        ratio = s.get("ready", math.nan) / median(run.bare)
        lines.append(
            f"| {ds.label} | {count(s.get('records'))} | {ms(s.get('imported'))} | {ms(s.get('first_paint'))} "
            f"| {ms(s.get('progress_shown')) if s.get('progress_shown') != math.inf else 'none'} "
            f"| {ms(s.get('overview_shown'))} | {ms(s.get('loaded'))} | {ms(s.get('ready'))} | {ratio:.2f}× | {ms(cold.get('ready')) if cold else '-'} "
            f"| {ms(s.get('max_gap'))} | {mib(s.get('peak_rss_kib'))} | "
            f"{mib(cold.get('peak_rss_kib')) if cold else '-'} |")

    lines += ["", "## Keystrokes, sorts, jumps", "",
              "| Data | Open timeline (longest freeze) | Keystroke p50 | p95 | max (keys) | Handled by the tab p50, p95 "
              "| Open medals (longest freeze) | Sort median | max (sorts, rows) | Reordered, median "
              "| Jump: hits shown (first, again) | Enter → highlighted | Jump tab |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for ds in datasets:
        it = run.results.get(ds.label, {}).get("interact", {})
        keys = it.get("keystrokes", [])
        sorts = [t for times in it.get("sorts", {}).values() for t in times]
        jumps = it.get("jumps", [])
        hits = ", ".join(ms(j.get("hits_shown")) for j in jumps) or "n/a"
        enter = ", ".join(ms(j.get("enter_to_shown")) for j in jumps) or "n/a"
        tab = jumps[0].get("tab") if jumps else "n/a"
        handled = it.get("keystrokes_handled", [])
        lines.append(
            f"| {ds.label} | {ms(it.get('open_timeline'))} ({ms(it.get('open_timeline_max_gap'))}) "
            f"| {ms(percentile(keys, 0.5))} | {ms(percentile(keys, 0.95))} | {ms(max(keys, default=None))} ({len(keys)}) "
            f"| {ms(percentile(handled, 0.5))}, {ms(percentile(handled, 0.95))} "
            f"| {ms(it.get('open_medals'))} ({ms(it.get('open_medals_max_gap'))}) "
            f"| {ms(median(sorts))} | {ms(max(sorts, default=None))} ({len(sorts)}, {count(it.get('medals'))}) "
            f"| {ms(median(it.get('sorts_handled', [])))} | {hits} | {enter} | {tab} |")
    lines += ["", "Typed in the timeline search (one key at a time): "
              + "; ".join(f"{ds.label}: `{ds.common}`, `{ds.rare}`, `{ds.none}`" for ds in datasets) + "."]

    lines += ["", "## Lookups", "", "`python -m briefing COMMAND ... --data DIR`, whole process, with the store "
              "compiled; each run follows a run of `python -c \"import tomllib\"`, and each command is divided by "
              "the median of its own floor runs (the load average while each size ran is in the last column).", "",
              "| Data | Command | Warm, median | import tomllib beside it | Ratio | Load (1 min) |",
              "|---|---|---|---|---|---|"]
    for ds in datasets:
        res = run.results.get(ds.label, {})
        load = run.load_by_dataset.get(ds.label)
        shown_load = f"{load[0]:.2f}" if load else "n/a"
        for label, lk in res.get("lookups", {}).items():
            lines.append(f"| {ds.label} | `briefing {' '.join(lk['argv'][:-2 * len(ds.paths)])}` "
                         f"| {ms(median(lk['warm']))} | {ms(median(lk['floor']))} | {lk['ratio']:.2f}× "
                         f"| {shown_load} |")
    lines += ["", "First lookup with an empty cache (validate and compile the store; editions over 1 MB in a "
              "child process), and the largest process's peak memory:", "",
              "| Data | Wall | Largest process |", "|---|---|---|"]
    for ds in datasets:
        cold = run.results.get(ds.label, {}).get("lookup_cold", {})
        if cold:
            lines.append(f"| {ds.label} | {ms(median(cold['wall']))} | {mib(max(cold['peak_rss_kib']))} |")
    big = [(ds, run.results.get(ds.label, {})) for ds in datasets]
    if any("export" in res or "first_diff" in res for _, res in big):
        lines += ["", "## Export and first diff", "",
                  "| Data | `export --format json` | its peak RSS | `json.load` of it | Ratio | First `diff`, empty cache "
                  "| its largest process |", "|---|---|---|---|---|---|---|"]
        for ds, res in big:
            export, diff = res.get("export", {}), res.get("first_diff", {})
            if export or diff:
                ratio = export.get("seconds", math.nan) / export.get("json_load", math.nan)
                lines.append(f"| {ds.label} | {ms(export.get('seconds'))} | {mib(export.get('peak_rss_kib'))} "
                             f"| {ms(export.get('json_load'))} | {ratio:.1f}× | {ms(diff.get('seconds'))} "
                             f"| {mib(diff.get('peak_rss_kib'))} |")
    diff = run.results.get("diff", {})
    if diff:
        lines += ["", "## Diff", "", "`briefing diff`'s work in one process with the store compiled (open the "
                  "store, diff the two latest editions, lay out the text; bench/diff_bench.py): wall clock, and "
                  "the process's CPU time.", "",
                  "| Editions | Wall, median (runs) | CPU, median | First run, compiling | Load (1 min) | Changes found |",
                  "|---|---|---|---|---|---|"]
        for label, res in diff.items():
            found = ", ".join(f"{k} {v}" for k, v in res.get("counts", {}).items() if v and k != "lines")
            lines.append(f"| {label}, twice | {ms(res.get('median'))} ({len(res.get('warm', []))}) "
                         f"| {ms(res.get('cpu_median'))} | {ms(res.get('cold'))} | {res.get('load_average') or 0:.2f} "
                         f"| {found} |")
    lines.append("")
    return "\n".join(lines)


# -- main -------------------------------------------------------------------------------------------


def first_id(folder: Path) -> str:
    """The id of the first news item of the edition under ``folder`` (for `briefing show`), "" before it exists."""
    import re

    for news in sorted(folder.glob("*/news.toml")):
        with news.open(encoding="utf-8") as handle:
            found = re.search(r'^id = "([^"]+)"', handle.read(1 << 16), re.MULTILINE)
        if found:
            return found.group(1)
    return ""


def datasets_for(smoke: bool, sizes: tuple[int, ...]) -> list[Dataset]:
    shipped = Dataset("shipped", [SHIPPED], None, lookup="shijian", rare="pinglu", palette="shijian",
                      show="news-shijian-25-launched",
                      # 11 start-ups: the ratio budget is the tightest, and single runs vary by a tenth.
                      warm_runs=1 if smoke else 11, cold_lookups=1 if smoke else 3,
                      warm_lookups=1 if smoke else 10)
    out = [shipped]
    for size in sizes:
        big = size >= 100_000
        out.append(Dataset(
            f"{size // 1000:,}k events", [OUT / f"events-{size}"], size,
            lookup=generate.RARE_WORD.lower(), rare=generate.RARE_WORD.lower(), palette=generate.RARE_WORD.lower(),
            show=first_id(OUT / f"events-{size}"),
            warm_runs=1 if smoke else (3 if big else 5),
            cold_lookups=1 if smoke or big else 3,
            warm_lookups=1 if smoke else (3 if big else 5),
        ))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run briefing's benchmarks and check their budgets.")
    parser.add_argument("--smoke", action="store_true",
                        help="shipped data and the smallest size, one run each, budgets not enforced (CI)")
    parser.add_argument("--sizes", help="comma-separated event counts (default 1000,10000,100000; smoke: 1000)")
    parser.add_argument("--results", type=Path, help=f"where to write the table (default {RESULTS.relative_to(REPO)}; "
                                                     f"smoke: {SMOKE_RESULTS.relative_to(REPO)})")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else (SIZES[:1] if args.smoke else SIZES)
    results_path = args.results or (SMOKE_RESULTS if args.smoke else RESULTS)
    started = time.perf_counter()
    run = Run(smoke=args.smoke)
    note_load(run)
    run.code.append(code_digest())
    datasets = datasets_for(args.smoke, sizes)

    OUT.mkdir(parents=True, exist_ok=True)
    for ds in datasets:
        if ds.synthetic:
            folder = ds.paths[0]
            fresh = not generate.is_current(folder, generate.Sizes.for_events(ds.events))
            if fresh:
                say(f"generating {ds.events:,} events into {folder.relative_to(REPO)} …")
            generate.ensure(folder, ds.events)
            ds.show = ds.show or first_id(folder)
            if not fresh:
                say(f"reusing {folder.relative_to(REPO)} (generator version {generate.GENERATOR_VERSION})")

    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as temp:
        root = Path(temp)
        env = Env(root)
        work = root / "results"
        work.mkdir()
        # One discarded run of each app: compiles bytecode and fills the OS file cache, which
        # would otherwise be charged to whichever measurement happened to come first.
        probe(["startup", "bare"], env.with_cache(root / "cache-warmup"), work)
        probe(["startup", "briefing", "--data", str(SHIPPED)], env.with_cache(root / "cache-warmup"), work)
        for ds in datasets:
            say(f"[{ds.label}]")
            cache = root / f"cache-{ds.label.replace(' ', '-').replace(',', '')}"
            if hasattr(os, "getloadavg"):
                run.load_by_dataset[ds.label] = os.getloadavg()
            steps = [lambda: measure_startup(run, ds, env, work, cache),
                     lambda: measure_lookups(run, ds, env, cache),
                     lambda: measure_interaction(run, ds, env, work, cache)]
            if ds.synthetic and not args.smoke:
                steps.append(lambda: measure_export(run, ds, env, cache, work))
            if ds.events == 100_000 and not args.smoke:
                steps.append(lambda: measure_first_diff(run, ds, env, root))
            for step in steps:
                try:
                    step()
                except (RuntimeError, subprocess.TimeoutExpired) as error:
                    run.errors.append(f"{ds.label}: {error}")
                    say(f"  ERROR: {error}")

    drafted = None
    if not args.smoke:
        say("[briefing draft]")
        drafted = draft_bench.measure()
        run.budgets.append(Budget("briefing draft, whole command", "shipped", drafted["median"],
                                  draft_bench.BUDGET_SECONDS, "s"))
        say("[review]")
        from bench import review_bench

        reviewed = review_bench.measure()
        say("  " + review_bench.summary(reviewed))
        run.budgets.append(Budget("review: open on a 1,000-value draft", "draft", reviewed["open_median"],
                                  review_bench.BUDGET_OPEN_SECONDS, "s"))
        run.budgets.append(Budget("review: key a, p95", "draft", reviewed["key_p95"],
                                  review_bench.BUDGET_KEY_SECONDS, "s"))
    say("[diff]")
    try:
        run.results["diff"] = measure_diff(1_000 if args.smoke else 10_000, smoke=args.smoke)
    except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as error:
        run.errors.append(f"diff: {error}")
        say(f"  ERROR: {error}")

    check_budgets(run, datasets)
    note_load(run)
    run.code.append(code_digest())
    if run.code[0] != run.code[-1]:
        # Someone edited the app while it was measured: the figures mix two versions.
        run.warnings.append("briefing's source changed during the run; the figures mix versions: run again")
    seconds = time.perf_counter() - started
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(render(run, datasets, seconds) + ("\n" + draft_bench.section(drafted) if drafted else ""),
                            encoding="utf-8")
    (OUT / ("results-smoke.json" if args.smoke else "results.json")).write_text(
        json.dumps({"results": run.results, "bare": run.bare_runs, "tomllib": run.tomllib, "errors": run.errors,
                    "load_average": run.load_average},
                   indent=1, default=str), encoding="utf-8")

    say("")
    broken = [b for b in run.budgets if b.ok is False]
    for b in run.budgets:
        verdict = {True: "ok", False: "BROKEN", None: "not measured"}[b.ok]
        say(f"{verdict:>12}  {b.what} [{b.dataset}]: {b.measured if b.measured is None else round(b.measured, 4)}"
            f" (budget ≤ {b.limit} {b.unit})")
    say(f"wrote {results_path} in {seconds / 60:.1f} min")
    for warning in run.warnings:
        say(f"warning: {warning}")
    if run.errors:
        say(f"{len(run.errors)} harness error(s):\n  " + "\n  ".join(run.errors))
        return 2
    if broken and not args.smoke:
        say(f"{len(broken)} budget(s) broken")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
