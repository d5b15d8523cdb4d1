"""The one exception a store that does not read back as written raises, whatever part of it is bad.

Its own module: the shell catches it around every command, and a command that never opens a
store (``briefing editions``) then need not import the database, the codec and the records.
"""


class StoreDamaged(Exception):
    """The store's file does not read back as written: it is rebuilt from the TOML (see :mod:`.opening`)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
