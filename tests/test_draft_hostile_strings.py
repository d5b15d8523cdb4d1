"""A report that writes to the terminal (issue 29 item 8): its escapes never reach REVIEW.md, the
drafted TOML, review.toml or draft's own message, whatever field or file name carries them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from briefing.model.data.text import has_control

from . import draft_samples as sample
from .cli_helpers import run
from .conftest import EDITION

#: The terminal's title (OSC 0), its clipboard (OSC 52), a cleared screen, and C1 CSI (U+009B).
ESCAPES = "\x1b]0;OWNED\x07\x1b]52;c;b3duZWQ=\x07\x1b[2J\x9b2J"


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_a_reports_escapes_reach_no_file_and_no_message(tmp_path: Path, capsys) -> None:
    text = sample.text_export()
    # In a headline, a paragraph and the title: doubtful values quote their sentences in REVIEW.md.
    text = text.replace("Tianwen-2 Departs for an Asteroid", f"Tianwen-2 Departs{ESCAPES} for an Asteroid")
    text = text.replace("The probe will return samples", f"The probe{ESCAPES} will return samples")
    text = text.replace("on July 15, 2025", f"on July 15, 2025{ESCAPES} or so")
    folder = tmp_path / f"in{ESCAPES}"
    folder.mkdir()
    source = folder / f"report{ESCAPES}.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / f"out{ESCAPES}"
    code, stdout, err = run(capsys, "draft", str(source), "--out", str(out), "--data", str(EDITION.parent))
    assert code == 0, err
    assert "drafted edition" in stdout and "OWNED" in stdout  # said, with the controls shown as �
    assert not has_control(stdout) and not has_control(err)
    written = {path.name: path.read_bytes() for path in out.iterdir() if path.suffix in (".toml", ".md")}
    assert {"news.toml", "report.toml", "review.toml", "REVIEW.md"} <= set(written)
    assert b"OWNED" in written["news.toml"]
    for name, data in written.items():
        decoded = data.decode("utf-8")
        assert not has_control(decoded.replace("\n", "")), name  # `cat` of any file is safe
        if name.endswith(".toml"):
            for value in strings(tomllib.loads(decoded)):  # and so is every value it holds
                assert not has_control(value), (name, value)
    assert "OWNED" in written["REVIEW.md"].decode("utf-8") or "OWNED" in written["review.toml"].decode("utf-8")
