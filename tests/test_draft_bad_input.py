"""Bad input to ``briefing draft``: a sentence, exit 2, and nothing written; an existing folder is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.model.draft import reading, writer

from . import draft_samples as sample
from .cli_helpers import run
from .conftest import EDITION


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Work in a temporary folder: a default --out is relative to it."""
    monkeypatch.chdir(tmp_path)


def _refused(capsys, tmp_path, source: Path, *extra: str) -> str:
    out = tmp_path / "out"
    code, stdout, err = run(capsys, "draft", str(source), "--out", str(out), *extra)
    assert code == 2
    assert stdout == ""
    assert err.startswith("briefing: draft: ")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []  # no temporary folder left
    return err


def test_empty_file(capsys, tmp_path):
    source = tmp_path / "empty.txt"
    source.write_text("\n  \n", encoding="utf-8")
    assert "is empty" in _refused(capsys, tmp_path, source)


def test_unknown_format(capsys, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(b"PK\x03\x04 not a format we read")
    assert "unknown format '.docx'" in _refused(capsys, tmp_path, source)


def test_file_over_the_size_cap(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_SOURCE_BYTES", 1000)
    source = tmp_path / "big.txt"
    source.write_text(sample.text_export(), encoding="utf-8")
    assert "over the 1,000-byte limit" in _refused(capsys, tmp_path, source)


def test_document_not_of_this_series(capsys, tmp_path):
    source = tmp_path / "minutes.txt"
    source.write_text("Minutes of the meeting\n\nWe met and talked about the budget. Nothing was decided.\n",
                      encoding="utf-8")
    assert "not a report of this series" in _refused(capsys, tmp_path, source)


def test_document_outside_the_series_with_no_date_is_refused(capsys, tmp_path):
    source = tmp_path / "title-only.txt"
    source.write_text("**A note on nothing**\n\nJust one paragraph of text. And another sentence.\n", encoding="utf-8")
    assert "names no day or month" in _refused(capsys, tmp_path, source)


def test_pdf_with_no_text(capsys, tmp_path):
    pytest.importorskip("pdfplumber")
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 150, style="F")  # a scanned page: marks, no text
    source = tmp_path / "scan.pdf"
    pdf.output(str(source))
    assert "has no text" in _refused(capsys, tmp_path, source)


def test_not_a_pdf_named_pdf(capsys, tmp_path):
    source = tmp_path / "fake.pdf"
    source.write_text("hello", encoding="utf-8")
    assert "is not a PDF" in _refused(capsys, tmp_path, source)


def test_pdf_without_the_extra_says_how_to_install(capsys, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pdfplumber(name, *args, **kwargs):
        if name == "pdfplumber":
            raise ImportError("No module named 'pdfplumber'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pdfplumber)
    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.4\n%%EOF\n")
    assert "pip install 'briefing[draft]'" in _refused(capsys, tmp_path, source)


def test_existing_output_folder_is_kept_without_force(capsys, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.toml").write_text("# the analyst's work\n", encoding="utf-8")
    code, _, err = run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))
    assert code == 2 and "exists already; it is never overwritten: use --replace" in err
    assert (out / "report.toml").read_text(encoding="utf-8") == "# the analyst's work\n"


def test_force_replaces_a_draft_but_never_a_folder_of_other_things(capsys, tmp_path):
    out = tmp_path / "out"
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))[0] == 0
    (out / "news.toml").write_text("broken", encoding="utf-8")
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out), "--force")[0] == 0
    assert (out / "news.toml").read_text(encoding="utf-8").startswith("# Edition 2024-09-to-2025-03")
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    code, _, err = run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(other), "--force")
    assert code == 2 and "not an edition folder" in err
    assert (other / "holiday.jpg").exists()


def test_a_failure_while_writing_leaves_nothing_half_written(capsys, tmp_path, monkeypatch):
    calls = []
    real = writer.create_new

    def failing(folder, name, data):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(folder, name, data)

    monkeypatch.setattr(writer, "create_new", failing)
    out = tmp_path / "out"
    code, _, err = run(capsys, "draft", str(EDITION / "source.txt"), "--out", str(out))
    assert code == 2 and "No space left on device" in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_missing_source_and_folder_given_as_source(capsys, tmp_path):
    code, _, err = run(capsys, "draft", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o"))
    assert code == 2 and "does not exist" in err
    code, _, err = run(capsys, "draft", str(tmp_path), "--out", str(tmp_path / "o"))
    assert code == 2 and ("is a folder" in err or "not a regular file" in err or "only regular files" in err)


def test_edition_id_must_be_a_plain_folder_name(capsys, tmp_path):
    code, _, err = run(capsys, "draft", str(EDITION / "source.txt"), "--edition", "../elsewhere")
    assert code == 2 and "an edition id is lowercase letters" in err
    assert not (tmp_path.parent / "elsewhere").exists()


def test_edition_id_names_the_default_folder(capsys, tmp_path):
    from briefing.model.locations import my_editions_dir

    code, stdout, _ = run(capsys, "draft", str(EDITION / "source.txt"), "--edition", "spring-2025")
    assert code == 0 and "drafted edition spring-2025" in stdout
    assert (my_editions_dir() / "spring-2025" / "report.toml").is_file()
    assert not (tmp_path / "spring-2025").exists()


def test_drafting_an_id_that_exists_never_overwrites_it(capsys):
    from briefing.model.locations import my_editions_dir

    # The shipped report drafts as the shipped edition's id: refused, naming where that edition is.
    code, _, err = run(capsys, "draft", str(EDITION / "source.txt"))
    assert code == 2 and f"edition {EDITION.name} exists already (shipped: " in err and "--replace" in err
    assert not (my_editions_dir() / EDITION.name).exists()
    # --replace puts mine over the shipped one (which is left alone); then mine exists and is refused again.
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--replace")[0] == 0
    report = my_editions_dir() / EDITION.name / "report.toml"
    before = report.read_bytes()
    code, _, err = run(capsys, "draft", str(EDITION / "source.txt"))
    assert code == 2 and "exists already (mine: " in err and "never overwritten" in err
    assert report.read_bytes() == before
    # --force is the old name of --replace.
    assert run(capsys, "draft", str(EDITION / "source.txt"), "--force")[0] == 0
