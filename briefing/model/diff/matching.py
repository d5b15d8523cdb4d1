"""Which record of the new edition continues which record of the old one: through the report's words.

The editions' paragraphs are matched first (:mod:`.paragraphs`); then each record is hung
on its paragraph and matched through it, never through a title, summary or id we wrote:

* **follows**: the new record names the old one's key in its ``follows`` field. The
  edition says so explicitly, so this wins over everything else;
* a **news item** is a paragraph: it continues the paragraph it was matched with (in a
  paragraph cut in two, the pieces in order); the introduction's paragraphs and the
  headings likewise;
* an **event** continues an event of the matched paragraph, chosen by its date (the same
  day, or a span holding it) and its key entity (the spacecraft, else the vehicle, the
  organisation...); an event whose paragraph has no counterpart is matched elsewhere only
  by the same date and key entity;
* a **CNKI article** continues the article of the matched paragraph (by downloads where
  there are several);
* a **medal row** is the report's table row: matched by its sector, company and
  satellite, else its sector and company, else its sector and satellite.

:func:`match_editions` is the one matching: ``briefing diff``, the Changes tab, the notes
carried to later editions and the app's lists all use it.
"""

from __future__ import annotations

from operator import attrgetter, itemgetter
from typing import Callable, Iterable, NamedTuple, Sequence

from ..data.records import Article, Edition, Event, MedalRow, Record
from .paragraphs import Group, match_paragraphs
from .reading import read_both

#: How two records were matched.
BY_FOLLOWS, BY_PARAGRAPH, BY_TABLE, BY_DATE = "follows", "paragraph", "table", "date"

#: Datasets matched, in the order they are reported.
DATASETS = ("news", "events", "medals", "articles", "report")

#: Entity kinds, most telling first: an event's key entity is its first name of the first kind it has.
KEY_KINDS = ("spacecraft", "vehicles", "organisations", "people", "places", "plans")


class Match(NamedTuple):
    """An old record and the new record that continues it."""

    old: Record
    new: Record
    how: str


class Matching(NamedTuple):
    """Every record of one dataset of both editions, once: matched pairs, and those only in one edition."""

    pairs: list[Match]
    added: list[Record]
    dropped: list[Record]


class EditionMatch(NamedTuple):
    """Two editions matched: their paragraphs, and each dataset's records hung on them."""

    groups: list[Group]
    added_paragraphs: list[Record]
    dropped_paragraphs: list[Record]
    datasets: dict[str, Matching]
    #: Paragraph id → index in ``groups``, per side.
    old_group: dict[str, int]
    new_group: dict[str, int]
    #: Each dataset's records as read once, per side (an edition in a store decodes on every read).
    old_records: dict[str, list[Record]]
    new_records: dict[str, list[Record]]

    def group_of(self, record: Record, side: str) -> int | None:
        """The index of the group holding ``record``'s paragraph (its source for an event or article)."""
        groups = self.old_group if side == "old" else self.new_group
        return groups.get(paragraph_of(record))


#: Fields that say where a record sits, not what it says: left out when two records are compared whole.
_PLACE_FIELDS = ("edition", "order", "follows")
_CONTENT: dict[type, Callable[[Record], tuple]] = {}


def content(record: Record) -> tuple:
    """What a record says: every field but its edition, its place in the edition and its ``follows`` link."""
    getter = _CONTENT.get(type(record)) or content_of(type(record))
    return getter(record)


def content_of(kind: type) -> Callable[[Record], tuple]:
    """The :func:`content` of records of class ``kind``: a getter, for loops over many of one class."""
    getter = _CONTENT.get(kind)
    if getter is None:
        getter = _CONTENT[kind] = itemgetter(*[i for i, name in enumerate(kind._fields) if name not in _PLACE_FIELDS])
    return getter


def paragraph_of(record: Record) -> str:
    """The id of the paragraph a record hangs on: its own for a news item or part, its source otherwise."""
    if isinstance(record, (Event, Article)):
        return record.source
    if isinstance(record, MedalRow):
        return ""
    return record.id


def key_entity(record: Record) -> str:
    """The name a record is most about, case ignored: its first spacecraft, else vehicle, else organisation..."""
    for kind in KEY_KINDS:
        names = getattr(record.entities, kind)
        if names:
            return names[0].casefold()
    return ""


