"""The data as documents: :mod:`.as_json` (the machine interface), :mod:`.as_markdown`
(a meeting-ready briefing) and :mod:`.citation` (one record to paste into a paper)."""
