"""A PDF written with its identifier: each object serialized once, the same bytes as pydyf's own."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pydyf
import pytest

from avitools.render.engine import font_configuration, serialize, weasyprint


def _pdf() -> pydyf.PDF:
    """A two-page PDF with compressed content streams, a font-like stream and a string."""
    pdf = pydyf.PDF()
    for text in ("First page", "Second page"):
        content = pydyf.Stream([b"BT /F1 12 Tf 72 720 Td", pydyf.String(text).data + b" Tj ET"],
                               compress=True)
        pdf.add_object(content)
        page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference,
                                 "MediaBox": pydyf.Array([0, 0, 595, 842]),
                                 "Contents": content.reference})
        pdf.add_page(page)
    pdf.add_object(pydyf.Stream([bytes(range(256)) * 40], compress=True))
    pdf.info["Title"] = pydyf.String("Identifier")
    return pdf


def _written(write: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, int]:
    """The bytes `write` makes of a fresh `_pdf()` with an identifier, and how many times zlib
    compressed something meanwhile."""
    made: list[int] = []
    compressor = zlib.compressobj

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        return compressor(*args, **kwargs)

    monkeypatch.setattr(pydyf.zlib, "compressobj", counted)
    out = io.BytesIO()
    write(_pdf(), out, b"1.7", b"avi-commentary-2024-08", True)
    monkeypatch.undo()
    return out.getvalue(), len(made)


def test_each_stream_is_compressed_once_and_the_bytes_are_pydyfs(
        monkeypatch: pytest.MonkeyPatch) -> None:
    serialize.install()
    ours, compressed = _written(pydyf.PDF.write, monkeypatch)
    plain, plain_compressed = _written(serialize.plain_write, monkeypatch)
    assert ours == plain
    assert b"/ID [(avi-commentary-2024-08)" in ours
    # three streams of ours, the object stream and the cross-reference stream; pydyf makes all
    # but the last again for the identifier's digest
    assert (compressed, plain_compressed) == (5, 9)


def test_without_an_identifier_nothing_is_kept() -> None:
    serialize.install()
    out = io.BytesIO()
    _pdf().write(out, compress=True)
    assert serialize._WRITING.get() is None
    assert b"/ID" not in out.getvalue()


def test_a_weasyprint_document_is_written_as_pydyf_writes_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    wp = weasyprint(Path("fonts"))
    document = wp.HTML(string="<h1>Title</h1><p style='font-family: Noto Serif'>Text "
                              "<a href='https://www.asianvision.org'>link</a> ភាសាខ្មែរ</p>").render(
        font_config=font_configuration(Path("fonts")))

    def write() -> bytes:
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"same")  # type: ignore[no-any-return]

    ours = write()
    monkeypatch.setattr(pydyf.PDF, "write", serialize.plain_write)
    assert write() == ours