def match_editions(old: Edition, new: Edition, datasets: Sequence[str] = DATASETS) -> EditionMatch:
    """Match every record of ``datasets`` of two editions, paragraphs first."""
    # Each dataset read once: an edition in a store decodes its records on every read.
    wanted = {*datasets, "news", "report"}
    old_lists: dict[str, list[Record]] = {}
    new_lists: dict[str, list[Record]] = {}
    for dataset in DATASETS:
        if dataset in wanted:
            old_lists[dataset], new_lists[dataset] = read_both(getattr(old, _field(dataset)),
                                                               getattr(new, _field(dataset)))
    old_parts, new_parts = old_lists["report"], new_lists["report"]
    paragraphs = match_paragraphs([*_parts(old_parts), *old_lists["news"]], [*_parts(new_parts), *new_lists["news"]])
    headings = match_paragraphs(_parts(old_parts, "section"), _parts(new_parts, "section"))
    groups = paragraphs.groups + headings.groups
    old_group = {record.id: index for index, group in enumerate(groups) for record in group.old}
    new_group = {record.id: index for index, group in enumerate(groups) for record in group.new}
    matched: dict[str, Matching] = {}
    for dataset in datasets:
        follows, old_list, new_list = _follows(old, old_lists[dataset], new_lists[dataset])
        if dataset in ("news", "report"):
            matching = _by_paragraph(groups, old_list, new_list)
        elif dataset == "medals":
            matching = _medal_rows(old_list, new_list)
        else:
            matching = _hung(old_list, new_list, old_group, new_group,
                             _event_score if dataset == "events" else _article_score)
        matched[dataset] = Matching(follows + matching.pairs, matching.added, matching.dropped)
    return EditionMatch(groups, paragraphs.added + headings.added, paragraphs.dropped + headings.dropped,
                        matched, old_group, new_group, old_lists, new_lists)


def _field(dataset: str) -> str:
    return "parts" if dataset == "report" else dataset


def _parts(parts: Sequence[Record], kind: str = "introduction") -> list[Record]:
    return [part for part in parts if part.kind == kind]  # type: ignore[union-attr]


def _follows(old: Edition, old_list: list[Record], new_list: list[Record]) -> tuple[list[Match], list, list]:
    """Pairs named by ``follows`` links, and the records left for the other ways."""
    prefix = old.id + "/"
    if not any(getattr(record, "follows", None) for record in new_list):
        return [], old_list, new_list
    old_by_id = {record.id: record for record in old_list}
    pairs: list[Match] = []
    taken: set[str] = set()
    for record in new_list:
        follows = getattr(record, "follows", None)
        if follows and follows.startswith(prefix):
            target = old_by_id.get(follows[len(prefix):])
            if target is not None and target.id not in taken:
                pairs.append(Match(target, record, BY_FOLLOWS))
                taken.add(target.id)
    taken_new = {pair.new.id for pair in pairs}
    return (pairs, [r for r in old_list if r.id not in taken],
            [r for r in new_list if r.id not in taken_new])


def _by_paragraph(groups: list[Group], old_list: list[Record], new_list: list[Record]) -> Matching:
    """Records that are paragraphs: the n-th of a group's old ones continues into its n-th new one."""
    old_ids = {record.id for record in old_list}
    new_ids = {record.id for record in new_list}
    pairs: list[Match] = []
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for group in groups:
        if len(group.old) == 1 and len(group.new) == 1:  # most groups: one paragraph each side
            before, after = group.old[0], group.new[0]
            olds = (before,) if before.id in old_ids else ()
            news = (after,) if after.id in new_ids else ()
        else:
            olds = [record for record in group.old if record.id in old_ids]
            news = [record for record in group.new if record.id in new_ids]
        for before, after in zip(olds, news):
            if type(before) is type(after):
                pairs.append(Match(before, after, BY_PARAGRAPH))
                taken_old.add(before.id)
                taken_new.add(after.id)
    return Matching(pairs, [r for r in new_list if r.id not in taken_new],
                    [r for r in old_list if r.id not in taken_old])


