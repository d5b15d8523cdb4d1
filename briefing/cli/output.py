"""All terminal drawing of the shell commands: plain text in a pipe, Rich on a colour terminal.

Commands describe what to show (headings, lines, tables, label/value fields, paragraphs)
with plain strings and :class:`Styled` pieces that name a *semantic* style ("title",
"id", "match"...). This module decides how to draw it:

* **Plain text**, with no escape code at all, when stdout is not a terminal, when
  ``NO_COLOR`` is set (to any value, even empty), or when ``TERM=dumb``. Rich is not
  even imported on this path: a piped lookup costs only the parse of the data.
  Columns are aligned with spaces; search matches are marked ``*like this*``
  (readable in a pager, and Markdown emphasis when pasted into notes).
* **Rich**, on a terminal with colour: tables without borders, matches in reverse video.
  ``BRIEFING_FORCE_TERMINAL=1`` forces this mode when stdout is not a terminal (tests,
  ``watch``); ``NO_COLOR`` and ``TERM=dumb`` still win over it.

Nothing from the data or the user reaches the terminal raw. The loader already strips
control characters, but notes and queries are printed too, so every piece of text goes
through :func:`safe` here, in both modes. Rich is used only with ``markup=False``,
``emoji=False`` and ``highlight=False``, and only with :class:`rich.text.Text` objects
built from strings, never with markup built from data: a title holding
``[link=https://x]`` prints those brackets literally and makes no OSC 8 hyperlink.
"""

import os
import unicodedata
from typing import Any, Iterable, Sequence, Union

from ..model.data.text import clean_text, match_spans
from ..model.value import Value

#: Put around each match in plain text; on a terminal matches are drawn in reverse video.
MARK = "*"

#: Environment variable that forces terminal drawing when stdout is not a terminal.
FORCE_TERMINAL_ENV = "BRIEFING_FORCE_TERMINAL"

#: Rich style of each semantic style name. Unknown names draw unstyled.
STYLES: dict[str, str] = {
    "title": "bold",
    "heading": "bold",
    "id": "cyan",
    "date": "green",
    "kind": "magenta",
    "dim": "dim",
    "label": "dim",
    "planned": "yellow",
    "flag": "bold red",
    "orphan": "bold yellow",
    "author": "bold blue",
    "bar": "blue",
    "number": "bold",
    "header": "bold dim",
    "gold": "bold yellow",
    "silver": "bold bright_white",
    "bronze": "bold dark_orange3",
    "del": "red strike",
    "ins": "bold green",
}

#: Style of search matches on a terminal.
MATCH_STYLE = "reverse"


def safe(text: Any) -> str:
    """``text`` as a string with terminal control characters replaced (see :func:`~briefing.model.data.text.clean_text`).

    Removes ESC, C0 controls except newline and tab, DEL, C1 controls (``\\x9b`` is a
    one-byte CSI) and bidirectional overrides, so no printed field can move the cursor,
    set the clipboard (OSC 52), open a hyperlink (OSC 8) or reorder what is shown.
    """
    return clean_text(text if isinstance(text, str) else str(text))[0]


def one_line(text: str) -> str:
    """``text`` on one line: newlines and tabs become spaces (for table cells and listings)."""
    return " ".join(text.split()) if ("\n" in text or "\t" in text) else text


class Styled(Value):
    """A piece of text with a semantic style, and query words to mark where they occur."""

    __slots__ = ("text", "style", "words")
    text: str
    style: str
    words: tuple[str, ...]

    def __init__(self, text: str, style: str = "", words: tuple[str, ...] = ()) -> None:
        super().__init__(text, style, words)


#: A line break inside a table cell (on a terminal); a table row in a pipe stays on one line.
BREAK = Styled("\n", "break")

#: What a cell, line or paragraph is made of: a string, a styled piece, or a sequence of them.
Pieces = Union[str, Styled, Sequence[Union[str, Styled]]]


class Column:
    """A table column. ``truncate`` columns may be cut with "…" on a terminal to keep rows on one line.
    (A plain class: a NamedTuple costs eight times as much to make, as the module loads.)"""

    __slots__ = ("header", "justify", "truncate")

    def __init__(self, header: str = "", justify: str = "left", truncate: bool = False) -> None:
        self.header = header
        self.justify = justify
        self.truncate = truncate


def _pieces(value: Pieces) -> list[Styled]:
    if isinstance(value, str):
        return [Styled(value)]
    if isinstance(value, Styled):
        return [value]
    return [piece if isinstance(piece, Styled) else Styled(piece) for piece in value]


def wants_terminal(stream: Any) -> bool:
    """True when ``stream`` should get Rich drawing: a colour terminal, or forced; never with NO_COLOR or TERM=dumb."""
    if "NO_COLOR" in os.environ:
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get(FORCE_TERMINAL_ENV, "") not in ("", "0"):
        return True
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # a closed or unusual stream
        return False


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide CJK characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    width = len(text)
    for char in (char for char in text if char > "\x7f"):  # only those can be wide or combining: a snippet's "…"
        if unicodedata.combining(char):
            width -= 1
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1
    return width


