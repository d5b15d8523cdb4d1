"""Reading a report document from disk: size cap, format by name or content, then the format's reader."""

from __future__ import annotations

from pathlib import Path

from ..safe_io import NotRegularFile, TooLarge, read_regular
from .blocks import Block
from .errors import DraftError

#: A half-yearly report is about 13 kB of text; a PDF of it with fonts, some hundreds of kB.
MAX_SOURCE_BYTES = 20 * 1024 * 1024

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html", ".pdf": "pdf"}


def read_source(path: Path) -> tuple[bytes, str]:
    """The document's bytes and its format name; :class:`DraftError` for anything unusable."""
    try:
        data = read_regular(path, MAX_SOURCE_BYTES)
    except TooLarge:
        raise DraftError(f"{path} is over the {MAX_SOURCE_BYTES:,}-byte limit for a report") from None
    except NotRegularFile as error:
        raise DraftError(f"{path} {error.strerror}; only regular files are read") from None
    except FileNotFoundError:
        raise DraftError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DraftError(f"{path} is a folder, not a report document") from None
    except OSError as error:
        raise DraftError(f"cannot read {path}: {error.strerror or error}") from None
    if not data.strip():
        raise DraftError(f"{path} is empty: nothing to draft from")
    return data, detect_format(path, data)


def detect_format(path: Path, data: bytes) -> str:
    """The format by the file's suffix, checked against its first bytes."""
    kind = FORMATS.get(path.suffix.lower())
    if data.startswith(b"%PDF-"):
        return "pdf"
    if kind == "pdf":
        raise DraftError(f"{path} is named .pdf but is not a PDF")
    if kind is None:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")):
            return "html"
        raise DraftError(f"{path}: unknown format {path.suffix or '(no suffix)'!r}; "
                         f"known: {', '.join(sorted(FORMATS))}")
    return kind


def decode(path: Path, data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DraftError(f"{path} is not UTF-8 text (byte {error.start})") from None


def read_blocks(path: Path) -> tuple[list[Block], bytes, str]:
    """The document as blocks, with its bytes (copied into the draft) and its format."""
    data, kind = read_source(path)
    if kind == "pdf":
        from .formats.pdf import read_pdf

        return read_pdf(data), data, kind
    text = decode(path, data)
    if "\x00" in text:
        raise DraftError(f"{path} holds NUL bytes: not a text document")
    if kind == "markdown":
        from .formats.markdown import read_markdown

        return read_markdown(text), data, kind
    if kind == "html":
        from .formats.html import read_html

        return read_html(text), data, kind
    from .formats.text_export import read_text_export

    return read_text_export(text), data, kind
