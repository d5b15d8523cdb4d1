"""The analyst's notes and flags (:mod:`.notebook`): locked, re-read, written atomically, never lost."""
