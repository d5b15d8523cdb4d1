"""The parse cache: hits skip tomllib, stale or broken entries are never trusted, write failures are harmless."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import time
import tomllib
from pathlib import Path

import pytest

from briefing.model import parse_cache
from briefing.model.loader import LoadError, load_model, parse_toml
from briefing.model.locations import shipped_data_dir
from briefing.model.parse_cache import cached_parser, decode, encode, entry_path

EDITION = "2024-09-to-2025-03"
OLD = time.time_ns() - 3600 * 10**9  # an hour ago: well clear of the racy window


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Never touch a real home: every location the code could use is under tmp_path."""
    for name, folder in (("BRIEFING_CONFIG_DIR", "config"), ("BRIEFING_CACHE_DIR", "cache"),
                         ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.delenv("BRIEFING_DATA", raising=False)


@pytest.fixture
def counter(monkeypatch):
    """Counts calls to tomllib.loads (what parse_toml uses), still parsing for real."""
    calls = {"n": 0}
    real = tomllib.loads

    def counting(text, **kwargs):
        calls["n"] += 1
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", counting)
    return calls


def write(path: Path, text: str, mtime_ns: int = OLD) -> Path:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


SAMPLE = """\
title = "x"
day = 2025-01-06
when = 2025-01-06T10:20:30+01:00
local = 2025-01-06T10:20:30
clock = 07:32:00
numbers = [1, 2.5, -0.0, inf]
big = 123456789012345678901234567890
[odd]
"$date" = "not a date"
"$x" = 1
[[items]]
name = "a"
"""
EXPECTED = tomllib.loads(SAMPLE)  # parsed before any test counts tomllib calls


def test_round_trip_of_every_toml_type():
    data = EXPECTED
    back = decode(json.loads(json.dumps(encode(data))))
    assert back == data
    assert type(back["day"]) is dt.date and type(back["when"]) is dt.datetime
    assert back["when"].utcoffset() == dt.timedelta(hours=1)
    assert back["local"].tzinfo is None
    assert math.isinf(back["numbers"][3]) and math.copysign(1, back["numbers"][2]) == -1
    assert back["odd"] == {"$date": "not a date", "$x": 1}  # a table, not mistaken for a date


def test_hit_skips_tomllib(tmp_path, counter):
    source = write(tmp_path / "a.toml", SAMPLE)
    parse = cached_parser(tmp_path / "c", min_bytes=0)
    first = parse(source)
    assert counter["n"] == 1
    assert entry_path(tmp_path / "c", source.resolve()).exists()
    second = cached_parser(tmp_path / "c", min_bytes=0)(source)  # a new process would build a new parser
    assert counter["n"] == 1
    assert second == first == EXPECTED


def test_stale_after_an_edit_of_the_same_size(tmp_path, counter):
    source = write(tmp_path / "a.toml", 'title = "aaaa"\n')
    parse = cached_parser(tmp_path / "c", min_bytes=0)
    assert parse(source) == {"title": "aaaa"}
    write(source, 'title = "bbbb"\n', mtime_ns=OLD + 5 * 10**9)  # same size, later mtime
    assert parse(source) == {"title": "bbbb"}
    assert counter["n"] == 2
    assert parse(source) == {"title": "bbbb"}  # and the rebuilt entry is used
    assert counter["n"] == 2


def test_size_change_with_same_mtime_is_stale(tmp_path):
    source = write(tmp_path / "a.toml", 'title = "a"\n')
    parse = cached_parser(tmp_path / "c", min_bytes=0)
    parse(source)
    write(source, 'title = "longer"\n')  # mtime forced back to the same value
    assert parse(source) == {"title": "longer"}


@pytest.mark.parametrize("garbage", [
    b"{not json", b"\xff\xfe", b"[]", b'{"version": 1}', b"",
    None,  # a valid entry for another path
    "bad-date",  # right shape, a $date that is not a date
    "old-version",
    "truncated",  # cut off after a few lines
])
def test_broken_entry_is_ignored_and_rebuilt(tmp_path, counter, garbage):
    source = write(tmp_path / "a.toml", SAMPLE)
    cache = tmp_path / "c"
    parse = cached_parser(cache, min_bytes=0)
    parse(source)
    entry = entry_path(cache, source.resolve())
    lines = [json.loads(line) for line in entry.read_text("utf-8").splitlines()]
    header = lines[0]

    def rewrite(change_line) -> None:
        changed = [change_line(line) for line in lines]
        entry.write_text("\n".join(json.dumps(line) for line in changed) + "\n", "utf-8")

    if garbage is None:
        rewrite(lambda line: {**line, "path": "/somewhere/else.toml"} if line is header else line)
    elif garbage == "bad-date":
        rewrite(lambda line: {"k": "day", "v": {"$date": "2025-13-45"}} if isinstance(line, dict) and line.get("k") == "day" else line)
    elif garbage == "old-version":
        rewrite(lambda line: {**line, "version": 0} if line is header else
                ({"k": "title", "v": "from an old cache"} if isinstance(line, dict) and line.get("k") == "title" else line))
    elif garbage == "truncated":
        entry.write_text("\n".join(json.dumps(line) for line in lines[:3]) + "\n", "utf-8")
    else:
        entry.write_bytes(garbage)
    assert parse(source) == EXPECTED
    assert counter["n"] == 2
    assert json.loads(entry.read_text("utf-8").splitlines()[0])["version"] == parse_cache.CACHE_VERSION  # rebuilt
    parse(source)
    assert counter["n"] == 2


def test_unwritable_cache_dir_still_parses(tmp_path, counter):
    source = write(tmp_path / "a.toml", SAMPLE)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir should be")
    parse = cached_parser(blocker / "parsed", min_bytes=0)
    assert parse(source) == EXPECTED
    assert parse(source) == EXPECTED
    assert counter["n"] == 2
    assert not list(tmp_path.glob("**/.tmp-*"))


def test_read_only_cache_dir_leaves_no_temp_files(tmp_path, monkeypatch):
    source = write(tmp_path / "a.toml", SAMPLE)
    cache = tmp_path / "c"

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert cached_parser(cache, min_bytes=0)(source) == EXPECTED
    assert not list(cache.glob("*"))


def test_small_files_are_not_cached(tmp_path, counter):
    source = write(tmp_path / "a.toml", SAMPLE)
    parse = cached_parser(tmp_path / "c", min_bytes=10_000)
    parse(source)
    parse(source)
    assert counter["n"] == 2
    assert not (tmp_path / "c").exists()


def test_just_written_file_is_not_cached(tmp_path):
    source = tmp_path / "a.toml"
    source.write_text(SAMPLE, "utf-8")  # mtime is now: a same-size edit could keep it
    cached_parser(tmp_path / "c", min_bytes=0)(source)
    assert not entry_path(tmp_path / "c", source.resolve()).exists()


def test_errors_are_the_loaders(tmp_path):
    bad = write(tmp_path / "bad.toml", "title = \n")
    parse = cached_parser(tmp_path / "c", min_bytes=0)
    with pytest.raises(LoadError) as cached_error:
        parse(bad)
    with pytest.raises(LoadError) as plain_error:
        parse_toml(bad)
    assert cached_error.value.message == plain_error.value.message
    assert cached_error.value.line == plain_error.value.line == 1
    with pytest.raises(LoadError, match="is a folder"):
        parse(tmp_path)
    with pytest.raises(LoadError, match="cannot read"):
        parse(tmp_path / "missing.toml")


def test_default_location_is_the_user_cache_dir(tmp_path, monkeypatch):
    source = write(tmp_path / "a.toml", SAMPLE)
    cached_parser(min_bytes=0)(source)
    assert list((tmp_path / "cache" / "parsed").glob("*.json"))


def test_model_loaded_through_the_cache_is_the_same(tmp_path, counter):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir() / EDITION, data / EDITION)
    for path in (data / EDITION).glob("*.toml"):
        os.utime(path, ns=(OLD, OLD))
    plain = load_model([data])
    parse = cached_parser(tmp_path / "c", min_bytes=0)
    first = load_model([data], parser=parse)
    calls = counter["n"]
    second = load_model([data], parser=cached_parser(tmp_path / "c", min_bytes=0))
    assert counter["n"] == calls  # nothing parsed the second time
    assert second.model.editions == first.model.editions == plain.model.editions
    assert [str(p) for p in second.problems] == [str(p) for p in plain.problems]


def test_the_cli_loads_through_the_cache(tmp_path, monkeypatch, capsys):
    from briefing.cli import context, run

    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir() / EDITION, data / EDITION)
    for path in (data / EDITION).glob("*.toml"):
        os.utime(path, ns=(OLD, OLD))
    assert run(["--data", str(data), "search", "shijian"]) == 0
    assert len(list((tmp_path / "cache" / "parsed").glob("*.json"))) == 5
    capsys.readouterr()
