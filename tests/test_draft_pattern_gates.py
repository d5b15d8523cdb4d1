"""Patterns the drafter swaps for a faster twin, skips behind a cheaper search or runs on a cut text: the same matches.

An ASCII text is read with ``[0-9]`` where the pattern says ``\\d`` (its first character only) and
``[A-Za-z0-9_]`` where it says ``\\w`` (no ``’`` either); ``_ISO`` runs only where its two dashed
pairs are written; serial and owner names are looked for before their gate's last match only.
Each must change no match, on random texts of the pieces the patterns hinge on.
"""

from __future__ import annotations

import random

from briefing.model.draft import date_grammar, leftovers

_PIECES = ["1", "2", "3", "12", "31", "2025", "1999", "031", "-", "/", " ", "  ", "st", "th", "of", "March", "May",
           "Sept", "Dec.", "x", "a1", "_", ".", ",", "-03", "-14", "2025-03-14", "5/6/2025", "123-45-67", "\u0663",
           "\u0661\u0662"]


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(count)]


def test_ascii_twins_of_digit_led_patterns_match_as_the_originals_do():
    pairs = ((leftovers._DATE_LIKE_NUMBER, leftovers._DATE_LIKE_NUMBER_ASCII),
             (date_grammar._FOUR_DIGITS, date_grammar._FOUR_ASCII_DIGITS))
    texts = [t for t in _texts(20_000, 29) if t.isascii()]
    assert len(texts) > 5_000
    found = 0
    for original, twin in pairs:
        for text in texts:
            spans = [m.span() for m in original.finditer(text)]
            assert [m.span() for m in twin.finditer(text)] == spans, (original.pattern, text)
            found += bool(spans)
    assert found > 1_000
    # Not so where a text holds another script's digits: there the original is the one used.
    assert date_grammar._FOUR_DIGITS.search("\u0661\u0662\u0663\u0664")
    assert not date_grammar._FOUR_ASCII_DIGITS.search("\u0661\u0662\u0663\u0664")


def test_iso_dates_are_found_only_where_the_gate_finds_their_dashes():
    found = 0
    for text in _texts(20_000, 24):
        if date_grammar._ISO.search(text):
            found += 1
            assert date_grammar._ISO_DASHES.search(text), text
    assert found > 500


def test_serial_and_owner_names_are_found_in_the_text_cut_after_their_gates_last_match():
    from briefing.model.draft import entities

    pieces = ["Shijian", "-", "25", "-1", "E01", "'s", "'", "s", " ", "  ", "\n", "Aaa", "CAS", "Space", "Chang'e",
              "x", "1", "A", "b", "Zhuque", "-3", "Ab", "'s ", " Ab", "Ab's Ab"]
    rng = random.Random(25)
    seen = {"serial": 0, "owner": 0}
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        for key, pattern, gate, more in (("serial", entities._SERIAL, entities._SERIAL_NUMBER, 6),
                                         ("owner", entities._POSSESSIVE_OWNER, entities._OWNER_BEFORE_CAP, 0)):
            whole = [m.span() for m in pattern.finditer(text)]
            last = entities._last_end(text, gate)
            cut = [m.span() for m in pattern.finditer(text, 0, last + more)] if last is not None else []
            assert cut == whole, (key, text)
            seen[key] += bool(whole)
    assert min(seen.values()) > 500, seen


def test_ascii_twins_of_the_capitalised_name_patterns_match_as_the_originals_do():
    from briefing.model.draft import entities, name_patterns

    pieces = ["Ab", "China", "X", "of", "and", "the", "de", "&", " ", "  ", "\n", "'", "'s", "-", ".", "_", "1", "a",
              "b", "Space", "Launch Center", "U.S.", "O'Neil", "x-Ray", ",", "\u00e9", "\u2019", "\u00c9cole"]
    rng = random.Random(45)
    pairs = ((leftovers._CAPITALISED, leftovers._CAPITALISED_ASCII), (name_patterns._PHRASE, entities._PHRASE_ASCII))
    found = ascii_texts = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        if not text.isascii():
            continue
        ascii_texts += 1
        for original, twin in pairs:
            spans = [m.span() for m in original.finditer(text)]
            assert [m.span() for m in twin.finditer(text)] == spans, (original.pattern, text)
            found += bool(spans)
    assert ascii_texts > 5_000 and found > 5_000


