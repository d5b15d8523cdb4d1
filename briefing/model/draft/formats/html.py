"""HTML, read with the standard library's parser: the article's own text, not the page around it.

A web page holds far more than its article: a site's header and logo, navigation, a cookie
banner, a byline ("October 3, 2025 · 14 min read"), share buttons, related links, a footer.
Left out, so none of it becomes data:

* elements that are never the article (``header``, ``nav``, ``footer``, ``aside``, ``form``,
  ``button``, ``script``, ``style``, ``svg``, ``iframe`` ...);
* elements whose class, id or role names clutter (cookie, consent, banner, byline, share,
  social, related, newsletter, subscribe, advert, promo, breadcrumb, comment, sidebar, menu);
* when the page has an ``<article>`` (else a ``<main>``), everything outside the first one.

The title is the article's own first heading (``<h1>``), never the page's ``<title>`` (which
carries the site's name). Entities are decoded by the parser. No extractor library is used:
trafilatura and readability-lxml both pull in lxml and their own heuristics tuned for news
sites; these rules are few, read the same on every page, and need nothing installed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..blocks import HEADING, LINE, TABLE, Block
from ..cleaning import clean_inline

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "caption", "section", "dd", "dt"}
_NEVER = {"script", "style", "head", "noscript", "template", "svg", "nav", "footer", "header", "aside", "form",
          "button", "iframe", "select", "object", "dialog", "title", "figure"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr"}
_CLUTTER = re.compile(r"cookie|consent|banner|byline|share|social|related|newsletter|subscri|advert|\bads?\b|"
                      r"promo|breadcrumb|comment|sidebar|menu|masthead|toolbar|popup|modal|read-?time|"
                      r"\bmeta\b|author|dateline|tags?\b", re.IGNORECASE)
_SCOPES = ("article", "main")
#: A page's nesting is capped: deeper elements are read as text of their ancestors.
_MAX_DEPTH = 512


class _Reader(HTMLParser):
    def __init__(self, scope: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.tag: str | None = None
        self.stack: list[str] = []
        self.skip_at: int | None = None  # stack depth at which a left-out element opened
        self.scope = scope
        self.scope_at: int | None = None  # depth of the open scope element
        self.scope_done = False
        self.strong_chars = 0
        self.in_strong = 0
        self.table: Block | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    @property
    def reading(self) -> bool:
        return self.skip_at is None and (self.scope is None or self.scope_at is not None)

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag == "br" and self.reading:
                self._text(" ")
            return
        if len(self.stack) >= _MAX_DEPTH:
            return
        self.stack.append(tag)
        depth = len(self.stack)
        if self.scope and self.scope_at is None and not self.scope_done and tag == self.scope:
            self.scope_at = depth
        if self.skip_at is not None:
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag in _NEVER or (marks and _CLUTTER.search(marks)) or any(k == "hidden" for k, _ in attrs):
            self.flush()
            self.skip_at = depth
            return
        if not self.reading:
            return
        if tag == "table":
            self.flush()
            self.table = Block(TABLE, "")
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in _BLOCKS and self.cell is None:
            self.flush()
            self.tag = tag
        elif tag in ("strong", "b"):
            self.in_strong += 1

    def handle_endtag(self, tag):
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self._close(open_tag, len(self.stack) + 1)
            if open_tag == tag:
                break

    def _close(self, tag: str, depth: int) -> None:
        if self.skip_at is not None:
            if depth == self.skip_at:
                self.skip_at = None
            return
        if self.reading:
            if tag in ("td", "th") and self.cell is not None and self.row is not None:
                self.row.append(clean_inline("".join(self.cell)))
                self.cell = None
            elif tag == "tr" and self.row is not None and self.table is not None:
                if self.row:
                    self.table.rows.append(self.row)
                self.row = None
            elif tag == "table" and self.table is not None:
                if self.table.rows:
                    self.blocks.append(self.table)
                self.table = None
            elif tag in _BLOCKS and self.cell is None:
                self.flush()
            elif tag in ("strong", "b"):
                self.in_strong = max(0, self.in_strong - 1)
        if self.scope_at is not None and depth == self.scope_at:
            self.flush()
            self.scope_at = None
            self.scope_done = True  # the first article only: a second one is a teaser of another page

    def handle_data(self, data):
        if self.reading:
            self._text(data)
            if self.in_strong:
                self.strong_chars += len(data.strip())

    def _text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None:
            self.buffer.append(data)

    def flush(self) -> None:
        text = clean_inline("".join(self.buffer))
        if text:
            tag = self.tag or "p"
            strong = self.strong_chars >= len(text.replace(" ", "")) > 0
            if tag.startswith("h") and tag[1:].isdigit():
                self.blocks.append(Block(HEADING, text, level=int(tag[1:])))
            else:
                self.blocks.append(Block(LINE, text, bullet=tag == "li", strong=strong))
        self.buffer, self.tag, self.strong_chars = [], None, 0


def read_html(text: str) -> list[Block]:
    """The article's blocks, its own first heading first."""
    lowered = text.lower()
    scope = next((name for name in _SCOPES if re.search(rf"<{name}[\s>]", lowered)), None)
    reader = _Reader(scope)
    reader.feed(text)
    reader.close()
    reader.flush()
    blocks = reader.blocks
    # The title: the article's first <h1>, brought first when a kicker or an image caption stood before it.
    first_h1 = next((i for i, b in enumerate(blocks) if b.kind == HEADING and b.level == 1), None)
    if first_h1 not in (None, 0) and first_h1 <= 3:
        blocks = [blocks[first_h1]] + [b for i, b in enumerate(blocks) if i != first_h1 and i > first_h1 or
                                       (i < first_h1 and b.kind == TABLE)]
    return blocks
