"""Notes in Markdown exports are escaped as the report's text is (issue 29 item 5).

A teammate's ``<img src=x onerror=...>`` or ``<script>`` was copied as it was into
``export --format md`` and the app's notes export, and renderers that allow HTML ran it.
Rendered here with markdown-it (CommonMark, HTML allowed, as the loosest renderers do).
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from briefing.model.export.citation import notes_markdown
from briefing.model.notes.notebook import Notebook
from briefing.model.notes.team import TeamFolder, TeamNotebook
from briefing.model.store.opening import open_model

from .cli_helpers import run
from .conftest import EDITION
from .team_helpers import team  # noqa: F401  (fixture)

ED = "2024-09-to-2025-03"
HOSTILE = ('<img src=x onerror="alert(1)"> and <script>alert(2)</script>\n'
           "<iframe src=//evil.example></iframe> [a link](javascript:alert(3)) ![x](http://evil.example/t.png)")


def live_html(markdown: str) -> list[str]:
    """What would run or load in a renderer that passes HTML through: tags and javascript: links."""
    rendered = MarkdownIt("commonmark", {"html": True}).render(markdown)
    return [tag for tag in ("<img", "<script", "<iframe", "<a href")
            if tag in rendered]


def test_personal_and_team_notes_are_never_live_html_in_exports(capsys, team: Path) -> None:
    assert live_html("<img src=x onerror=alert(1)>")  # the check sees live HTML when there is some
    Notebook.default().save(ED, "news", "news-record-spacewalk", "mine: " + HOSTILE)
    TeamNotebook(team).save(ED, "news", "news-shijian-25-launched", "team: " + HOSTILE)
    TeamNotebook(team).save("gone-edition", "news", "news-gone", "orphan: " + HOSTILE)
    code, out, _ = run(capsys, "export", "--format", "md")
    assert code == 0 and "mine: " in out and "team: " in out and "orphan: " in out
    assert live_html(out) == []
    assert "onerror=" in out and "alert(2)" in out  # escaped, not dropped: the note reads as typed
    # The app's notes export (w) and citations (y) build on the same quoting.
    model = open_model([EDITION]).model
    shared = TeamFolder(team).read().notes
    document = notes_markdown(model, Notebook.default().load(), team=shared)
    assert "mine: " in document and "team: " in document and live_html(document) == []
