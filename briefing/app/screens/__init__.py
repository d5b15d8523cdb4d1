"""The main screen and every modal screen (note editor, entities, edition chooser, confirm, review)."""
