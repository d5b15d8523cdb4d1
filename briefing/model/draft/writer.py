"""Writing a draft to disk: all or nothing.

Everything is written into a fresh temporary folder beside the target (files created with
``O_EXCL|O_NOFOLLOW``, mode 0600), which is renamed into place only when complete. An
existing output folder is replaced only with ``force``, and then only if it is an edition
or a draft (holds ``report.toml``) or is empty: a folder of something else is never removed.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ..safe_io import create_new
from . import toml_out
from .collector import collector_paused
from .errors import DraftError
from .pipeline import Draft
from .provenance import _shown
from .review_report import review_markdown

HEADERS = {
    "report.toml": "metadata, sections and proposed key figures",
    "news.toml": "every paragraph, one [[items]] each, in report order",
    "medals.toml": "the medal table and what the report says around it",
    "trends.toml": "the most downloaded CNKI articles",
    "timeline.toml": "every dated event, in chronological order",
}


def check_target(out: Path, force: bool) -> None:
    """Refuse early, before any work, when ``out`` may not be written."""
    if out.is_symlink():
        raise DraftError(f"{out} is a symbolic link; give a plain folder to write the draft into")
    if out.exists():
        if not out.is_dir():
            raise DraftError(f"{out} exists and is not a folder")
        if not force:
            raise DraftError(f"{out} exists already; it is never overwritten: use --replace to replace it")
        if any(out.iterdir()) and not (out / "report.toml").exists():
            raise DraftError(f"{out} is not an edition folder (no report.toml); not replacing it")
    if not out.parent.is_dir():
        raise DraftError(f"cannot write {out}: folder {out.parent} does not exist")


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return toml_out.string(str(value))


def values_toml(values) -> str:
    """review.toml's ``[[values]]`` tables, written directly: flat tables of scalars, one pass, no tree walk.

    tomli_w walks every value generically; a hostile report's tens of thousands of values made it
    most of the draft's time. The output reads back to the same tables (tests/test_draft_scale.py).
    """
    return values_bytes(values).decode("utf-8")


def values_bytes(values) -> bytearray:
    """:func:`values_toml` as UTF-8, built in one buffer."""
    out = bytearray()
    for value in values:
        out += ("\n[[values]]\n" + "".join(f"{key} = {_toml_value(item)}\n" for key, item in value.items())).encode()
    return out


#: Bytes of review.toml gathered before they are handed to the file: a 10 MB report's notes make 80 MB.
CHUNK = 1 << 20


def _encoded(*parts: list[str]) -> Iterator[bytes]:
    """The strings of ``parts`` in order, encoded a megabyte at a time (never the whole file as one string)."""
    batch: list[str] = []
    size = 0
    for part in parts:
        for piece in part:
            batch.append(piece)
            size += len(piece)
            if size >= CHUNK:
                yield "".join(batch).encode("utf-8")
                batch, size = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


#: A note's last lines: drafted by us (a title, a figure) or read from the report.
_OURS, _REVIEWED = "ours = true\nreviewed = false\n", "reviewed = false\n"


def note_chunks(notes) -> Iterator[bytes]:
    """The ``[[values]]`` tables of ``notes`` as :func:`values_bytes` writes :meth:`.Provenance.value_tables`, in chunks.

    Written from the notes with one template, never a table or a generic value walk each (that
    was most of the write), and handed on a megabyte at a time so the file is never whole in
    memory. The ids, fields and wordings of "how" repeat across thousands of notes: each is
    quoted once (a test compares the bytes with :func:`values_bytes`).
    """
    quoted: dict[str, str] = {}

    def q(text: str) -> str:
        found = quoted.get(text)
        if found is None:
            found = quoted[text] = toml_out.string(text)
        return found

    #: A confidence as written: a draft has a few dozen, and a float's repr costs more than a look-up.
    confidences: dict[float, str] = {}

    def c(number: float) -> str:
        written = confidences[number] = repr(number)
        return written

    batch: list[str] = []
    size = 0
    get = quoted.get  # a quoted string is never empty ('""' at least): "get(x) or q(x)" calls q only for a new x
    shown = confidences.get
    last_file = last_record = head = None
    for n in notes:
        # The values repeat too (a name, a date, a status noted for item after item): memoised like the rest.
        value = n.value if type(n.value) is str else _shown(n.value)
        if n.record is not last_record or n.file is not last_file:  # a record's notes come in a row
            last_file, last_record = n.file, n.record
            head = f"\n[[values]]\nfile = {get(n.file) or q(n.file)}\nrecord = {get(n.record) or q(n.record)}\n"
        item = f"item = {get(n.item) or q(n.item)}\n" if n.item else ""
        # One f-string: the table's pieces joined once, not copied into a longer string at each "+".
        table = (f"{head}field = {get(n.field) or q(n.field)}\nvalue = {get(value) or q(value)}\n{item}"
                 f"start = {n.start!r}\nend = {n.end!r}\nconfidence = {shown(n.confidence) or c(n.confidence)}\n"
                 f"how = {get(n.how) or q(n.how)}\n{_OURS if n.ours else _REVIEWED}")
        batch.append(table)
        size += len(table)
        if size >= CHUNK:
            yield "".join(batch).encode("utf-8")
            batch, size = [], 0
            if len(quoted) > 50_000:
                quoted.clear()  # record ids of a huge report: keep the memo small; they are quoted again
    if batch:
        yield "".join(batch).encode("utf-8")


def render(draft: Draft) -> dict[str, bytes | bytearray]:
    """The files of the draft folder, by name."""
    return {name: data if isinstance(data, (bytes, bytearray)) else b"".join(data)
            for name, data in render_files(draft)}


def render_files(draft: Draft):
    """The files of the draft folder, ``(name, data)`` one at a time: the writer frees each once written.

    ``data`` is bytes, or for the TOML files (review.toml's notes, news.toml's paragraphs) an iterator of chunks.
    """
    for name, content in draft.files.items():
        read = (f"{draft.original_name} (sha256 {draft.original_sha256[:16]}...), read as {draft.source_name}"
                if draft.original_name else draft.source_name)
        layout = ("# Outside the series: not laid out as the half-yearly report, so drafted as news "
                  "(a paragraph an item).\n" if draft.outside_series else "")
        header = (f"# Edition {draft.edition_id}: {HEADERS[name]}.\n" + layout +
                  f"# Drafted by `briefing draft` from {read} (sha256 {draft.sha256[:16]}...):\n"
                  "# every value is unreviewed until marked in review.toml; see REVIEW.md. Format: data/README.md.\n\n")
        yield name, _encoded([header], toml_out.pieces(content))
    source = draft.provenance.source_table(draft.source_name, draft.sha256, draft.source_format,
                                           draft.original_name, draft.original_sha256)
    source["layout"] = "outside the series: drafted as news" if draft.outside_series else "the series"
    head = ("# Where each drafted value came from (item = news item; start, end = characters of its text),\n"
            "# how sure the drafter is, and whether an analyst has checked it: change a value's\n"
            "# `reviewed = false` to `reviewed = true` once checked. `briefing validate` warns about\n"
            "# every value still unreviewed.\n\n" + toml_out.dumps({"source": source})).encode("utf-8")
    yield "review.toml", itertools.chain([head], note_chunks(draft.provenance.notes))
    yield "REVIEW.md", review_markdown(draft.edition_id, draft.provenance.notes, draft.texts, draft.dropped,
                                       draft.outside_series).encode("utf-8")
    yield draft.source_name, draft.source
    if draft.original_name and draft.original is not None:
        yield draft.original_name, draft.original


def _write_chunks(path: Path, chunks) -> None:
    """Append ``chunks`` to the empty file ``create_new`` made in our own 0700 temporary folder (no link to follow)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


@collector_paused
def write_draft(draft: Draft, out: Path, *, force: bool = False) -> Path:
    check_target(out, force)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.draft-", dir=out.parent))
    try:
        for name, data in render_files(draft):
            if isinstance(data, (bytes, bytearray)):
                create_new(temporary, name, data)
            else:
                _write_chunks(create_new(temporary, name, b""), data)
            del data  # one rendered file in memory at a time
        os.chmod(temporary, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "previous")
            try:
                os.rename(temporary, out)
            except OSError:
                os.rename(old / "previous", out)  # put the old folder back: nothing is lost
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(temporary, out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return out
