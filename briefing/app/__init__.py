"""The Textual app. Imported only when ``briefing`` runs with no command."""

from __future__ import annotations


def run_app(data: list[str] | None = None, edition: str | None = None, present: bool = False) -> int:
    """Open the app on the editions named (or the defaults); return the exit status."""
    from .app import make_app

    app = make_app(data, edition, present=present)
    app.run()
    return app.return_code or 0
