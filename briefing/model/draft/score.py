"""Scoring a draft against a hand-checked edition: how much of the analyst's work it already did.

Records are matched by the paragraph they come from (a news item's ``text``), never by id:
ids are the drafter's own. Every figure is ``found / expected``; where the draft can also
hold things the edition does not, precision is given as well.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import DraftError


@dataclass
class Line:
    label: str
    found: int
    expected: int
    drafted: int | None = None  # for precision: how many the draft holds

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float | None:
        if self.drafted is None:
            return None
        return self.found / self.drafted if self.drafted else 1.0

    def as_dict(self) -> dict:
        out = {"label": self.label, "found": self.found, "expected": self.expected, "recall": round(self.recall, 3)}
        if self.drafted is not None:
            out["drafted"] = self.drafted
            out["precision"] = round(self.precision or 0.0, 3)
        return out


def load_edition_files(folder: Path) -> dict[str, dict]:
    files = {}
    for name in ("report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml"):
        try:
            files[name] = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise DraftError(f"cannot read the hand-checked {folder / name}: {error}") from None
    return files


def find_source(folder: Path) -> Path:
    for name in ("source.txt", "source.md", "source.html", "source.pdf"):
        if (folder / name).is_file():
            return folder / name
    raise DraftError(f"{folder} holds no source document (source.txt, .md, .html or .pdf) to draft from")


def _overlap(expected: list, drafted: list) -> int:
    return sum((Counter(expected) & Counter(drafted)).values())


def score(draft: dict[str, dict], gold: dict[str, dict]) -> list[Line]:
    lines: list[Line] = []
    gold_news = gold["news.toml"].get("items", [])
    draft_news = draft["news.toml"].get("items", [])
    gold_text = {item["id"]: item["text"] for item in gold_news}
    draft_text = {item["id"]: item["text"] for item in draft_news}
    lines.append(Line("paragraphs (exact text)", _overlap(list(gold_text.values()), list(draft_text.values())),
                      len(gold_news), len(draft_news)))
    gold_sections = [s["title"] for s in gold["report.toml"].get("sections", [])]
    draft_sections = [s["title"] for s in draft["report.toml"].get("sections", [])]
    lines.append(Line("sections (exact title)", _overlap(gold_sections, draft_sections), len(gold_sections),
                      len(draft_sections)))
    intro_gold = gold["report.toml"].get("introduction", [])
    lines.append(Line("introduction paragraphs", _overlap(intro_gold, draft["report.toml"].get("introduction", [])),
                      len(intro_gold), len(draft["report.toml"].get("introduction", []))))

    def row(r):
        return (r["sector"], r["company"], r["satellite"], r["medal"])
    gold_rows = [row(r) for r in gold["medals.toml"].get("medals", [])]
    draft_rows = [row(r) for r in draft["medals.toml"].get("medals", [])]
    lines.append(Line("medal rows (every cell)", _overlap(gold_rows, draft_rows), len(gold_rows), len(draft_rows)))
    gc, dc = gold["medals.toml"].get("context", {}), draft["medals.toml"].get("context", {})
    for key in ("summary", "response", "previous_table_year", "sectors_without_chinese_medal",
                "holders_in_those_sectors", "counts"):
        lines.append(Line(f"medal context: {key}", int(gc.get(key) == dc.get(key)), 1))

    def article(a, texts):
        return (texts.get(a["source"]), a["downloads"])
    gold_articles = gold["trends.toml"].get("articles", [])
    draft_articles = draft["trends.toml"].get("articles", [])
    lines.append(Line("download figures (article, paragraph)", _overlap(
        [article(a, gold_text) for a in gold_articles], [article(a, draft_text) for a in draft_articles]),
        len(gold_articles), len(draft_articles)))
    for key in ("institution", "theme", "summary"):
        lines.append(Line(f"articles: {key}", _overlap(
            [(gold_text.get(a["source"]), a.get(key)) for a in gold_articles],
            [(draft_text.get(a["source"]), a.get(key)) for a in draft_articles]), len(gold_articles)))
    tc, dtc = gold["trends.toml"].get("context", {}), draft["trends.toml"].get("context", {})
    for key in ("statement", "since", "topic", "top_ten_on_topic"):
        lines.append(Line(f"trends context: {key}", int(tc.get(key) == dtc.get(key)), 1))

    # Dates of news items, by paragraph.
    by_text = {item["text"]: item for item in draft_news}
    exact = [0, 0, 0]
    approx = [0, 0, 0]
    for item in gold_news:
        other = by_text.get(item["text"], {})
        for bucket, keep in ((exact, lambda v: isinstance(v, dt.date)), (approx, lambda v: isinstance(v, str))):
            want = [v for v in item.get("dates", []) if keep(v)]
            got = [v for v in other.get("dates", []) if keep(v)]
            bucket[0] += _overlap(want, got)
            bucket[1] += len(want)
            bucket[2] += len(got)
    lines.append(Line("item dates: exact days", exact[0], exact[1], exact[2]))
    lines.append(Line("item dates: approximate (value and wording)", approx[0], approx[1], approx[2]))

    # Events: matched by source paragraph and date; then status.
    gold_events = gold["timeline.toml"].get("events", [])
    draft_events = draft["timeline.toml"].get("events", [])
    pool = Counter((draft_text.get(e["source"]), _key(e["date"])) for e in draft_events)
    status_pool = Counter((draft_text.get(e["source"]), _key(e["date"]), e["status"]) for e in draft_events)
    dated = with_status = exact_events = 0
    for event in gold_events:
        key = (gold_text.get(event["source"]), _key(event["date"]))
        if pool[key] > 0:
            pool[key] -= 1
            dated += 1
            exact_events += isinstance(event["date"], dt.date)
        skey = key + (event["status"],)
        if status_pool[skey] > 0:
            status_pool[skey] -= 1
            with_status += 1
    lines.append(Line("events: right paragraph and date", dated, len(gold_events), len(draft_events)))
    lines.append(Line("events: right paragraph, date and status", with_status, len(gold_events), len(draft_events)))
    any_date = _overlap([_key(e["date"]) for e in gold_events], [_key(e["date"]) for e in draft_events])
    lines.append(Line("events: right date (any paragraph)", any_date, len(gold_events), len(draft_events)))

    # Entities of news items, by paragraph: (kind, name) pairs.
    want, got = [], []
    for item in gold_news:
        other = by_text.get(item["text"], {})
        want += [(item["text"], kind, name) for kind, names in item.get("entities", {}).items() for name in names]
        got += [(item["text"], kind, name) for kind, names in other.get("entities", {}).items() for name in names]
    lines.append(Line("entities of news items (kind and name)", _overlap(want, got), len(want), len(got)))
    lines.append(Line("entities of news items (name only)", _overlap([(t, n) for t, _, n in want],
                                                                     [(t, n) for t, _, n in got]), len(want), len(got)))
    return lines


def _key(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def review_counts(notes) -> dict[str, int]:
    """How much is left for the analyst: values drafted, doubtful ones, and ones the drafter wrote (ours)."""
    return {"drafted": len(notes), "doubtful": sum(1 for n in notes if n.doubtful),
            "ours": sum(1 for n in notes if n.ours)}


def format_lines(lines: list[Line]) -> str:
    width = max(len(line.label) for line in lines)
    out = []
    for line in lines:
        text = f"{line.label:<{width}}  {line.found:>3}/{line.expected:<3} recall {line.recall:6.1%}"
        if line.precision is not None:
            text += f"  precision {line.precision:6.1%} ({line.found}/{line.drafted})"
        out.append(text)
    return "\n".join(out)