def _width(value: Pieces) -> int:
    """Columns a cell takes on one line, marks aside."""
    return sum(cell_width(one_line(safe(piece.text))) for piece in _pieces(value) if piece.style != "break")


def _plain(pieces: list[Styled], *, flat: bool) -> str:
    """Pieces as plain text: safe, matches marked with :data:`MARK`, on one line when ``flat``."""
    out: list[str] = []
    for piece in pieces:
        if piece.style == "break":
            out.append("  " if flat else "\n")
            continue
        text = safe(piece.text)
        if flat:
            text = one_line(text)
        if piece.words:
            spans = match_spans(text, list(piece.words))
            if spans:
                parts, last = [], 0
                for start, end in spans:
                    parts.append(text[last:start])
                    parts.append(f"{MARK}{text[start:end]}{MARK}")
                    last = end
                parts.append(text[last:])
                text = "".join(parts)
        out.append(text)
    return "".join(out)


class Output:
    """Where a command prints: plain text or Rich, chosen once per stream (see the module docstring)."""

    def __init__(self, stream: Any, terminal: bool | None = None, width: int | None = None) -> None:
        self.stream = stream
        self.terminal = wants_terminal(stream) if terminal is None else terminal
        self._width = width
        self._console: Any = None

    # -- low level -----------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"

    def can_encode(self, text: str) -> bool:
        """True when the output encoding can write ``text`` (e.g. "█" in an ASCII-only pipe)."""
        try:
            text.encode(self.encoding)
        except (UnicodeEncodeError, LookupError):
            return False
        return True

    def write(self, text: str) -> None:
        """Write already-safe text, replacing what the output encoding cannot hold instead of failing."""
        try:
            self.stream.write(text)
        except UnicodeEncodeError:
            self.stream.write(text.encode(self.encoding, "replace").decode(self.encoding))

    @property
    def width(self) -> int | None:
        """Columns of the terminal drawn on, or None in a pipe (where lines are never cut)."""
        return self._rich_console().width if self.terminal else None

    def first_screen(self, reserved: int = 4) -> int | None:
        """On a terminal, how many one-line rows fit on one screen with ``reserved`` lines to spare
        (a header, a footer, the prompt); None in a pipe, which gets everything.

        A long listing on a terminal shows this many and says how to see the rest: a
        common word at 100,000 records would otherwise scroll for seconds past the hits
        worth reading, and cost the time to rank them all.
        """
        if not self.terminal:
            return None
        import shutil

        return max(10, shutil.get_terminal_size((80, 24)).lines - reserved)

    def spare_width(self, columns: Sequence[Column], rows: Sequence[Sequence[Pieces]],
                    header: bool = True) -> int | None:
        """On a terminal, the columns left for the ``truncate`` columns once the others are drawn; None in a pipe.

        Lets a command choose a stacked layout (a second line per row) when a one-line row would
        cut the text that matters down to a few characters.
        """
        if not self.terminal:
            return None
        fixed = 2 * (len(columns) - 1)
        for index, column in enumerate(columns):
            if column.truncate:
                continue
            widths = [_width(row[index]) for row in rows] + [cell_width(column.header) if header else 0]
            fixed += max(widths)
        return (self.width or 80) - fixed

    def _rich_console(self) -> Any:
        if self._console is None:
            # Imported only here: piped output never pays for (or runs) Rich.
            from rich.console import Console

            self._console = Console(
                file=self.stream, force_terminal=True, width=self._width, markup=False, emoji=False,
                highlight=False, legacy_windows=False, soft_wrap=False,
            )
        return self._console

    def _text(self, value: Pieces, *, flat: bool = False) -> Any:
        """A :class:`rich.text.Text` of ``value``: safe strings, styles by name, matches stylised by span."""
        from rich.text import Text

        result = Text()
        for piece in _pieces(value):
            if piece.style == "break":
                result.append("\n")
                continue
            text = safe(piece.text)
            if flat:
                text = one_line(text)
            part = Text(text, style=STYLES.get(piece.style, ""))
            if piece.words:
                for start, end in match_spans(text, list(piece.words)):
                    part.stylize(MATCH_STYLE, start, end)
            result.append_text(part)
        return result

    def _print(self, renderable: Any) -> None:
        self._rich_console().print(renderable, crop=False)

    # -- blocks --------------------------------------------------------------------------

    def line(self, value: Pieces = "", indent: int = 0) -> None:
        """One line (wrapped by the terminal, never by us in a pipe)."""
        if self.terminal:
            text = self._text(value)
            if indent:
                from rich.padding import Padding

                self._print(Padding(text, (0, 0, 0, indent), expand=False))
            else:
                self._print(text)
            return
        prefix = " " * indent
        lines = _plain(_pieces(value), flat=False).split("\n")
        self.write("".join(f"{prefix}{line}\n" if line else "\n" for line in lines))

    def blank(self) -> None:
        """An empty line between blocks."""
        self.write("\n")

    def heading(self, text: str) -> None:
        """A heading: bold on a terminal, as is in a pipe."""
        self.line(Styled(text, "heading"))

    def paragraph(self, value: Pieces, indent: int = 0) -> None:
        """Running text: wrapped to the terminal's width with ``indent``; one line per paragraph in a pipe."""
        self.line(value, indent=indent)

    def fields(self, pairs: Iterable[tuple[str, Pieces]], indent: int = 0) -> None:
        """``label  value`` pairs, labels aligned; values wrap under themselves on a terminal."""
        pairs = [(label, value) for label, value in pairs]
        if not pairs:
            return
        if self.terminal:
            from rich.padding import Padding
            from rich.table import Table

            grid = Table.grid(padding=(0, 2))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in pairs:
                grid.add_row(self._text(Styled(label, "label")), self._text(value))
            self._print(Padding(grid, (0, 0, 0, indent), expand=False) if indent else grid)
            return
        width = max(cell_width(label) for label, _ in pairs)
        prefix = " " * indent
        for label, value in pairs:
            text = _plain(_pieces(value), flat=False)
            gap = " " * (width - cell_width(label) + 2)
            lines = text.split("\n")
            self.write(f"{prefix}{safe(label)}{gap}{lines[0]}".rstrip() + "\n")
            for more in lines[1:]:
                self.write(f"{prefix}{' ' * (width + 2)}{more}".rstrip() + "\n")

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[Pieces]], *, header: bool = True,
              indent: int = 0) -> None:
        """Rows of cells under ``columns``, one line per row, columns aligned.

        On a terminal the ``truncate`` columns share what width is left after the others
        (dates, ids, numbers are never cut); in a pipe nothing is cut.
        """
        if self.terminal:
            self._rich_table(columns, rows, header=header, indent=indent)
            return
        cells = [[_plain(_pieces(cell), flat=True) for cell in row] for row in rows]
        if header:
            cells.insert(0, [column.header for column in columns])
        widths = [max((cell_width(row[i]) for row in cells), default=0) for i in range(len(columns))]
        prefix = " " * indent
        for row in cells:
            parts = []
            for i, (column, cell) in enumerate(zip(columns, row)):
                pad = " " * (widths[i] - cell_width(cell))
                parts.append(pad + cell if column.justify == "right" else cell + pad)
            self.write(prefix + "  ".join(parts).rstrip() + "\n")

    def _rich_table(self, columns: Sequence[Column], rows: Sequence[Sequence[Pieces]], *, header: bool,
                    indent: int) -> None:
        from rich.cells import cell_len
        from rich.padding import Padding
        from rich.table import Table

        texts = [[self._text(cell, flat=True) for cell in row] for row in rows]
        # A cell broken over lines (BREAK) is as wide as its widest line, not as all of them end to end.
        natural = [max([max(map(cell_len, row[i].plain.split("\n"))) for row in texts]
                       + [cell_len(c.header) if header else 0])
                   for i, c in enumerate(columns)]
        limits = _share_width(columns, natural, self._rich_console().width - indent)
        table = Table(box=None, show_header=header, header_style=STYLES["header"], pad_edge=False,
                      padding=(0, 1), show_edge=False)
        for column, limit in zip(columns, limits):
            table.add_column(column.header, justify=column.justify, no_wrap=True,
                             overflow="ellipsis" if column.truncate else "fold",
                             max_width=limit, min_width=None)
        for row in texts:
            table.add_row(*row)
        self._print(Padding(table, (0, 0, 0, indent), expand=False) if indent else table)

    def json(self, document: Any, *, compact: bool = False) -> None:
        """A JSON document, indented (``compact``: one line, by the C encoder, for a whole export,
        where indenting took the pure-Python encoder seven times as long as reading it back); the
        text goes through :func:`safe` like everything else."""
        import json

        ascii_only = not self.can_encode("\u00e9\u4e2d")
        if compact:
            text = json.dumps(document, ensure_ascii=ascii_only, separators=(",", ":"))
        else:
            text = json.dumps(document, ensure_ascii=ascii_only, indent=2)
        self.write(safe(text) + "\n")


def _share_width(columns: Sequence[Column], natural: list[int], total: int) -> list[int | None]:
    """Maximum width of each column so a row fits in ``total``: only ``truncate`` columns give way."""
    gaps = 2 * (len(columns) - 1)
    fixed = sum(w for c, w in zip(columns, natural) if not c.truncate) + gaps
    flexible = [i for i, c in enumerate(columns) if c.truncate]
    available = total - fixed
    if not flexible or sum(natural[i] for i in flexible) <= available:
        return [None] * len(columns)
    limits: list[int | None] = [None] * len(columns)
    # Water-filling: narrow columns keep their natural width, wide ones share the rest evenly.
    remaining = sorted(flexible, key=lambda i: natural[i])
    available = max(available, 8 * len(flexible))
    while remaining:
        share = available // len(remaining)
        i = remaining.pop(0)
        width = max(min(natural[i], share), 8)
        limits[i] = width
        available -= width
    return limits
