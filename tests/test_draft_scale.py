"""The drafter on hostile reports (issue 29): bounded work and memory, bounded REVIEW.md, capped PDFs.

No timings here (those are in bench/draft_scale.py): the pathological paragraphs are drafted
in one child process under an address-space limit (RLIMIT_AS) and a generous timeout, and
what they write is checked for size; the steps that made the work grow faster than the input
are checked by their structure (windows, ids, the review writer).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
import tomllib
import zlib
from pathlib import Path

import pytest

from briefing.model.draft.ids import IdMaker
from briefing.model.draft.windows import WINDOW, windows
from briefing.model.draft.writer import values_toml

SOURCE = Path(__file__).resolve().parents[1] / "data" / "2024-09-to-2025-03" / "source.txt"
#: Well under the 6.5 GB the Zzz Corporation paragraph reached; a draft of the shipped report needs about 150 MiB.
ADDRESS_SPACE = 320 * 1024 * 1024

PATHOLOGICAL = {"long-march": "Long March " * 20_000, "january": "January " * 20_000,
                "aaa-1": "Aaa-1 " * 20_000, "zzz": "Zzz Corporation (" * 20_000}

_CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from briefing.model.draft.pipeline import draft_edition
    from briefing.model.draft.writer import write_draft
    for source in sys.argv[1:]:
        draft = draft_edition(Path(source), [], edition="hostile")
        write_draft(draft, Path(source).with_suffix(".draft"))
    print("done")
""")


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def test_pathological_paragraphs_draft_within_a_memory_limit_and_write_a_bounded_review(tmp_path):
    text = SOURCE.read_text(encoding="utf-8")
    head, marker, tail = text.partition("\nPolicy Update")
    sources = []
    for name, paragraph in PATHOLOGICAL.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(head.rstrip("\n") + "\n\n" + paragraph + "\n\n" + marker + tail, encoding="utf-8")
        sources.append(path)
    done = subprocess.run([sys.executable, "-c", _CHILD, *map(str, sources)], capture_output=True, text=True,
                          timeout=240, preexec_fn=_limited, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr[-2000:]
    for path in sources:
        folder = path.with_suffix(".draft")
        review = (folder / "REVIEW.md").stat().st_size
        assert review < 400_000, (path.name, review)  # was 97 MB for Aaa-1 x4k
        values = tomllib.loads((folder / "review.toml").read_text(encoding="utf-8"))["values"]
        assert len(values) < 2_000, (path.name, len(values))  # one note per value an item holds, not per mention


def test_windows_cover_the_text_and_none_is_longer_than_a_window():
    for text in ("Long March " * 20_000, "x" * 9_000, "A sentence. " * 3_000, "short"):
        spans = windows(text)
        assert spans[0][0] == 0 and spans[-1][1] == len(text)
        assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:]))
        assert all(0 < end - start <= WINDOW for start, end in spans)


def test_many_items_of_one_title_get_distinct_ids_in_one_step_each():
    maker = IdMaker()
    ids = [maker.make("news", "Aaa-1 Aaa-1") for _ in range(20_000)]
    assert len(set(ids)) == 20_000 and ids[1] == "news-aaa-1-aaa-1-2" and ids[-1] == "news-aaa-1-aaa-1-20000"
    assert maker._next["news-aaa-1-aaa-1"] == 20_001  # the next number is remembered, never searched for


def test_review_values_written_directly_read_back_the_same_and_cleaned():
    values = [{"file": "news.toml", "record": 'a "quoted" \\ name\x7f\x1b]0;x\x07', "value": "中文 ok",
               "start": 3, "confidence": 0.95, "ours": True, "reviewed": False}]
    read = tomllib.loads(values_toml(values))["values"]
    # The same tables, the control characters shown as the cleaner's placeholder (never written raw).
    assert read == [{**values[0], "record": 'a "quoted" \\ name\ufffd\ufffd]0;x\ufffd'}]


