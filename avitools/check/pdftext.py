"""A PDF's text as lines with their position, font and size, in reading order per page."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf

from avitools.check.house import base_font


@dataclass(frozen=True)
class Span:
    """One run of text drawn with one font."""

    text: str
    x: float
    baseline: float
    font: str
    size: float


@dataclass
class Line:
    """Spans that share a baseline; `top` counts from the top edge of the page, in pt."""

    page: int
    spans: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The line's text, spans joined left to right."""
        return "".join(s.text for s in sorted(self.spans, key=lambda s: s.x)).strip()

    @property
    def baseline(self) -> float:
        """The baseline of the line's largest text, from the bottom edge."""
        return max(self.spans, key=lambda s: s.size).baseline

    @property
    def x(self) -> float:
        """The left edge of the line."""
        return min(s.x for s in self.spans)

    @property
    def font(self) -> str:
        """The font of the line's first span, without the subset prefix."""
        return base_font(sorted(self.spans, key=lambda s: s.x)[0].font)

    @property
    def size(self) -> float:
        """The largest font size on the line."""
        return max(s.size for s in self.spans)


@dataclass
class Page:
    """One page: its size and its lines from top to bottom."""

    number: int
    width: float
    height: float
    lines: list[Line]

    def top(self, line: Line) -> float:
        """How far the line's baseline is below the page's top edge, in pt."""
        return self.height - line.baseline


def read_pages(source: Path | bytes | pypdf.PdfReader) -> list[Page]:
    """Every page of a PDF as positioned lines."""
    if isinstance(source, pypdf.PdfReader):
        reader = source
    else:
        reader = pypdf.PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    pages = []
    for index, page in enumerate(reader.pages):
        box = page.trimbox  # the cut page: the media box less any bleed
        pages.append(Page(index + 1, float(box.width), float(box.top),
                          group_lines(index + 1, extracted(reader, index).spans)))
    return pages


# The operators of a page's content stream the PDF/UA rules look at: those that mark content, and
# those that draw (text, images, paths, shadings).
MARKING = {b"BDC", b"BMC", b"EMC"}
DRAWING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*",
           b"sh", b"BI"}
# One of those operators, its operands (a marking operator's only), and for one that shows text
# (Tj, TJ) the height of the text's origin above the page's bottom edge.
Operation = tuple[bytes, list[Any], float]


@dataclass
class Extracted:
    """What pypdf's text extraction gives of one page: its text spans and the operators that mark
    content or draw."""

    spans: list[Span] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)


_EXTRACTED = "_avitools_extracted"


def extracted(reader: pypdf.PdfReader, index: int) -> Extracted:
    """Page `index`'s spans and operators, extracted once per reader: the text rules and the
    PDF/UA rules read the same page, and pypdf's extraction is most of a check's time."""
    kept: dict[int, Extracted] = reader.__dict__.setdefault(_EXTRACTED, {})
    if index in kept:
        return kept[index]
    out = Extracted()

    def text(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip():
            return
        m = pypdf.mult(tm, cm)
        name = str(font.get("/BaseFont", "?")) if font else "?"
        out.spans.append(Span(text, round(m[4], 2), round(m[5], 2), name,
                              round(size * math.hypot(m[2], m[3]), 2)))

    def operation(operator: bytes, operands: list[Any], cm: list[float], tm: list[float]) -> None:
        if operator in MARKING:  # only what the rules look at is kept: a book has many pages
            out.operations.append((operator, operands, 0.0))
        elif operator in DRAWING:
            shown = operator in (b"Tj", b"TJ")
            out.operations.append((operator, [], tm[4] * cm[1] + tm[5] * cm[3] + cm[5] if shown
                                   else 0.0))

    reader.pages[index].extract_text(visitor_text=text, visitor_operand_before=operation)
    kept[index] = out
    return out


def group_lines(number: int, spans: list[Span]) -> list[Line]:
    """Spans whose baselines lie within half a font size of each other form one line."""
    lines: list[Line] = []
    for span in sorted(spans, key=lambda s: (-s.baseline, s.x)):
        if lines and abs(lines[-1].baseline - span.baseline) < 0.45 * max(span.size,
                                                                          lines[-1].size):
            lines[-1].spans.append(span)
        else:
            lines.append(Line(number, [span]))
    return lines


def page_text(page: Page) -> str:
    """The page's text in reading order, hyphenated line ends rejoined."""
    return join_lines([line.text for line in page.lines])


def join_lines(lines: list[str]) -> str:
    """Join lines with spaces; a hyphenation break is undone, a word's own hyphen kept."""
    out = ""
    for text in lines:
        if out.endswith(("\u2010", "\u00ad")):
            out = out[:-1] + text
        elif out.endswith("-"):
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out
