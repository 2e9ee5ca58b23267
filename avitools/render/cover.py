"""The anthology's cover: series, year and publisher in the house style, drawn with the house fonts.

Khmer text is drawn in the house's Khmer faces (shaped by Raqm, which Pillow's wheels carry), each
run of another script in the Latin face beside it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 2400
NAVY = (29, 58, 95)
PAPER = (250, 248, 243)
GREY = (74, 74, 74)
_KHMER_RUNS = re.compile(r"([\u1780-\u17ff\u19e0-\u19ff]+(?:[\s\u200b]+[\u1780-\u17ff\u19e0-\u19ff]+)*)")


def cover_png(fonts: Path, series: str, year: str | int, subtitle: str, publisher: str | None) -> bytes:
    """A PNG cover; the same words always give the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    faces = {"sans-bold": ("NotoSans-Bold", "NotoSansKhmer-Bold"),
             "serif": ("NotoSerif-Regular", "NotoSerifKhmer-Regular")}

    def font(kind: str, size: int, khmer: bool) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(fonts / f"{faces[kind][khmer]}.ttf", size)

    draw.rectangle((0, 0, WIDTH, 760), fill=NAVY)
    spacing = 0 if _KHMER_RUNS.search(series) else 10  # spacing would pull Khmer syllables apart
    _centred(draw, series.upper(), lambda k: font("sans-bold", 118, k), 300, PAPER, spacing=spacing)
    _centred(draw, str(year), lambda k: font("sans-bold", 300, k), 1000, NAVY)
    draw.rectangle((WIDTH // 2 - 260, 1420, WIDTH // 2 + 260, 1428), fill=NAVY)
    _centred(draw, subtitle, lambda k: font("serif", 72 if len(subtitle) < 40 else 56, k), 1520, GREY)
    if publisher:
        _centred(draw, publisher, lambda k: font("sans-bold", 64, k), 2180, NAVY)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _centred(draw: ImageDraw.ImageDraw, text: str, font: object, top: int,
             colour: tuple[int, int, int], spacing: int = 0) -> None:
    """`text` centred on the line at `top`: each run in its script's face (`font(khmer)`)."""
    assert callable(font)
    if spacing:
        face = font(False)
        widths = [draw.textlength(c, font=face) for c in text]
        x = (WIDTH - sum(widths) - spacing * (len(text) - 1)) / 2
        for char, width in zip(text, widths, strict=True):
            draw.text((x, top), char, font=face, fill=colour)
            x += width + spacing
        return
    runs = khmer_runs(text)
    widths = [draw.textlength(part, font=font(khmer)) for part, khmer in runs]
    x = (WIDTH - sum(widths)) / 2
    for (part, khmer), width in zip(runs, widths, strict=True):
        draw.text((x, top), part, font=font(khmer), fill=colour)
        x += width


def khmer_runs(text: str) -> list[tuple[str, bool]]:
    """`text` cut into runs, each Khmer (True) or not."""
    return [(part, bool(_KHMER_RUNS.fullmatch(part))) for part in _KHMER_RUNS.split(text) if part]
