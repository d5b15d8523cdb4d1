"""A hostile copy of the shipped edition: markup and terminal control sequences in every kind of field."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import tomli_w

from .conftest import EDITION

#: Strings Rich or Textual would read as markup or actions if data were ever treated as markup.
MARKUP = "[@click=app.quit]x[/] [bold]B[/] [TODO] Q3 [WIP]-x [/red] [/] [b [link=https://example.invalid]L[/link] a\\b"
#: Markup that parses cleanly: a renderer that reads data as markup would *apply* it, not fail on it.
VALID_MARKUP = "CLICK [@click=app.quit]here[/] [bold]B[/bold]"
#: Terminal control sequences: OSC 52 (clipboard), OSC 0 (title), clear screen, CSI, NUL, DEL, CR, bidi.
OSC52 = "\x1b]52;c;SE9TVElMRQ==\x07"
CONTROL = f"{OSC52}\x1b]0;pwned\x07\x1b[2J\x9b31m\x00\x7f\rX\u202eevil"
#: What the control characters leave behind, visible to the analyst.
PLACEHOLDER = "\ufffd"


def make_hostile(target: Path) -> Path:
    """Copy the shipped edition to ``target`` and poison titles, bodies, entity names and table cells."""
    edition = target / EDITION.name
    shutil.copytree(EDITION, edition)

    def rewrite(name: str, change) -> None:
        path = edition / name
        data = tomllib.loads(path.read_text("utf-8"))
        change(data)
        path.write_text(tomli_w.dumps(data), "utf-8")

    def news(data: dict) -> None:
        item = data["items"][0]
        item["headline"] = f"HOSTILE {MARKUP} {CONTROL}"
        item["text"] = f"Body {MARKUP} {CONTROL} end."
        item.setdefault("entities", {})["organisations"] = [f"Org {MARKUP}", f"Org{CONTROL}"]
        data["items"][1]["headline"] = VALID_MARKUP

    def medals(data: dict) -> None:
        data["medals"][0]["company"] = f"Co {MARKUP} {CONTROL}"
        data["medals"][1]["company"] = VALID_MARKUP

    def trends(data: dict) -> None:
        data["articles"][0]["topic"] = f"Topic {MARKUP} {CONTROL}"
        data["articles"][1]["topic"] = VALID_MARKUP

    def timeline(data: dict) -> None:
        event = data["events"][0]
        event["title"] = f"EVENT {MARKUP} {CONTROL}"
        event["text"] = f"Event body {MARKUP} {CONTROL}"
        data["events"][1]["title"] = VALID_MARKUP

    rewrite("news.toml", news)
    rewrite("medals.toml", medals)
    rewrite("trends.toml", trends)
    rewrite("timeline.toml", timeline)
    return target
