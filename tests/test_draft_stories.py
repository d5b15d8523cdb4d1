"""A News or Policy paragraph that tells two stories drafts two items; one story with several dates stays one."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from briefing.model.draft import segments
from briefing.model.draft.date_grammar import find_dates
from briefing.model.draft.entities import EntityFinder
from briefing.model.draft.pipeline import draft_edition
from briefing.model.draft.sentences import sentence_spans
from briefing.model.draft.writer import write_draft

REPORT = """\
QUIET PROGRESS: KEY DEVELOPMENTS IN THE SPACE SEGMENT OF CHINA'S SPACE SYSTEMS, JANUARY 2025-JUNE 2025

INTRODUCTION

China kept launching in the first half of 2025.

News Update

Station Resupplied

- On March 3, 2025, the Tianzhou-9 cargo craft docked with the Tiangong space station, carrying supplies for \
its crew. The China Manned Space Agency (CMSA) said the craft would stay docked for six months. Separately, on \
March 12, 2025, a Zhuque-2E rocket launched three weather satellites from the Jiuquan Satellite Launch Center.

Launch Companies Grow

- In January 2025, Galactic Energy completed a round of funding worth 2 billion RMB. Also in January, LandSpace \
tested the engines of its Zhuque-3 rocket at its Huzhou site.
- On April 9, 2025, the Kinetica-1 rocket of CAS Space placed five satellites in orbit. On May 20, 2025, the \
Shenzhou-20 crew reached the Tiangong space station aboard a Long March 2-F.

Cooperation with Pakistan Expanded

- Organizations in China's space sector expanded ties with Pakistani counterparts in early 2025. On January 17, \
2025, a Long March 2-D launched the PRSC-E01, the first in a series of satellites for Pakistan. On February 28, \
2025, the CMSA and the Pakistan Space and Upper Atmosphere Research Commission signed an agreement to train \
Pakistani astronauts.

Record Walk

- Taikonauts aboard Shenzhou-20 made a spacewalk on June 2, 2025. Chen Dong and Wang Jie stayed outside for 9 \
hours, beating a record set by U.S. astronauts in 2001. The Shenzhou-20 had launched on May 20, 2025.

Policy Update: Rules for Satellite Internet

