"""Deciding a draft's doubtful values: accept, edit, reject, accept the rest of a record, accept at or
above a confidence, undo; every decision saved at once.

Each decision takes the draft's lock (``.review.toml.lock``, :func:`..safe_io.exclusive_lock`),
reads ``review.toml`` again when anyone changed it since we last did, applies only itself to
what is there now, and writes ``review.toml`` atomically (:func:`..safe_io.replace_atomically`):
two people reviewing one draft lose no decision of either. An edit or a reject also changes the
edition's TOML file, after review.toml: the decision is logged first (``[[decisions]]``, with
the changes it makes), so a process killed between the two writes leaves a log that the next
decision (or opening the review again) finishes, applying the changes that are missing
(applying a change twice changes nothing, see :mod:`.review_fields`).

The log makes undo work across restarts: ``undo`` turns round the last decision of this
reviewer (by login name) that is not undone, leaving alone any value someone decided since.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import tomli_w

from ..data.text import clean_text
from ..safe_io import LockBusy, create_new, exclusive_lock, read_regular, replace_atomically
from .review_fields import (Checked, apply_change, check_edit, current, edit_changes, find_table, inverse,
                            record_changes, references, reject_changes, rule_for, shown)
from .review_values import (REVIEW_FILE, ReviewError, ReviewValue, Sentence, left_count, left_phrase,
                            parse_review, read_review_file, read_values, report_order, sentence_of, why_doubtful)

LOCK_FILE = ".review.toml.lock"
#: The changes a decision may log (see review_fields.apply_change); anything else in a log is left alone.
_OPS = ("set", "unset", "replace_item", "remove_item", "insert_item", "remove_record", "insert_record")
DATA_FILES = ("report.toml", "news.toml", "medals.toml", "trends.toml", "timeline.toml")
#: A dataset file is read whole (as the loader does) up to this size.
MAX_DATA_BYTES = 64 * 1024 * 1024
#: review.toml's header, kept when it is written again.
REVIEW_HEADER = ("# Where each drafted value came from (item = news item; start, end = characters of its text),\n"
                 "# how sure the drafter is, and whether an analyst has checked it. `briefing review` decides\n"
                 "# them (reviewed = true, decision = accepted / edited / rejected) and logs each decision in\n"
                 "# [[decisions]] for undo; changing `reviewed = false` to `true` by hand works too.\n\n")


@dataclass(frozen=True)
class Outcome:
    """What a decision did: a sentence for the analyst, the values it decided (or undid), its number."""

    message: str
    ids: tuple[str, ...] = ()
    number: int | None = None
    #: The data files it changed (the app then loads them again).
    files: tuple[str, ...] = ()


@dataclass
class Plan:
    """A decision worked out against the review as it is now, before it is written."""

    action: str
    message: str
    #: value index → the fields to set on that ``[[values]]`` table (None removes a field).
    updates: dict[int, dict[str, Any]]
    changes: list[dict[str, Any]]
    added: list[dict[str, Any]] | None = None
    undoes: int | None = None


def reviewer_name() -> str:
    """The login name decisions are logged under (from the account, not the environment)."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        return os.environ.get("USER", "") or "unknown"


def _header(text: str) -> str:
    """The comment lines at the top of a TOML file, with the blank line after them."""
    lines = text.splitlines(keepends=True)
    kept = []
    for line in lines:
        if line.startswith("#") or not line.strip():
            kept.append(line)
        else:
            break
    return "".join(kept)


