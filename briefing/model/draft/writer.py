"""Writing a draft to disk: all or nothing.

Everything is written into a fresh temporary folder beside the target (files created with
``O_EXCL|O_NOFOLLOW``, mode 0600), which is renamed into place only when complete. An
existing output folder is replaced only with ``force``, and then only if it is an edition
or a draft (holds ``report.toml``) or is empty: a folder of something else is never removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..safe_io import create_new
from . import toml_out
from .errors import DraftError
from .pipeline import Draft
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
    """:func:`values_toml` as UTF-8, built in one buffer (a 10 MB report's values are tens of MB)."""
    out = bytearray()
    for value in values:
        out += ("\n[[values]]\n" + "".join(f"{key} = {_toml_value(item)}\n" for key, item in value.items())).encode()
    return out


def render(draft: Draft) -> dict[str, bytes | bytearray]:
    """The files of the draft folder, by name."""
    return dict(render_files(draft))


def render_files(draft: Draft):
    """The files of the draft folder, ``(name, data)`` one at a time: the writer frees each once written."""
    for name, content in draft.files.items():
        read = (f"{draft.original_name} (sha256 {draft.original_sha256[:16]}...), read as {draft.source_name}"
                if draft.original_name else draft.source_name)
        layout = ("# Outside the series: not laid out as the half-yearly report, so drafted as news "
                  "(a paragraph an item).\n" if draft.outside_series else "")
        header = (f"# Edition {draft.edition_id}: {HEADERS[name]}.\n" + layout +
                  f"# Drafted by `briefing draft` from {read} (sha256 {draft.sha256[:16]}...):\n"
                  "# every value is unreviewed until marked in review.toml; see REVIEW.md. Format: data/README.md.\n\n")
        yield name, (header + toml_out.dumps(content)).encode("utf-8")
    source = draft.provenance.source_table(draft.source_name, draft.sha256, draft.source_format,
                                           draft.original_name, draft.original_sha256)
    source["layout"] = "outside the series: drafted as news" if draft.outside_series else "the series"
    review = bytearray(("# Where each drafted value came from (item = news item; start, end = characters of its text),\n"
                            "# how sure the drafter is, and whether an analyst has checked it: change a value's\n"
                            "# `reviewed = false` to `reviewed = true` once checked. `briefing validate` warns about\n"
                            "# every value still unreviewed.\n\n" + toml_out.dumps({"source": source})).encode("utf-8"))
    review += values_bytes(draft.provenance.value_tables())
    yield "review.toml", review  # a bytearray: written as it is, never copied
    del review
    yield "REVIEW.md", review_markdown(draft.edition_id, draft.provenance.notes, draft.texts, draft.dropped,
                                       draft.outside_series).encode("utf-8")
    yield draft.source_name, draft.source
    if draft.original_name and draft.original is not None:
        yield draft.original_name, draft.original


def write_draft(draft: Draft, out: Path, *, force: bool = False) -> Path:
    check_target(out, force)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.draft-", dir=out.parent))
    try:
        for name, data in render_files(draft):
            create_new(temporary, name, data)
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
