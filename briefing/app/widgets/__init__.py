"""Shared widgets: the virtual list, the find bar, the bar chart, the reading pane."""