class ReviewSession:
    """One reviewer's view of one draft folder: the values as last read, and the decisions."""

    def __init__(self, folder: Path, *, reviewer: str | None = None, lock_timeout: float = 3.0) -> None:
        self.folder = Path(folder)
        self.path = self.folder / REVIEW_FILE
        self.reviewer = reviewer or reviewer_name()
        self.lock_timeout = lock_timeout
        self._doc: dict[str, Any] = {}
        self._stat: tuple[int, int, int] | None = None
        self.values: list[ReviewValue] = []
        self.texts: dict[str, str] = {}
        self.item_order: dict[str, int] = {}
        self._order: list[ReviewValue] | None = None
        #: Each [[values]] and [[decisions]] table as last rendered, so a decision renders only what it changed.
        self._chunks: dict[tuple[str, int], str] = {}
        #: The last decision whose data changes this session knows are all written.
        self._finished: int | None = None
        self.reload()
        self._finish_interrupted()

    # -- reading ------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read review.toml and the paragraphs' texts again."""
        doc, _ = read_review_file(self.path)
        self._set(doc, self._file_stat())
        self._read_texts()

    def _file_stat(self) -> tuple[int, int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return (found.st_ino, found.st_size, found.st_mtime_ns)

    def _set(self, doc: dict[str, Any], stat: tuple[int, int, int] | None) -> None:
        self._doc, self._stat = doc, stat
        self.values = read_values(doc.get("values", []))
        self._by_id = {v.id: v for v in self.values}
        self._order = None
        self._chunks = {}

    def _refresh(self, indices: list[int], stat: tuple[int, int, int]) -> None:
        """After our own write that changed only the values at ``indices``: those read again, ids kept."""
        tables = self._doc["values"]
        values = list(self.values)
        position = {v.index: n for n, v in enumerate(values)}
        for index in indices:
            old = values[position[index]]
            values[position[index]] = read_values([tables[index]])[0]._replace(id=old.id, index=index)
        self.values = values
        self._by_id = {v.id: v for v in values}
        self._order = None
        self._stat = stat

    def _read_texts(self) -> None:
        data = self._read_data("news.toml")
        texts, order = {}, {}
        for position, item in enumerate(data.get("items", ()) or ()):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                texts[item["id"]] = clean_text(str(item.get("text", "")))[0]
                order[item["id"]] = position
        self.texts, self.item_order = texts, order

    def _read_data(self, file: str) -> dict[str, Any]:
        return self._read_data_text(file)[0]

    def _read_data_text(self, file: str) -> tuple[dict[str, Any], str]:
        import tomllib

        if file not in DATA_FILES:
            # review.toml names the file; it is only ever one of the edition's five, never a path.
            raise ReviewError(f"review.toml names {file!r}, which is not one of the edition's files")
        path = self.folder / file
        try:
            text = read_regular(path, MAX_DATA_BYTES).decode("utf-8")
            return tomllib.loads(text), text
        except FileNotFoundError:
            return {}, ""
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
            raise ReviewError(f"cannot read {path}: {error}; fix it so that 'briefing validate' passes") from None

    def refresh_from_disk(self) -> bool:
        """Read review.toml again if someone else changed it (another reviewer); True when it was."""
        if not self.changed_on_disk():
            return False
        doc, _ = read_review_file(self.path)
        self._set(doc, self._file_stat())
        return True

    def changed_on_disk(self) -> bool:
        """True when someone else wrote review.toml since we last read or wrote it."""
        return self._file_stat() != self._stat

    # -- what is shown ----------------------------------------------------------------------------

    @property
    def edition_id(self) -> str:
        return clean_text(self.folder.name)[0]

    def doubtful(self) -> list[ReviewValue]:
        """The doubtful values, decided or not, in the report's order, grouped by record."""
        if self._order is None:
            self._order = report_order(self.values, self.item_order)
        return self._order

    def left(self) -> tuple[int, int]:
        return left_count(self.values)

    def left_phrase(self) -> str:
        return left_phrase(self.values)

    def get(self, ident: str) -> ReviewValue:
        value = self._by_id.get(ident)
        if value is None:
            raise ReviewError(f"no value {ident!r} in {self.path} (see 'briefing review EDITION --list')")
        return value

    def sentence(self, value: ReviewValue) -> Sentence:
        return sentence_of(self.texts, value)

    @staticmethod
    def why(value: ReviewValue) -> str:
        return why_doubtful(value)

    def check(self, value: ReviewValue, typed: str) -> Checked:
        """``typed`` checked as the new ``value`` (for the editor, as the user types)."""
        rule = rule_for(value)
        if rule is None:
            return Checked(False, f"{value.field} cannot be edited here: edit {value.file} by hand")
        return check_edit(rule, typed, frozenset(self.texts))

    def count_above(self, confidence: float) -> tuple[int, int]:
        """(values, doubtful values) not yet decided at or above ``confidence``: what accept-above would accept."""
        chosen = [v for v in self.values if not v.reviewed and v.confidence >= confidence]
        return len(chosen), sum(1 for v in chosen if v.doubtful)

    # -- decisions ----------------------------------------------------------------------------------

    def accept(self, ids: list[str]) -> Outcome:
        """Accept the values ``ids`` as drafted (or as edited)."""
        def plan(values: dict[str, ReviewValue]) -> Plan:
            chosen = [self._known(values, i) for i in ids]
            fresh = [v for v in chosen if not v.reviewed]
            message = _counted(len(fresh), "accepted")
            if len(fresh) < len(chosen):
                message += f"; {len(chosen) - len(fresh)} decided already (u undoes your last decision)"
            return Plan("accept", message, {v.index: _accepted(v) for v in fresh}, [])
        return self._decide(plan)

    def accept_record(self, ident: str) -> Outcome:
        """Accept the doubtful values of ``ident``'s record not yet decided."""
        def plan(values: dict[str, ReviewValue]) -> Plan:
            key = self._known(values, ident).record_key
            rest = [v for v in values.values() if v.record_key == key and v.left]
            return Plan("accept-record", _counted(len(rest), "accepted") + f" in {key[1]}",
                        {v.index: _accepted(v) for v in rest}, [])
        return self._decide(plan)

    def accept_above(self, confidence: float) -> Outcome:
        """Accept every value not yet decided at or above ``confidence`` (doubtful or not)."""
        if not 0 <= confidence <= 1:
            raise ReviewError(f"a confidence is between 0 and 1, not {confidence:g}")

        def plan(values: dict[str, ReviewValue]) -> Plan:
            chosen = [v for v in values.values() if not v.reviewed and v.confidence >= confidence]
            doubtful = sum(1 for v in chosen if v.doubtful)
            return Plan("accept-above", _counted(len(chosen), "accepted") +
                        f" at or above confidence {confidence:g} ({doubtful} of them doubtful)",
                        {v.index: _accepted(v) for v in chosen}, [])
        return self._decide(plan)

    def edit(self, ident: str, typed: str) -> Outcome:
        """Change the value ``ident`` to ``typed`` (checked against the schema) in its data file too."""
        def plan(values: dict[str, ReviewValue]) -> Plan:
            value = self._known(values, ident)
            checked = self.check(value, typed)
            if not checked.ok:
                raise ReviewError(f"{value.field}: {checked.message}")
            rule = rule_for(value)
            assert rule is not None
            data = self._read_data(value.file)
            before, index = current(data, value, rule)
            if before is None:
                raise ReviewError(f"{value.file} no longer holds {value.record} {value.field} = {value.value!r}; "
                                  "it was changed by hand: accept or reject it instead")
            after = checked.stored
            if shown(after) == value.value and value.decision is None:
                return Plan("accept", f"accepted {value.field} of {value.record} as it was",
                            {value.index: _accepted(value)}, [])
            if rule.element and after in (_get_list(data, value, rule) or []) and after != before:
                raise ReviewError(f"{value.record} has {shown(after)!r} in {value.field} already; reject this one")
            update = {"reviewed": True, "decision": "edited", "value": shown(after)}
            if value.drafted is None:
                update["drafted"] = value.value
            return Plan("edit", f"edited {value.field} of {value.record}: {shown(after)}", {value.index: update},
                        edit_changes(value, rule, before, index, after))
        return self._decide(plan)

    def reject(self, ident: str, *, whole_record: bool = False) -> Outcome:
        """Drop the value ``ident`` from its record, or the whole record, from the data file too."""
        def plan(values: dict[str, ReviewValue]) -> Plan:
            value = self._known(values, ident)
            data = self._read_data(value.file)
            if whole_record:
                changes = record_changes(data, value.file, value.record)
                if not changes:
                    if find_table(data, value.file, value.record) is None:
                        raise ReviewError(f"{value.record} is no longer in {value.file}")
                    raise ReviewError(f"{value.record} is not a record that can be dropped: reject or edit its values")
                if value.file == "news.toml":
                    pointing = references({f: self._read_data(f) for f in DATA_FILES if f != "news.toml"},
                                          value.record)
                    if pointing:
                        raise ReviewError(f"{value.record} is the paragraph of {', '.join(pointing[:3])}"
                                          f"{' and more' if len(pointing) > 3 else ''}: reject or edit those first")
                mine = [v for v in values.values() if v.record_key == value.record_key]
                return Plan("reject-record", f"rejected {value.record} and its {_counted(len(mine), 'value')}",
                            {v.index: {"reviewed": True, "decision": "rejected"} for v in mine}, changes)
            rule = rule_for(value)
            if rule is None:
                raise ReviewError(f"{value.field} cannot be dropped alone: reject the whole record")
            if rule.required or rule.kind == "row":
                raise ReviewError(f"{value.record} needs its {value.field}: edit it (e), or reject the whole record")
            before, index = current(data, value, rule)
            changes = reject_changes(value, rule, before, index) if before is not None else []
            return Plan("reject", f"rejected {value.field} {value.value!r} of {value.record}",
                        {value.index: {"reviewed": True, "decision": "rejected"}}, changes)
        return self._decide(plan)

    def undo(self) -> Outcome:
        """Turn round this reviewer's last decision not yet undone (values decided since by others stay)."""
        def plan(values: dict[str, ReviewValue]) -> Plan:
            decisions = self._doc.get("decisions", [])
            last = next((d for d in reversed(decisions) if isinstance(d, dict) and d.get("by") == self.reviewer
                         and d.get("action") != "undo" and not d.get("undone")), None)
            if last is None:
                raise ReviewError("nothing of yours to undo")
            number = last.get("number")
            updates: dict[int, dict[str, Any]] = {}
            kept = 0
            for previous in last.get("previous", []):
                value = values.get(previous.get("id"))
                if value is None:
                    continue
                if value.decided != number:
                    kept += 1  # decided again since, by someone: theirs stands
                    continue
                updates[value.index] = {k: previous.get(k) for k in ("reviewed", "decision", "decided", "value",
                                                                     "drafted")}
            try:
                changes = [inverse(c) for c in reversed(last.get("changes", []))]
            except (KeyError, TypeError, ValueError, AttributeError):
                raise ReviewError(f"decision {number} in review.toml is damaged; it cannot be undone") from None
            message = f"undid {last.get('action', 'a decision')} ({_counted(len(updates), 'value')})"
            if kept:
                message += f"; {kept} decided again since, left as they are"
            return Plan("undo", message, updates, changes, undoes=number)
        return self._decide(plan)

    # -- the one way a decision is written ----------------------------------------------------------

    def _known(self, values: dict[str, ReviewValue], ident: str) -> ReviewValue:
        value = values.get(ident)
        if value is None:
            raise ReviewError(f"no value {ident!r} in {self.path} (see 'briefing review EDITION --list')")
        return value

    def _decide(self, make_plan: Callable[[dict[str, ReviewValue]], Plan]) -> Outcome:
        """Lock, read again if needed, finish an interrupted decision, work out this one, write it."""
        try:
            with exclusive_lock(self.folder / LOCK_FILE, self.lock_timeout):
                if self.changed_on_disk():
                    doc, _ = read_review_file(self.path)
                    self._set(doc, self._file_stat())
                self._finish_last()
                plan = make_plan(dict(self._by_id))
                if not plan.updates and not plan.changes and not plan.added:
                    return Outcome(plan.message)
                return self._write(plan)
        except LockBusy:
            raise ReviewError(f"the review of {self.folder} is locked by another briefing for over "
                              f"{self.lock_timeout:g} s; nothing was decided. Try again in a moment") from None
        except OSError as error:
            raise ReviewError(f"cannot save the decision in {self.folder}: {error.strerror or error}; "
                              "nothing was decided") from None

    def _write(self, plan: Plan) -> Outcome:
        doc = self._doc
        tables = doc.setdefault("values", [])
        decisions = doc.setdefault("decisions", [])
        number = max((d.get("number", 0) for d in decisions if isinstance(d, dict)), default=0) + 1
        previous = []
        ids = []
        by_index = {v.index: v for v in self.values}
        for index, update in plan.updates.items():
            table = tables[index]
            value = by_index[index]
            ids.append(value.id)
            previous.append({"id": value.id, **{k: table[k] for k in ("reviewed", "decision", "decided", "value",
                                                                        "drafted") if k in table}})
            for key, new in {**update, **({"decided": number} if plan.action != "undo" else {})}.items():
                if new is None:
                    table.pop(key, None)
                else:
                    table[key] = new
        whole = bool(plan.added)
        if plan.added:
            tables.extend(plan.added)
        entry: dict[str, Any] = {"number": number, "action": plan.action, "by": self.reviewer,
                                 "at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0), "values": ids}
        if plan.action != "undo":
            entry["previous"] = previous
        if plan.changes:
            entry["changes"] = plan.changes
        if plan.added:
            entry["added"] = [_value_id_of(t) for t in plan.added]
        if plan.undoes is not None:
            entry["undoes"] = plan.undoes
            for earlier in decisions:
                if isinstance(earlier, dict) and earlier.get("number") == plan.undoes:
                    earlier["undone"] = True
                    self._chunks.pop(("decisions", decisions.index(earlier)), None)
                    for ident in earlier.get("added", []):
                        whole = True
                        tables[:] = [t for t in tables if _value_id_of(t) != ident]
        decisions.append(entry)
        for index in plan.updates:
            self._chunks.pop(("values", index), None)
        self._save_review(doc, None if whole else list(plan.updates))
        files = self._apply_changes(plan.changes)
        self._finished = number
        return Outcome(plan.message, tuple(ids + entry.get("added", [])), number, files)

    def _save_review(self, doc: dict[str, Any], changed: list[int] | None) -> None:
        """Write review.toml; ``changed``: the only values the decision changed (None: read them all again)."""
        if changed is None:
            self._chunks = {}
        found = replace_atomically(self.path, self._render(doc).encode("utf-8"))
        stat = (found.st_ino, found.st_size, found.st_mtime_ns)
        if changed is None:
            chunks = self._chunks
            self._set(doc, stat)
            self._chunks = chunks
        else:
            self._refresh(changed, stat)

    def _render(self, doc: dict[str, Any]) -> str:
        """review.toml's text: each [[values]] and [[decisions]] table rendered once and kept (a 1,000-value
        review renders in 50 ms whole, and a decision changes a table or two)."""
        rest = {k: v for k, v in doc.items() if k not in ("values", "decisions")}
        pieces = [REVIEW_HEADER, tomli_w.dumps(rest)]
        for name in ("values", "decisions"):
            for index, table in enumerate(doc.get(name, [])):
                chunk = self._chunks.get((name, index))
                if chunk is None:
                    chunk = self._chunks[(name, index)] = "\n" + tomli_w.dumps({name: [table]})
                pieces.append(chunk)
        return "".join(pieces)

    def _apply_changes(self, changes: list[dict[str, Any]]) -> tuple[str, ...]:
        """Apply the changes to the dataset files (each file written once, atomically); the files changed."""
        written = []
        changes = [c for c in changes if isinstance(c, dict) and c.get("file") in DATA_FILES
                   and c.get("op") in _OPS and isinstance(c.get("record"), str)]
        for file in dict.fromkeys(c["file"] for c in changes):
            data, text = self._read_data_text(file)
            results = [_applied(data, c) for c in changes if c["file"] == file]
            if "applied" not in results:
                continue
            header = _header(text)
            rendered = header + tomli_w.dumps(data, multiline_strings=False)
            if text and _rendered_again(text) != text:
                # Changed by hand in ways a rewrite would not keep (comments, layout): keep that copy.
                create_new(self.folder, f"{file}.before-review", text.encode("utf-8"))
            replace_atomically(self.folder / file, rendered.encode("utf-8"), 0o600)
            written.append(file)
        if "news.toml" in written:
            self._read_texts()
        return tuple(written)

    def _finish_last(self) -> None:
        """Apply the changes of the last decision that the data files lack (a process killed between writes).

        Skipped when that decision is one this session wrote both files of: nothing can be missing."""
        decisions = [d for d in self._doc.get("decisions", []) if isinstance(d, dict)]
        if decisions and decisions[-1].get("changes") and decisions[-1].get("number") != self._finished:
            self._apply_changes(decisions[-1]["changes"])
            self._finished = decisions[-1].get("number")

    def _finish_interrupted(self) -> None:
        decisions = self._doc.get("decisions", [])
        if decisions and isinstance(decisions[-1], dict) and decisions[-1].get("changes"):
            try:
                with exclusive_lock(self.folder / LOCK_FILE, self.lock_timeout):
                    self._finish_last()
            except OSError:
                pass  # read-only: the next decision tries again


def _applied(data: dict[str, Any], change: dict[str, Any]) -> str:
    """:func:`apply_change`, with a change a hand-edited log got wrong left alone as a conflict."""
    try:
        return apply_change(data, change)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return "conflict"


def _rendered_again(text: str) -> str:
    import tomllib

    try:
        return _header(text) + tomli_w.dumps(tomllib.loads(text), multiline_strings=False)
    except (tomllib.TOMLDecodeError, ValueError, TypeError):
        return ""


def _get_list(data: dict[str, Any], value: ReviewValue, rule) -> list | None:
    table = find_table(data, value.file, value.record)
    node: Any = table
    for key in rule.path:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, list) else None


def _accepted(value: ReviewValue) -> dict[str, Any]:
    return {"reviewed": True, "decision": "edited" if value.decision == "edited" else "accepted"}


def _counted(count: int, verb: str) -> str:
    return f"{count} value{'s' if count != 1 else ''} {verb}" if verb != "value" else \
        f"{count} value{'s' if count != 1 else ''}"


def _value_id_of(table: dict[str, Any]) -> str:
    from .review_values import value_id

    return value_id(table)


def open_review(folder: Path, **options: Any) -> ReviewSession:
    """The review of the draft in ``folder``; :class:`ReviewError` when it is not a draft."""
    if not (Path(folder) / REVIEW_FILE).is_file():
        raise ReviewError(f"{folder} has no {REVIEW_FILE}: not a draft (or its review is finished and the file "
                          "removed)")
    return ReviewSession(Path(folder), **options)


__all__ = ["Outcome", "ReviewSession", "ReviewError", "open_review", "parse_review", "reviewer_name"]
