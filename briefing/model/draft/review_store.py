"""Where a draft's review is kept: reading review.toml and the edition's files, and the one way a
decision is written.

Each decision takes the draft's lock (``.review.toml.lock``, :func:`..safe_io.exclusive_lock`),
reads ``review.toml`` again when anyone changed it since we last did, applies only itself to
what is there now, and writes ``review.toml`` atomically (:func:`..safe_io.replace_atomically`):
two people reviewing one draft lose no decision of either. An edit or a reject also changes the
edition's TOML file, after review.toml: the decision is logged first (``[[decisions]]``, with
the changes it makes), so a process killed between the two writes leaves a log that the next
decision (or opening the review again) finishes, applying the changes that are missing
(applying a change twice changes nothing, see :mod:`.review_fields`).
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
from .review_fields import apply_change
from .review_values import REVIEW_FILE, ReviewError, ReviewValue, read_review_file_stat, read_values, value_id


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


class ReviewStore:
    """One reviewer's copy of one draft's review: the values as last read or written, and how to write."""

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
        doc, _, stat = read_review_file_stat(self.path)
        self._set(doc, stat)
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
        doc, _, stat = read_review_file_stat(self.path)
        self._set(doc, stat)
        return True

    def changed_on_disk(self) -> bool:
        """True when someone else wrote review.toml since we last read or wrote it."""
        return self._file_stat() != self._stat

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
                    doc, _, stat = read_review_file_stat(self.path)
                    self._set(doc, stat)
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
                                 "at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0), "ids": ids}
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
        review renders in 50 ms whole, and a decision changes a table or two).

        The log comes before the values, and the values stay one flat ``[[values]]`` table each, last
        in the file, in the drafter's shape: the edition's status counts them line by line (0.1 ms)
        rather than parsing the file (model/library/status.py)."""
        rest = {k: v for k, v in doc.items() if k not in ("values", "decisions")}
        pieces = [REVIEW_HEADER, tomli_w.dumps(rest)]
        for name in ("decisions", "values"):
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


def _value_id_of(table: dict[str, Any]) -> str:
    return value_id(table)
