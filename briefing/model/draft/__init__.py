"""Drafting an edition from a report document: ``briefing draft``.

Reads a report (the series' text export, Markdown, HTML or PDF) into blocks
(:mod:`.formats`), finds its parts, paragraphs and table (:mod:`.structure`), the dates in
it (:mod:`.date_grammar`), the entities (:mod:`.entities`), the medal table
(:mod:`.medals`), the CNKI articles (:mod:`.articles`) and the dated events
(:mod:`.events`), and writes an edition folder (:mod:`.writer`) with a ``review.toml`` of
where each drafted value came from and how sure the drafter is (:mod:`.provenance`).
:mod:`.score` compares a draft with a hand-checked edition.

Imported only by ``briefing draft``: nothing at start-up or in lookups imports this package.
Pure Python; the PDF reader needs the optional ``draft`` extra (pdfplumber).
"""
