"""REVIEW.md: what an analyst needs to finish a draft, and nothing that grows without bound.

Four parts, each in report order:

1. **Doubtful values**: each beside the sentence it was read from (confidence under
   :data:`.provenance.DOUBTFUL`, never a value the drafter wrote itself);
2. **Written by the drafter**: titles, topics and proposed figures that are ours, to keep or
   reword (they are not the report's words, so they are not "doubtful readings");
3. **What the drafter left out**: date-like text it could not read, capitalised names it did
   not tag;
4. **Where each paragraph went**: the heading each news item was filed under.

Every list is capped (:data:`MAX_ENTRIES`), every quoted value and sentence cut to a few
hundred characters around the value, so a hostile report (one 200 KB sentence, 20,000
names) writes a REVIEW.md of bounded size; review.toml still lists every value. Text from
the report is cleaned of terminal control characters (:func:`..data.text.clean_text`) so
``cat REVIEW.md`` is safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..data.text import clean_text
from .provenance import DOUBTFUL, Note, _shown

#: Entries listed per part; the rest are counted ("... and 1,234 more in review.toml").
MAX_ENTRIES = 400
#: Characters of a value, and of the sentence around it, shown in one entry.
MAX_VALUE = 160
MAX_QUOTE = 320


@dataclass
class Dropped:
    """What the drafter saw but did not turn into data, for REVIEW.md (each list capped as it is filled)."""
    #: (item, start, end, text) of date-like words no date was read from
    dates: list[tuple[str, int, int, str]] = field(default_factory=list)
    #: name -> (times seen, first item) of capitalised words no entity was tagged from
    names: dict[str, list] = field(default_factory=dict)
    #: (item, heading) for every news item
    placement: list[tuple[str, str]] = field(default_factory=list)
    more_dates: int = 0
    more_names: int = 0

    def date(self, item: str, start: int, end: int, text: str) -> None:
        if len(self.dates) < MAX_ENTRIES:
            self.dates.append((item, start, end, text[:MAX_VALUE]))
        else:
            self.more_dates += 1

    def name(self, name: str, item: str) -> None:
        entry = self.names.get(name)
        if entry is not None:
            entry[0] += 1
        elif len(self.names) < MAX_ENTRIES:
            self.names[name[:MAX_VALUE]] = [1, item]
        else:
            self.more_names += 1


def _safe(value: object, limit: int = MAX_VALUE) -> str:
    text = clean_text(str(value))[0].replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The sentence holding ``[start, end)``, cut to :data:`MAX_QUOTE` characters around it."""
    chosen = [(a, b) for a, b in spans if a < max(end, start + 1) and b > start] or spans[:1]
    if not chosen:
        return ""
    a, b = chosen[0][0], chosen[-1][1]
    if b - a > MAX_QUOTE:
        middle = (start + end) // 2
        a = max(a, middle - MAX_QUOTE // 2)
        b = min(b, a + MAX_QUOTE)
        return ("…" if a > chosen[0][0] else "") + _safe(text[a:b].strip(), MAX_QUOTE) + \
            ("…" if b < chosen[-1][1] else "")
    return _safe(text[a:b].strip(), MAX_QUOTE + 1)


def review_markdown(edition_id: str, notes: list[Note], texts: dict[str, str],
                    dropped: Dropped | None = None, outside_series: bool = False) -> str:
    """REVIEW.md: doubtful values beside their sentence, what is ours, what was left out, where paragraphs went."""
    from .sentences import sentence_spans

    doubtful = [n for n in notes if n.doubtful]
    ours = [n for n in notes if n.ours]
    lines = [f"# Review: draft of edition {_safe(edition_id)}", "",
             "Written by `briefing draft` (these notes are ours; quoted sentences are the report's)."]
    if outside_series:
        lines += ["", "**Outside the series**: this document is not laid out as the series' half-yearly report "
                      "(no period in its title, or no parts such as 'News Update'). It was drafted as news: one "
                      "item a paragraph (a story, where a paragraph tells several), with its dates, events and entities; there is no medal table or CNKI "
                      "part, and the period is the span of the dates it gives. Check the period first."]
    lines += ["", f"{len(notes)} values were drafted: {len(doubtful)} doubtful (confidence under {DOUBTFUL}), "
                  f"{len(ours)} written by the drafter, the rest read with confidence. Check each doubtful value "
                  "against the report; when a value is right, mark it in `review.toml` by changing its "
                  "`reviewed = false` to `reviewed = true` (fix the data file first if it is wrong). "
                  "`briefing validate` lists every value still unreviewed as a warning.", ""]
    spans_of: dict[str, list[tuple[int, int]]] = {}

    def spans(item: str) -> list[tuple[int, int]]:
        if item not in spans_of:
            spans_of[item] = sentence_spans(texts[item])
        return spans_of[item]

    lines += ["## Doubtful values", ""]
    if not doubtful:
        lines += ["None.", ""]
    for file in ("report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml"):
        group = [n for n in doubtful if n.file == file]
        if not group:
            continue
        lines += [f"### {file}", ""]
        for n in group[:MAX_ENTRIES]:
            lines.append(f"- `{_safe(n.record)}` · `{n.field}` = {_safe(_shown(n.value))!r} · confidence "
                         f"{n.confidence} · {_safe(n.how)}")
            if n.item and n.item in texts:
                sentence = _quote(texts[n.item], n.start, n.end, spans(n.item))
                if sentence:
                    lines.append(f"  > {sentence}  ")
                    where = f", characters {n.start}–{n.end}" if n.end > n.start else ""
                    lines.append(f"  (from `{_safe(n.item)}`{where})")
        if len(group) > MAX_ENTRIES:
            lines.append(f"- … and {len(group) - MAX_ENTRIES:,} more in review.toml")
        lines.append("")

    if ours:
        lines += ["## Written by the drafter", "",
                  "Ours, not the report's words: keep, reword or drop each (they are marked `ours = true` in "
                  "review.toml).", ""]
        for n in ours[:MAX_ENTRIES]:
            lines.append(f"- `{_safe(n.record)}` · `{n.field}` = {_safe(_shown(n.value))!r}")
        if len(ours) > MAX_ENTRIES:
            lines.append(f"- … and {len(ours) - MAX_ENTRIES:,} more in review.toml")
        lines.append("")

    if dropped is not None:
        lines += ["## What the drafter left out", ""]
        if dropped.dates:
            lines += ["Date-like words no date was read from (add the date to the item and an event if one is "
                      "meant):", ""]
            for item, start, end, text in dropped.dates:
                where = f"`{_safe(item)}`, characters {start}–{end}"
                lines.append(f"- {_safe(text)!r} in {where}")
            if dropped.more_dates:
                lines.append(f"- … and {dropped.more_dates:,} more")
            lines.append("")
        if dropped.names:
            lines += ["Capitalised names no entity was tagged from (add one to the item's entities if it is "
                      "a name):", ""]
            for name, (count, item) in dropped.names.items():
                times = f", {count} times" if count > 1 else ""
                lines.append(f"- {_safe(name)!r} (first in `{_safe(item)}`{times})")
            if dropped.more_names:
                lines.append(f"- … and {dropped.more_names:,} more")
            lines.append("")
        if not dropped.dates and not dropped.names:
            lines += ["Nothing date-like or capitalised was left untagged.", ""]
        if dropped.placement:
            lines += ["## Where each paragraph went", ""]
            for item, heading in dropped.placement[:MAX_ENTRIES]:
                lines.append(f"- `{_safe(item)}` under {_safe(heading)!r}")
            if len(dropped.placement) > MAX_ENTRIES:
                lines.append(f"- … and {len(dropped.placement) - MAX_ENTRIES:,} more (see news.toml)")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
