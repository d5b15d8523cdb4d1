"""The drafter on large and hostile reports: time and peak memory of ``briefing draft``, one process each.

``python bench/draft_scale.py`` writes the sources into a temporary folder, drafts each in a
child process (so the peak resident memory is that draft's own) and prints a table: the
shipped report grown to about 100 KB, 1 MB and 10 MB (its paragraphs repeated inside its
News Update part), and the shipped report with one pathological paragraph added (issue 29:
``Long March `` x20k, ``January `` x20k, ``Aaa-1 `` x4k and x20k, ``Zzz Corporation (`` x20k).
Budget (issue 29): under 1 s per MB of source (at least 1 s allowed for start-up) and under
200 MiB peak. ``--only NAME`` runs one case; ``--json`` prints the raw figures. Exit 1 when a
budget is broken.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "data" / "2024-09-to-2025-03" / "source.txt"
MIB = 1024 * 1024
BUDGET_PEAK_MIB = 200
BUDGET_SECONDS_PER_MB = 1.0

PATHOLOGICAL = {
    "long-march-x20k": "Long March " * 20_000,
    "january-x20k": "January " * 20_000,
    "aaa-1-x4k": "Aaa-1 " * 4_000,
    "aaa-1-x20k": "Aaa-1 " * 20_000,
    "zzz-corporation-x20k": "Zzz Corporation (" * 20_000,
}


def grown(size: int) -> str:
    """The shipped report with its news paragraphs repeated inside News Update until about ``size`` bytes."""
    text = SOURCE.read_text(encoding="utf-8")
    head, marker, tail = text.partition("\nPolicy Update")
    paragraphs = [p for p in head.split("\n\n") if len(p) > 300 and not p.startswith("**")]
    extra: list[str] = []
    total = len(text.encode("utf-8"))
    index = 0
    while total < size:
        paragraph = paragraphs[index % len(paragraphs)]
        extra.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
        index += 1
    return head.rstrip("\n") + "\n\n" + "\n\n".join(extra) + "\n" + marker + tail


def with_paragraph(paragraph: str) -> str:
    """The shipped report with ``paragraph`` added as the last paragraph before Policy Update."""
    text = SOURCE.read_text(encoding="utf-8")
    head, marker, tail = text.partition("\nPolicy Update")
    return head.rstrip("\n") + "\n\n" + paragraph + "\n\n" + marker + tail


def cases() -> dict[str, str]:
    out = {"shipped": SOURCE.read_text(encoding="utf-8")}
    for label, size in (("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)):
        out[label] = grown(size)
    for label, paragraph in PATHOLOGICAL.items():
        out[label] = with_paragraph(paragraph)
    return out


_CHILD = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from briefing.model.draft.pipeline import draft_edition
from briefing.model.draft.writer import write_draft
draft = draft_edition(Path(sys.argv[1]), [], edition="scale")
write_draft(draft, Path(sys.argv[2]))
seconds = time.perf_counter() - started
review = (Path(sys.argv[2]) / "REVIEW.md").stat().st_size
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, review)
"""


def measure(name: str, text: str, folder: Path, timeout: float = 600) -> dict:
    source = folder / f"{name}.txt"
    source.write_text(text, encoding="utf-8")
    out = folder / f"{name}-draft"
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(source), str(out)], capture_output=True,
                              text=True, timeout=timeout, cwd=folder)
    except subprocess.TimeoutExpired:
        return {"name": name, "bytes": len(text.encode()), "seconds": None, "peak_mib": None, "error": "timeout"}
    wall = time.perf_counter() - started
    if done.returncode:
        return {"name": name, "bytes": len(text.encode()), "seconds": wall, "peak_mib": None,
                "error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    seconds, peak_kib, review = done.stdout.split()
    return {"name": name, "bytes": len(text.encode()), "seconds": float(seconds), "wall": wall,
            "peak_mib": int(peak_kib) / 1024, "review_bytes": int(review)}


def within_budget(row: dict) -> bool:
    if row.get("error") or row["seconds"] is None:
        return False
    allowed = max(1.0, BUDGET_SECONDS_PER_MB * row["bytes"] / 1e6)
    return row["seconds"] <= allowed and row["peak_mib"] <= BUDGET_PEAK_MIB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this case (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefing-draft-scale-") as temp:
        for name, text in cases().items():
            if args.only and name not in args.only:
                continue
            rows.append(measure(name, text, Path(temp)))
            if not args.json:
                row = rows[-1]
                shown = (f"{row['seconds']:.2f} s, {row['peak_mib']:.0f} MiB peak, REVIEW.md {row['review_bytes']:,} B"
                         if not row.get("error") else row["error"])
                print(f"{name:22} {row['bytes']:>12,} B  {shown}  {'ok' if within_budget(row) else 'OVER BUDGET'}",
                      flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0 if all(within_budget(row) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
