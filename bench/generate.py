"""Write synthetic report editions of any size, valid under data/README.md, for the benchmarks.

    python bench/generate.py --events 10000 --out DIR

writes ``DIR/<edition id>/`` with the five TOML files of an edition, and ``DIR/generator.json``
saying what was written (generator version, seed, sizes), so ``bench/run.py`` can reuse a
folder instead of writing it again. ``briefing validate DIR`` reports 0 problems on it.

What an edition holds, by default, for ``--events N``:

* N events and N news items; ``min(N, 10,000)`` medal rows (the sort benchmark's
  10,000-row table at N = 10,000); 5 to 50 CNKI articles (N / 2,000, clamped);
* text of the real report's lengths and word frequencies: headlines of 40-90
  characters, paragraphs of 300-1,200, event texts of 90-400, words drawn with the
  shipped edition's counts (``bench/vocabulary.py``), so a common word matches about
  as often as it would in a real edition;
* entities drawn from the shipped edition's canonical names plus synthetic ones, popular
  names far more often than rare ones; each record's text mentions its entities;
* some Chinese text (天空地海, 一念天地，万物随心, names written in Chinese);
* exact dates mixed with the report's approximate wordings ("December 2024",
  "late 2025", "by 2035", "early 2024", "2022"), events happened or planned, in
  chronological order, in every category;
* :data:`RARE_WORD` in exactly one record in :data:`RARE_EVERY` (news and events), so a
  search for it has a known, small number of hits; :data:`NO_MATCH_WORD` in none.

The same seed and :data:`GENERATOR_VERSION` always give byte-identical files: one
:class:`random.Random` drives everything, nothing iterates over a set, and the word
pools are frozen in ``bench/vocabulary.py`` rather than read from ``data/``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import itertools
import json
import random
import re
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as `python bench/generate.py`: sys.path[0] is bench/, so make the checkout importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import tomli_w  # noqa: E402

from bench import vocabulary as vocab  # noqa: E402
from briefing.model.data.dates import ReportDate  # noqa: E402

#: Bump whenever the output for a given seed and size changes, so stale folders are regenerated.
GENERATOR_VERSION = 1

#: Folder name, hence edition id, of every synthetic edition: the period after the shipped one.
EDITION_ID = "2025-04-to-2025-09"
PERIOD_START = dt.date(2025, 4, 1)
PERIOD_END = dt.date(2025, 9, 30)

#: A word in exactly one news item and one event in RARE_EVERY (and nowhere else).
RARE_WORD = "Zhurong"
RARE_EVERY = 500
#: A word in no record, for the "no match" keystrokes and lookups.
NO_MATCH_WORD = "qxzvjk"
#: A word in a good share of records, as in the real report.
COMMON_WORD = "satellite"

#: The file in the output folder recording what was generated there.
STAMP = "generator.json"

_HEADER = ("# Synthetic edition written by bench/generate.py (generator version {version}, seed {seed}):\n"
           "# benchmark data, not a report. Format: see data/README.md.\n\n")


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind an edition holds."""

    events: int
    news: int
    medals: int
    articles: int

    @classmethod
    def for_events(cls, events: int, *, news: int | None = None, medals: int | None = None,
                   articles: int | None = None) -> "Sizes":
        """The default edition for ``events`` events: as many news items, medal rows up to 10,000, 5-50 articles."""
        return cls(
            events=events,
            news=events if news is None else news,
            medals=min(events, 10_000) if medals is None else medals,
            articles=max(5, min(50, events // 2000)) if articles is None else articles,
        )


# -- text -------------------------------------------------------------------------------------


def _slug(text: str, words: int = 5) -> str:
    """Lowercase kebab-case of the first ``words`` ASCII words of ``text`` (ids must be ASCII-ish)."""
    parts = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return "-".join(parts[:words]) or "item"


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:")


class _Words:
    """Sentences and names drawn with the real report's word frequencies, from one seeded Random."""

    #: How a record's entities and dates are worked into its text.
    NAME_FRAMES = (
        "{} said the work would continue on schedule.",
        "The {} team reported further progress.",
        "According to {}, the tests went as planned.",
        "Officials linked the effort to {}.",
        "The project also involves {}.",
    )
    DATE_FRAMES = ("This took place {}.", "Further steps are expected {}.", "The plan was announced {}.")
    HEADLINE_VERBS = ("advances", "launched", "completes tests", "expands cooperation", "reaches milestone",
                      "plans", "unveils", "reviewed", "signs agreement", "issues tender")

    def __init__(self, rng: random.Random, pool_size: int, synthetic_names: list[str]) -> None:
        self.rng = rng
        pairs = [item.rsplit(":", 1) for item in vocab.WORD_COUNTS.split()]
        self.words = [word for word, _ in pairs]
        self.cum = list(itertools.accumulate(int(count) for _, count in pairs))
        #: Synthetic proper names that give the vocabulary a long tail of rare words.
        self.names = synthetic_names
        # Sentences are drawn from a fixed pool: building each paragraph word by word
        # would make the 100,000-record editions take minutes to write.
        self.sentences = [self._sentence() for _ in range(pool_size)]

    def _sentence(self) -> str:
        rng = self.rng
        count = rng.randint(10, 28)
        words = rng.choices(self.words, cum_weights=self.cum, k=count)
        for position in range(count):
            if rng.random() < 0.03:
                words[position] = rng.choice(self.names)
        if rng.random() < 0.3:
            words[rng.randrange(3, count - 2)] += ","
        return _cap(" ".join(words)) + "."

    def paragraph(self, low: int, high: int, mentions: list[str], *, lead: bool = True) -> str:
        """A paragraph of ``low``-``high`` characters (mostly near the real report's) working in ``mentions``.

        ``lead=False`` starts with the mentions: short texts (events) would otherwise overshoot.
        """
        rng = self.rng
        # Triangular with its mode at ``low``: a mean near the shipped edition's (600 of 300-1,200
        # for paragraphs, 180 of 90-400 for events), and a long tail of long texts.
        target = int(rng.triangular(low, high, low))
        parts = [rng.choice(self.sentences)] if lead or not mentions else []
        parts.extend(mentions)
        length = sum(len(p) + 1 for p in parts)
        while length < target:
            sentence = rng.choice(self.sentences)
            if length >= low and length + len(sentence) - target > 60:
                break  # a long last sentence would push every text well past its target
            parts.append(sentence)
            length += len(sentence) + 1
        text = " ".join(parts)
        if len(text) > high:
            text = _cut(text, high - 1) + "."
        return text

    def title(self, lead: str, low: int, high: int) -> str:
        """A headline-like line of ``low``-``high`` characters starting with ``lead``."""
        rng = self.rng
        text = f"{lead} {rng.choice(self.HEADLINE_VERBS)}"
        target = rng.randint(low, high)
        while len(text) < target:
            text += " " + rng.choices(self.words, cum_weights=self.cum)[0]
        return _cut(text, high)

    def phrase(self, low: int, high: int) -> str:
        """A capitalised run of words, ``low``-``high`` characters (section titles, article topics)."""
        rng = self.rng
        target = rng.randint(low, high)
        text = _cap(rng.choice(self.names)) + " " + rng.choices(self.words, cum_weights=self.cum)[0]
        while len(text) < target:
            text += " " + rng.choices(self.words, cum_weights=self.cum)[0]
        return _cut(text, high)


# -- names ------------------------------------------------------------------------------------


def _pinyin(rng: random.Random) -> str:
    return _cap(rng.choice(vocab.SYLLABLES) + rng.choice(vocab.SYLLABLES))


def _entity_pools(rng: random.Random) -> tuple[dict[str, list[str]], list[str]]:
    """Names of each entity kind (real ones first, so most popular), and the synthetic pinyin names.

    A name belongs to one kind only (data/README.md), so one ``seen`` set spans all kinds.
    """
    seen: set[str] = set()
    pools: dict[str, list[str]] = {}

    def fill(kind: str, real: tuple[str, ...], want: int, make) -> None:
        names: list[str] = []
        for name in real:
            if name not in seen:
                seen.add(name)
                names.append(name)
        attempts = 0
        while len(names) < want and attempts < want * 50:
            attempts += 1
            name = make()
            if name in seen or RARE_WORD.casefold() in name.casefold():
                continue
            seen.add(name)
            names.append(name)
        pools[kind] = names

    fill("organisations", vocab.ORGANISATIONS + vocab.CJK_ORGANISATIONS, 400, lambda: rng.choice((
        f"{rng.choice(vocab.CITIES)} {_pinyin(rng)} Space Technology",
        f"{_pinyin(rng)} Aerospace",
        f"{rng.choice(vocab.CITIES)} Institute of {_pinyin(rng)} Spaceflight",
        f"{_pinyin(rng)} Satellite Corporation",
        f"{rng.choice(vocab.CITIES)} University of Aeronautics and {_pinyin(rng)} Engineering",
    )))
    fill("people", vocab.PEOPLE, 300, lambda: f"{rng.choice(vocab.SURNAMES)} {_pinyin(rng)}")
    fill("spacecraft", vocab.SPACECRAFT + vocab.CJK_SPACECRAFT, 600,
         lambda: f"{_pinyin(rng)}-{rng.randint(1, 40)}{rng.choice(('', '', 'A', 'B', ' 01/02'))}")
    fill("vehicles", vocab.VEHICLES, 40, lambda: rng.choice((
        f"Long March {rng.randint(2, 12)}{rng.choice(('', 'A', 'B', 'C', '-D', '-F'))}",
        f"{_pinyin(rng)} rocket {rng.randint(1, 9)}",
    )))
    fill("places", vocab.PLACES + vocab.CJK_PLACES, 60, lambda: rng.choice((
        f"{_pinyin(rng)} Launch Site",
        f"{rng.choice(vocab.CITIES)} ground station",
        f"{_pinyin(rng)} Province",
    )))
    synthetic = [_pinyin(rng) for _ in range(800)]
    synthetic = [name for name in synthetic if name not in seen and RARE_WORD.casefold() not in name.casefold()]
    return pools, synthetic


class _Picker:
    """Draws entities for a record: kinds by how often the report names them, names Zipf-like."""

    KIND_WEIGHTS = {"organisations": 35, "spacecraft": 30, "places": 15, "vehicles": 10, "people": 10}

    def __init__(self, rng: random.Random, pools: dict[str, list[str]]) -> None:
        self.rng = rng
        self.pools = pools
        self.kinds = list(self.KIND_WEIGHTS)
        self.kind_cum = list(itertools.accumulate(self.KIND_WEIGHTS.values()))
        self.cum = {kind: list(itertools.accumulate(1 / (rank + 1) for rank in range(len(names))))
                    for kind, names in pools.items()}

    def name(self, kind: str) -> str:
        return self.rng.choices(self.pools[kind], cum_weights=self.cum[kind])[0]

    def entities(self, low: int = 0, high: int = 6) -> dict[str, list[str]]:
        """A record's ``[….entities]`` table, kinds in the README's order, empty kinds left out."""
        rng = self.rng
        chosen: dict[str, list[str]] = {}
        for _ in range(rng.randint(low, high)):
            kind = rng.choices(self.kinds, cum_weights=self.kind_cum)[0]
            name = self.name(kind)
            names = chosen.setdefault(kind, [])
            if name not in names:
                names.append(name)
        return {kind: chosen[kind] for kind in ("organisations", "people", "spacecraft", "vehicles", "places")
                if kind in chosen}


# -- dates ------------------------------------------------------------------------------------

_BUSY_FROM, _BUSY_TO = dt.date(2023, 1, 1).toordinal(), dt.date(2026, 12, 31).toordinal()
_WIDE_FROM, _WIDE_TO = dt.date(1990, 1, 1).toordinal(), dt.date(2035, 12, 31).toordinal()


def _random_date(rng: random.Random) -> ReportDate:
    """A date as the report writes them: mostly exact days near the period, some approximate wordings."""
    roll = rng.random()
    busy = rng.random() < 0.75  # most dates fall in the years around the edition
    if roll < 0.62:
        ordinal = rng.randint(_BUSY_FROM, _BUSY_TO) if busy else rng.randint(_WIDE_FROM, _WIDE_TO)
        return ReportDate.exact(dt.date.fromordinal(ordinal))
    year = rng.randint(2023, 2026) if busy else rng.randint(1990, 2035)
    if roll < 0.77:
        return ReportDate.parse(f"{calendar.month_name[rng.randint(1, 12)]} {year}")
    if roll < 0.85:
        return ReportDate.parse(str(year))
    qualifier = rng.choice(("early", "mid", "late", "by"))
    if qualifier == "by":
        year = rng.choice((2027, 2030, 2035, 2040, 2045, 2050))
    return ReportDate.parse(f"{qualifier} {year}")


def _date_slug(date: ReportDate) -> str:
    """The date part of an event id (data/README.md): 2024-12-17, 2024-12, 2024, late-2025, by-2035."""
    if date.is_exact or date.month is not None:
        return date.iso
    return f"{date.qualifier}-{date.year}" if date.qualifier else date.iso


def _in_words(date: ReportDate) -> str:
    """How a paragraph says the date: "on December 17, 2024", "in late 2025", "by 2035"."""
    if date.is_exact:
        return f"on {calendar.month_name[date.month]} {date.day}, {date.year}"
    if date.qualifier == "by":
        return date.wording
    return f"in {date.wording}"


def _is_planned(date: ReportDate) -> bool:
    return date.qualifier == "by" or date.span()[0] > PERIOD_END


# -- the edition --------------------------------------------------------------------------------


def edition_documents(sizes: Sizes, seed: int = 0) -> dict[str, dict]:
    """The five TOML documents of a synthetic edition, by file name."""
    if sizes.news < 1:
        raise ValueError("an edition needs at least one news item: figures and contexts link to one")
    rng = random.Random(seed)
    pools, synthetic = _entity_pools(rng)
    picker = _Picker(rng, pools)
    pool_size = min(20_000, max(2_000, 2 * (sizes.news + sizes.events)))
    words = _Words(rng, pool_size, synthetic)

    def mentions(entities: dict[str, list[str]], dates: list[ReportDate], index: int) -> list[str]:
        """Sentences naming the record's entities and dates, so its text says what its fields say."""
        out = [rng.choice(words.NAME_FRAMES).format(name) for names in entities.values() for name in names]
        out += [rng.choice(words.DATE_FRAMES).format(_in_words(date)) for date in dates]
        if rng.random() < 0.03:
            english, chinese = rng.choice(vocab.CJK_PHRASES)
            out.append(f'Officials described the aim as "{english}" ({chinese}).')
        if index % RARE_EVERY == RARE_EVERY // 2:
            out.append(f"Observers compared it with the {RARE_WORD} rover.")
        rng.shuffle(out)
        return out

    # Sections: the four parts, then headings under News and CNKI, in report order.
    headings = max(6, min(500, sizes.news // 50))
    cnki_headings = max(2, headings // 4)
    news_headings = headings - cnki_headings
    sections: list[dict] = [{"id": "sec-news-update", "title": "News Update", "kind": "news"}]
    for i in range(news_headings):
        title = words.phrase(20, 70)
        sections.append({"id": f"sec-{_slug(title, 4)}-{i}", "title": title, "kind": "news",
                         "parent": "sec-news-update"})
    sections.append({"id": "sec-policy-update", "title": "Policy Update: Synthetic Space Plan Issued",
                     "kind": "policy"})
    sections.append({"id": "sec-magazine-update", "title": "Industry Magazine Update: Aerospace China",
                     "kind": "magazine"})
    sections.append({"id": "sec-cnki-trending", "kind": "cnki",
                     "title": "1.1 What's Trending on China National Knowledge Infrastructure (CNKI)?"})
    for i in range(cnki_headings):
        title = words.phrase(15, 50)
        sections.append({"id": f"sec-cnki-{_slug(title, 4)}-{i}", "title": title, "kind": "cnki",
                         "parent": "sec-cnki-trending"})
    # Paragraphs sit under headings, policy and magazine parts; not under the News and CNKI parts themselves.
    homes = [s for s in sections if s["id"] not in ("sec-news-update", "sec-cnki-trending")]

    items: list[dict] = []
    for i in range(sizes.news):
        section = homes[i * len(homes) // sizes.news]
        entities = picker.entities(1, 6)
        dates: list[ReportDate] = []
        for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(1, 4, 3, 2, 1))[0]):
            date = _random_date(rng)
            if all(date.to_toml() != d.to_toml() for d in dates):
                dates.append(date)
        lead = next(iter(entities.values()))[0]
        headline = words.title(lead, 40, 90)
        if rng.random() < 0.02:
            headline = _cut(headline, 80) + " (天空地海)"
        item: dict = {"id": f"news-{_slug(headline)}-{i}", "section": section["id"], "headline": headline}
        if dates:
            item["dates"] = [d.to_toml() for d in dates]
        item["text"] = words.paragraph(300, 1200, mentions(entities, dates, i))
        item["tags"] = rng.sample(vocab.TAGS, rng.randint(1, 4))
        item["entities"] = entities
        items.append(item)
    news_ids = [item["id"] for item in items]
    cnki_items = [item for item in items if item["section"].startswith("sec-cnki-")] or items
    magazine_items = [item for item in items if item["section"] == "sec-magazine-update"] or items
    section_titles = {s["id"]: s["title"] for s in sections}

    figures = []
    for i in range(8):
        source = news_ids[i * len(news_ids) // 8]
        label = words.phrase(12, 40)
        figures.append({"id": f"fig-{_slug(label, 4)}-{i}", "label": label,
                        "value": f"{rng.randint(2, 999):,} {rng.choice(('satellites', 'launches', 'days', 'km'))}",
                        "detail": _cut(words.paragraph(60, 140, []), 140), "source": source})

    report = {
        "title": f"Synthetic edition for benchmarks: {sizes.events:,} events, {sizes.news:,} news items "
                 "(April 2025 - September 2025)",
        "period": "April 2025 - September 2025",
        "period_start": PERIOD_START,
        "period_end": PERIOD_END,
        "introduction": [words.paragraph(300, 900, []) for _ in range(3)],
        "sources_note": "Synthetic data written by bench/generate.py; not a real report.",
        "sections": sections,
        "figures": figures,
    }

    companies = list(vocab.MEDAL_COMPANIES) + pools["organisations"][len(vocab.ORGANISATIONS):]
    medal_rows = []
    for i in range(sizes.medals):
        sector, company = rng.choice(vocab.SECTORS), rng.choice(companies)
        medal = rng.choice(("Gold", "Silver", "Bronze"))
        medal_rows.append({"id": f"medal-{_slug(sector, 4)}-{_slug(company, 4)}-{medal.lower()}-{i}",
                           "sector": sector, "company": company, "satellite": picker.name("spacecraft"),
                           "medal": medal})
    medals = {
        "context": {
            "source": "Synthetic commercial remote sensing medal table, for benchmarks",
            "source_item": magazine_items[0]["id"],
            "summary": words.paragraph(200, 400, []),
            "counts": [{"country": "China", "medals": sizes.medals}, {"country": "U.S.", "medals": 12},
                       {"country": "Finland", "medals": 2}, {"country": "Uruguay", "medals": 2}],
            "previous_table_year": 2024,
            "sectors_without_chinese_medal": ["X-band SAR", "SAR revisit"],
            "holders_in_those_sectors": ["Umbra", "Capella Space", "ICEYE"],
            "response": words.paragraph(300, 1200, []),
            "response_item": magazine_items[-1]["id"],
        },
        "medals": medal_rows,
    }

    articles = []
    for i in range(sizes.articles):
        source = cnki_items[i * len(cnki_items) // sizes.articles]
        topic = words.phrase(30, 80)
        downloads = rng.randint(300, 2500)
        article: dict = {"id": f"article-{_slug(topic)}-{i}", "topic": topic,
                         "theme": section_titles[source["section"]]}
        institution = picker.name("organisations") if rng.random() < 0.8 else None
        if institution is not None:  # data/README.md: omit the key when the report names none
            article["institution"] = institution
        article["downloads"] = downloads
        article["summary"] = words.paragraph(
            300, 900, [f"The article was downloaded {downloads:,} times."])
        article["source"] = source["id"]
        if institution is not None:
            article["entities"] = {"organisations": [institution]}
        articles.append(article)
    trends = {
        "context": {
            "statement": words.paragraph(120, 240, []),
            "since": "April 2025",
            "topic": "6G technology and LEO satellite internet",
            "top_ten_on_topic": 3,
            "source_item": cnki_items[0]["id"],
        },
        "articles": articles,
    }

    events: list[tuple[tuple, dict]] = []
    for i in range(sizes.events):
        date = _random_date(rng)
        entities = picker.entities(0, 3)
        lead = next(iter(entities.values()))[0] if entities else words.phrase(8, 20)
        title = words.title(lead, 30, 90)
        event: dict = {
            "id": f"event-{_date_slug(date)}-{_slug(title, 4)}-{i}",
            "date": date.to_toml(),
            "status": "planned" if _is_planned(date) else "happened",
            "category": rng.choice(vocab.CATEGORIES),
            "title": title,
            "text": words.paragraph(90, 400, mentions(entities, [date], i), lead=False),
            "source": rng.choice(news_ids),
        }
        if entities:
            event["entities"] = entities
        events.append(((date.sort_key, i), event))
    # data/README.md: the timeline file is chronological, ties in the order written.
    events.sort(key=lambda pair: pair[0])

    return {
        "report.toml": report,
        "news.toml": {"items": items},
        "medals.toml": medals,
        "trends.toml": trends,
        "timeline.toml": {"events": [event for _, event in events]},
    }


def stamp_for(sizes: Sizes, seed: int) -> dict:
    """What :data:`STAMP` holds for an edition generated with ``sizes`` and ``seed``."""
    return {"generator_version": GENERATOR_VERSION, "seed": seed, "edition": EDITION_ID, "sizes": asdict(sizes)}


def is_current(out: Path, sizes: Sizes, seed: int = 0) -> bool:
    """True when ``out`` holds a complete edition written by this generator version with these settings."""
    try:
        stamp = json.loads((out / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return stamp == stamp_for(sizes, seed) and all((out / EDITION_ID / name).is_file() for name in (
        "report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml"))


def generate(out: Path, events: int, *, news: int | None = None, medals: int | None = None,
             articles: int | None = None, seed: int = 0) -> Path:
    """Write a synthetic edition into ``out/<EDITION_ID>/`` (replacing one there); return its folder."""
    sizes = Sizes.for_events(events, news=news, medals=medals, articles=articles)
    documents = edition_documents(sizes, seed)
    out.mkdir(parents=True, exist_ok=True)
    # The stamp goes first and comes back last: an interrupted run leaves no stamp, so it is redone.
    (out / STAMP).unlink(missing_ok=True)
    folder = out / EDITION_ID
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    header = _HEADER.format(version=GENERATOR_VERSION, seed=seed)
    for name, document in documents.items():
        (folder / name).write_text(header + tomli_w.dumps(document), encoding="utf-8", newline="\n")
    (out / STAMP).write_text(json.dumps(stamp_for(sizes, seed), indent=2) + "\n", encoding="utf-8")
    return folder


def ensure(out: Path, events: int, *, seed: int = 0, **counts: int | None) -> Path:
    """The edition folder in ``out``, generated only if ``out`` does not already hold the same one."""
    sizes = Sizes.for_events(events, **counts)
    if is_current(out, sizes, seed):
        return out / EDITION_ID
    return generate(out, events, seed=seed, **counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic briefing edition (valid under data/README.md) for the benchmarks.",
        epilog="example: python bench/generate.py --events 10000 --out /tmp/bench-10k && "
               "briefing validate /tmp/bench-10k",
    )
    parser.add_argument("--events", type=int, required=True, help="number of timeline events")
    parser.add_argument("--news", type=int, help="number of news items (default: as many as events)")
    parser.add_argument("--medals", type=int, help="medal rows (default: events, at most 10,000)")
    parser.add_argument("--articles", type=int, help="CNKI articles (default: events / 2,000, within 5-50)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0); same seed, same bytes")
    parser.add_argument("--out", type=Path, required=True,
                        help=f"folder to write into; the edition goes in OUT/{EDITION_ID}/")
    args = parser.parse_args(argv)
    if args.events < 0 or (args.news is not None and args.news < 1):
        parser.error("--events must be 0 or more and --news at least 1")
    folder = generate(args.out, args.events, news=args.news, medals=args.medals, articles=args.articles,
                      seed=args.seed)
    total = sum(path.stat().st_size for path in folder.iterdir())
    print(f"wrote {folder} ({total / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
