"""Deciding a draft's doubtful values: accept, edit, reject, accept the rest of a record, accept at or
above a confidence, undo; every decision saved at once (how: :mod:`.review_store`).

The log makes undo work across restarts: ``undo`` turns round the last decision of this
reviewer (by login name) that is not undone, leaving alone any value someone decided since.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..data.text import clean_text
from .review_fields import (Checked, check_edit, current, edit_changes, find_table, inverse, record_changes,
                            references, reject_changes, rule_for, shown)
from .review_store import DATA_FILES, Outcome, Plan, ReviewStore, reviewer_name
from .review_values import (REVIEW_FILE, ReviewError, ReviewValue, Sentence, left_count, left_phrase,
                            parse_review, report_order, sentence_of, why_doubtful)


class ReviewSession(ReviewStore):
    """One reviewer's view of one draft folder: what is shown, and the decisions."""

    #: The list of values last counted, its counts and its phrase: the top line asks on every key.
    _left_for: tuple[Any, tuple[int, int], str] = (None, (0, 0), "")

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
        """(doubtful values left, doubtful values), counted once for each new list of values."""
        values = self.values
        if self._left_for[0] is not values:
            self._left_for = (values, left_count(values), left_phrase(values))
        return self._left_for[1]

    def left_phrase(self) -> str:
        self.left()
        return self._left_for[2]

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


def open_review(folder: Path, **options: Any) -> ReviewSession:
    """The review of the draft in ``folder``; :class:`ReviewError` when it is not a draft."""
    if not (Path(folder) / REVIEW_FILE).is_file():
        raise ReviewError(f"{folder} has no {REVIEW_FILE}: not a draft (or its review is finished and the file "
                          "removed)")
    return ReviewSession(Path(folder), **options)


__all__ = ["Outcome", "ReviewSession", "ReviewError", "open_review", "parse_review", "reviewer_name"]
