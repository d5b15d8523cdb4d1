"""Where a drafted value lives in the edition's TOML files, how an edit of it is checked, and the
changes a decision makes there.

A value's ``file``, ``record`` and ``field`` (as review.toml names them) lead to one table of a
dataset file and one field of it, checked against the same schema the loader uses
(:mod:`briefing.model.data.schema`): a date must read as a date (:mod:`..data.dates`), a medal
must be Gold, Silver or Bronze, a count a whole number, an event's source a paragraph of the
edition. A change is a small table (``op``, ``file``, ``record``, ``path``, ``before``,
``after``, ``index``) that can be applied twice with the same result and turned round for undo.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from ..data import schema
from ..data.dates import DateError, ReportDate
from ..data.text import clean_text
from .review_values import ReviewValue

#: The array of records in each dataset file.
ARRAYS = {"news.toml": "items", "timeline.toml": "events", "medals.toml": "medals",
          "trends.toml": "articles", "report.toml": "figures"}
_SPECS = {"news.toml": schema.NEWS_ITEM, "timeline.toml": schema.EVENT, "medals.toml": schema.MEDAL_ROW,
          "trends.toml": schema.ARTICLE, "report.toml": schema.FIGURE}
_CONTEXTS = {"medals.toml": schema.MEDAL_CONTEXT, "trends.toml": schema.TRENDS_CONTEXT}
#: A medal row's value as review.toml shows it: "sector | company | satellite | medal".
ROW_FIELDS = ("sector", "company", "satellite", "medal")


class Rule(NamedTuple):
    """How one value is stored: at ``path`` in its record's table, of ``kind``."""

    kind: str  # a schema kind, or "row" (a medal row's four fields) or "counts"
    path: tuple[str, ...]
    required: bool
    choices: tuple[str, ...] | None = None
    #: True when the value is one element of a list (a date of ``dates``, a name of ``entities.*``).
    element: bool = False


class Checked(NamedTuple):
    """An edit as typed, checked: ``ok``, a short sentence saying what it reads as or what is wrong,
    and the value to store (TOML-ready) when ok."""

    ok: bool
    message: str
    stored: Any = None


def find_table(data: dict[str, Any], file: str, record: str) -> dict[str, Any] | None:
    """The table of ``record`` in the parsed ``file``: a record by id, ``context``, or the report itself."""
    if record == "context" and file in _CONTEXTS:
        context = data.get("context")
        return context if isinstance(context, dict) else None
    if file == "report.toml" and record == "report":
        return data
    for table in data.get(ARRAYS.get(file, ""), ()) or ():
        if isinstance(table, dict) and table.get("id") == record:
            return table
    return None


def rule_for(value: ReviewValue) -> Rule | None:
    """How ``value`` is stored, or None when the review cannot change it (say so, and edit the file)."""
    file, record, field = value.file, value.record, value.field
    if file == "medals.toml" and field == "row":
        return Rule("row", (), True)
    if file == "report.toml" and field == "figure":
        return Rule(schema.TEXT, ("value",), True)
    if file == "medals.toml" and record == "context" and field == "counts":
        return Rule("counts", ("counts",), False)
    if field.startswith("entities."):
        kind = field.partition(".")[2]
        return Rule(schema.TEXT, ("entities", kind), False, element=True) if kind in schema.ENTITY_FIELDS else None
    if file == "report.toml" and record == "report":
        spec = schema.REPORT
    elif record == "context" and file in _CONTEXTS:
        spec = _CONTEXTS[file]
    else:
        spec = _SPECS.get(file)
    declared = spec.get(field) if spec else None
    if declared is None or (file == "news.toml" and field == "text"):
        return None  # the paragraph itself: review.toml holds "paragraph N", not its words
    if declared.kind == schema.DATES:
        return Rule(schema.DATE, (field,), False, element=True)
    if declared.kind in (schema.TEXT, schema.ID, schema.INT, schema.DATE, schema.TEXTS):
        return Rule(declared.kind, (field,), declared.required, declared.choices)
    return None


def shown(stored: Any) -> str:
    """A stored value as review.toml writes it (dates ISO, lists joined with ", ")."""
    if isinstance(stored, dt.date):
        return stored.isoformat()
    if isinstance(stored, dict):
        if set(stored) >= {"country", "medals"}:
            return f"{stored['country']} {stored['medals']}"
        return " | ".join(str(stored.get(k, "")) for k in ROW_FIELDS)
    if isinstance(stored, (list, tuple)):
        return ", ".join(shown(v) for v in stored)
    return str(stored)


