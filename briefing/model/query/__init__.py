"""Questions asked of the records, shared by the app and the shell commands.

* :mod:`.timeline_filter`: the Timeline's filters (category, status, date range, text).
* :mod:`.medal_sort`: sorting medal rows and counting medals.
* :mod:`.text_find`: finding a typed word in a text on screen (the find bar).
"""
