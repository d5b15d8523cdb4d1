"""An edition's data as typed records: what the TOML files hold, and how a folder is validated.

* :mod:`.records`: the record types (``NewsItem``, ``MedalRow``, ``Article``, ``Event``,
  ``Edition``...); :mod:`.model`: the :class:`~.model.Model` that reads them from a store;
  :mod:`.record_facts`: a record's date, title and source, defined once.
* :mod:`.schema`: the fields each dataset file may hold.
* :mod:`.aliases`: other names, corrections of slips and editor's notes from data/aliases.toml (ours).
* :mod:`.dates`: exact and approximate dates in the report's wording.
* :mod:`.text`: cleaning (control characters) and folding (case and accents) of text.
* :mod:`.loader`: TOML to records, every problem reported as ``file:line``; its parts:
  :mod:`.toml_reading` (one file), :mod:`.schema_checks` (values against the schema),
  :mod:`.dataset_loaders` (records of each file), :mod:`.link_checks` (links between records).
* :mod:`.problems`, :mod:`.toml_lines`: the problems, and the line each TOML value is on.
"""
