"""Drills 3 and 7: whatever a dataset file holds, and wherever --data points, a clean message.

Never a traceback, never a hang; the other datasets still load and the app opens with a notice.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import run
from briefing.model.data import toml_reading
from briefing.model.data.loader import load_editions
from briefing.model.store.opening import open_model

from .app_helpers import app_on, notices, settle
from .conftest import EDITION

FUZZ = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def original_news() -> bytes:
    return (EDITION / "news.toml").read_bytes()


def load_with_news(folder: Path, content: bytes):
    (folder / "news.toml").write_bytes(content)
    result = open_model([folder])
    for problem in result.problems:
        assert str(problem).startswith(str(folder)), problem
        assert "\n" not in str(problem).strip() or "TOML" in str(problem)
    # The other datasets still load whatever happened to news.toml.
    assert len(result.model.editions[0].medals) == 14
    return result


@FUZZ
@given(content=st.binary(max_size=2000))
def test_random_bytes(edition_copy: Path, content: bytes) -> None:
    load_with_news(edition_copy, content)


@FUZZ
@given(data=st.data())
def test_mutated_toml(edition_copy: Path, original_news: bytes, data: st.DataObject) -> None:
    text = bytearray(original_news)
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(text) - 1))
        action = data.draw(st.sampled_from(["delete", "insert", "duplicate", "flip"]))
        if action == "delete":
            del text[position:position + data.draw(st.integers(1, 40))]
        elif action == "insert":
            text[position:position] = data.draw(st.binary(min_size=1, max_size=20))
        elif action == "duplicate":
            text[position:position] = text[position:position + data.draw(st.integers(1, 200))]
        else:
            text[position] ^= data.draw(st.integers(1, 255))
    load_with_news(edition_copy, bytes(text))


json_values = st.recursive(
    st.none().map(lambda _: "") | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(items=st.lists(st.dictionaries(
    st.sampled_from(["id", "section", "headline", "dates", "text", "tags", "entities", "extra"]), json_values,
    max_size=8), max_size=5))
def test_wrong_shapes(edition_copy: Path, items: list[dict]) -> None:
    load_with_news(edition_copy, tomli_w.dumps({"items": items}).encode())


@pytest.mark.parametrize("content, message", [
    (b"x = " + b"[" * 3000 + b"]" * 3000, "nested too deeply"),
    (b"x = " + b"1" * 5000, "value cannot be read"),
    (b"\xef\xbb\xbf" + (EDITION / "news.toml").read_bytes(), None),  # a BOM is accepted
    (b'headline = "\xc3\x28"', "not valid UTF-8"),
    (b'a = 1\na = 2\n', "TOML syntax error"),  # duplicate key
    (b"a = \"" + b"x" * 5_000_000 + b"\"\n", "unknown key 'a'"),  # a huge string: parsed, then refused
])
def test_hard_cases(edition_copy: Path, content: bytes, message: str | None) -> None:
    result = load_with_news(edition_copy, content)
    messages = " | ".join(str(p) for p in result.errors)
    if message is None:
        assert not result.errors, messages
    else:
        assert message in messages


def test_file_over_the_size_cap(edition_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toml_reading, "MAX_FILE_BYTES", 1000)
    result = open_model([edition_copy])
    assert any("over the 1,000-byte limit" in str(p) for p in result.errors)


async def test_app_opens_with_a_notice_when_a_dataset_is_broken(edition_copy: Path) -> None:
    (edition_copy / "timeline.toml").write_bytes(b"[[events]\nbroken")
    app = app_on(edition_copy.parent)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "problem in the data" in notices(app)
        await pilot.press("3")
        await settle(pilot)
        assert app.main.current_record() is not None  # the medal table still works


# -- Drill 7: paths -----------------------------------------------------------------------------

def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run(args)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_data_path_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _cli(["search", "x", "--data", str(tmp_path / "missing")], capsys)
    assert code == 2 and "data path does not exist" in out and "Traceback" not in out


def test_data_path_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "file.toml"
    file.write_text("x = 1\n")
    code, out = _cli(["medals", "--data", str(file)], capsys)
    assert code == 2 and "not a folder of editions" in out


def test_data_path_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    code, out = _cli(["timeline", "--data", str(tmp_path / "a")], capsys)
    assert code == 2 and "link loop" in out


def test_unreadable_files(edition_copy: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every dataset unreadable: one message per file, and a clean exit."""
    if os.geteuid() != 0:
        for path in edition_copy.glob("*.toml"):
            path.chmod(0)
    else:  # root reads anything; make reading fail as it would for a user
        original = toml_reading.read_regular

        def refuse(path: Path, cap: int) -> bytes:
            if Path(path).suffix == ".toml" and edition_copy in Path(path).parents:
                raise PermissionError(13, "Permission denied", str(path))
            return original(path, cap)

        monkeypatch.setattr(toml_reading, "read_regular", refuse)
    code, out = _cli(["validate", str(edition_copy)], capsys)
    assert code == 1
    assert out.count("cannot read: permission denied") == 5
    assert "Traceback" not in out


def test_app_refuses_a_missing_path_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _cli(["--data", str(tmp_path / "nope")], capsys)
    assert code == 2
    assert out.strip() == f"briefing: {tmp_path / 'nope'}: data path does not exist"
