"""Markdown that reads as written: data and notes escaped only where Markdown would read syntax, and tables.

Text is escaped only where Markdown would otherwise read syntax, so the file stays readable
as plain text: a ``|`` cannot break a table, a ``*`` or ``[`` cannot start emphasis or a link,
``<`` cannot open raw HTML or an autolink, a pair of ``~`` cannot strike text through, and a
line cannot turn into a heading, list, quote or rule; but "1.1 What's Trending" and "~1 billion"
are written as is. Notes, yours and the team's, are escaped the same way.

The briefing (:mod:`.as_markdown`) and citations (:mod:`.citation`) write through these.

Imports neither textual nor rich.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..data.text import clean_text

# Characters that start Markdown syntax anywhere in a line ("~" and "<" only where they can, below).
_INLINE = re.compile(r"([\\`*_\[\]|])")
# "<" opens raw HTML or an autolink only before a letter, "/", "!" or "?".
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
# What makes a line a heading, list item, quote or rule: "# ", "- ", "+ ", "1. ", "2) ", "> ",
# or a line of "=" or "-" (a setext underline). "1.1" and "-1" start nothing.
_LINE_START = re.compile(r"^(\s*)(?:(#{1,6}|[+\-])(?=\s|$)|(\d{1,9})([.)])(?=\s|$)|(>)|([=\-]+)(?=\s*$))",
                         re.MULTILINE)


def escape(text: str) -> str:
    """``text`` as literal Markdown: syntax characters backslash-escaped, control characters removed."""
    text = clean_text(text)[0]
    text = _INLINE.sub(r"\\\1", text)
    text = _TAG.sub(r"\\<", text)
    if text.count("~") >= 2:  # one tilde strikes nothing through (GFM needs a pair)
        text = text.replace("~", "\\~")
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    indent, mark, number, dot, quote, rule = match.groups()
    if mark or quote or rule:
        return f"{indent}\\{mark or quote or rule}"
    return f"{indent}{number}\\{dot}"  # "1. " starts a list; escape the dot, as "\\1" would print a backslash


def cell(text: str) -> str:
    """``text`` for a table cell: escaped and on one line."""
    return escape(" ".join(text.split()))


def table(headers: list[str], rows: Iterable[list[str]], right: Iterable[int] = ()) -> str:
    """A Markdown table; the columns numbered in ``right`` are right-aligned."""
    right = set(right)
    lines = ["| " + " | ".join(headers) + " |",
             "| " + " | ".join("---:" if i in right else "---" for i in range(len(headers))) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
