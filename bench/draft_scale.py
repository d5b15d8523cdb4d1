"""The drafter on large and hostile reports: time and peak memory of ``briefing draft``, one process each.

``python bench/draft_scale.py`` writes the sources into a temporary folder, drafts each in a
child process (so the peak resident memory is that draft's own) and prints a table: the
shipped report grown to about 100 KB, 1 MB and 10 MB (its paragraphs repeated inside its
News Update part), and the shipped report with one pathological paragraph added (issue 29:
``Long March `` x20k, ``January `` x20k, ``Aaa-1 `` x4k and x20k, ``Zzz Corporation (`` x20k), and
issue 24's paragraphs of 4,000 stories and of one story told in 4,000 dated sentences).
Budget (issue 29): under 1 s of CPU per MB of source (at least 1 s allowed for start-up; CPU
time, since on a shared machine the wall clock also counts other processes) and under 200 MiB peak. ``--only NAME`` runs one case; ``--json`` prints the raw figures. Exit 1 when a
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
#: Issue 24: a 20-page PDF under 2 s and 100 MiB.
PDF_BUDGET_SECONDS = 2.0
PDF_BUDGET_PEAK_MIB = 100

PATHOLOGICAL = {
    "long-march-x20k": "Long March " * 20_000,
    "january-x20k": "January " * 20_000,
    "aaa-1-x4k": "Aaa-1 " * 4_000,
    "aaa-1-x20k": "Aaa-1 " * 20_000,
    "zzz-corporation-x20k": "Zzz Corporation (" * 20_000,
    # Issue 24: a paragraph cut into a story a sentence, and one story whose every sentence opens with a date.
    "stories-x4k": " ".join(f"Separately, on March {i % 28 + 1}, 2025, Foo{i} Corporation launched a satellite."
                            for i in range(4_000)),
    "one-story-x4k": " ".join(f"On March {i % 28 + 1}, 2025, the Tianzhou-9 docked again." for i in range(4_000)),
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


def twenty_page_pdf() -> bytes | None:
    """The shipped report's title and paragraphs set by fpdf2 until the PDF has 20 pages (None without fpdf2)."""
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    text = SOURCE.read_text(encoding="utf-8")
    blocks = [b.strip().replace("**", "") for b in text.split("\n\n") if b.strip() and "\t" not in b]
    latin = ["".join(c if ord(c) < 256 else "?" for c in b).replace("\u2019", "'") for b in blocks]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin[0], new_x="LMARGIN", new_y="NEXT")
    index = 1
    while pdf.page_no() < 20 or pdf.get_y() < 200:
        block = latin[1 + index % (len(latin) - 1)]
        short = len(block.split()) <= 12
        pdf.set_font("Helvetica", "B" if short else "", 12 if short else 10)
        pdf.multi_cell(0, 5, block, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        index += 1
    return bytes(pdf.output())


def cases() -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {"shipped": SOURCE.read_text(encoding="utf-8")}
    for label, size in (("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000)):
        out[label] = grown(size)
    for label, paragraph in PATHOLOGICAL.items():
        out[label] = with_paragraph(paragraph)
    pdf = twenty_page_pdf()
    if pdf is not None:
        out["pdf-20-pages"] = pdf
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
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM is this program's own peak; ru_maxrss also counts the parent's pages copied at fork, before exec.
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = usage.ru_maxrss
print(seconds, peak, review, usage.ru_utime + usage.ru_stime)
"""


def measure(name: str, text: str | bytes, folder: Path, timeout: float = 600) -> dict:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    source = folder / (f"{name}.pdf" if isinstance(text, bytes) else f"{name}.txt")
    source.write_bytes(data)
    out = folder / f"{name}-draft"
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(source), str(out)], capture_output=True,
                              text=True, timeout=timeout, cwd=folder)
    except subprocess.TimeoutExpired:
        return {"name": name, "bytes": len(data), "seconds": None, "peak_mib": None, "error": "timeout"}
    wall = time.perf_counter() - started
    if done.returncode:
        return {"name": name, "bytes": len(data), "seconds": wall, "peak_mib": None,
                "error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    seconds, peak_kib, review, cpu = done.stdout.split()
    return {"name": name, "bytes": len(data), "seconds": float(seconds), "cpu": float(cpu), "wall": wall,
            "peak_mib": int(peak_kib) / 1024, "review_bytes": int(review)}


def within_budget(row: dict) -> bool:
    if row.get("error") or row["seconds"] is None:
        return False
    if row["name"].startswith("pdf"):
        return row["seconds"] <= PDF_BUDGET_SECONDS and row["peak_mib"] <= PDF_BUDGET_PEAK_MIB
    allowed = max(1.0, BUDGET_SECONDS_PER_MB * row["bytes"] / 1e6)
    return row["cpu"] <= allowed and row["peak_mib"] <= BUDGET_PEAK_MIB


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
                shown = (f"{row['seconds']:.2f} s ({row['cpu']:.2f} s CPU), {row['peak_mib']:.0f} MiB peak, "
                         f"REVIEW.md {row['review_bytes']:,} B"
                         if not row.get("error") else row["error"])
                print(f"{name:22} {row['bytes']:>12,} B  {shown}  {'ok' if within_budget(row) else 'OVER BUDGET'}",
                      flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0 if all(within_budget(row) for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
