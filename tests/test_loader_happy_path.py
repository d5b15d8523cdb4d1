"""The loader's happy path for records (schema_checks._sound_values) gives what check_table gives.

A record whose values are all of the common, sound shape is checked without check_table; every
problem still comes from check_table, so the happy path must accept only what check_table
accepts without a word, and give the very same values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.model.data import schema, schema_checks
from briefing.model.data.problems import Problem
from briefing.model.data.schema_checks import CheckedFile, check_table

SPECS = [schema.NEWS_ITEM, schema.EVENT, schema.MEDAL_ROW, schema.ARTICLE, schema.SECTION, schema.FIGURE,
         schema.RELATION, schema.MEDAL_COUNT]

# Strings near the edges: controls, separators that are not printable, slashes and spaces in ids,
# a Windows line end, long ones (kept as they are, not once) and short ones.
STRINGS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from("ab /-\t\n\r\x1b\x7f\x85\xa0\u2028\u202e é漢"), max_size=90),
    st.sampled_from(["", " ", "x", "a/b", "a b", "sec-a", "Gold", "happened", "planned", "x" * 64, "y" * 65,
                     "late 2025", "March 2024", "2025", "not a date", "ed/id", "ed/", "/id", "ed/a b", "ed/a/b"]),
)
ODD = st.one_of(st.integers(-3, 3), st.booleans(), st.floats(allow_nan=False), st.none().map(lambda _: {}),
                st.dates(), st.datetimes(), st.lists(st.integers(), max_size=2))


def value_for(field: schema.Field) -> st.SearchStrategy:
    """Mostly a sound value of the field's kind (so that whole records are sound often), now and then
    a string near the edges or a value of another type."""
    kind = field.kind
    # Up to 64 characters a value is kept once, from 65 on not: both, often.
    words = st.one_of(st.text(alphabet=st.sampled_from("abc-é漢 "), min_size=1, max_size=12),
                      st.sampled_from(["w" * 64, "w" * 65, "v" * 100]))
    if kind == schema.DATE:
        sound = st.one_of(st.dates(), st.sampled_from(["late 2025", "March 2024", "2025"]))
    elif kind == schema.DATES:
        sound = st.lists(st.one_of(st.dates(), st.sampled_from(["late 2025", "2025"])), max_size=3)
    elif kind == schema.TEXTS:
        sound = st.lists(words, max_size=3)
    elif kind == schema.ENTITIES:
        sound = st.dictionaries(st.sampled_from(list(schema.ENTITY_FIELDS)), st.lists(words, max_size=3), max_size=3)
    elif kind == schema.INT:
        sound = st.integers(-5, 10**6)
    elif kind == schema.KEY:
        sound = st.sampled_from(["2024-09-to-2025-03/news-a", "e/x"])
    elif field.choices:
        sound = st.sampled_from(field.choices)
    elif kind == schema.ID:
        sound = st.one_of(st.text(alphabet=st.sampled_from("abc-1é"), min_size=1, max_size=12),
                          st.sampled_from(["i" * 64, "i" * 65]))
    else:
        sound = words
    if kind == schema.ENTITIES:
        edgy = st.dictionaries(st.sampled_from([*schema.ENTITY_FIELDS, "peple"]),
                               st.one_of(st.lists(STRINGS, max_size=3), STRINGS), max_size=3)
    elif kind in (schema.TEXTS, schema.DATES):
        edgy = st.lists(st.one_of(STRINGS, st.dates(), st.integers()), max_size=3)
    else:
        edgy = STRINGS
    return st.integers(0, 19).flatmap(lambda mode: ODD if mode == 0 else edgy if mode == 1 else sound)


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict, dict]:
    spec = draw(st.sampled_from(SPECS))
    table = {}
    for key, field in spec.items():
        if draw(st.integers(0, 9)) or field.required and draw(st.booleans()):  # now and then one left out
            table[key] = draw(value_for(field))
    if not draw(st.integers(0, 9)):
        table["extra"] = "v"
    return spec, table


@settings(max_examples=800, deadline=None)
@given(tables())
def test_the_happy_path_gives_what_check_table_gives(drawn: tuple[dict, dict]) -> None:
    spec, table = drawn
    problems: list[Problem] = []
    expected = check_table(CheckedFile(Path("/nonexistent/data.toml"), problems), fresh(table), spec,
                           ("items", 0), "item")
    again = check_table(CheckedFile(Path("/nonexistent/data.toml"), []), fresh(table), spec,
                        ("items", 0), "item")
    plan = schema_checks._plan_of(spec)
    sound = schema_checks._sound_values(fresh(table), plan)
    if sound is not None:
        assert problems == []
        assert sound == expected
        assert [type(sound[key]) for key in expected] == [type(value) for value in expected.values()]
        # Kept once where check_table keeps it once: a second record's equal value is the same object.
        sound_again = schema_checks._sound_values(fresh(table), plan)
        assert [same(sound[key], sound_again[key]) for key in expected] == \
               [same(expected[key], again[key]) for key in expected]
    schema_checks.forget_shared()


def fresh(value: object) -> object:
    """A copy of a parsed value down to its strings (deepcopy keeps strings: each record has its own)."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")
    if isinstance(value, list):
        return [fresh(item) for item in value]
    if isinstance(value, dict):
        return {key: fresh(item) for key, item in value.items()}
    return value


def same(one: object, other: object) -> list[bool]:
    """Which parts of two equal values are the very same objects."""
    if isinstance(one, tuple) and not hasattr(one, "_fields"):
        return [a is b for a, b in zip(one, other)]  # type: ignore[call-overload]
    if hasattr(one, "_fields") and not hasattr(one, "span"):  # entities
        return [same(a, b) for a, b in zip(one, other)]  # type: ignore[call-overload]
    return [one is other]


def test_a_long_ascii_string_is_printable_as_isprintable_says() -> None:
    """The happy path reads a long ASCII string's printability from its bytes: every ASCII character."""
    plan = schema_checks._plan_of(schema.FIGURE)
    for code in range(128):
        text = "x" * 70 + chr(code) + "y"
        table = {"id": "f", "label": text, "value": "v", "detail": "d", "source": "s"}
        sound = schema_checks._sound_values(table, plan)
        assert (sound is not None) == text.isprintable(), repr(chr(code))


def test_a_sound_record_keeps_short_values_once() -> None:
    plan = schema_checks._plan_of(schema.EVENT)
    first, second = ({"id": f"e{n}", "date": dt.date(2025, 1, 2), "status": "happened", "category": "c" + "at" * n,
                      "title": "t", "text": "x", "source": "news-a"} for n in (1, 1))
    first["category"] = "".join(["c", "at"])  # equal strings, not the same object
    assert schema_checks._sound_values(first, plan)["category"] is schema_checks._sound_values(second, plan)["category"]
    assert first["date"] is second["date"]
    schema_checks.forget_shared()
