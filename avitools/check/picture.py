"""Picture diffs: approved page, new page and their difference side by side, as PNG."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops, ImageOps

DPI = 60


def page_image(pdf: Path, number: int) -> Image.Image:
    """Page `number` (1-based) in grayscale at the diff resolution; blank if it has no such page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        if number > len(document):
            width, height = document[0].get_size()
            return Image.new("L", (round(width * DPI / 72), round(height * DPI / 72)), 255)
        image: Image.Image = document[number - 1].render(scale=DPI / 72, grayscale=True).to_pil()
        return image.convert("L")
    finally:
        document.close()


def render_diff(approved: Path, current: Path, pages: list[int], folder: Path) -> list[Path]:
    """For each page, write `<stem>-page-<n>.png`: approved | new | difference."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in pages:
        old, new = page_image(approved, number), page_image(current, number)
        new = new.resize(old.size) if new.size != old.size else new
        diff = ImageOps.invert(ImageChops.difference(old, new))
        sheet = Image.new("L", (old.width * 3 + 20, old.height), 160)
        for i, image in enumerate((old, new, diff)):
            sheet.paste(image, (i * (old.width + 10), 0))
        target = folder / f"{current.stem}-page-{number}.png"
        sheet.save(target, optimize=True)
        written.append(target)
    return written
