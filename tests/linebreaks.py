"""Line-end hyphenations of a PDF as drawn: read from the glyphs by pdfminer, not the ActualText.

The text layer gives a hyphenated word back whole (/ActualText); pdfminer.six reads the glyphs a
page draws, hyphen included, so that the breaks a reader sees can be judged by the house rules.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

HYPHENS = ("\u2010",)  # the layout's hyphenate-character; a hyphen of the text is "-"
# Body text is set at 10.5 pt: notes, the issue line and the folios are smaller.
BODY_SIZE = 9.5
_LETTERS = re.compile(r"[A-Za-z\u00C0-\u024F'\u2019]+")


@dataclass(frozen=True)
class Break:
    """A word broken at a line end: its two parts, and what follows it."""

    page: int
    before: str  # the letters before the hyphen
    after: str  # the letters on the next line
    alone: bool  # the tail is all its line holds (a paragraph's last word)
    page_turn: bool  # the tail is on the next page

    @property
    def word(self) -> str:
        return self.before + self.after

    def broken_rules(self, never: frozenset[str] = frozenset()) -> list[str]:
        """The house rules this break breaks (none, for a good one)."""
        rules = []
        if self.word[:1].isupper():
            rules.append("capitalised word")
        if len(self.word) < 6:
            rules.append("word under 6 letters")
        if len(self.before) < 3 or len(self.after) < 3:
            rules.append("fewer than 3 letters on a side")
        if self.alone:
            rules.append("last word of a paragraph")
        if self.page_turn:
            rules.append("across a page turn")
        if self.word.lower() in never:
            rules.append("word of the house list")
        return rules


def _lines(page: object) -> list[tuple[float, float, str]]:
    """The body lines of a page as (top, left, text), top to bottom."""
    found = []
    for box in page:  # type: ignore[attr-defined]
        if not isinstance(box, LTTextContainer):
            continue
        for line in box:
            if not isinstance(line, LTTextLine):
                continue
            sizes = [c.size for c in line if isinstance(c, LTChar) and c.get_text().strip()]
            if sizes and max(sizes) >= BODY_SIZE:
                found.append((round(-line.y1, 1), round(line.x0, 1), line.get_text().rstrip("\n")))
    merged: list[tuple[float, float, str]] = []
    for top, left, text in sorted(found):  # a list's marker and its text are one line
        if merged and abs(merged[-1][0] - top) < 1:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + text)
        else:
            merged.append((top, left, text))
    return merged


def _ends(lines: list[tuple[float, float, str]], at: int) -> bool:
    """Whether line `at` ends its paragraph: the last line, or 2 pt more than the leading above
    the next (a line split only by a raised note call is not an end)."""
    if at + 1 >= len(lines):
        return True
    leading = min(b[0] - a[0] for a, b in itertools.pairwise(lines))
    return lines[at + 1][0] - lines[at][0] > leading + 2


def line_end_breaks(pdf: bytes) -> list[Break]:
    """Every word the PDF breaks at a line end, from its drawn glyphs."""
    pages = [_lines(page) for page in extract_pages(io.BytesIO(pdf))]
    breaks = []
    for number, lines in enumerate(pages, 1):
        for at, (_, _, text) in enumerate(lines):
            if not text.rstrip().endswith(HYPHENS):
                continue
            head = _LETTERS.findall(text.rstrip()[:-1])
            if not head or not text.rstrip()[:-1].endswith(head[-1]):
                continue  # a hyphen of the text itself after a number or sign
            turn = at == len(lines) - 1
            following = lines[at + 1][2] if not turn else (
                pages[number][0][2] if number < len(pages) and pages[number] else "")
            tail = _LETTERS.match(following.lstrip())
            if tail is None:
                continue
            rest = following.lstrip()[tail.end():].strip(" .,;:!?\u2019\u201d)")
            breaks.append(Break(number, head[-1], tail.group(), not rest and _ends(lines, at + 1),
                                turn))
    return breaks
