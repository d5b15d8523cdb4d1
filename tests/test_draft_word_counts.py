"""The title's sentence case counts the body's small words one asked-about word at a time
(structure._lower_count): each count must be the one a full ``findall`` and Counter give."""

from __future__ import annotations

import random
from collections import Counter

from briefing.model.draft.structure import _LOWER_WORD, _lower_count, sentence_case


def _counted(text: str) -> Counter:
    return Counter(_LOWER_WORD.findall(text))


def test_counts_equal_findall_on_random_texts_of_hyphens_and_apostrophes():
    rng = random.Random(29)
    pieces = ["a", "b", "ab", "-", "'", "\u2019", " ", "X", "_", "1", "\u00e9", "\u212a", ".", "a-b", "b'a", "\n"]
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 24)))
        expected = _counted(text)
        for word in [*expected, "a", "b", "ab", "a-b", "b'a", "ba", "X", "-a", ""]:
            assert _lower_count(text, word) == expected.get(word, 0), (text, word)


def test_a_word_inside_a_hyphenated_run_counts_only_where_findall_starts_it():
    text = "X-ray and x-ray, the ray; co-op's op ray-gun ray"
    expected = _counted(text)
    assert expected["ray"] == 3  # "X-ray"'s (no small letter opens that run before it), "the ray" and the last
    assert expected["x-ray"] == 1 and expected["ray-gun"] == 1  # whole runs: their "ray" is not counted
    for word in ("ray", "x-ray", "op", "co-op's", "gun", "ray-gun"):
        assert _lower_count(text, word) == expected.get(word, 0)


def test_sentence_case_keeps_the_words_the_body_capitalises_more_often():
    body = "It flew, China's probe. The team of China's agency met. A space walk, and Space Walk again. space space"
    assert sentence_case("CHINA'S SPACE WALK", body) == "China's space walk"


def test_a_long_title_is_cased_as_a_short_one_would_be_word_by_word():
    body = "It flew, China's probe. The team of China's agency met. A space walk, and Space Walk again. space space"
    words = [f"WORD{i}" for i in range(40)]  # more words than are counted one scan each
    assert sentence_case(" ".join(["CHINA'S", "SPACE", "WALK", *words]), body).startswith("China's space walk word0 ")