def check_edit(rule: Rule, typed: str, news_ids: frozenset[str] = frozenset()) -> Checked:
    """Check ``typed`` as the new value of a field stored by ``rule``; for the editor, as the user types."""
    text = " ".join(clean_text(typed)[0].split())
    if not text:
        return Checked(False, "empty: type a value, or reject it (x)")
    kind = rule.kind
    if kind == schema.DATE:
        try:
            date = ReportDate.parse(text) if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
            stored: Any = dt.date.fromisoformat(text) if date is None else text
        except (DateError, ValueError) as error:
            return Checked(False, str(error) if isinstance(error, DateError) else f"no such day: {text}")
        return Checked(True, f"a date: {shown(stored)}", stored)
    if kind == schema.INT:
        digits = text.replace(",", "").replace("_", "")
        if not re.fullmatch(r"\d{1,12}", digits):
            return Checked(False, "a whole number, such as 1721")
        return Checked(True, f"a number: {int(digits):,}", int(digits))
    if kind == schema.ID:
        if rule.path == ("source",) and news_ids and text not in news_ids:
            close = sorted(n for n in news_ids if text in n)[:3]
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            return Checked(False, f"no paragraph {text!r} in this edition{hint}")
        if re.search(r"[\s/]", text):
            return Checked(False, "an id has no spaces or slashes")
        return Checked(True, "a paragraph of this edition" if news_ids else "an id", text)
    if kind == schema.TEXTS:
        items = [part.strip() for part in text.split(",") if part.strip()]
        return Checked(True, f"{len(items)} name{'s' if len(items) != 1 else ''}, separated by commas", items)
    if kind == "counts":
        counts = []
        for part in text.split(","):
            match = re.fullmatch(r"\s*(.+?)\s+(\d+)\s*", part)
            if not match:
                return Checked(False, "countries and counts: China 14, U.S. 12")
            counts.append({"country": match[1], "medals": int(match[2])})
        return Checked(True, f"{len(counts)} countr{'ies' if len(counts) != 1 else 'y'}", counts)
    if kind == "row":
        parts = [part.strip() for part in text.split("|")]
        if len(parts) != 4 or not all(parts):
            return Checked(False, "sector | company | satellite | medal")
        medal = _choice(parts[3], schema.MEDAL_ROW["medal"].choices or ())
        if medal is None:
            return Checked(False, f"a medal is Gold, Silver or Bronze, not {parts[3]!r}")
        row = dict(zip(ROW_FIELDS, [*parts[:3], medal]))
        return Checked(True, f"a {medal} medal row", row)
    if rule.choices:
        chosen = _choice(text, rule.choices)
        if chosen is None:
            return Checked(False, "one of: " + ", ".join(rule.choices))
        return Checked(True, f"one of {', '.join(rule.choices)}", chosen)
    return Checked(True, f"text, {len(text)} characters", text)


def _choice(text: str, choices: tuple[str, ...]) -> str | None:
    return next((c for c in choices if c.casefold() == text.casefold()), None)


# -- changes -----------------------------------------------------------------------------------------