def _spans_meet(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _event_score(a: Event, b: Event) -> float:
    """Date and key entity: the same span counts most, then the same key entity, then shared names."""
    span_a, span_b = a.date.span(), b.date.span()
    score = 3.0 if span_a == span_b else (1.0 if _spans_meet(span_a, span_b) else 0.0)
    key = key_entity(a)
    if key and key == key_entity(b):
        score += 2.0
    names_a = {name.casefold() for name in a.entities.names()}
    names_b = {name.casefold() for name in b.entities.names()}
    if names_a and names_b:
        score += len(names_a & names_b) / len(names_a | names_b)
    if a.status == b.status:
        score += 0.25
    return score


def _article_score(a: Article, b: Article) -> float:
    score = 2.0 if a.downloads == b.downloads else 0.0
    if (a.institution or "").casefold() == (b.institution or "").casefold():
        score += 1.0
    return score + 0.25


#: Lowest score of two events (or articles) of matched paragraphs to be matched, unless each is the only one.
HUNG_THRESHOLD = 1.5


def _hung(old_list: list[Record], new_list: list[Record], old_group: dict[str, int], new_group: dict[str, int],
          score: Callable[[Record, Record], float]) -> Matching:
    """Records hung on paragraphs: matched within each matched paragraph group, best first."""
    by_group_old: dict[int, list[Record]] = {}
    by_group_new: dict[int, list[Record]] = {}
    for record in old_list:
        index = old_group.get(record.source)  # type: ignore[union-attr]
        if index is not None:
            by_group_old.setdefault(index, []).append(record)
    for record in new_list:
        index = new_group.get(record.source)  # type: ignore[union-attr]
        if index is not None:
            by_group_new.setdefault(index, []).append(record)
    pairs: list[Match] = []
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    for index, olds in by_group_old.items():
        news = by_group_new.get(index)
        if not news:
            continue
        # A record the same in every field (but its edition) is itself: most are, and comparing a tuple
        # is a tenth of scoring dates and names.
        same = _same_content(olds, news)
        if same is not None:
            for before, after in same[0]:
                pairs.append(Match(before, after, BY_PARAGRAPH))
                taken_old.add(before.id)
                taken_new.add(after.id)
            olds, news = same[1], same[2]
            if not olds or not news:
                continue
        alone = len(olds) == 1 and len(news) == 1
        for before, after in _best_first(olds, news, score, 0.0 if alone else HUNG_THRESHOLD):
            pairs.append(Match(before, after, BY_PARAGRAPH))
            taken_old.add(before.id)
            taken_new.add(after.id)
    # Left over (a paragraph not matched, or the record taken from another paragraph): the same date
    # and key entity anywhere.
    rest: dict[tuple, list[Record]] = {}
    for record in old_list:
        if record.id not in taken_old and isinstance(record, Event):
            rest.setdefault((record.date.span(), key_entity(record)), []).append(record)
    if rest:
        for record in new_list:
            if record.id in taken_new or not isinstance(record, Event) or not key_entity(record):
                continue
            places = rest.get((record.date.span(), key_entity(record)))
            if places:
                before = places.pop(0)
                pairs.append(Match(before, record, BY_DATE))
                taken_old.add(before.id)
                taken_new.add(record.id)
    return Matching(pairs, [r for r in new_list if r.id not in taken_new],
                    [r for r in old_list if r.id not in taken_old])


def _same_content(olds: list[Record], news: list[Record]) -> tuple[list, list[Record], list[Record]] | None:
    """Each old record paired with the new record of the same content (every field but edition, order and
    follows), each once, and the records left on each side; None when two new records say the same."""
    by_id = {record.id: record for record in news}
    if len(by_id) != len(news):  # ids repeated: the contents themselves are compared
        by_content = {content(record): record for record in news}
        if len(by_content) != len(news):
            return None
        pairs, rest = [], []
        for before in olds:
            after = by_content.pop(content(before), None)
            if after is None:
                rest.append(before)
            else:
                pairs.append((before, after))
        return pairs, rest, list(by_content.values())
    # The content holds the id, and each id is once among the new records: the one with the old one's id is the
    # only one that can say the same (found without hashing every record's content).
    pairs, rest = [], []
    for before in olds:
        after = by_id.get(before.id)
        if after is not None and content(after) == content(before):
            pairs.append((before, after))
            del by_id[before.id]
        else:
            rest.append(before)
    return pairs, rest, list(by_id.values())


def _best_first(olds: list[Record], news: list[Record], score: Callable[[Record, Record], float],
                threshold: float) -> Iterable[tuple[Record, Record]]:
    scored = []
    for i, before in enumerate(olds):
        for j, after in enumerate(news):
            value = score(before, after)
            if value >= threshold:
                scored.append((-value, i, j))
    scored.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    for _, i, j in scored:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        yield olds[i], news[j]


def _medal_rows(old_list: list[Record], new_list: list[Record]) -> Matching:
    """The table's rows by their cells: sector, company and satellite; else two of them."""
    pairs: list[Match] = []
    rest_old, rest_new = list(old_list), list(new_list)
    cell_keys = (attrgetter("sector", "company", "satellite"),  # as printed: most rows, cheaply (in C)
                 lambda row: (row.sector.casefold(), row.company.casefold(), row.satellite.casefold()),
                 lambda row: (row.sector.casefold(), row.company.casefold()),
                 lambda row: (row.sector.casefold(), row.satellite.casefold()))
    for cells in cell_keys:
        if not rest_old or not rest_new:
            break
        places: dict[tuple, list[Record]] = {}
        for key, row in zip(map(cells, rest_old), rest_old):
            found = places.get(key)
            if found is None:  # not setdefault: a list made for each of 10,000 rows
                places[key] = [row]
            else:
                found.append(row)
        left_new = []
        for row in rest_new:
            found = places.get(cells(row))
            if found:
                pairs.append(Match(found.pop(0), row, BY_TABLE))
            else:
                left_new.append(row)
        taken = {pair.old.id for pair in pairs}
        rest_old = [row for row in rest_old if row.id not in taken]
        rest_new = left_new
    return Matching(pairs, rest_new, rest_old)

