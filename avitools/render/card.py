"""An issue's social card (1200 × 630 PNG, as Open Graph and Twitter show it), in the house style:
masthead band, issue line and date, the title, the authors. Khmer runs are drawn in the Khmer faces
(Raqm shapes them) and broken into lines at ICU's word boundaries."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from avitools.render.cover import NAVY, PAPER, khmer_runs

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
INK = (26, 26, 26)
GREY = (74, 74, 74)
_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")

Fonts = Callable[[bool], ImageFont.FreeTypeFont]


def card_png(fonts: Path, masthead: str, label: str, title: str, authors: str) -> bytes:
    """The card as PNG bytes; the same words give the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)

    def face(serif: bool, bold: bool, size: int) -> Fonts:
        family = "NotoSerif" if serif else "NotoSans"
        weight = "Bold" if bold else "Regular"
        return lambda khmer: ImageFont.truetype(
            fonts / f"{family}{'Khmer' if khmer else ''}-{weight}.ttf", size)

    draw.rectangle((0, 0, WIDTH, 120), fill=NAVY)
    _line(draw, masthead, face(False, True, 40), MARGIN, 36, PAPER)
    _line(draw, label, face(False, True, 30), MARGIN, 160, NAVY)
    for size in (64, 56, 48, 42):
        lines = _wrapped(draw, title, face(True, True, size), WIDTH - 2 * MARGIN)
        if len(lines) * size * 1.3 <= 300:
            break
    top = 220
    for text in lines[:5]:
        _line(draw, text, face(True, True, size), MARGIN, top, INK)
        top += int(size * 1.3)
    author_lines = _wrapped(draw, authors, face(False, False, 30), WIDTH - 2 * MARGIN)[:1]
    for text in author_lines:
        _line(draw, text, face(False, False, 30), MARGIN, HEIGHT - 80, GREY)
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=NAVY)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _width(draw: ImageDraw.ImageDraw, text: str, fonts: Fonts) -> float:
    return sum(draw.textlength(part, font=fonts(khmer)) for part, khmer in khmer_runs(text))


def _line(draw: ImageDraw.ImageDraw, text: str, fonts: Fonts, x: float, top: int,
          colour: tuple[int, int, int]) -> None:
    for part, khmer in khmer_runs(text):
        draw.text((x, top), part, font=fonts(khmer), fill=colour)
        x += draw.textlength(part, font=fonts(khmer))


def _words(text: str) -> list[str]:
    """The text's words with the space after each; a Khmer run split at ICU's word boundaries."""
    from avitools.text import khmer_words

    out: list[str] = []
    for token in re.findall(r"\S+\s*", text):
        if _KHMER.search(token):
            out += khmer_words(token)
        else:
            out.append(token)
    return out


def _wrapped(draw: ImageDraw.ImageDraw, text: str, fonts: Fonts, width: int) -> list[str]:
    """`text` in lines no wider than `width` (a word wider than a line stands alone)."""
    lines: list[str] = []
    current = ""
    for word in _words(text):
        if current and _width(draw, (current + word).rstrip(), fonts) > width:
            lines.append(current.rstrip())
            current = word
        else:
            current += word
    if current.strip():
        lines.append(current.rstrip())
    return lines
