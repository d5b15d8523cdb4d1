"""Plain text in a pipe, Rich on a terminal; NO_COLOR and TERM=dumb; safe(); aligned columns."""

from __future__ import annotations

import io

import pytest

from briefing.cli import output
from briefing.cli.output import Column, Output, Styled, cell_width, safe, wants_terminal
from .cli_helpers import run

ESC = "\x1b"


@pytest.fixture(autouse=True)
def wide_columns(monkeypatch):
    """Wide enough that no column is cut in these tests."""
    monkeypatch.setenv("COLUMNS", "200")


COMMANDS = [
    ["search", "shijian"],
    ["show", "news-shijian-25-launched"],
    ["show", "medal-longwave-ir-cast-gold"],
    ["medals", "--sort", "medal"],
    ["timeline", "--from", "2025-01", "--to", "2025-02"],
    ["trends"],
    ["editions"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_piped_output_has_no_escape_codes(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 0 and out and err == ""
    assert ESC not in out and "\x9b" not in out


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_terminal_output_is_drawn_with_rich(capsys, monkeypatch, argv):
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    code, out, _ = run(capsys, *argv)
    assert code == 0 and f"{ESC}[" in out  # styles
    assert f"{ESC}]" not in out  # no OSC (hyperlinks, clipboard, title) from anything


def test_terminal_search_highlights_matches(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    _, out, _ = run(capsys, "search", "shijian")
    assert "*Shijian*" not in out  # no plain-text marks on a terminal
    assert "\x1b[7mShijian" in out or "\x1b[1;7mShijian" in out  # reverse video on the match
    assert "hits for 'shijian'" in out


def test_terminal_search_on_a_narrow_terminal_stacks_lines(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(capsys, "search", "guowang")
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert all(len(line) <= 80 for line in plain.splitlines())
    assert "news-guowang-second-batch" in plain  # the ID is never cut


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": ""}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminal_win_over_force(capsys, monkeypatch, env):
    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for argv in COMMANDS:
        code, out, _ = run(capsys, *argv)
        assert code == 0 and ESC not in out


def test_wants_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert wants_terminal(Tty()) is True
    assert wants_terminal(io.StringIO()) is False

    class Closed:
        def isatty(self):
            raise ValueError("I/O operation on closed file")

    assert wants_terminal(Closed()) is False


def test_json_is_never_drawn_with_rich(capsys, monkeypatch):
    import json

    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    for argv in COMMANDS:
        code, out, _ = run(capsys, *argv, "--json")
        assert code == 0 and ESC not in out
        json.loads(out)


@pytest.mark.parametrize("raw, clean", [
    ("a\x1b]52;c;SGVsbG8=\x07b", "a\ufffd]52;c;SGVsbG8=\ufffdb"),
    ("\x9b31mred", "\ufffd31mred"),
    ("x\x7fy\x85z", "x\ufffdy\ufffdz"),
    ("left\u202eright\u2066", "left\ufffdright\ufffd"),
    ("lines\nand\ttabs", "lines\nand\ttabs"),
    ("crlf\r\nline", "crlf\nline"),
    ("lone\rcr", "lone\ufffdcr"),
    ("[link=https://x]x[/link] [bold]b[/bold]", "[link=https://x]x[/link] [bold]b[/bold]"),
])
def test_safe(raw, clean):
    assert safe(raw) == clean


def test_plain_table_aligns_wide_characters():
    stream = io.StringIO()
    Output(stream, terminal=False).table(
        [Column("A"), Column("B"), Column("N", justify="right")],
        [["中文", "x", "1"], ["ab", "yy", "100"]], header=False)
    lines = stream.getvalue().splitlines()
    assert lines == ["中文  x     1", "ab    yy  100"]
    assert cell_width("中文") == 4 and cell_width("e\u0301") == 1


def test_plain_marks_and_flattening():
    stream = io.StringIO()
    out = Output(stream, terminal=False)
    out.table([Column("T")], [[Styled("Zhúquè-3 and\nzhuque", words=("zhuque",))]], header=False)
    out.line(Styled("one\ntwo", words=("two",)), indent=2)
    assert stream.getvalue() == "*Zhúquè*-3 and *zhuque*\n  one\n  *two*\n"


def test_rich_output_never_interprets_markup_or_data_escapes():
    stream = io.StringIO()
    out = Output(stream, terminal=True, width=120)
    hostile = "t\x1b]8;;https://evil\x07click\x1b]8;;\x07 [link=https://x]x[/link] [bold]b[/bold] :smile:"
    out.heading(hostile)
    out.table([Column("A"), Column("B", truncate=True)], [[hostile, Styled(hostile, "title", ("click",))]])
    out.fields([("Label", hostile)])
    out.paragraph(hostile, indent=2)
    text = stream.getvalue()
    assert "\x1b]" not in text and "\x07" not in text
    assert "[link=https://x]x[/link]" in text and "[bold]b[/bold]" in text and ":smile:" in text
    assert "😄" not in text


def test_rich_is_not_imported_for_plain_output(capsys, monkeypatch):
    """In-process check: a plain Output never touches Rich (a subprocess test checks a real pipe)."""
    calls = []
    monkeypatch.setattr(Output, "_rich_console", lambda self: calls.append(1))
    run(capsys, "search", "shijian")
    run(capsys, "medals")
    assert calls == []


def test_unencodable_characters_are_replaced_not_fatal():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    out = Output(stream, terminal=False)
    out.line("Long March › 一念天地")
    out.json({"t": "一"})
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert "Long March ? ????" in text and '"\\u4e00"' in text


def test_output_module_is_the_only_one_importing_rich():
    from pathlib import Path

    folder = Path(output.__file__).parent
    for path in folder.glob("*.py"):
        source = path.read_text("utf-8")
        if path.name != "output.py":
            assert "from rich" not in source and "import rich" not in source, path.name
        assert "import textual" not in source and "from textual" not in source, path.name


@pytest.mark.parametrize("argv, must_show", [
    (["timeline", "--from", "2025-01", "--to", "2025-02"], "event-2025-02-28-pakistani-astronaut-agreement"),
    (["trends"], "Beijing University of Post and Telecommunications"),
    (["search", "shijian"], "event-2025-01-06-shijian-25-launch"),
])
def test_narrow_terminal_layouts_fit_and_keep_ids(capsys, monkeypatch, argv, must_show):
    import re

    monkeypatch.setenv("BRIEFING_FORCE_TERMINAL", "1")
    monkeypatch.setenv("COLUMNS", "100")
    _, out, _ = run(capsys, *argv)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert all(len(line.rstrip()) <= 100 for line in plain.splitlines())
    assert must_show in plain
