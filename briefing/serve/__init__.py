"""``briefing serve``: the app in a browser, one app process for each tab (needs ``briefing[serve]``)."""
