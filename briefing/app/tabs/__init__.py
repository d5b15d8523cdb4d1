"""The tabs of the main screen, one module a tab, each built when first opened."""
