"""The model layer: everything briefing knows, with no user interface. Imports neither textual nor rich.

Grouped by layer, each package importing only those above it in this list:

* :mod:`~briefing.model.data`: the records of an edition, the TOML schema, dates as the
  report gives them, text cleaning, and the loader that validates a folder into records.
* :mod:`~briefing.model.store`: the compiled store, the one way the app, the shell
  commands and the exports read records: compiling, the database, search.
* :mod:`~briefing.model.query`: questions asked of the records: the timeline's filters, medal sorting.
* :mod:`~briefing.model.notes`: the analyst's notes and flags, the only thing briefing writes.
* :mod:`~briefing.model.followups`: the report's plans, their due windows and statuses as of a day,
  and the outcomes analysts record (kept in the notes files).
* :mod:`~briefing.model.export`: JSON, Markdown and citations.

Beside them, :mod:`~briefing.model.locations` (where things are kept) and
:mod:`~briefing.model.safe_io` (reading and writing files on a shared machine).

The packages' ``__init__`` modules import nothing, so a shell lookup loads only the
modules it uses.
"""
