"""Where editions live (shipped, mine, the team's), their status (draft, reviewed, published), publishing.

* :mod:`.catalog`: the three places, which copy of an id is used, and :func:`.catalog.data_paths`,
  what the app and every command load by default.
* :mod:`.status`: :func:`.status.edition_status`, the one definition of draft / reviewed / published.
* :mod:`.summary`: one line of facts per edition for ``briefing editions``, read cheaply.
* :mod:`.publish`: ``briefing publish``: the mark, and the atomic copy into the team's editions.

Imports neither textual nor rich.
"""
