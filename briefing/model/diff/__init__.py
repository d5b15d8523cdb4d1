"""What changed between two editions: matching records across them, the changes analysts ask about first,
word-by-word text differences, notes carried over, and the diff as text lines, JSON and Markdown.

Modules: :mod:`.matching` (which record of the new edition continues which of the old),
:mod:`.changes` (the :class:`~.changes.EditionDiff` built from a match), :mod:`.words`
(word diffs), :mod:`.as_text` and :mod:`.as_json` (what ``briefing diff`` prints).
Imports neither textual nor rich; this ``__init__`` imports nothing.
"""