def test_the_long_form_before_an_acronym_is_the_one_the_former_pattern_found():
    import re

    from briefing.model.draft import name_patterns as names

    former = re.compile(rf"((?:{names._CAP}\s+(?:{names._CONNECT}\s+)*)*{names._CAP}'?)$")
    pieces = ["Ab", "China", "X", "of", "and", "the", "de", "&", " ", "  ", "\n", "'", "'s", "-", ".", "_", "1", "a",
              "Space", "U.S.", "\u2019", "\u00c9cole", "for", "on"]
    rng = random.Random(7)
    found = 0
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 20)))
        start, end = sorted((rng.randint(0, len(text)), rng.randint(0, len(text))))
        old, new = former.search(text, start, end), names._DEFINED_BEFORE.search(text, start, end)
        assert (old and (old.span(), old.span(1))) == (new and (new.span(), new.span(1))), (text, start, end)
        found += old is not None
    assert found > 5_000


def test_quoted_names_are_looked_for_only_where_a_quote_stands_before_a_capital():
    from briefing.model.draft import entities

    pieces = ["'", '"', "\u201c", "\u2018", "\u201d", "\u2019", "Tianwen", "A", "Z", "a", "\u00c9", "[", "@", "s",
              " ", "  ", "\n", "-", " probe", " rover", " rocket", "x", "1", "'Xihe' ", "\u201cXihe\u201d ", "Xihe"]
    rng = random.Random(79)
    gated = found = 0
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15)))
        match = entities._QUOTED.search(text)
        if not entities._quote_before_capital(text):
            gated += 1
            assert match is None, text
        found += match is not None
    assert gated > 5_000 and found > 500, (gated, found)


def test_a_title_is_cleared_of_a_left_in_and_only_where_its_gate_finds_one():
    from briefing.model.draft import events

    words = ["in", "on", "In", "tin", "upon", "and", "or", "andor", "x", "Moon"]
    gaps = [" ", " ", "  ", "\n", ",", " , ", "", "."]
    rng = random.Random(71)
    gated = found = 0
    for _ in range(30_000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 8)))
        match = events._LEFT_IN_AND.search(text)
        if events._N_AND.search(text) is None:
            gated += 1
            assert match is None, text
        found += match is not None
    assert gated > 5_000 and found > 1_000, (gated, found)


def test_context_names_are_found_in_the_text_cut_after_their_last_word():
    from briefing.model.draft import entities

    words = ["Guowang", "Qianfan", "Ab", "and", "mega", "constellation", "constellations", "space plane", "space planes",
             "space station", "program", "programs", "series", "Subprogram", "Xseries", "x", "\u00e9", "\u00c9cole", "1"]
    gaps = [" ", " ", " ", "  ", "\n", "-", "", ",", ".", "'", "_", "s"]
    rng = random.Random(36)
    found = 0
    for _ in range(30_000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 12)))
        whole = [(m.span(), m.groups()) for m in entities._CONTEXT_NAME.finditer(text)]
        assert [(m.span(), m.groups()) for m in entities._CONTEXT_NAME.finditer(text, 0, entities._context_end(text))] \
            == whole, text
        found += bool(whole)
    assert found > 3_000, found
    # The lengths it adds are those of the words it looks for.
    for word in entities._CONTEXT_WORDS:
        text = f"{'x' * 20} {word} {'y' * 20}"
        assert entities._context_end(text) == 21 + len(word) + 2, word


