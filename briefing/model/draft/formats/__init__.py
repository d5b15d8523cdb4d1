"""One reader per document format, each returning :class:`~briefing.model.draft.blocks.Block` lists."""
