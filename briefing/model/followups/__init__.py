"""Follow-ups: what became of the report's plans.

Modules: :mod:`.windows` (the due window a plan's wording gives: "late 2025" is September
to December 2025), :mod:`.outcomes` (what an analyst recorded: happened, slipped,
cancelled; kept in the notes files by the notes machinery), :mod:`.status` (each plan's
status as of a day: upcoming, due, overdue, happened, slipped, cancelled) and
:mod:`.as_markdown` (the export's Follow-ups section). Imports neither textual nor rich;
this ``__init__`` imports nothing.
"""
