"""Reading one TOML file of the data: regular files only, under a cap, every failure a :class:`LoadError`.

Imports neither textual nor rich.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Callable

from ..safe_io import MAX_DATA_FILE_BYTES, NotRegularFile, TooLarge, read_regular
from .problems import LoadError
from . import toml_pieces

#: Larger files are refused rather than parsed (a name of this module's, so a test can lower it).
MAX_FILE_BYTES = MAX_DATA_FILE_BYTES

#: A function that returns a file's parsed TOML, e.g. from a cache; raises like :func:`parse_toml`.
Parser = Callable[[Path], dict]


def parse_toml(path: Path, part: toml_pieces.PartParsed | None = None) -> dict:
    """Read and parse one TOML file, turning every failure tomllib can raise into :class:`LoadError`.
    ``part``: see :func:`.toml_pieces.parse_in_pieces` (a large file only)."""
    tree = toml_pieces.parse_in_pieces(_fast_loads if _fast_parser() else _toml_parser().loads, path, MAX_FILE_BYTES,
                                       part)
    if tree is not None:
        return tree
    # Small, or a piece did not parse: parsed whole by tomli or tomllib, which say what is wrong as ever.
    return _parse_text(_read_text(path))


def _read_text(path: Path) -> str:
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except TooLarge:
        raise LoadError(f"file is over the {MAX_FILE_BYTES:,}-byte limit") from None
    except NotRegularFile as error:
        raise LoadError(f"{error.strerror}; only regular files are read") from None
    except IsADirectoryError:
        raise LoadError("is a folder, not a TOML file") from None
    except PermissionError:
        raise LoadError("cannot read: permission denied") from None
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a byte-order mark some editors add; TOML text is UTF-8 either way
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise LoadError(f"not valid UTF-8 (byte {error.start})", line) from None
    return text


def _parse_text(text: str) -> dict:
    toml = _toml_parser()  # a store that is up to date needs no TOML parsed: kept off the start-up path
    try:
        return toml.loads(text)
    except toml.TOMLDecodeError as error:
        if "end of document" in str(error):
            line = max(len(text.splitlines()), 1)  # the file ended too soon: point at its last line
        else:
            line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise LoadError(f"TOML syntax error: {error}", line) from None
    except RecursionError:
        raise LoadError("TOML nested too deeply to read") from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise LoadError(f"TOML value cannot be read: {error}") from None


def _toml_parser():
    """tomli where its compiled wheel is installed (the same parser as tomllib, the same messages,
    built with mypyc: 100,000 events parse in a third of the time and memory churn), else tomllib."""
    try:
        import tomli
        from tomli import _parser

        if not _parser.__file__ or _parser.__file__.endswith(".py"):
            raise ImportError("tomli is pure Python here: tomllib is as fast")
        return tomli
    except (ImportError, AttributeError):
        import tomllib

        return tomllib


@cache
def _fast_parser():
    """rtoml where it is installed, else None: a TOML parser in Rust, which parses the large files of a big
    edition in pieces (:mod:`.toml_pieces`) in two thirds of tomli's time (see :func:`_fast_loads`)."""
    try:
        import rtoml

        return rtoml
    except ImportError:
        return None


def _fast_loads(text: str) -> dict:
    """``text`` parsed by rtoml; ValueError for anything it does not parse.

    Only what it parses is kept: everything else is parsed again by tomli or tomllib, so every
    error and its message is theirs, as ever. The two agree on tomli's conformance files (733 valid and
    invalid ones, toml-test's among them: the same trees, the same files refused), but for the class of
    an offset date-time's tzinfo, which the data's schema refuses either way; rtoml refuses arrays and
    tables nested over some depth that tomli reads, and tomli then reads them.
    """
    try:
        return _fast_parser().loads(text)
    except Exception as error:
        raise ValueError(str(error)) from None
    except BaseException as error:  # a Rust panic surfaces as pyo3's PanicException, a BaseException
        if isinstance(error, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        raise ValueError("the fast parser failed") from None


def _line_from_message(message: str) -> int | None:
    marker = "(at line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(",", 1)[0].rstrip(")")
        if digits.isdigit():
            return int(digits)
    return None
