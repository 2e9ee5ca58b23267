"""The PDF's XMP metadata as the house needs it: the article's summary as the XMP description (the
Subject keeps the issue line), and a PDF/X file's XMP DocumentID fixed by the publication.

WeasyPrint writes one description to both the document information's Subject and the XMP
`dc:description`, and gives a PDF/X-4 file a random `xmpMM:DocumentID` (uuid4), so that the
print shop's book differs in every build. A small subclass of its `DocumentMetadata`, swapped in
for one document, gives the XMP the summary and derives the DocumentID from the publication's file
identifier (tested in tests/render/test_pdf_metadata.py and by the engine harness). Off (the
table's `metadata` entry), both carry the issue line and the DocumentID is WeasyPrint's.

Upstream: docs/upstream/weasyprint-description.md.
"""

from __future__ import annotations

import functools
import re
import uuid
from typing import Any

from avitools.render.engine.extensions import installed

_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def install() -> None:
    """Nothing to change until a document is described: the class is swapped per document."""


def describe(document: Any, summary: str | None, identifier: bytes) -> None:
    """Give the laid-out `document`'s XMP `dc:description` the `summary` (when given) and its
    DocumentID a UUID derived from `identifier` (the PDF's /ID)."""
    if installed("metadata"):
        document.metadata.__class__ = _described(type(document.metadata))  # type: ignore[arg-type]
        document.metadata.avi_summary = summary
        document.metadata.avi_document_id = uuid.uuid5(uuid.NAMESPACE_URL, identifier.decode())


@functools.cache
def _described(base: type) -> type:
    class Described(base):  # type: ignore[misc]
        def generate_rdf_metadata(self, *args: Any) -> Any:
            fields: Any = self
            subject = fields.description
            if fields.avi_summary is not None:
                fields.description = fields.avi_summary
            try:
                rdf = super().generate_rdf_metadata(*args)
            finally:
                fields.description = subject
            return _DOCUMENT_ID.sub(f"xmp.did:{fields.avi_document_id}".encode(), rdf)

    return Described