def _pdf(page_content: bytes, pages: int = 1) -> bytes:
    """A minimal PDF by hand: ``pages`` pages sharing one Flate-compressed content stream."""
    stream = zlib.compress(page_content, 9)
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _draft_exit(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess:
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    return subprocess.run([sys.executable, "-m", "briefing", "draft", str(source), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120, preexec_fn=_limited, cwd=tmp_path)


def test_a_pdf_decompression_bomb_is_refused_in_one_sentence(tmp_path):
    pytest.importorskip("pdfplumber")
    bomb = _pdf(b"%" + b" " * (64 * 1024 * 1024) + b"\n")  # 64 MiB of comment from 64 KB
    assert len(bomb) < 200_000
    done = _draft_exit(tmp_path, bomb)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("briefing: draft: page 1 of the PDF inflates to more than 8 MiB")
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_pdf_of_too_many_pages_is_refused_in_one_sentence(tmp_path):
    pytest.importorskip("pdfplumber")
    done = _draft_exit(tmp_path, _pdf(b"BT ET\n", pages=301))
    assert done.returncode == 2
    assert done.stderr.strip() == ("briefing: draft: the PDF has more than 300 pages; a report of this series "
                                   "has about twenty, so it is not read")


def test_drafted_files_are_written_as_tomli_w_writes_them():
    """The one-pass writer gives the same bytes as tomli_w on a real draft (so a draft looks the same)."""
    import tomli_w

    from briefing.model.draft.pipeline import draft_edition
    from briefing.model.draft.toml_out import dumps

    draft = draft_edition(SOURCE, [SOURCE.parents[1]])
    for name, content in draft.files.items():
        assert dumps(content) == tomli_w.dumps(content, multiline_strings=False), name


def test_review_values_written_from_the_notes_are_the_tables_values_toml_writes(tmp_path):
    """The fast writer of review.toml (a template per note, in chunks) gives values_toml's bytes, a hostile value too."""
    from briefing.model.draft.pipeline import draft_edition
    from briefing.model.draft.writer import note_chunks, values_bytes

    source = tmp_path / "report.txt"
    text = SOURCE.read_text(encoding="utf-8")
    head, marker, tail = text.partition("\nPolicy Update")
    source.write_text(head.rstrip("\n") + '\n\nThe "Zhuque\x1b]0;x\x07 Corporation" \\ launched on May 3, 2025.\n\n'
                      + marker + tail, encoding="utf-8")
    notes = draft_edition(source, [SOURCE.parents[1]]).provenance
    written = b"".join(note_chunks(notes.notes))
    assert written == bytes(values_bytes(notes.value_tables()))
    assert b'\\"Zhuque\xef\xbf\xbd]0;x\xef\xbf\xbd Corporation\\" \\\\ launched' in written  # cleaned, then escaped


def test_strings_without_control_or_escaped_characters_are_written_as_the_cleaner_and_escaper_would():
    from briefing.model.data.text import clean_text
    from briefing.model.draft.toml_out import _NEEDS_ESCAPE, string

    for code in range(0x3000):
        text = f"a{chr(code)}b"
        cleaned = clean_text(text)[0]
        slow = f'"{cleaned}"' if not _NEEDS_ESCAPE.search(cleaned) else None
        assert string(text) == slow or (slow is None and tomllib.loads(f"v = {string(text)}")["v"] == cleaned), code


def test_every_character_the_writer_escapes_or_cleans_is_one_isprintable_rejects_or_a_quote_or_backslash():
    # string()'s fast path takes a printable text without '"' or '\\' as plain, without _NOT_PLAIN's search.
    from briefing.model.draft.toml_out import _NOT_PLAIN

    caught = [code for code in range(0x110000) if _NOT_PLAIN.match(chr(code))]
    assert len(caught) == 0x20 + 2 + 0x21 + 5 + 4
    assert [code for code in caught if chr(code).isprintable() and chr(code) not in '"\\'] == []
