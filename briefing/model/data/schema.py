"""The fields each dataset file may hold, with their types: one table of truth for validation.

``data/README.md`` documents the same fields for people; the loader checks them with this.
"""

from __future__ import annotations

from typing import NamedTuple

from .editions import FILES as _FILES

# Field kinds understood by the loader's checker.
TEXT = "text"  # a string; control characters removed at load
ID = "id"  # a non-empty string without spaces or slashes, unique within the edition
KEY = "key"  # ``edition/id``: a record of another edition (``follows``)
DATE = "date"  # a TOML date, or an approximate date in the report's wording
DATES = "dates"  # an array of DATE
INT = "int"  # an integer (not a bool)
TEXTS = "texts"  # an array of strings
ENTITIES = "entities"  # a table of entity arrays
TABLES = "tables"  # an array of tables checked against a nested spec
TABLE = "table"  # one table checked against a nested spec


class Field(NamedTuple):
    kind: str
    required: bool = True
    choices: tuple[str, ...] | None = None
    nested: "dict[str, Field] | None" = None


ENTITY_FIELDS = {kind: Field(TEXTS, required=False) for kind in (
    "organisations", "people", "spacecraft", "vehicles", "places", "plans",
)}

SECTION = {
    "id": Field(ID),
    "title": Field(TEXT),
    "kind": Field(TEXT, choices=("news", "policy", "magazine", "cnki")),
    "parent": Field(ID, required=False),
}

FIGURE = {
    "id": Field(ID),
    "label": Field(TEXT),
    "value": Field(TEXT),
    "detail": Field(TEXT),
    "source": Field(ID),
}

REPORT = {
    "title": Field(TEXT),
    "period": Field(TEXT),
    "period_start": Field(DATE),
    "period_end": Field(DATE),
    "introduction": Field(TEXTS),
    "sources_note": Field(TEXT, required=False),
    "source_sha256": Field(TEXT, required=False),
    "sections": Field(TABLES, nested=SECTION),
    "figures": Field(TABLES, required=False, nested=FIGURE),
}

NEWS_ITEM = {
    "id": Field(ID),
    "section": Field(ID),
    "headline": Field(TEXT),
    "dates": Field(DATES, required=False),
    "date": Field(DATE, required=False),  # ours: the item's own date when its paragraph gives none
    "text": Field(TEXT),
    "tags": Field(TEXTS, required=False),
    "entities": Field(ENTITIES, required=False),
    "follows": Field(KEY, required=False),
}

#: Relations the report states in words between two entities, e.g. Qingzhou "developed by" the
#: CAS Innovation Academy for Microsatellites; both must be entities of the ``source`` item.
#: "to launch aboard" where the report says a launch will happen; "likely …" where it hedges ("likely
#: refers to the Guowang constellation"): a relation keeps the report's tense and hedges.
RELATION_KINDS = ("developed by", "manufactured by", "launched aboard", "likely launched aboard", "to launch aboard",
                  "subsidiary of", "magazine of", "part of")

RELATION = {
    "subject": Field(TEXT),
    "relation": Field(TEXT, choices=RELATION_KINDS),
    "object": Field(TEXT),
    "source": Field(ID),
    #: The report's words that state it, each verbatim from the source item's text.
    "words": Field(TEXTS, required=False),
}

NEWS = {"items": Field(TABLES, required=False, nested=NEWS_ITEM),
        "relations": Field(TABLES, required=False, nested=RELATION)}

MEDAL_ROW = {
    "id": Field(ID),
    "sector": Field(TEXT),
    "company": Field(TEXT),
    "satellite": Field(TEXT),
    "medal": Field(TEXT, choices=("Gold", "Silver", "Bronze")),
    "entities": Field(ENTITIES, required=False),
    "follows": Field(KEY, required=False),
}

MEDAL_COUNT = {"country": Field(TEXT), "medals": Field(INT)}

MEDAL_CONTEXT = {
    "source": Field(TEXT),
    "source_item": Field(ID),
    "summary": Field(TEXT),
    "counts": Field(TABLES, required=False, nested=MEDAL_COUNT),
    "previous_table_year": Field(INT),
    "sectors_without_chinese_medal": Field(TEXTS),
    "holders_in_those_sectors": Field(TEXTS),
    "response": Field(TEXT),
    "response_item": Field(ID),
}

MEDALS = {
    "context": Field(TABLE, required=False, nested=MEDAL_CONTEXT),
    "medals": Field(TABLES, required=False, nested=MEDAL_ROW),
}

ARTICLE = {
    "id": Field(ID),
    "topic": Field(TEXT),
    "theme": Field(TEXT),
    "institution": Field(TEXT, required=False),
    "downloads": Field(INT),
    "summary": Field(TEXT),
    "source": Field(ID),
    "entities": Field(ENTITIES, required=False),
    "follows": Field(KEY, required=False),
    #: The article's rank by downloads where the report gives one ("the second most downloaded"); none else.
    "rank": Field(INT, required=False),
}

TRENDS_CONTEXT = {
    "statement": Field(TEXT),
    "since": Field(TEXT),
    "topic": Field(TEXT),
    "top_ten_on_topic": Field(INT),
    "source_item": Field(ID),
}

TRENDS = {
    "context": Field(TABLE, required=False, nested=TRENDS_CONTEXT),
    "articles": Field(TABLES, required=False, nested=ARTICLE),
}

EVENT = {
    "id": Field(ID),
    "date": Field(DATE),
    "status": Field(TEXT, choices=("happened", "planned")),
    "category": Field(TEXT),
    "title": Field(TEXT),
    "text": Field(TEXT),
    "source": Field(ID),
    "also": Field(TEXTS, required=False),
    "date_note": Field(TEXT, required=False),
    "entities": Field(ENTITIES, required=False),
    "follows": Field(KEY, required=False),
}

TIMELINE = {"events": Field(TABLES, required=False, nested=EVENT)}

# data/aliases.toml, shared by every edition: ours, not the report's (see model/data/aliases.py).
ALIAS_ENTITY = {"name": Field(TEXT), "aliases": Field(TEXTS)}

CORRECTION = {"wording": Field(TEXT), "correction": Field(TEXT), "note": Field(TEXT, required=False)}

EDITOR_NOTE = {"record": Field(TEXT), "text": Field(TEXT)}

ALIASES = {
    "entities": Field(TABLES, required=False, nested=ALIAS_ENTITY),
    "corrections": Field(TABLES, required=False, nested=CORRECTION),
    "editor_notes": Field(TABLES, required=False, nested=EDITOR_NOTE),
}

#: The report text an edition was made from, beside its TOML files; ``source_sha256`` in
#: report.toml is its SHA-256, and the loader checks it when that key is set.
SOURCE_TEXT = "source.txt"

#: Dataset files of an edition, in load order.
#: The dataset files of an edition (defined with the code that finds editions).
FILES = _FILES
