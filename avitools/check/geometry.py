"""Where text is drawn, from pypdfium2's text rectangles: off the page, or in a margin."""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from avitools.check.house import House, normal, number_of

MM = 72 / 25.4
TOLERANCE = 1.5
Rect = tuple[float, float, float, float]


def stray_text(path: Path, house: House) -> list[tuple[int, str]]:
    """(page, message) for each run of text outside the page or the series' text block."""
    document = pypdfium2.PdfDocument(path)
    try:
        return stray_text_in(document, house)
    finally:
        document.close()


def stray_text_in(document: pypdfium2.PdfDocument, house: House) -> list[tuple[int, str]]:
    """`stray_text` of an open document."""
    found: list[tuple[int, str]] = []
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        found += stray_text_on(index + 1, page, text, house)
        text.close()
    return found


def stray_text_on(number: int, page: pypdfium2.PdfPage, text: pypdfium2.PdfTextPage,
                  house: House, bottom: list[str] | None = None) -> list[tuple[int, str]]:
    """(page, message) for each run of text on one page outside the text block; the runs in the
    bottom margin (the running elements) are also added to `bottom` when given."""
    top_mm, right_mm, bottom_mm, left_mm = house.series.margins_mm
    width, height = page.get_size()
    block = (left_mm * MM, bottom_mm * MM, width - right_mm * MM, height - top_mm * MM)
    found: list[tuple[int, str]] = []
    for i in range(text.count_rects()):
        rect = text.get_rect(i)
        where = _where(rect, block, width, height)
        if where == "in the right margin" and _inked_right(text, rect) <= block[2] + TOLERANCE:
            where = None  # a run's rectangle that reaches past what it draws (a justified line's end)
        if where is None:
            continue
        words = normal(text.get_text_bounded(*rect))
        if bottom is not None and where == "in the bottom margin" and words:
            bottom.append(words)
        running = where in ("in the bottom margin", "in the top margin") and _running(words, house, number)
        if words and not running:
            found.append((number, f"text '{words[:50]}' lies {where}"))
    return found


def _inked_right(text: pypdfium2.PdfTextPage, rect: Rect) -> float:
    """How far right a text run draws: the box of its last character that is not a space, not the
    run's rectangle, which takes in the space a justified line can keep after its last mark (after
    a link or code). The character is found where the rectangle ends, not by reading the page."""
    left, bottom, right, top = rect
    index = text.get_index(right - 0.1, (bottom + top) / 2, 1.0, (top - bottom) / 2 + 1.0)
    if index is None or index < 0:
        return right
    while index > 0 and text.get_text_range(index, 1).isspace():
        index -= 1
    box = text.get_charbox(index)
    return box[2] if box[0] >= left - TOLERANCE else right


def _where(rect: Rect, block: Rect, width: float, height: float) -> str | None:
    left, bottom, right, top = rect
    if left < -TOLERANCE or bottom < -TOLERANCE or right > width + TOLERANCE or top > height + TOLERANCE:
        return "outside the page"
    if left < block[0] - TOLERANCE:
        return "in the left margin"
    if right > block[2] + TOLERANCE:
        return "in the right margin"
    if top > block[3] + TOLERANCE:
        return "in the top margin"
    if bottom < block[1] - TOLERANCE:
        return "in the bottom margin"
    return None


def _running(words: str, house: House, number: int) -> bool:
    """The running elements: the issue line and the page number (in any numerals)."""
    return bool(house.issue_line.fullmatch(words)) or number_of(words) == str(number)
