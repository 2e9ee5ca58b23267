"""Which fonts a PDF uses, whether each is embedded, and whether it is a house font."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from avitools.check.house import base_font
from avitools.fonts import font_names

_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class PdfFont:
    """A font as a page's resources declare it."""

    name: str
    page: int
    embedded: bool


def pdf_fonts(reader: PdfReader) -> list[PdfFont]:
    """Every font of every page, Type0 descendants included."""
    found: list[PdfFont] = []
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object().values() if fonts else []):
            font = ref.get_object()
            found.append(PdfFont(base_font(str(font.get("/BaseFont", "?"))), number,
                                 _embedded(font)))
    return found


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    targets = [font]
    targets += [d.get_object() for d in font.get("/DescendantFonts", [])]
    for target in targets:
        descriptor = target.get("/FontDescriptor")
        if descriptor and any(k in descriptor.get_object() for k in _FONT_FILES):
            return True
    return False


def house_font_names(folder: Path) -> frozenset[str]:
    """The names a PDF may give the bundled fonts (see `avitools.fonts.font_names`)."""
    return font_names(folder)
