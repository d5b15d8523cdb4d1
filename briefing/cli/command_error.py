"""The error a command raises for a usage or data problem.

Its own module: the shell catches it around every command, and a command that never opens a
store (``briefing editions``) then need not import what :mod:`.context` loads.
"""


class CommandError(Exception):
    """A usage or data error: printed as one line, exit status 2."""
