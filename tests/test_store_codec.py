"""The store's records are JSON read back by type: every field has a reader, and nothing else decodes."""

from __future__ import annotations

import json

import pytest

from briefing.model.data.loader import load_editions
from briefing.model.data.records import Article, Event, MedalRow, NewsItem, ReportPart
from briefing.model.store import codec
from briefing.model.store.compile import merged

from .conftest import DATA

CLASSES = {"news": NewsItem, "medals": MedalRow, "articles": Article, "events": Event, "report": ReportPart}


def test_each_record_class_has_one_reader_per_field() -> None:
    # A field added to a record class without its reader would fail here (and at import).
    for dataset, cls in CLASSES.items():
        assert codec.RECORD_READERS[dataset].record_class is cls
        assert len(codec.RECORD_READERS[dataset].readers) == len(cls._fields)


def test_every_shipped_record_comes_back_equal() -> None:
    validated = load_editions([DATA])
    for dataset in CLASSES:
        records = merged(validated.editions, dataset)
        assert records
        for record in records:
            assert codec.decode_record(dataset, codec.encode(record)) == record
    for edition in validated.editions:
        stored = codec.encode(edition._replace(news=(), medals=(), articles=(), events=(), parts=()))
        assert codec.decode(stored, codec.EDITION_READER) == edition._replace(news=(), medals=(), articles=(),
                                                                               events=(), parts=())


@pytest.mark.parametrize("text", [
    "", "not json", "null", "{}", "[]", '"a string"', "[1, 2, 3]",
    '{"__reduce__": ["os.system", ["touch /tmp/x"]]}',  # JSON names no code: it is just a dict here
    "[" * 100_000 + "]" * 100_000,  # nesting deeper than the parser's recursion limit
    b"\x80\x05\x95".decode("latin-1"),  # the start of a pickle
])
def test_what_the_store_does_not_write_is_undecodable(text: str) -> None:
    with pytest.raises(codec.Undecodable):
        codec.decode_record("news", text)


def test_a_field_of_the_wrong_type_is_undecodable() -> None:
    record = merged(load_editions([DATA]).editions, "articles")[0]
    fields = json.loads(codec.encode(record))
    for position, wrong in ((5, "1721"), (5, True), (0, 7), (4, []), (8, [[], [], [], []])):
        changed = list(fields)
        changed[position] = wrong
        with pytest.raises(codec.Undecodable):
            codec.decode_record("articles", json.dumps(changed))
    assert codec.decode_record("articles", json.dumps(fields)) == record


def test_decoding_many_gives_what_decoding_each_gives() -> None:
    validated = load_editions([DATA])
    for dataset in CLASSES:
        texts = [codec.encode(record) for record in merged(validated.editions, dataset)]
        many = codec.decode_records(dataset, texts)
        assert many == [codec.decode_record(dataset, text) for text in texts]
        assert [type(record) for record in many] == [CLASSES[dataset]] * len(texts)


@pytest.mark.parametrize("text", [
    "", "not json", "null", "[]", "[1, 2, 3]", None, b"[]",
    "[" * 100_000 + "]" * 100_000,
])
def test_what_decoding_many_is_given_that_the_store_does_not_write_is_undecodable(text) -> None:
    good = codec.encode(merged(load_editions([DATA]).editions, "news")[0])
    with pytest.raises(codec.Undecodable):
        codec.decode_records("news", [good, text])


def test_decoding_many_refuses_a_field_of_the_wrong_type_and_accepts_what_decoding_each_accepts() -> None:
    record = merged(load_editions([DATA]).editions, "events")[0]
    fields = json.loads(codec.encode(record))
    # a number for text, text for a number, a bool for a number, a name that is not text, a date cut short
    for position, wrong in ((1, 7), (9, "3"), (9, True), (8, [[1], [], [], [], [], [], []]), (2, [2025])):
        changed = list(fields)
        changed[position] = wrong
        with pytest.raises(codec.Undecodable):
            codec.decode_records("events", [json.dumps(changed)])
    spaced = " " + json.dumps(fields) + " "  # not what the store writes, but JSON that decode_record reads
    assert codec.decode_records("events", [spaced]) == [codec.decode_record("events", spaced)] == [record]