There were several new rules for satellite operators in recent months. On January 9, 2025, the Ministry of \
Industry and Information Technology issued rules for satellite internet licences.
"""


def _draft(tmp_path: Path):
    source = tmp_path / "stories.txt"
    source.write_text(REPORT, encoding="utf-8")
    return draft_edition(source, [])


def _item(draft, words: str) -> dict:
    [item] = [i for i in draft.files["news.toml"]["items"] if i["text"].startswith(words)]
    return item


def test_a_paragraph_telling_two_stories_drafts_two_items_each_with_its_sentences_dates_and_names(tmp_path):
    draft = _draft(tmp_path)
    first, second = _item(draft, "On March 3, 2025"), _item(draft, "Separately, on March 12, 2025")
    assert first["text"] == ("On March 3, 2025, the Tianzhou-9 cargo craft docked with the Tiangong space station, "
                             "carrying supplies for its crew. The China Manned Space Agency (CMSA) said the craft "
                             "would stay docked for six months.")
    assert second["text"] == ("Separately, on March 12, 2025, a Zhuque-2E rocket launched three weather satellites "
                              "from the Jiuquan Satellite Launch Center.")
    assert first["dates"] == [dt.date(2025, 3, 3)] and second["dates"] == [dt.date(2025, 3, 12)]
    assert first["entities"] == {"organisations": ["CMSA"], "spacecraft": ["Tianzhou-9", "Tiangong"]}
    assert second["entities"] == {"vehicles": ["Zhuque-2E"], "places": ["Jiuquan Satellite Launch Center"]}
    assert first["section"] == second["section"]
    # The section's heading stays the first story's; the second is titled by its own sentence.
    assert first["headline"] == "Station Resupplied"
    assert second["headline"].startswith("A Zhuque-2E rocket launched three weather satellites")
    events = {e["date"]: e for e in draft.files["timeline.toml"]["events"]}
    assert events[dt.date(2025, 3, 3)]["source"] == first["id"]
    assert events[dt.date(2025, 3, 12)]["source"] == second["id"]
    assert events[dt.date(2025, 3, 12)]["title"].startswith("A Zhuque-2E rocket")  # not "Separately, ..."


def test_also_or_an_opening_date_with_a_new_subject_opens_another_story(tmp_path):
    draft = _draft(tmp_path)
    # The brief's own example: "Also in January" after a story in January is another story, in January too.
    funding, engines = _item(draft, "In January 2025, Galactic"), _item(draft, "Also in January, LandSpace")
    assert funding["dates"] == ["January 2025"] and engines["dates"] == ["January 2025"]
    assert engines["entities"] == {"organisations": ["LandSpace"], "vehicles": ["Zhuque-3"]}
    assert "entities" not in funding  # LandSpace and Zhuque-3 are the second story's only
    kinetica, crew = _item(draft, "On April 9, 2025"), _item(draft, "On May 20, 2025, the Shenzhou-20 crew")
    assert kinetica["dates"] == [dt.date(2025, 4, 9)] and crew["dates"] == [dt.date(2025, 5, 20)]
    assert kinetica["entities"]["vehicles"] == ["Kinetica-1"] and crew["entities"]["vehicles"] == ["Long March 2-F"]


def test_a_month_opening_a_sentence_dates_it_even_when_the_paragraph_names_that_month_already():
    found = find_dates("In January 2025, X raised money. Also in January, Y tested engines. In February, Z flew.")
    assert [m.value for m in found] == ["January 2025", "January 2025", "February 2025"]
    assert all("inferred" in m.note for m in found[1:])
    # Inside a sentence it is the same month again ("the January launch"), already dated.
    assert [m.value for m in find_dates("The January launch followed January 23, 2025.")] == [dt.date(2025, 1, 23)]


def test_one_story_told_with_several_dates_stays_one_item(tmp_path):
    draft = _draft(tmp_path)
    texts = [i["text"] for i in draft.files["news.toml"]["items"]]
    # A later date at a sentence's start, but the story's own names again (Pakistan, the CMSA).
    pakistan = _item(draft, "Organizations in China's space sector")
    assert pakistan["dates"] == ["early 2025", dt.date(2025, 1, 17), dt.date(2025, 2, 28)]
    assert pakistan["text"].endswith("signed an agreement to train Pakistani astronauts.")
    # Dates inside sentences ("a record set ... in 2001") and a sentence with no new name.
    walk = _item(draft, "Taikonauts aboard Shenzhou-20")
    assert walk["text"].endswith("The Shenzhou-20 had launched on May 20, 2025.")
    # An opening sentence with no date sums up what follows: nothing to tell the next sentence apart from.
    rules = _item(draft, "There were several new rules")
    assert rules["text"].endswith("issued rules for satellite internet licences.")
    assert len(texts) == 9  # six paragraphs, three of them telling two stories


def test_where_a_paragraph_was_cut_is_for_the_analyst_to_confirm_and_the_draft_validates(tmp_path):
    draft = _draft(tmp_path)
    cut = [n for n in draft.provenance.notes if n.file == "news.toml" and n.field == "text" and n.confidence < 0.9]
    assert [(n.value, n.how) for n in cut[:2]] == [
        ("paragraph 1, sentences 1-2", "one of 2 stories told in paragraph 1: the first"),
        ("paragraph 1, sentence 3",
         "one of 2 stories told in paragraph 1: cut before it because the report says another story opens")]
    whole = [n for n in draft.provenance.notes if n.file == "news.toml" and n.field == "text" and n.confidence >= 0.9]
    assert [n.value for n in whole] == ["paragraph 4", "paragraph 5", "paragraph 6"]
    out = write_draft(draft, tmp_path / "drafted")
    assert "cut before it because" in (out / "REVIEW.md").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "validate", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_magazine_or_cnki_paragraph_is_never_cut(tmp_path):
    report = REPORT.replace("Policy Update: Rules for Satellite Internet", "Industry Magazine Update: Space Review")
    report = report.replace("There were several new rules for satellite operators in recent months.",
                            "The March 2025 issue of Space Review, a CASC magazine, praised Galactic Energy.")
    source = tmp_path / "magazine.txt"
    source.write_text(report, encoding="utf-8")
    [item] = [i for i in draft_edition(source, []).files["news.toml"]["items"]
              if i["text"].startswith("The March 2025 issue")]
    assert item["text"].endswith("issued rules for satellite internet licences.")


def _paragraph(sentences: int) -> tuple[str, list, list]:
    text = " ".join(f"Separately, on March {i % 28 + 1}, 2025, Foo{i} Corporation launched a satellite."
                    for i in range(sentences))
    names = EntityFinder({}).find(text)
    return text, find_dates(text, masks=[(m.start, m.end) for m in names]), names


def test_cutting_a_long_paragraph_reads_each_sentence_once(monkeypatch):
    # Linear by structure: each sentence's start is looked at once, its words read at most once, and each
    # date and name handed to exactly one story; so its cost follows the paragraph's length.
    text, dates, names = _paragraph(3000)
    counted = {"opening": 0, "subject": 0}
    for name in counted:
        real = getattr(segments, f"_{name}")

        def counting(*args, _real=real, _name=name):
            counted[_name] += 1
            return _real(*args)
        monkeypatch.setattr(segments, f"_{name}", counting)
    found = segments.stories(text, sentence_spans(text), dates, names)
    assert len(found) == 3000
    assert counted["opening"] == 2999  # every sentence but the first
    assert counted["subject"] <= 2 * 3000  # each sentence as a candidate, and once more as part of its story
    assert [text[s.start:s.end] for s in found[:2]] == [
        "Separately, on March 1, 2025, Foo0 Corporation launched a satellite.",
        "Separately, on March 2, 2025, Foo1 Corporation launched a satellite."]
    split = segments.split(dates, found)
    assert sum(map(len, split)) == len(dates) == 3000
    assert all(text[s.start + d.start: s.start + d.end].startswith("March") for s, [d] in zip(found, split))
