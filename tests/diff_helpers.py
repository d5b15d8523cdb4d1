"""A second edition made from the shipped one, with one change of each kind ``briefing diff`` reports.

:func:`make_editions` copies ``data/2024-09-to-2025-03`` twice into a temporary folder and
edits the second copy's TOML into edition ``2025-04-to-2025-09``, each change made in the
report's words (the paragraph) as well as in the records read from them:

* the planned Qingzhou test flight ("late 2025") happened on 20 September 2025, under a new id;
* the planned Haolong flight's date is refined from "late 2025" to "November 2025";
* the Zhuhai Orbita video row won Gold instead of Silver (so its id changed too);
* a new paragraph names an entity seen for the first time (:data:`NEW_ENTITY`), not in its words;
* the record-spacewalk paragraph is reworded (:data:`OLD_WORDS` became :data:`NEW_WORDS`);
* the lunar tender's paragraph no longer dates it, and its event is dropped;
* the Spacesail figure (ours) is 72 → 108.

:func:`write_notes` writes a note on the Qingzhou event (carried over to its new record) and
one on the dropped event (an orphan).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EDITION

OLD = EDITION.name
NEW = "2025-04-to-2025-09"

CAME_TRUE_OLD = "event-late-2025-qingzhou-test-flight"
CAME_TRUE_NEW = "event-2025-09-20-qingzhou-test-flight"
REFINED = "event-late-2025-haolong-test-flight"
MEDAL_OLD = "medal-opto-electronic-video-zhuhai-orbita-silver"
MEDAL_NEW = "medal-opto-electronic-video-zhuhai-orbita-gold"
NEW_ITEM = "news-asteroid-probe-launched"
NEW_ENTITY = "Tianwen-2"
REWORDED = "news-record-spacewalk"
OLD_WORDS = "made the 9 hour, 6 minute walk"
NEW_WORDS = "completed the nine-hour walk"
DROPPED = "event-2025-02-14-lunar-remote-sensing-tender"
CARRIED_NOTE = "Ask CAS Space whether Kinetica-2 is on schedule"
ORPHAN_NOTE = "Follow the tender's winner"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_editions(root: Path) -> Path:
    """``root/data`` holding the shipped edition and the edited next one; returns that folder."""
    data = root / "data"
    shutil.copytree(EDITION, data / OLD)
    new = data / NEW
    shutil.copytree(EDITION, new)
    _edit(new / "report.toml", 'period = "September 2024 - March 2025"', 'period = "April 2025 - September 2025"')
    _edit(new / "report.toml", "period_start = 2024-09-01\nperiod_end = 2025-03-31",
          "period_start = 2025-04-01\nperiod_end = 2025-09-30")
    _edit(new / "report.toml", 'value = "72"', 'value = "108"')
    _edit(new / "timeline.toml",
          'id = "event-late-2025-qingzhou-test-flight"\ndate = "late 2025"\nstatus = "planned"',
          f'id = "{CAME_TRUE_NEW}"\ndate = 2025-09-20\nstatus = "happened"')
    _edit(new / "timeline.toml",
          "The Qingzhou prototype will launch aboard the first flight of the CAS Space Kinetica-2 rocket in late 2025.",
          "The Qingzhou prototype launched aboard the first flight of the CAS Space Kinetica-2 rocket on "
          "September 20, 2025.")
    _edit(new / "timeline.toml", 'id = "event-late-2025-haolong-test-flight"\ndate = "late 2025"',
          'id = "event-late-2025-haolong-test-flight"\ndate = "November 2025"')
    _edit(new / "news.toml", "The Qingzhou prototype will launch aboard the first flight of the CAS Space Kinetica-2 "
          "rocket in late 2025, while the Haolong will launch aboard Landspace's Zhuque-3. Both launches are planned "
          "for late 2025.", "The Qingzhou prototype launched aboard the first flight of the CAS Space Kinetica-2 "
          "rocket on September 20, 2025, while the Haolong will launch aboard Landspace's Zhuque-3 in November 2025.")
    # The relation quotes the report's words, which the next edition changed with its paragraph.
    _edit(new / "news.toml", 'words = ["The Qingzhou prototype will launch aboard the first flight of the CAS Space '
          'Kinetica-2 rocket in late 2025"]', 'words = ["The Qingzhou prototype launched aboard the first flight of '
          'the CAS Space Kinetica-2 rocket"]')
    _edit(new / "news.toml", 'dates = [2024-10-29, "late 2025"]', 'dates = [2024-10-29, 2025-09-20, "November 2025"]')
    _edit(new / "news.toml", "On February 14, 2025, CMSA issued a tender", "CMSA issued a tender")
    _edit(new / "news.toml", "dates = [2025-02-14]", "dates = []")
    _edit(new / "medals.toml", f'id = "{MEDAL_OLD}"', f'id = "{MEDAL_NEW}"')
    text = (new / "medals.toml").read_text(encoding="utf-8")
    start = text.index(f'id = "{MEDAL_NEW}"')
    end = text.index('medal = "Silver"', start)
    (new / "medals.toml").write_text(text[:end] + 'medal = "Gold"' + text[end + len('medal = "Silver"'):],
                                     encoding="utf-8")
    _edit(new / "news.toml", OLD_WORDS, NEW_WORDS)
    timeline = (new / "timeline.toml").read_text(encoding="utf-8")
    start = timeline.index(f'[[events]]\nid = "{DROPPED}"')
    end = timeline.index("[[events]]", start + 1)
    (new / "timeline.toml").write_text(timeline[:start] + timeline[end:], encoding="utf-8")
    with (new / "news.toml").open("a", encoding="utf-8") as news:
        news.write(f'''
[[items]]
id = "{NEW_ITEM}"
section = "sec-record-spacewalk"
headline = "Asteroid sample-return probe launched"
dates = [2025-05-29]
text = "China launched its first asteroid sample-return probe on May 29, 2025."
[items.entities]
spacecraft = ["{NEW_ENTITY}"]
''')
    return data


def write_notes() -> None:
    """A note on the Qingzhou event of the old edition, and one on the dropped event (in the config dir)."""
    from briefing.model.notes.notebook import Notebook

    notebook = Notebook.default()
    notebook.save(OLD, "events", CAME_TRUE_OLD, CARRIED_NOTE)
    notebook.set_flag(OLD, "events", CAME_TRUE_OLD, True)
    notebook.save(OLD, "events", DROPPED, ORPHAN_NOTE)
