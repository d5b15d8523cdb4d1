"""The drafter's benchmark: ``briefing draft`` on the shipped report, timed, and its score.

``python bench/draft_bench.py`` measures it alone and rewrites the "Drafter" section of
bench/RESULTS.md (the rest of the file is left as the last full run wrote it);
``bench/run.py`` includes the same section and its budget (whole command ≤ 5 s) in a full run.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDITION = REPO / "data" / "2024-09-to-2025-03"
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Drafter"
#: The issue's budget for the whole command on the shipped report.
BUDGET_SECONDS = 5.0


def measure(runs: int = 5) -> dict:
    """Wall time of the whole ``briefing draft SOURCE --out FOLDER`` process, and the score JSON."""
    times = []
    with tempfile.TemporaryDirectory(prefix="briefing-draft-bench-") as temp:
        for number in range(runs):
            out = Path(temp) / f"d{number}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "briefing", "draft", str(EDITION / "source.txt"), "--out", str(out)],
                           check=True, capture_output=True, cwd=REPO)
            times.append(time.perf_counter() - started)
    scores = {}
    for own in (False, True):
        args = [sys.executable, "-m", "briefing", "draft", "--score", str(EDITION), "--json"]
        if own:
            args.append("--with-own-names")
        out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=REPO).stdout
        scores[own] = json.loads(out)
    return {"times": times, "median": statistics.median(times), "scores": scores}


def section(result: dict) -> str:
    unseen, seen = result["scores"][False], result["scores"][True]
    own = {line["label"]: line for line in seen["scores"]}
    lines = [HEADING, "",
             f"`python -m briefing draft data/{EDITION.name}/source.txt --out FOLDER`, whole process: "
             f"**{result['median'] * 1000:,.0f} ms** (median of {len(result['times'])}; budget {BUDGET_SECONDS:g} s). "
             "Score of that draft against the hand-checked edition (`briefing draft --score`), with the edition's "
             "own entity names left out of the known names (as for a report never seen), and, last column, with "
             "them known. The drafter's rules were written while reading this report, so this score is an upper "
             "bound; a report of the series it has never seen is the real test.", "",
             "| Measure | Found / expected | Recall | Precision | Own names known: recall, precision |",
             "|---|---|---|---|---|"]
    for line in unseen["scores"]:
        other = own.get(line["label"], {})
        precision = f"{line['precision']:.1%}" if "precision" in line else ""
        known = f"{other.get('recall', 0):.1%}" + (f", {other['precision']:.1%}" if "precision" in other else "")
        lines.append(f"| {line['label']} | {line['found']}/{line['expected']} | {line['recall']:.1%} | {precision} "
                     f"| {known} |")
    return "\n".join(lines) + "\n"


def rewrite_results(text: str, path: Path = RESULTS) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head = old.split("\n" + HEADING + "\n", 1)[0].rstrip("\n")
    path.write_text(head + "\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    result = measure()
    rewrite_results(section(result))
    print(f"briefing draft: median {result['median']:.3f} s over {len(result['times'])} runs; "
          f"{RESULTS.relative_to(REPO)} updated")
    sys.exit(0 if result["median"] <= BUDGET_SECONDS else 1)
