"""The print shop's preflight: the resolution of every image at its printed size, the cover's size."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c

from avitools.check.findings import Finding, Severity, finding
from avitools.check.house import A4
from avitools.config import Series

GOOD_PPI = 300.0  # under this an image prints soft: a warning
LEAST_PPI = 150.0  # under this it prints visibly blocky: an error
MM = 72 / 25.4
_COVER_TITLE = re.compile(r": cover$")


def is_print_file(catalog: Any) -> bool:
    """True for a PDF/X file (a GTS_PDFX output intent): what goes to the print shop."""
    intents = catalog.get("/OutputIntents")
    return any(str(intent.get_object().get("/S", "")) == "/GTS_PDFX" for intent in (intents or []))


def is_cover(info: dict[str, Any]) -> bool:
    """True for the print shop's cover of a book (its Title ends `: cover`)."""
    return _COVER_TITLE.search(str(info.get("/Title", ""))) is not None


def image_resolution(name: str, path: Path) -> list[Finding]:
    """B007: every image's resolution at the size it prints, read by PDFium from the image's
    placement (the lower of its two axes)."""
    out: list[Finding] = []
    document = pypdfium2.PdfDocument(path)
    try:
        for number, page in enumerate(document, start=1):
            for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
                metadata = image.get_metadata()
                ppi = min(metadata.horizontal_dpi, metadata.vertical_dpi)
                if ppi >= GOOD_PPI or ppi <= 0:
                    continue
                width, height = image.get_px_size()
                left, bottom, right, top = image.get_bounds()
                severity = "an error under" if ppi < LEAST_PPI else "a warning under"
                message = (f"an image of {width} x {height} px prints at {ppi:.0f} ppi "
                           f"({(right - left) / MM:.0f} x {(top - bottom) / MM:.0f} mm; {severity} "
                           f"{LEAST_PPI if ppi < LEAST_PPI else GOOD_PPI:.0f} ppi): give the manuscript "
                           f"an image of at least {_needed(width, ppi)} px across, or print it smaller")
                out.append(replace(finding(name, "B007", number, message),
                                   severity=Severity.ERROR if ppi < LEAST_PPI else Severity.WARNING))
    finally:
        document.close()
    return out


def _needed(width: int, ppi: float) -> int:
    return int(-(-width * GOOD_PPI // ppi))


def cover_size(name: str, reader: Any, path: Path, series: Series) -> list[Finding]:
    """B008: the cover is back, spine and front: 2 x A4 + the spine wide (the spine's width from
    the text block beside it, `X.pdf` for `X-cover.pdf`, when it is there), A4 high."""
    page = reader.pages[0]
    trim = page.trimbox
    width, height = float(trim.width), float(trim.height)
    block = path.with_name(path.name.replace("-cover.pdf", ".pdf"))
    if block != path and block.is_file():
        pages = len(pypdfium2.PdfDocument(block))
        spine = series.book.spine_mm(pages)
        expected = 2 * A4[0] + spine * MM
        if abs(width - expected) > 1 or abs(height - A4[1]) > 1:
            return [finding(name, "B008", 1, f"the cover's trim is {width / MM:.1f} x {height / MM:.1f} mm, "
                                             f"not {expected / MM:.1f} x {A4[1] / MM:.1f} mm (two A4 pages "
                                             f"and a spine of {spine} mm for the {pages} pages of "
                                             f"{block.name})")]
        return []
    if width < 2 * A4[0] - 1 or abs(height - A4[1]) > 1:
        return [finding(name, "B008", 1, f"the cover's trim is {width / MM:.1f} x {height / MM:.1f} mm, "
                                         "not two A4 pages and a spine")]
    return []