def test_comma_and_full_stop_led_twins_match_as_the_originals_do_where_they_are_used():
    import re

    from briefing.model.draft import events, sentences, structure

    former_capital_inside = re.compile(r"[A-Z](?<=[a-z,;] [A-Z])[\w'’-]*")
    words = ["A", "Zed", "3", "a", "and", "while", "but", "whereas", "it", "they", "which", "who", "x", "U.S.", "Dr.",
             "b's", "\u00c9cole", '"Q', "\u201cQ", "\u2019s"]
    gaps = [". ", ", ", "; ", " ", " ", "  ", ".\n", '." ', ".\u201d ", "? ", "! ", ",", ".", ") ", "-", ",\t"]
    rng = random.Random(53)
    seen = {"end": 0, "clause": 0, "capital": 0}
    for _ in range(30_000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 10)))
        if "?" not in text and "!" not in text:
            whole = [(m.span(), m.groups()) for m in sentences._END.finditer(text)]
            assert [(m.span(), m.groups()) for m in sentences._FULL_STOP_END.finditer(text)] == whole, text
            seen["end"] += bool(whole)
        if ";" not in text:
            whole = [m.span() for m in events._CLAUSE.finditer(text)]
            assert [m.span() for m in events._COMMA_CLAUSE.finditer(text)] == whole, text
            seen["clause"] += bool(whole)
        capitals = former_capital_inside.findall(text)
        assert structure._CAPITAL_INSIDE.findall(text) == capitals, text
        seen["capital"] += bool(capitals)
    assert min(seen.values()) > 500, seen


def test_known_names_indexed_by_four_characters_are_found_as_by_two(monkeypatch):
    from briefing.model.draft import entities

    known = {name: "organisations" for name in (
        "U.S. Space Force", "O'Neil Labs", "A B Corp", "B Corp", "China Manned Space Agency", "Chinese Academy of Sciences",
        "CAS", "CAS Space", "Space Pioneer", "X-37B", "Long March 2F", "Longyuan", "Ab", "Neil Labs", "S. Force")}
    words = ["U.S.", "Space", "Force", "O'Neil", "Neil", "Labs", "A", "B", "Corp", "China", "Chinese", "Manned",
             "Agency", "Academy", "of", "Sciences", "CAS", "Pioneer", "X-37B", "Long", "March", "2F", "Longyuan", "Ab",
             "S.", "(CAS)", "China's", "x"]
    gaps = [" ", " ", "-", ", ", "'s ", "\n"]
    rng = random.Random(4)
    texts = ["".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 12))) for _ in range(6_000)]

    def found(size: int) -> list:
        monkeypatch.setattr(entities, "_HEAD_SIZE", size)
        finder = entities.EntityFinder(known)
        return [[(m.kind, m.name, m.start, m.end, m.how) for m in finder.find(text)] for text in texts]

    two, four = found(2), found(4)
    assert four == two
    assert sum(any(how == "known name" for *_, how in mentions) for mentions in two) > 3_000


def test_spaced_and_lone_series_names_are_found_by_one_scan_as_by_two():
    from briefing.model.draft import entities

    words = ["Shenzhou", "Chang'e", "Chang\u2019e", "Tianhe", "Einstein", "Gaofen", "xShenzhou", "Shenzhou-19",
             "19", "6A", "3", "2.5", "Tianwen", "'", "\u2019", "1%", "Queqiao", "-"]
    gaps = [" ", " ", "  ", "\n", "", "'", "\u2019", "-", ", ", "."]
    rng = random.Random(19)
    seen = {"spaced": 0, "alone": 0}
    for _ in range(30_000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 8)))
        spaced, alone = entities._series_matches(text)
        expected = [(m.span(), m.groups()) for m in entities._SPACED_SERIAL.finditer(text)]
        assert [(m.span(), m.groups()) for m in spaced] == expected, text
        seen["spaced"] += bool(expected)
        expected = [(m.span(), m.groups()) for m in entities._SERIES_ALONE.finditer(text)]
        assert [(m.span(), m.groups()) for m in alone] == expected, text
        seen["alone"] += bool(expected)
    assert min(seen.values()) > 1_000, seen
