"""The compiled store: one SQLite file of validated records, the only read path to the data.

* :mod:`.compile`: finding, trusting and compiling a store (in a child process for large editions).
* :mod:`.database`: an open store: records by position, key and id, columns, entities.
* :mod:`.search`: ranked search inside the store, its candidates from the store's word index
  (FTS5, built by :mod:`.compile`); :mod:`.ranking`, how hits are ranked.
* :mod:`.suggest`: "did you mean" words from the store's vocabulary.
"""
