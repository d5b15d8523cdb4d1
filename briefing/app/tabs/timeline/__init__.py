"""The Timeline tab (``timeline_tab``) and what it lists (``listing``: filters, search and rows, no widgets)."""
