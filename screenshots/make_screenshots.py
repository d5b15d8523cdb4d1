"""Regenerate the SVG screenshots of every tab on the shipped data, headless.

Run from the repository: ``.venv/bin/python screenshots/make_screenshots.py``.
User folders point at a temporary folder holding one sample note, so the pictures never
show (or change) a real user's notes and are the same on every machine.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

#: (file name, size, keys pressed after start-up)
SHOTS = [
    ("overview", (80, 24), []),
    ("news", (80, 24), ["2", "down", "down"]),
    ("medals", (80, 24), ["3", "m"]),
    ("trends", (80, 24), ["4"]),
    ("timeline", (80, 24), ["5", "slash", *"spacesail", "escape"]),
    ("notes", (80, 24), ["6"]),
    ("news-wide", (120, 32), ["2", "down", "down"]),
    ("help", (80, 24), ["5", "question_mark"]),
    ("followups", (80, 24), ["8", "down"]),
    ("overview-wide", (120, 40), []),
]

#: The day follow-ups are judged by in the pictures: fixed, so they are the same on every day too.
FOLLOWUPS_DAY = (2026, 12, 6)


async def shoot(name: str, size: tuple[int, int], keys: list[str]) -> Path:
    from briefing.app.app import make_app
    from briefing.model.store.opening import open_model

    import datetime as dt

    app = make_app(load_result=open_model([REPO / "data"]))
    app.followups.today = dt.date(*FOLLOWUPS_DAY)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for _ in range(100):  # the statuses are worked out in a thread
            if app.followups.items is not None:
                break
            await pilot.pause(0.02)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)
        path = HERE / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(HERE))
    return path


def seed_note(config: Path) -> None:
    from briefing.model.notes.notebook import Notebook

    store = Notebook(config)
    store.save("2024-09-to-2025-03", "news", "news-shijian-25-launched",
               "Ask the space team: is on-orbit refuelling of Shijian-25 confirmed by other sources?")
    store.set_flag("2024-09-to-2025-03", "news", "news-shijian-25-launched", True)


def main() -> int:
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as home:
        for variable, sub in (("BRIEFING_CONFIG_DIR", "config"), ("BRIEFING_CACHE_DIR", "cache"),
                              ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache")):
            os.environ[variable] = str(Path(home) / sub)
        # "Now" on the month strips: a day inside the shipped edition's period, so the pictures
        # do not change with the date the screenshots are made.
        os.environ.setdefault("BRIEFING_TODAY", "2025-02-10")
        seed_note(Path(home) / "config")
        for name, size, keys in SHOTS:
            path = asyncio.run(shoot(name, size, keys))
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
