"""The PDF's XMP description from the article's summary, its Subject kept for the issue line.

WeasyPrint writes one description to both the document information's Subject and the XMP
`dc:description`. A small subclass of its `DocumentMetadata`, swapped in for one document, gives
the XMP the summary (tested in tests/render/test_pdf_metadata.py). Off (the table's `metadata`
entry), both carry the issue line. Upstream: docs/upstream/weasyprint-description.md.
"""

from __future__ import annotations

import functools
from typing import Any

from avitools.render.engine.extensions import installed


def install() -> None:
    """Nothing to change until a document is described: the class is swapped per document."""


def describe(document: Any, summary: str) -> None:
    """Give the laid-out `document`'s XMP `dc:description` the `summary`."""
    if installed("metadata"):
        document.metadata.__class__ = _described(type(document.metadata))  # type: ignore[arg-type]
        document.metadata.avi_summary = summary


@functools.cache
def _described(base: type) -> type:
    class Described(base):  # type: ignore[misc]
        def generate_rdf_metadata(self, *args: Any) -> Any:
            fields: Any = self
            subject, fields.description = fields.description, fields.avi_summary
            try:
                return super().generate_rdf_metadata(*args)
            finally:
                fields.description = subject

    return Described