def _get(table: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = table
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def current(data: dict[str, Any], value: ReviewValue, rule: Rule) -> tuple[Any, int | None]:
    """What the data file holds now for ``value`` (the element, for a list), and its index in the list."""
    table = find_table(data, value.file, value.record)
    if table is None:
        return None, None
    if rule.kind == "row":
        return {k: table.get(k) for k in ROW_FIELDS}, None
    held = _get(table, rule.path)
    if rule.element:
        if not isinstance(held, list):
            return None, None
        for index, element in enumerate(held):
            if shown(element) == value.value:
                return element, index
        return None, None
    return held, None


def edit_changes(value: ReviewValue, rule: Rule, before: Any, index: int | None, after: Any) -> list[dict]:
    """The changes that make ``value``'s field hold ``after`` instead of ``before``."""
    base = {"file": value.file, "record": value.record}
    if rule.kind == "row":
        return [{**base, "op": "set", "path": [k], "before": before[k], "after": after[k]}
                for k in ROW_FIELDS if before.get(k) != after[k]]
    if rule.element:
        return [{**base, "op": "replace_item", "path": list(rule.path), "before": before, "after": after,
                 "index": index or 0}]
    change = {**base, "op": "set", "path": list(rule.path), "after": after}
    if before is not None:
        change["before"] = before
    return [change]


def reject_changes(value: ReviewValue, rule: Rule, before: Any, index: int | None) -> list[dict]:
    """The changes that drop ``value`` from its record (an element from its list, an optional field)."""
    base = {"file": value.file, "record": value.record, "path": list(rule.path)}
    if rule.element:
        return [{**base, "op": "remove_item", "before": before, "index": index or 0}]
    return [{**base, "op": "unset", "before": before}]


def record_changes(data: dict[str, Any], file: str, record: str) -> list[dict]:
    """The change that removes the whole record ``record`` from ``file`` (kept whole, for undo)."""
    for index, table in enumerate(data.get(ARRAYS.get(file, ""), ()) or ()):
        if isinstance(table, dict) and table.get("id") == record:
            return [{"file": file, "record": record, "op": "remove_record", "before": table, "index": index}]
    return []


def inverse(change: dict[str, Any]) -> dict[str, Any]:
    """The change that undoes ``change``."""
    op = change["op"]
    out = {k: v for k, v in change.items() if k not in ("op", "before", "after")}
    if op == "set":
        if "before" in change:
            return {**out, "op": "set", "before": change["after"], "after": change["before"]}
        return {**out, "op": "unset", "before": change["after"]}
    if op == "unset":
        return {**out, "op": "set", "after": change["before"]}
    if op == "replace_item":
        return {**out, "op": "replace_item", "before": change["after"], "after": change["before"]}
    if op == "remove_item":
        return {**out, "op": "insert_item", "after": change["before"]}
    if op == "insert_item":
        return {**out, "op": "remove_item", "before": change["after"]}
    if op == "remove_record":
        return {**out, "op": "insert_record", "after": change["before"]}
    if op == "insert_record":
        return {**out, "op": "remove_record", "before": change["after"]}
    raise ValueError(f"unknown change {op!r}")


def apply_change(data: dict[str, Any], change: dict[str, Any]) -> str:
    """Apply ``change`` to the parsed file ``data``: ``"applied"``, ``"held"`` (it holds already:
    applying twice is safe) or ``"conflict"`` (the field holds neither what the change found nor
    what it makes: someone changed it meanwhile, and it is left alone)."""
    op, file, record = change["op"], change["file"], change["record"]
    if op in ("remove_record", "insert_record"):
        records = data.setdefault(ARRAYS[file], [])
        found = next((i for i, t in enumerate(records) if isinstance(t, dict) and t.get("id") == record), None)
        if op == "remove_record":
            if found is None:
                return "held"
            del records[found]
            return "applied"
        if found is not None:
            return "held"
        records.insert(min(max(int(change.get("index", len(records))), 0), len(records)), change["after"])
        return "applied"
    table = find_table(data, file, record)
    if table is None:
        return "conflict"
    path = list(change["path"])
    parent = table
    for key in path[:-1]:
        if not isinstance(parent.get(key), dict):
            if op in ("unset", "remove_item", "replace_item"):
                return "held" if op != "replace_item" else "conflict"
            parent[key] = {}
        parent = parent[key]
    last = path[-1]
    held = parent.get(last)
    if op == "set":
        if last in parent and held == change["after"]:
            return "held"
        if ("before" in change and held != change["before"]) or ("before" not in change and last in parent):
            return "conflict"
        parent[last] = change["after"]
        return "applied"
    if op == "unset":
        if last not in parent:
            return "held"
        if held != change["before"]:
            return "conflict"
        del parent[last]
        return "applied"
    if op == "insert_item":
        if not isinstance(held, list):
            held = parent[last] = []
        if change["after"] in held:
            return "held"
        held.insert(min(max(int(change.get("index", len(held))), 0), len(held)), change["after"])
        return "applied"
    if not isinstance(held, list):
        return "conflict"
    if op == "remove_item":
        if change["before"] not in held:
            return "held"
        held.remove(change["before"])
        return "applied"
    if op == "replace_item":
        if change["after"] in held and change["before"] not in held:
            return "held"
        if change["before"] not in held:
            return "conflict"
        held[held.index(change["before"])] = change["after"]
        return "applied"
    raise ValueError(f"unknown change {op!r}")


def references(data_by_file: dict[str, dict[str, Any]], news_id: str) -> list[str]:
    """Records of the edition that point at the paragraph ``news_id`` (an event's source, ...)."""
    found: list[str] = []
    for file, key, fields in (("timeline.toml", "events", ("source", "also")),
                              ("trends.toml", "articles", ("source",)), ("report.toml", "figures", ("source",))):
        for table in data_by_file.get(file, {}).get(key, ()) or ():
            if isinstance(table, dict) and any(table.get(f) == news_id or
                                               (isinstance(table.get(f), list) and news_id in table[f])
                                               for f in fields):
                found.append(str(table.get("id", "?")))
    for file in ("medals.toml", "trends.toml"):
        context = data_by_file.get(file, {}).get("context")
        if isinstance(context, dict) and news_id in (context.get("source_item"), context.get("response_item")):
            found.append(f"the {file.removesuffix('.toml')} context")
    return found
