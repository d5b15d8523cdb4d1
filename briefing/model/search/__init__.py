"""Search: one answer for ``briefing search``, the command palette and the Timeline's box.

* :mod:`.reading`: a query read as meant (dates in words, names with numbers, spellings,
  a question's small words);
* :mod:`.finding`: ranked hits, and the hits of the best near query when there are none;
* :mod:`.notes`: your notes, the notes carried from earlier editions and the team's, as hits;
* :mod:`.results`: each hit with its snippet and notes, as the shell lists them.

Imports neither textual nor rich.
"""
