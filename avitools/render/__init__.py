"""Renderers: an `Article` and a layout become HTML, then PDF (or EPUB)."""
