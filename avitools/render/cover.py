"""The anthology's cover: series, year and publisher in the house style, drawn with the house fonts."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 2400
NAVY = (29, 58, 95)
PAPER = (250, 248, 243)
GREY = (74, 74, 74)


def cover_png(fonts: Path, series: str, year: int, subtitle: str, publisher: str) -> bytes:
    """A PNG cover; the same words always give the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    sans_bold = fonts / "NotoSans-Bold.ttf"
    serif = fonts / "NotoSerif-Regular.ttf"
    draw.rectangle((0, 0, WIDTH, 760), fill=NAVY)
    _centred(draw, series.upper(), ImageFont.truetype(sans_bold, 118), 300, PAPER, spacing=10)
    _centred(draw, str(year), ImageFont.truetype(sans_bold, 300), 1000, NAVY)
    draw.rectangle((WIDTH // 2 - 260, 1420, WIDTH // 2 + 260, 1428), fill=NAVY)
    _centred(draw, subtitle, ImageFont.truetype(serif, 72), 1520, GREY)
    _centred(draw, publisher, ImageFont.truetype(sans_bold, 64), 2180, NAVY)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _centred(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, top: int,
             colour: tuple[int, int, int], spacing: int = 0) -> None:
    if spacing:
        widths = [draw.textlength(c, font=font) for c in text]
        x = (WIDTH - sum(widths) - spacing * (len(text) - 1)) / 2
        for char, width in zip(text, widths, strict=True):
            draw.text((x, top), char, font=font, fill=colour)
            x += width + spacing
        return
    width = draw.textlength(text, font=font)
    draw.text(((WIDTH - width) / 2, top), text, font=font, fill=colour)
